"""Generated parts of the README, so the documented tables never drift from the code.

``python -m allocator.domain.docs`` rewrites the marked sections of README.md in place;
a test fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from enum import Enum
from pathlib import Path

from allocator.domain.rules import DEPLOY_RULES
from allocator.domain.rules import rules_table as table
from allocator.domain.settings import SETTING_SPECS
from allocator.domain.tiers import a_g_table, sub_tier_table

MARKER = re.compile(r"(<!-- (?P<name>[a-z-]+):start -->\n).*?(<!-- (?P=name):end -->)", re.S)


def _default(value: object) -> str:
    """A default as the user would type it."""
    if value is None:
        return "today"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def settings_table() -> str:
    """The Markdown table of every setting."""
    lines = ["| setting | default | meaning |", "|---|---|---|"]
    lines += [f"| `{s.name}` | {_default(s.default)} | {s.text} |" for s in SETTING_SPECS]
    return "\n".join(lines) + "\n"


def rules_table() -> str:
    """The Markdown table of every rule id (from allocator.domain.rules)."""
    return table()


def deploy_rules_table() -> str:
    """The Markdown table of the deployment rules."""
    return table(DEPLOY_RULES)


SECTIONS = {
    "settings": settings_table,
    "rules": rules_table,
    "deploy-rules": deploy_rules_table,
    "sub-tier-points": sub_tier_table,
    "a-g-bands": a_g_table,
}


def render(readme: str) -> str:
    """The README with every generated section brought up to date."""

    def fill(match: re.Match[str]) -> str:
        section = SECTIONS.get(match.group("name"))
        if section is None:  # a section generated outside the domain (e.g. inputs.aliases)
            return match.group(0)
        return match.group(1) + section() + match.group(3)

    return MARKER.sub(fill, readme)


def main() -> None:
    """Rewrite README.md's generated sections."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
