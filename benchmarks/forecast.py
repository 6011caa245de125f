"""The forecast's benchmark: 12 weeks of the England and Wales sample (124 prisons).

Usage: ``python benchmarks/forecast.py [--prisons 124] [--weeks 12] [--write]``. The
sample (seed 1, run date 23/11/2026) is generated once into ``benchmarks/out/``. The
whole command (``allocator forecast``) runs in a fresh process, timed by the wall clock
and by the CPU it used; then each stage is timed in this process, in CPU seconds (read,
forecast, the week-1 check, the HQ returns, writing). ``--write`` replaces the table in
``benchmarks/README.md``. The target: under 15 s for the whole command.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out"
RUN_DATE = date(2026, 11, 23)
TARGET_S = 15.0


def instance(prisons: int) -> Path:
    """The sample workbook, generated once."""
    path = OUT / f"forecast-sample-{prisons}.xlsx"
    if not path.exists():
        from reports.sample import write_sample

        OUT.mkdir(parents=True, exist_ok=True)
        write_sample(path, prisons, 1, RUN_DATE)
    return path


def command(workbook: Path, weeks: int) -> dict[str, object]:
    """The whole command in a fresh process: wall-clock and CPU seconds, peak MB."""
    out = OUT / f"forecast-{workbook.stem}.xlsx"
    allocator = Path(sys.executable).with_name("allocator")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(allocator),
            "forecast",
            str(workbook),
            "-o",
            str(out),
            "--weeks",
            str(weeks),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stdout + done.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mb": after.ru_maxrss / 1024,
        "load": os.getloadavg()[0],
    }


def stages(workbook: Path, weeks: int) -> dict[str, object]:
    """Each stage timed in this process, and the forecast's figures."""
    from allocator.check.forecast import check_forecast
    from allocator.domain.forecast_totals import forecast, forecast_workers
    from allocator.domain.result import RunInfo
    from inputs import read
    from reports.forecast import ForecastReport, write_forecast_report
    from reports.forecast_tables import crossings
    from reports.returns import from_forecast

    clock = time.process_time  # CPU seconds: the machine is shared, wall-clock varies with load
    t0 = clock()
    result = read(workbook)
    data = result.data
    assert data is not None
    t1 = clock()
    workers = forecast_workers(data)
    fc = forecast(data, weeks, workers)
    t2 = clock()
    disagreements = check_forecast(data, workers, fc)
    t3 = clock()
    returns = from_forecast(data, fc.start, *workers)
    t4 = clock()
    info = RunInfo(workbook.name, "-", data.run_date, {}, t4 - t0)
    report = ForecastReport(fc, data, returns, result.problems, info, "the workbook")
    write_forecast_report(OUT / f"forecast-stages-{workbook.stem}.xlsx", report)
    t5 = clock()
    kinds: Counter[str] = Counter()
    for event in fc.events:
        kinds[event.kind] += event.count
    found = crossings(fc)
    return {
        "cases": len(data.cases),
        "staff": len(data.staff),
        "read_s": t1 - t0,
        "forecast_s": t2 - t1,
        "check_s": t3 - t2,
        "returns_s": t4 - t3,
        "write_s": t5 - t4,
        "events": kinds,
        "over_90": len({c.staff_id for c in found if c.threshold == 90}),
        "over_100": len({c.staff_id for c in found if c.threshold == 100}),
        "agrees": not disagreements,
    }


def table(prisons: int, weeks: int, whole: dict[str, object], parts: dict[str, object]) -> str:
    """The Markdown block for the README."""
    events = parts["events"]
    assert isinstance(events, Counter)
    lines = [
        f"Measured {RUN_DATE:%d/%m/%Y}: {prisons} prisons, {weeks} weeks, one process.",
        "",
        "| prisons | cases | staff | weeks | wall-clock s | CPU s | load | peak MB | read CPU s | "
        "forecast CPU s | check CPU s | returns CPU s | write CPU s | checker agrees |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {prisons} | {parts['cases']:,} | {parts['staff']:,} | {weeks} | "
        f"**{whole['wall_s']:.1f}** | {whole['cpu_s']:.1f} | {whole['load']:.1f} | "
        f"{whole['peak_mb']:.0f} | {parts['read_s']:.2f} | {parts['forecast_s']:.2f} | "
        f"{parts['check_s']:.2f} | {parts['returns_s']:.2f} | {parts['write_s']:.2f} | "
        f"{'yes' if parts['agrees'] else 'NO'} |",
        "",
        "| " + " | ".join(sorted(events)) + " | staff reaching 90 % | staff reaching 100 % |",
        "|" + "---|" * (len(events) + 2),
        "| "
        + " | ".join(f"{events[k]:,}" for k in sorted(events))
        + f" | {parts['over_90']} | {parts['over_100']} |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run, print, and with --write update the README."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prisons", type=int, default=124)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    workbook = instance(args.prisons)
    whole = command(workbook, args.weeks)
    parts = stages(workbook, args.weeks)
    block = table(args.prisons, args.weeks, whole, parts)
    print(block)
    verdict = "met" if float(str(whole["wall_s"])) < TARGET_S else "missed"
    print(f"target {TARGET_S:.0f} s: {verdict}")
    if args.write:
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8")
        marker = re.compile(r"(<!-- forecast:start -->\n).*?(<!-- forecast:end -->)", re.S)
        readme.write_text(marker.sub(lambda m: m.group(1) + block + m.group(2), text), "utf-8")


if __name__ == "__main__":
    main()
