"""Visual tests are opt-in (``pytest -m visual``) and need LibreOffice and poppler."""

from __future__ import annotations

import shutil

import pytest

VISUAL_TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfinfo")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``visual`` tests unless asked for with ``-m visual`` and the tools are there."""
    asked = "visual" in (config.getoption("markexpr") or "")
    missing = [tool for tool in VISUAL_TOOLS if shutil.which(tool) is None]
    for item in items:
        if "visual" not in item.keywords:
            continue
        if not asked:
            item.add_marker(pytest.mark.skip(reason="opt-in: run pytest -m visual"))
        elif missing:
            item.add_marker(pytest.mark.skip(reason=f"needs {', '.join(missing)}"))
