"""A national run split by prison: a national summary plus one workbook per prison.

Each head of OM gets a full report of their own prison only. The workbooks are
built here and rendered one after another, or in worker processes when asked
(rendering needs only xlsxwriter and the plain rows, so a worker receives only its
own rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from reports.book import Book
from reports.build import build_book
from reports.render import render
from reports.scope import ReportData, Tables

SUMMARY_FILE = "national-summary.xlsx"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Written:
    """What a split run wrote."""

    folder: Path
    summary: Path
    prisons: dict[str, Path]


def prison_files(prisons: Sequence[str]) -> dict[str, str]:
    """A safe, distinct file name per prison code: ``prison-LEI.xlsx``."""
    names: dict[str, str] = {}
    taken: set[str] = {SUMMARY_FILE.lower()}
    for prison in prisons:
        stem = f"prison-{_UNSAFE.sub('_', prison).strip('_') or 'unnamed'}"
        name, number = f"{stem}.xlsx", 1
        while name.lower() in taken:  # codes that differ only in unsafe characters or case
            number += 1
            name = f"{stem}-{number}.xlsx"
        taken.add(name.lower())
        names[prison] = name
    return names


def write_split(folder: str | Path, report: ReportData, pool: Executor | None = None) -> Written:
    """Write the national summary and every prison's workbook into ``folder``.

    With a ``pool`` of worker processes the books are rendered there: faster on idle cores,
    slower on a busy machine (each worker costs about half a second to start and feed).
    The caller starts the pool, as every pool of a run is started (with the signal mask
    the Ctrl+C watcher needs kept), and ends it.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = Tables(report)
    files = prison_files(tables.prisons)

    def jobs() -> Iterator[tuple[Path, Book]]:
        # The national summary first: it is the largest, and the others are small.
        yield (
            folder / SUMMARY_FILE,
            build_book(tables, tables.part(), allocations=False, files=files),
        )
        for prison in tables.prisons:
            yield folder / files[prison], build_book(tables, tables.part([prison]))

    render_all(jobs(), pool)
    return Written(folder, folder / SUMMARY_FILE, {p: folder / f for p, f in files.items()})


def render_all(jobs: Iterable[tuple[Path, Book]], pool: Executor | None = None) -> None:
    """Render every book, in the pool's processes when one is given, else here.

    Each book is handed to a worker as soon as it is built, so building and writing overlap.
    """
    if pool is None:
        for path, book in jobs:
            render(book, path)
        return
    futures = [pool.submit(render, book, path) for path, book in jobs]
    for future in futures:
        future.result()
