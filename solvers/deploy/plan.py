"""The CP-SAT deployment model: officers to prisons, optimised in priority order.

One Boolean per (officer, prison they chose); an officer's receiving SPO team is
chosen too where the prison has several. Posts are a hard limit; LDU staffing,
leavers, the fair share and SPO spans are elastic (a slack that only the state
before the plan can force above zero). The goals are solved lexicographically,
each stage proven optimal and then fixed before the next: slack, posts filled,
FTE at each preference in turn, selection scores, the largest LDU share. Stages
keep coefficients small, so proofs stay fast; the previous stage's solution is a
complete hint for the next.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from allocator.domain import rules
from allocator.domain.deployment import DeployPlan, Placement, Stage
from allocator.domain.problem import ProblemData
from solvers.deploy.prepare import DeployProblem, prepare

Terms = list[tuple[int, cp_model.IntVar]]
SHARE_SCALE = 1000  # LDU shares in tenths of a percent
_SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class Goal:
    """One stage: a linear expression (terms + constant) to minimise or maximise."""

    name: str
    terms: Terms
    constant: int = 0
    maximise: bool = False

    def value(self, values: dict[int, int]) -> int:
        """The expression's value under a solution (variable index -> value)."""
        return self.constant + sum(c * values[v.index] for c, v in self.terms)


class DeployModel:
    """Builds the constraints and the stage goals of one deployment problem."""

    def __init__(self, dp: DeployProblem) -> None:
        self.dp = dp
        self.model = cp_model.CpModel()
        self.x = [self.model.new_bool_var(f"x_{k}") for k in range(len(dp.options))]
        self.z: list[list[cp_model.IntVar]] = []  # option -> one literal per team of its prison
        self.breach: Terms = []
        self.breach_constant = 0
        self._add_one_prison_each()
        self._add_posts()
        self._add_teams()
        self._add_ldu_limits()
        self.goals = self._goals()

    # -- rules ---------------------------------------------------------------------------
    def _add_one_prison_each(self) -> None:
        """deploy_choice: an officer goes to at most one prison they chose."""
        for officer in self.dp.officers:
            if len(officer.options) > 1:
                self.model.add_at_most_one(self.x[k] for k in officer.options)

    def _fte(self, k: int) -> int:
        """The FTE (hundredths) of option k's officer."""
        return self.dp.officers[self.dp.options[k].officer].fte

    def _add_posts(self) -> None:
        """posts_fte: deployed FTE within each prison's posts (hard, never broken)."""
        for prison in self.dp.prisons:
            if prison.options:
                self.model.add(
                    sum(self._fte(k) * self.x[k] for k in prison.options) <= prison.posts
                )

    def _add_teams(self) -> None:
        """spo_span: each deployed officer joins one team of the prison; teams keep their span."""
        for k, option in enumerate(self.dp.options):
            teams = self.dp.prisons[option.prison].teams
            if len(teams) <= 1:
                self.z.append([self.x[k]] * len(teams))
                continue
            literals = [self.model.new_bool_var(f"z_{k}_{t}") for t in range(len(teams))]
            self.model.add(sum(literals) == self.x[k])
            self.z.append(literals)
        for p, prison in enumerate(self.dp.prisons):
            for t, team in enumerate(prison.teams):
                terms = [(self._fte(k), self.z[k][t]) for k in prison.options]
                self._elastic(terms, team.before - team.limit, 1, f"span_{p}_{t}")

    def _ldu_options(self, i: int) -> list[int]:
        """The options of the officers of LDU i."""
        return [k for o in self.dp.ldu_officers[i] for k in self.dp.officers[o].options]

    def _add_ldu_limits(self) -> None:
        """ldu_min_fte, ldu_max_leavers, ldu_fair_share: elastic, per LDU."""
        for i, ldu in enumerate(self.dp.ldus):
            options = self._ldu_options(i)
            leavers_fte = [(self._fte(k), self.x[k]) for k in options]
            if ldu.min_fte is not None:
                self._elastic(leavers_fte, ldu.min_fte - ldu.before, 1, f"short_{i}")
            if ldu.max_leavers is not None:
                heads = [(1, self.x[k]) for k in options]
                self._elastic(heads, -ldu.max_leavers, 100, f"leavers_{i}")
            self._elastic(leavers_fte, ldu.vacancy - ldu.gap_limit, 1, f"gap_{i}")

    def _elastic(self, terms: Terms, offset: int, weight: int, name: str) -> None:
        """Add weight x max(0, sum(terms) + offset) to the slack (stage 1)."""
        upper = offset + sum(c for c, _ in terms)
        if upper <= 0:
            return  # can never be broken
        if not terms:
            self.breach_constant += weight * max(0, offset)
            return
        slack = self.model.new_int_var(max(0, offset), upper, name)
        self.model.add(slack >= sum(c * v for c, v in terms) + offset)
        self.breach.append((weight, slack))

    # -- goals ---------------------------------------------------------------------------
    def _goals(self) -> list[Goal]:
        """The stages in priority order (a stage with nothing to decide is left out)."""
        dp = self.dp
        fte = [(self._fte(k), self.x[k]) for k in range(len(dp.options))]
        goals = [
            Goal("hard rules", self.breach, self.breach_constant),
            Goal(rules.POSTS_FILLED, fte, maximise=True),
        ]
        for rank in dp.ranks[:-1]:  # FTE at the last rank follows from the others
            terms = [
                t for t, option in zip(fte, dp.options, strict=True) if option.preference == rank
            ]
            goals.append(Goal(f"{rules.PREFERENCE} {rank}", terms, maximise=True))
        scores = [
            (c * option.score, v)
            for (c, v), option in zip(fte, dp.options, strict=True)
            if option.score
        ]
        if scores:
            goals.append(Goal(rules.SELECTION_SCORE, scores, maximise=True))
        share = self._largest_share()
        if share is not None:
            goals.append(Goal(rules.LDU_BALANCE, [(1, share)]))
        return goals

    def _largest_share(self) -> cp_model.IntVar | None:
        """The largest share of its in-post FTE that any LDU gives up, in tenths of a percent."""
        giving = [(ldu, self._ldu_options(i)) for i, ldu in enumerate(self.dp.ldus)]
        giving = [(ldu, options) for ldu, options in giving if options and ldu.before > 0]
        if not giving:
            return None
        top = self.model.new_int_var(0, SHARE_SCALE, "largest_share")
        for ldu, options in giving:
            leavers = sum(SHARE_SCALE * self._fte(k) * self.x[k] for k in options)
            self.model.add(ldu.before * top >= leavers)
        return top


