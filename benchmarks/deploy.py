"""The deployment planner's benchmark: a division of 300 interested officers and 40 prisons.

Usage: ``python benchmarks/deploy.py [--prisons 40] [--officers 300] [--seeds 1 2 3]
[--workers 1] [--write]``. Each seed's division is the sample workbook with an EOI
round (``allocator sample --eoi``), generated once into ``benchmarks/out/``. The
plan is solved with one CP-SAT worker by default (deterministic), the shadow
caseloads chosen, and everything checked by the independent checker, which must
agree with every stage's value. ``--write`` replaces the table in
``benchmarks/README.md``. The target: under 5 s, every stage proven optimal.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "out"
RUN_DATE = date(2026, 11, 23)
TARGET_S = 5.0


def instance(prisons: int, officers: int, seed: int) -> Path:
    """The division's workbook, generated once."""
    path = OUT / f"deploy-{prisons}-{officers}-seed{seed}.xlsx"
    if not path.exists():
        from reports.sample import write_sample

        OUT.mkdir(parents=True, exist_ok=True)
        write_sample(path, prisons, seed, RUN_DATE, eoi=True, officers=officers)
    return path


def one_run(prisons: int, officers: int, seed: int, workers: int) -> dict[str, object]:
    """Read, plan, shadow, check and write once; the figures."""
    from allocator.check.deploy import check_plan
    from allocator.domain.omic import derive_all
    from allocator.domain.result import RunInfo
    from inputs import read
    from reports.deployment import write_deployment_report
    from solvers.deploy.plan import solve
    from solvers.deploy.prepare import prepare
    from solvers.deploy.shadow import solve_shadow

    workbook = instance(prisons, officers, seed)
    t0 = time.perf_counter()
    result = read(workbook)
    assert result.data is not None, [str(p) for p in result.problems[:5]]
    data = result.data
    derivations = derive_all(data)
    size = prepare(data)
    t1 = time.perf_counter()
    plan = solve(data, workers=workers)
    t2 = time.perf_counter()
    plan = replace(plan, shadow=solve_shadow(data, derivations, plan))
    t3 = time.perf_counter()
    check = check_plan(data, derivations, plan)
    t4 = time.perf_counter()
    info = RunInfo(workbook.name, "-", data.run_date, {}, t4 - t0)
    write_deployment_report(
        OUT / f"plan-{workbook.stem}.xlsx", data, derivations, plan, check, [], info
    )
    t5 = time.perf_counter()
    agree = all(check.values[s.name] == s.value for s in plan.stages)
    agree = agree and check.values["shadow"] == plan.shadow.objective
    return {
        "seed": seed,
        "officers": len(size.officers),
        "options": len(size.options),
        "prisons": len(size.prisons),
        "ldus": len(size.ldus),
        "teams": sum(len(p.teams) for p in size.prisons),
        "read_s": t1 - t0,
        "solve_s": t2 - t1,
        "stages": len(plan.stages),
        "status": plan.status,
        "slowest_stage": max(plan.stages, key=lambda s: s.seconds).name,
        "shadow_s": t3 - t2,
        "shadow_status": plan.shadow.status,
        "check_s": t4 - t3,
        "write_s": t5 - t4,
        "posts": sum(p.posts_fte for p in data.posts),
        "filled": sum(data.staff_by_id[sid].fte for sid in plan.placements),
        "deployed": len(plan.placements),
        "shadow_cases": len(plan.shadow.cases),
        "checker_agrees": agree,
        "caused_hard": sum(1 for v in check.hard if not v.before_plan),
    }


def table(rows: list[dict[str, object]]) -> str:
    """The Markdown table of every run."""
    head = (
        "| seed | officers | options | prisons | LDUs | SPO teams | stages | status | solve s "
        "| slowest stage | shadow s | check s | read s | write s | posts filled (FTE) "
        "| deployed | shadow cases | checker agrees |"
    )
    lines = [head, "|" + "---|" * 18]
    for r in rows:
        lines.append(
            f"| {r['seed']} | {r['officers']} | {r['options']} | {r['prisons']} | {r['ldus']} | "
            f"{r['teams']} | {r['stages']} | {r['status']} | **{r['solve_s']:.2f}** | "
            f"{r['slowest_stage']} | {r['shadow_s']:.2f} | {r['check_s']:.2f} | "
            f"{r['read_s']:.2f} | {r['write_s']:.2f} | {r['filled']:.1f} of {r['posts']:.1f} | "
            f"{r['deployed']} | {r['shadow_cases']} | {'yes' if r['checker_agrees'] else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmark and print (and optionally commit) the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prisons", type=int, default=40)
    parser.add_argument("--officers", type=int, default=300)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    rows = [one_run(args.prisons, args.officers, s, args.workers) for s in args.seeds]
    for r in rows:
        if not r["checker_agrees"] or r["caused_hard"] or r["status"] != "OPTIMAL":
            print(f"PROBLEM in seed {r['seed']}: {r}", file=sys.stderr)
        elif float(str(r["solve_s"])) > TARGET_S:
            print(f"seed {r['seed']}: {r['solve_s']:.2f} s is over the {TARGET_S:g} s target")
    text = table(rows)
    print(text)
    if args.write:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        stamp = (
            f"Measured {date.today():%d/%m/%Y}: {args.prisons} prisons, {args.officers} "
            f"officers, `--workers {args.workers}`.\n\n"
        )
        pattern = re.compile(r"(<!-- deploy:start -->\n).*?(<!-- deploy:end -->)", re.S)
        readme.write_text(
            pattern.sub(lambda m: m.group(1) + stamp + text + m.group(2), body), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
