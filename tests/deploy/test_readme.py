"""The README documents deployment planning: its sheets, columns and the exact rule table."""

from __future__ import annotations

from pathlib import Path

from allocator.domain.rules import DEPLOY_RULES, rules_table
from inputs.schema import INTERESTS, LDUS, POSTS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_deployment_rule_table_is_the_rule_module_s() -> None:
    text = README.read_text(encoding="utf-8")
    assert rules_table(DEPLOY_RULES) in text, (
        "paste domain.rules.rules_table(DEPLOY_RULES) under 'Deployment rules' in README.md"
    )


def test_every_deployment_sheet_and_column_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Deployment planning") : text.index("### How it decides")]
    for sheet in (POSTS, INTERESTS, LDUS):
        assert f"`{sheet.name}`" in section
        for column in sheet.columns:
            assert f"`{column.name}`" in section, column.name


def test_the_command_is_listed() -> None:
    text = README.read_text(encoding="utf-8")
    assert "`allocator deploy IN.xlsx -o OUT.xlsx" in text
    assert "[--eoi]" in text
