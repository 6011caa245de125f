"""The README's generated tables match the code (``python -m allocator.domain.docs`` refreshes)."""

from __future__ import annotations

from pathlib import Path

from allocator.domain.docs import render
from allocator.domain.rules import RULES
from allocator.domain.settings import SETTING_SPECS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_tables_are_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "run: python -m allocator.domain.docs"


def test_every_rule_and_setting_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [r.id for r in RULES if f"`{r.id}`" not in text]
    missing += [s.name for s in SETTING_SPECS if f"`{s.name}`" not in text]
    assert not missing
