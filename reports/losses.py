"""What a copy of a user's workbook saved by openpyxl could not keep, in plain words.

Two sources: openpyxl's own warnings while reading (extensions it drops), and a
comparison of the parts of the two files (pictures, shapes, slicers, macros ...
that are in the user's file but not in the copy).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Zip member patterns -> what a person calls them.
_PARTS: dict[str, str] = {
    r"xl/media/": "pictures",
    r"xl/charts/chart\d+\.xml$": "charts",
    r"xl/pivotTables/": "pivot tables",
    r"xl/slicers/": "slicers",
    r"xl/timelines/": "timelines",
    r"xl/threadedComments/": "threaded comments",
    r"xl/comments(?:/comment)?\d*\.xml$": "notes (comments)",
    r"xl/ctrlProps/": "form controls (buttons, check boxes)",
    r"xl/activeX/": "ActiveX controls",
    r"xl/vbaProject\.bin$": "macros (VBA)",
    r"customXml/item\d+\.xml$": "custom XML data",
    r"xl/model/": "the data model (Power Pivot)",
    r"xl/connections\.xml$": "data connections (Power Query)",
    r"xl/queryTables/": "query tables",
    r"xl/externalLinks/externalLink": "links to other workbooks",
    r"xl/tables/table\d+\.xml$": "tables",
}
_SHAPE = re.compile(rb"<(?:\w+:)?sp[ >]")
#: openpyxl's warnings -> the message for a person (None: not about anything lost).
_WARNINGS: dict[str, str | None] = {
    "Data Validation extension": "dropdown lists or checks that refer to other sheets "
    "(Excel 2010 data validation)",
    "Conditional Formatting extension": "conditional formats such as data bars or icon sets",
    "Sparkline Group extension": "sparklines",
    "Slicer List extension": "slicers",
    "Timeline Ref extension": "timelines",
    "Protected Range extension": "protected ranges",
    "Web Extension extension": "Office add-ins",
    "Ignored Error extension": None,
    "DrawingML support is incomplete": None,  # counted from the parts instead
    "Workbook contains no default style": None,
}


def translate(caught: Iterable[warnings.WarningMessage]) -> list[str]:
    """openpyxl's warnings while reading, as things that cannot be kept (each once)."""
    found: list[str] = []
    for warning in caught:
        text = str(warning.message)
        key = next((k for k in _WARNINGS if text.startswith(k)), None)
        message = _WARNINGS[key] if key else f"something openpyxl reports: {text}"
        if message and message not in found:
            found.append(message)
    return found


def compare(
    source: Path, copy: Path, added: Mapping[str, int], ours: Mapping[str, int] | None = None
) -> list[str]:
    """What the user's file has more of than the copy (less what the copy adds itself).

    ``ours`` counts what the source holds that a previous write-back added: it is
    replaced, not lost, and is no one's concern.
    """
    before, after = _inventory(source), _inventory(copy)
    for thing, count in (ours or {}).items():
        before[thing] -= count
    lost = []
    for thing, count in before.items():
        if count <= 0:
            continue
        kept = after[thing] - added.get(thing, 0)
        if kept < count:
            lost.append(f"{count - max(kept, 0)} of {count} {thing}")
    return lost


def _inventory(path: Path) -> Counter[str]:
    """How many of each kind of thing a workbook holds."""
    found: Counter[str] = Counter()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            thing = next((t for p, t in _PARTS.items() if re.match(p, name)), None)
            if thing:
                found[thing] += 1
            if name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                found["shapes and text boxes"] += len(_SHAPE.findall(archive.read(name)))
    return found
