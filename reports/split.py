"""A national run split by prison: a national summary plus one workbook per prison.

Each head of OM gets a full report of their own prison only. The workbooks are
built here and rendered in parallel processes (rendering needs only xlsxwriter and
the plain rows, so each worker starts quickly and receives only its own rows).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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


def write_split(folder: str | Path, report: ReportData, workers: int | None = None) -> Written:
    """Write the national summary and every prison's workbook into ``folder``."""
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

    render_all(jobs(), len(files) + 1, workers)
    return Written(folder, folder / SUMMARY_FILE, {p: folder / f for p, f in files.items()})


def render_all(jobs: Iterable[tuple[Path, Book]], count: int, workers: int | None = None) -> None:
    """Render every book, in parallel processes when there are several and workers allow.

    Each book is handed to a worker as soon as it is built, so building and writing overlap.
    """
    workers = min(workers or os.cpu_count() or 1, count)
    if workers <= 1:
        for path, book in jobs:
            render(book, path)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process OR-Tools ran in
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render, book, path) for path, book in jobs]
        for future in futures:
            future.result()
