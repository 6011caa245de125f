"""Growing and shrinking a prison's population for a what-if, with the sample's case mix.

New people are drawn by the sample generator (``inputs.sample.cases``) for the
prison's kind (its profile in the sample's prison list, else one from its estate),
then given home LDUs in the proportions of the prison's current cases, so that
they belong to the input's LDUs. They arrive with no POM or COM. Leavers are drawn
at random among the prison's cases. Every draw is seeded from the scenario and the
prison, so a scenario gives the same people every run.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from allocator.domain.enums import Estate
from allocator.domain.problem import Case, Prison
from inputs.sample.cases import CaseIds, make_cases
from inputs.sample.data import PRISONS, REGION_LDUS, PrisonSpec

_SPEC_BY_CODE = {spec.code: spec for spec in PRISONS}
_PROFILE_BY_ESTATE = {
    Estate.MALE_CLOSED: "C",
    Estate.MALE_OPEN: "O",
    Estate.FEMALE: "F",
    Estate.HIGH_SECURITY: "H",
    Estate.YOUNG_ADULT: "Y",
}
_ANY_REGION = "YH"  # only for the generator's draw; home LDUs are re-drawn from the prison's


class _FreshIds(CaseIds):
    """Prison numbers that no case of the input (or of earlier growth) has."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        super().__init__(rng)
        self._taken = taken

    def next(self) -> str:
        """A prison number not taken yet (then taken)."""
        number = super().next()
        while number in self._taken:
            number = super().next()
        self._taken.add(number)
        return number


def spec_for(prison: Prison, count: int) -> PrisonSpec:
    """The generator's description of a prison: the sample's own, else from its estate."""
    known = _SPEC_BY_CODE.get(prison.prison)
    if known is not None:
        return replace(known, population=count)
    profile = _PROFILE_BY_ESTATE.get(prison.estate, "C")
    return PrisonSpec(
        prison.prison, prison.name, profile, prison.contracted_out, _ANY_REGION, count
    )


def new_cases(
    prison: Prison,
    count: int,
    held: Sequence[Case],
    run_date: date,
    seed: str,
    taken: set[str],
) -> list[Case]:
    """``count`` new people in ``prison``, with no POM or COM yet.

    Parameters
    ----------
    prison
        The prison's details (its estate chooses the mix when it is not a sample prison).
    count
        How many.
    held
        The cases it holds now (their home LDUs set the new cases' proportions).
    run_date
        The date the cases are drawn relative to.
    seed
        Seeds every draw (the scenario and prison).
    taken
        Case ids already in use; the new ids are added to it.
    """
    spec = spec_for(prison, count)
    ids = _FreshIds(random.Random(f"{seed}:ids"), taken)
    drafts = make_cases(spec, REGION_LDUS[spec.region], random.Random(seed), run_date, ids)
    homes = Counter(case.ldu for case in held if case.ldu)
    draw = random.Random(f"{seed}:homes")
    ldus, weights = list(homes), list(homes.values())
    cases = []
    for draft in drafts:
        ldu = draw.choices(ldus, weights)[0] if draft.case.ldu and ldus else None
        cases.append(replace(draft.case, ldu=ldu))
    return cases


def leavers(held: Sequence[Case], count: int, seed: str) -> set[str]:
    """The ids of ``count`` of the prison's cases, drawn at random (seeded)."""
    ids = [case.case_id for case in held]
    return set(random.Random(f"{seed}:leavers").sample(ids, min(count, len(ids))))
