"""The what-if benchmark: 20 scenarios over the national sample, locally and on Dask.

Usage: ``python benchmarks/whatif.py [--prisons 124] [--workers 2] [--modes local dask]
[--write]``. The sample (``benchmarks/run.py``'s instance) and a Scenarios workbook
of 20 scenarios built from it (national policy settings, population growth,
staffing changes and combinations) are written once into ``benchmarks/out/``.
Each mode runs ``allocator whatif`` in a fresh process, timed from start to the
written comparison: ``sequential`` (one process), ``local`` (``--workers``
processes, the default path) and ``dask`` (a ``LocalCluster`` of ``--workers``
single-threaded worker processes on 127.0.0.1, started here, via ``--cluster``).
The Dask comparison must equal the local one. ``--write`` replaces the section
in ``benchmarks/README.md``. The target: under 5 minutes locally on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
OUT = HERE / "out"
TARGET_S = 300.0
sys.path.insert(0, str(HERE))


Row = list[Any]


def scenario_rows(data: Any) -> list[Row]:
    """The 20 scenarios, chosen from the data so that every target exists."""
    from allocator.domain.enums import Grade, Role, Status
    from inputs.sample.data import PRISONS

    active = [m for m in data.staff if m.status is Status.ACTIVE]
    poms = sorted(m.staff_id for m in active if m.role is Role.POM)
    coms = sorted(m.staff_id for m in active if m.role is Role.COM)
    pos = sorted(m.staff_id for m in active if m.role is Role.POM and m.grade is Grade.PO)
    pros = sorted(m.staff_id for m in active if m.role is Role.POM and m.grade is Grade.PRO)
    pqips = sorted(m.staff_id for m in active if m.grade is Grade.PQIP)
    held = {c.prison for c in data.cases}
    kinds = {p: [s.code for s in PRISONS if s.profile == p and s.code in held] for p in "LFO"}
    busiest = _busiest(data, 10)

    def ids(values: list[str]) -> str:
        return ";".join(values)

    rows: list[Row] = [
        ["cap70", "setting", "po_cases_per_fte", 70],
        ["cap70", "setting", "pro_cases_per_fte", 70],
        ["high_risk_soft", "setting", "high_risk_rule", "soft"],
        ["rosh_mode", "setting", "recommendation_mode", "rosh"],
        ["points_soft", "setting", "points_cap_rule", "soft"],
        ["grow5", "grow_prison", "all", "5%"],
        ["locals_grow15", "grow_prison", ids(kinds["L"][:8]), "15%"],
        ["women_grow20", "grow_prison", ids(kinds["F"]), "20%"],
        ["open_shrink10", "shrink_prison", ids(kinds["O"]), "10%"],
        [
            "po_leave",
            "staff_status",
            ids(_leavers(pos, busiest)),
            "inactive",
        ],
        ["sickness", "staff_status", ids(poms[::40]), "unavailable"],
        ["part_time", "staff_fte", ids(poms[5::60]), 0.8],
        ["qualify_pqip", "staff_grade", ids(pqips[::10]), "PO"],
        ["promote_pro", "staff_grade", ids(pros[3::100]), "PO"],
        ["coms_away", "staff_status", ids(coms[::50]), "unavailable"],
        ["remove_poms", "remove_staff", ids(poms[7::150]), None],
    ]
    rows += [["hire_po", "add_staff", prison, "2 x PO"] for prison in busiest[:5]]
    rows += [["hire_pro", "add_staff", prison, "3 x PRO"] for prison in busiest[5:8]]
    rows += [["hire_com", "add_staff", ldu, "2 x PO"] for ldu in sorted(_ldus(data))[:3]]
    rows += [
        ["cap70+hire", "inherit", "cap70", None],
        ["cap70+hire", "inherit", "hire_po", None],
        ["sickness+leave", "inherit", "sickness", None],
        ["sickness+leave", "inherit", "po_leave", None],
    ]
    return rows


def _leavers(pos: list[str], busiest: list[str]) -> list[str]:
    """Three active POs of the busiest prison that has three (ids start with the prison)."""
    for prison in busiest:
        found = [p for p in pos if p.startswith(f"{prison}-")]
        if len(found) >= 3:
            return found[:3]
    return pos[:3]


def _ldus(data: Any) -> set[str]:
    """The LDUs with COMs."""
    from allocator.domain.enums import Role

    return {m.location for m in data.staff if m.role is Role.COM}


def _busiest(data: Any, count: int) -> list[str]:
    """The prisons with the most cases per active POM FTE."""
    from collections import Counter

    from allocator.domain.enums import Role, Status

    cases = Counter(c.prison for c in data.cases)
    fte: Counter[str] = Counter()
    for m in data.staff:
        if m.role is Role.POM and m.status is Status.ACTIVE:
            fte[m.location] += m.fte
    return sorted(cases, key=lambda p: (-cases[p] / max(fte[p], 0.1), p))[:count]


GAP_SETTINGS = (("relative_gap_pct", 0.01), ("absolute_gap", 20))


def whatif_instance(prisons: int) -> Path:
    """The sample with a comparison's tolerance: stop within 0.01 % (or 20 units) of the best.

    A what-if compares scenarios; proving each of 21 national runs optimal to the last unit
    would take most of the time (see the allocation benchmark above). The baseline is still
    ``allocator allocate`` of this very workbook.
    """
    path = OUT / f"whatif-sample-{prisons}.xlsx"
    if path.exists():
        return path
    from run import RUN_DATE

    from inputs import schema
    from inputs.sample.generate import generate
    from reports.xlsx import Formats, new_workbook, write_table

    sheets = generate(prisons, 1, RUN_DATE)
    sheets[schema.SETTINGS.name] += [{"setting": n, "value": v} for n, v in GAP_SETTINGS]
    with new_workbook(path, constant_memory=True) as book:
        formats = Formats(book)
        for name, rows in sheets.items():
            spec = next(sheet for sheet in schema.SHEETS if sheet.name == name)
            columns = [c.name for c in spec.columns if any(c.name in row for row in rows[:1])]
            cells = [[row.get(column) for column in columns] for row in rows]
            write_table(book.add_worksheet(name), formats, columns, cells)
    return path


def scenarios_workbook(prisons: int) -> Path:
    """The Scenarios workbook for the instance, written once."""
    path = OUT / f"scenarios-{prisons}.xlsx"
    if path.exists():
        return path
    from inputs import read
    from reports.xlsx import Formats, new_workbook, write_table

    data = read(whatif_instance(prisons)).data
    assert data is not None
    with new_workbook(path) as book:
        sheet = book.add_worksheet("Scenarios")
        write_table(
            sheet, Formats(book), ["scenario", "change", "target", "value"], scenario_rows(data)
        )
    return path


@contextmanager
def cluster(workers: int) -> Iterator[str]:
    """A local Dask cluster of single-threaded worker processes on loopback."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as local:  # fmt: skip
        yield local.scheduler_address


