"""The README's generated tables match the code (run ``python -m allocator.docs`` to refresh)."""

from __future__ import annotations

from pathlib import Path

from allocator.docs import render
from allocator.rules import RULES
from allocator.settings import SETTING_SPECS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_tables_are_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "run: python -m allocator.docs"


def test_every_rule_and_setting_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [r.id for r in RULES if f"`{r.id}`" not in text]
    missing += [s.name for s in SETTING_SPECS if f"`{s.name}`" not in text]
    assert not missing