def solve_problem(
    dp: DeployProblem, time_limit: float, seed: int, workers: int = 1
) -> tuple[list[tuple[int, int | None]], list[Stage]]:
    """Solve the stages in turn.

    Returns
    -------
    chosen, stages
        ``(option index, team index or None)`` of every deployment, and each stage's record.
    """
    built = DeployModel(dp)
    stages: list[Stage] = []
    values: dict[int, int] = {}
    for goal in built.goals:
        values, stage = _solve_stage(built, goal, values or None, time_limit, seed, workers)
        stages.append(stage)
        if not goal.terms:
            continue  # a constant: nothing to fix
        expression = sum(c * v for c, v in goal.terms) + goal.constant
        if goal.maximise:
            built.model.add(expression >= stage.value)
        else:
            built.model.add(expression <= stage.value)
    # A stage only proven feasible may have improved in later stages: report final values.
    goals = {goal.name: goal for goal in built.goals}
    stages = [replace(s, value=goals[s.name].value(values)) for s in stages]
    chosen = []
    for k, var in enumerate(built.x):
        if values.get(var.index):
            teams = [t for t, z in enumerate(built.z[k]) if values[z.index]]
            chosen.append((k, teams[0] if teams else None))
    return chosen, stages


def _solve_stage(
    built: DeployModel,
    goal: Goal,
    previous: dict[int, int] | None,
    time_limit: float,
    seed: int,
    workers: int,
) -> tuple[dict[int, int], Stage]:
    """One stage, hinted with the previous stage's solution (which is still feasible)."""
    started = time.perf_counter()
    model = built.model
    expression = sum(c * v for c, v in goal.terms) + goal.constant
    if goal.maximise:
        model.maximize(expression)
    else:
        model.minimize(expression)
    model.clear_hints()  # type: ignore[no-untyped-call]
    variables = _variables(model)
    if previous is not None:
        for var in variables:
            if var.index in previous:
                model.add_hint(var, previous[var.index])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # The posts, LDU and span limits are knapsacks over the assignment: the stronger LP
    # relaxation proves each stage in well under a second (level 1 takes minutes on some).
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    seconds = time.perf_counter() - started
    if status in _SOLVED:
        values = {var.index: solver.value(var) for var in variables}
        value, bound = round(solver.objective_value), round(solver.best_objective_bound)
        return values, Stage(
            goal.name, solver.status_name(status), value, bound, seconds, goal.maximise
        )
    if previous is None:
        raise RuntimeError(f"the deployment model found no plan in {time_limit:g} s")
    value = goal.value(previous)
    name = f"{solver.status_name(status)} (previous stage kept)"
    return previous, Stage(goal.name, name, value, value, seconds, goal.maximise)


def _variables(model: cp_model.CpModel) -> list[cp_model.IntVar]:
    """Every variable of the model."""
    return [model.get_int_var_from_proto_index(i) for i in range(len(model.proto.variables))]


def solve(data: ProblemData, time_limit: float | None = None, workers: int = 1) -> DeployPlan:
    """Deploy the interested officers of a workbook (shadow caseloads are chosen separately).

    Parameters
    ----------
    data
        The problem data with Posts and Interests.
    time_limit
        Seconds per stage (default: the ``time_limit_s`` setting).
    workers
        CP-SAT workers (1 is deterministic with the ``random_seed`` setting).
    """
    started = time.perf_counter()
    dp = prepare(data)
    limit = time_limit if time_limit is not None else data.settings.time_limit_s
    chosen, stages = solve_problem(dp, limit, data.settings.random_seed, workers)
    placements = {}
    for k, team in chosen:
        option = dp.options[k]
        sid = dp.officers[option.officer].staff.staff_id
        prison = dp.prisons[option.prison]
        spo = None if team is None else prison.teams[team].spo_id
        placements[sid] = Placement(sid, prison.code, spo, option.preference, option.raw_score)
    return DeployPlan(
        placements=placements,
        officers=tuple(o.staff.staff_id for o in dp.officers),
        stages=tuple(stages),
        seconds=time.perf_counter() - started,
    )