def run(prisons: int, mode: str, workers: int, address: str = "") -> dict[str, Any]:
    """``allocator whatif`` in a fresh process; wall-clock seconds and the comparison."""
    out = OUT / f"whatif-{prisons}-{mode}.xlsx"
    command = [
        str(Path(sys.executable).with_name("allocator")),
        "whatif",
        str(whatif_instance(prisons)),
        "--scenarios",
        str(scenarios_workbook(prisons)),
        "-o",
        str(out),
        "--quiet",
    ]
    if mode == "dask":
        command += ["--cluster", address]
    else:
        command += ["--workers", str(1 if mode == "sequential" else workers)]
    before = _cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "mode": mode,
        "seconds": seconds,
        "cpu": _cpu() - before,  # the command and its worker processes (not a Dask cluster's)
        "peak_mb": usage.ru_maxrss / 1024,
        "load": os.getloadavg()[0],
        "rows": comparison(out),
    }


def _cpu() -> float:
    """CPU seconds of the finished child processes (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def comparison(path: Path) -> list[dict[str, Any]]:
    """The Comparison sheet's rows."""
    import openpyxl

    rows = list(
        openpyxl.load_workbook(path, read_only=True)["Comparison"].iter_rows(values_only=True)
    )
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def same(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> bool:
    """The comparisons agree on everything but the timings."""

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]

    return strip(first) == strip(second)


