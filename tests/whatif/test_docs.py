"""The README's what-if section names every change word as the code defines it."""

from __future__ import annotations

import re
from pathlib import Path

from allocator.domain.scenarios import CHANGES, vocabulary_table
from inputs.schema import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
_TABLE = re.compile(r"<!-- scenario changes: begin -->\n(.*?)<!-- scenario changes: end -->", re.S)


def test_the_readme_vocabulary_table_is_the_codes() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = _TABLE.search(text)
    assert match is not None
    assert match.group(1) == vocabulary_table(), "paste vocabulary_table() into the README"


def test_the_template_dropdown_offers_every_change() -> None:
    assert SCENARIOS.column("change").choices == CHANGES


def test_the_benchmark_section_is_in_the_benchmarks_readme() -> None:
    text = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    assert "<!-- whatif:start -->" in text and "<!-- whatif:end -->" in text
