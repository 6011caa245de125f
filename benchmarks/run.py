"""The performance harness: sample instances, optimiser against greedy, timings and KPIs.

Usage: ``python benchmarks/run.py [--prisons 1 124] [--shapes sample stretched]
[--workers N] [--write]``. Each instance is generated once (deterministic by seed, run
date and shape) into ``benchmarks/out/``: ``sample`` is ``allocator sample``'s default
shape, ``stretched`` the same estate in 24 larger LDUs, with 40 % of the cases that need
a COM waiting for one and staff hired at 85 % of the workload (``allocator sample
--ldus 24 --com-missing-pct 40 --staffing-pct 85``). Each solver runs in a fresh
process so that peak memory (max resident set size) is per run. ``--write`` replaces the table in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out"
RUN_DATE = date(2026, 11, 23)
KPIS = (
    "unallocated",
    "high_risk_unqualified",
    "pom_over_case_cap",
    "staff_over_points_cap",
    "pom_moves",
    "max_utilisation_pct",
    "utilisation_spread_pct",
)


def one_run(workbook: str, solver: str, workers: int, report: str) -> dict[str, object]:
    """Read, solve, check and write once; the figures as a dict (runs in a child process)."""
    from allocator.check.allocation import check
    from allocator.domain.omic import derive_all
    from allocator.domain.result import RunInfo
    from inputs import read
    from reports.allocation import write_report
    from solvers import SolveOptions, solve

    t0 = time.perf_counter()
    result = read(workbook)
    assert result.data is not None, [str(p) for p in result.problems[:5]]
    data = result.data
    derivations = derive_all(data)
    t1 = time.perf_counter()
    solved = solve(data, SolveOptions(solver=solver, workers=workers, derivations=derivations))
    t2 = time.perf_counter()
    checked = check(data, solved.allocation, solved.prisons)
    t3 = time.perf_counter()
    info = RunInfo(Path(workbook).name, "-", data.run_date, {}, t3 - t0)
    write_report(report, data, derivations, solved, checked.violations, result.problems, info)
    t4 = time.perf_counter()
    statuses: dict[str, int] = {}
    for sub in solved.subresults:
        statuses[sub.status] = statuses.get(sub.status, 0) + 1
    worst_gap = max((s.gap_pct for s in solved.subresults), default=0.0)
    return {
        "solver": solver,
        "cases": len(data.cases),
        "read_s": t1 - t0,
        "solve_s": t2 - t1,
        "check_s": t3 - t2,
        "write_s": t4 - t3,
        "total_s": t4 - t0,
        "objective": solved.objective,
        "checker_objective": checked.objective,
        "statuses": statuses,
        "worst_gap_pct": worst_gap,
        "worst_gap": max((s.gap for s in solved.subresults), default=0),
        "work_s": sum(s.work for s in solved.subresults),
        "slowest_sub_s": max((s.seconds for s in solved.subresults), default=0.0),
        "kpis": {k: checked.kpis[k] for k in KPIS},
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def instance(prisons: int, shape: str = "sample") -> Path:
    """The sample workbook for a number of prisons and a shape, generated once."""
    path = OUT / f"{shape}-{prisons}.xlsx"
    if not path.exists():
        # Only the parent generates workbooks: the measured child imports none of this.
        from inputs.sample.generate import STRETCHED, Shape
        from reports.sample import write_sample

        OUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        chosen = STRETCHED if shape == "stretched" else Shape()
        write_sample(path, prisons=prisons, seed=1, run_date=RUN_DATE, shape=chosen)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def measure(prisons: int, solver: str, workers: int | None, shape: str) -> dict[str, object]:
    """One run in a fresh Python process (peak memory is then the run's own), then the
    command itself end to end (``allocator allocate IN -o OUT``, default options)."""
    workbook = instance(prisons, shape)
    report = OUT / f"report-{shape}-{prisons}-{solver}.xlsx"
    call = f"one_run({str(workbook)!r}, {solver!r}, {workers}, {str(report)!r})"
    code = (
        f"import json, sys; sys.path.insert(0, {str(HERE)!r}); "
        f"from run import one_run; print(json.dumps({call}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    figures: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    figures["prisons"] = prisons
    figures["shape"] = shape
    figures["load"] = os.getloadavg()[0]
    repeats = _REPEATS if prisons == 1 else 1
    times = sorted(command(workbook, solver, report) for _ in range(repeats))
    figures["command_s"] = times[len(times) // 2]  # the median
    print(f"{shape} {prisons} {solver}: command {', '.join(f'{t:.2f}' for t in times)} s")
    return figures


_REPEATS = 7  # runs of the one-prison command (a second or so each): the median is reported


def compile_sources() -> None:
    """Compile the project's modules once, as an installed package has them.

    A shell with PYTHONDONTWRITEBYTECODE set (some containers set it) would otherwise
    recompile some 160 files in every timed command, a tenth of a second or more.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    packages = [str(HERE.parent / name) for name in ("allocator", "inputs", "solvers", "reports")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, env=env)


def command(workbook: Path, solver: str, report: Path) -> float:
    """Wall-clock seconds of ``allocator allocate`` with default options, as a user runs it."""
    allocator = Path(sys.executable).parent / "allocator"
    started = time.perf_counter()
    subprocess.run(
        [
            str(allocator),
            "allocate",
            str(workbook),
            "-o",
            str(report),
            "--quiet",
            "--solver",
            solver,
        ],
        check=False,  # exit 1 means written, with hard violations listed
        capture_output=True,
    )
    return time.perf_counter() - started


def table(rows: list[dict[str, object]]) -> str:
    """The Markdown table of every run."""
    head = (
        "| shape | prisons | cases | solver | load | command s | read s | solve s | solver work s "
        "| check s | write s | total s | peak MB | sub-problems | worst gap (units) | objective "
        "| checker agrees | " + " | ".join(KPIS) + " |"
    )
    lines = [head, "|" + "---|" * (17 + len(KPIS))]
    for r in rows:
        kpis = r["kpis"]
        assert isinstance(kpis, dict)
        statuses = ", ".join(f"{n} {s.lower()}" for s, n in sorted(r["statuses"].items()))  # type: ignore[attr-defined]
        agrees = "yes" if r["objective"] == r["checker_objective"] else "**no**"
        lines.append(
            f"| {r['shape']} | {r['prisons']} | {r['cases']:,} | {r['solver']} | {r['load']:.1f} "
            f"| **{r['command_s']:.1f}** | {r['read_s']:.2f} | {r['solve_s']:.2f} "
            f"| {r['work_s']:.1f} | {r['check_s']:.2f} | {r['write_s']:.2f} | {r['total_s']:.2f} "
            f"| {r['peak_mb']:.0f} | {statuses} | {r['worst_gap']:,} | {r['objective']:,} "
            f"| {agrees} | " + " | ".join(_fmt(kpis[k]) for k in KPIS) + " |"
        )
    return "\n".join(lines) + "\n"


def _fmt(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:.0f}"


def main() -> None:
    """Run the benchmark and print (and optionally commit) the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prisons", type=int, nargs="+", default=[1, 124])
    parser.add_argument("--shapes", nargs="+", default=["sample", "stretched"])
    parser.add_argument("--workers", type=int, default=None, help="default: the cores")
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args()
    workers = args.workers or max(1, os.cpu_count() or 1)
    runs = [
        (p, shape)
        for shape in args.shapes
        for p in args.prisons
        if shape == "sample" or p == max(args.prisons)  # the second shape: national only
    ]
    compile_sources()
    rows = [measure(p, s, workers, shape) for p, shape in runs for s in ("cpsat", "greedy")]
    for r in rows:
        if r["objective"] != r["checker_objective"]:
            print(
                f"MISMATCH: solver {r['objective']} vs checker {r['checker_objective']}",
                file=sys.stderr,
            )
    text = table(rows)
    print(text)
    if args.write:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        stamp = f"Measured {date.today():%d/%m/%Y} with {workers} workers (the default).\n\n"
        pattern = re.compile(r"(<!-- table:start -->\n).*?(<!-- table:end -->)", re.S)
        readme.write_text(
            pattern.sub(lambda m: m.group(1) + stamp + text + m.group(2), body), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