def report(runs: list[dict[str, Any]], workers: int, prisons: int) -> str:
    """The Markdown section: timings by mode, then each scenario's figures."""
    lines = [
        f"Measured {date.today():%d/%m/%Y}: {prisons} prisons, 20 scenarios and the baseline, "
        f"`--workers {workers}` / a {workers}-worker `LocalCluster`.",
        "",
        "| mode | wall-clock s | CPU s | load average at the end | speed-up vs one process "
        "| same comparison as local | peak MB (largest process) |",
        "|---|---|---|---|---|---|---|",
    ]
    by_mode = {r["mode"]: r for r in runs}
    one = by_mode.get("sequential", {}).get("seconds")
    local = by_mode.get("local", {}).get("rows")
    for r in runs:
        speed = f"{one / r['seconds']:.2f}x" if one else "-"
        match = (
            "-"
            if local is None or r["mode"] == "local"
            else ("yes" if same(r["rows"], local) else "NO")
        )
        cpu = f"{r['cpu']:.0f}" if r["mode"] != "dask" else "-"
        lines.append(
            f"| {r['mode']} | {r['seconds']:.0f} | {cpu} | {r['load']:.1f} | {speed} | {match} "
            f"| {r['peak_mb']:.0f} |"
        )
    lines += ["", _scenario_table(runs[0]["rows"])]
    return "\n".join(lines) + "\n"


_COLUMNS = (
    ("cases in scope", "cases"),
    ("cases without a POM", "no POM"),
    ("hard breaches", "hard"),
    ("high-risk cases with unqualified staff", "high risk unqualified"),
    ("max POM utilisation %", "max util %"),
    ("POMs over their case cap", "POMs over cap"),
    ("POM moves", "POM moves"),
    ("SPO spans over the limit", "spans over"),
)


def _scenario_table(rows: list[dict[str, Any]]) -> str:
    """Each scenario's headline figures, seconds and solver status."""
    head = "| scenario | " + " | ".join(short for _, short in _COLUMNS) + " | s | solver |"
    lines = [head, "|" + "---|" * (len(_COLUMNS) + 3)]
    for row in rows:
        cells = [f"{row[label]:g}" for label, _ in _COLUMNS]
        status = str(row["solver status"]).replace("sub-problems", "sub")
        lines.append(
            f"| {row['scenario']} | " + " | ".join(cells) + f" | {row['seconds']:.0f} | {status} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the modes, check they agree, print (and optionally write) the section."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prisons", type=int, default=124)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--modes", nargs="+", default=["local", "dask"], choices=["sequential", "local", "dask"]
    )
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    scenarios_workbook(args.prisons)
    runs = []
    for mode in args.modes:
        if mode == "dask":
            with cluster(args.workers) as address:
                runs.append(run(args.prisons, mode, args.workers, address))
        else:
            runs.append(run(args.prisons, mode, args.workers))
        print(f"{mode}: {runs[-1]['seconds']:.0f} s", file=sys.stderr)
    text = report(runs, args.workers, args.prisons)
    print(text)
    if args.write:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        pattern = re.compile(r"(<!-- whatif:start -->\n).*?(<!-- whatif:end -->)", re.S)
        readme.write_text(
            pattern.sub(lambda m: m.group(1) + text + m.group(2), body), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
