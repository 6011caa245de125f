"""Synthetic cases of one prison: sentence mix, dates, tier, risk and home LDU.

Each prison profile (see ``inputs.sample.data``) has its own mix. Dates are drawn
relative to the run date so that every case is coherent: the sentence started in
the past, release and hearing dates fall after it, and people still in custody
have their release ahead of them (a recall's original release date is past).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, TypeVar

from allocator.domain.dates import add_months
from allocator.domain.enums import (
    Complexity,
    Override,
    ParoleOutcome,
    PomType,
    Responsibility,
    Rosh,
    SentenceType,
    Tier,
)
from allocator.domain.omic import (
    com_points,
    earliest_release_date,
    in_scope,
    missing_information,
    pom_points,
    recommended_pom_type,
    responsibility,
)
from allocator.domain.problem import Case, Prison
from allocator.domain.settings import Settings
from inputs.sample.data import REGION_LDUS, PrisonSpec

T = TypeVar("T")

YEAR = 365.25
MONTH = YEAR / 12
TIERS = (Tier.A, Tier.B, Tier.C, Tier.D)
ROSHS = (Rosh.LOW, Rosh.MEDIUM, Rosh.HIGH, Rosh.VERY_HIGH)
COMPLEXITIES = (Complexity.LOW, Complexity.MEDIUM, Complexity.HIGH)
# RoSH weights (low, medium, high, very high) by tier: about 25 % high, 2-3 % very high.
ROSH_BY_TIER = {
    Tier.A: (0, 5, 65, 30),
    Tier.B: (2, 34, 60, 4),
    Tier.C: (14.5, 70, 15, 0.5),
    Tier.D: (60, 38, 2, 0),
}
# MAPPA weights (blank, 1, 2, 3) by RoSH: mostly blank or 1.
MAPPA_BY_ROSH = {
    Rosh.LOW: (80, 20, 0, 0),
    Rosh.MEDIUM: (60, 37, 3, 0),
    Rosh.HIGH: (40, 45, 13, 2),
    Rosh.VERY_HIGH: (20, 35, 30, 15),
}
ISP_TIERS = (12, 45, 33, 10)
LENGTH_BANDS = ((3, 11), (12, 47), (48, 119), (120, 300))  # sentence length, months


@dataclass(frozen=True, slots=True)
class Mix:
    """The population mix of one prison profile (shares of all people held)."""

    remand: float
    civil: float
    immigration: float
    isp: float
    recall: float  # share of the sentenced who are recalled
    extended: float  # share of long determinate sentences that are extended (have a PED)
    tiers: tuple[float, float, float, float]
    lengths: tuple[float, float, float, float]  # weights of LENGTH_BANDS
    age: tuple[float, float, float]  # triangular: youngest, oldest, most common
    home_share: float  # share whose home LDU is in the prison's own region


MIXES = {
    # remand, civil, immigration, isp, recall, extended,
    #     tiers A-D, length band weights, age (youngest, oldest, commonest), home region share
    "L": Mix(0.20, 0.004, 0.015, 0.05, 0.15, 0.20,
             (4, 24, 40, 32), (12, 35, 38, 15), (18, 70, 28), 0.85),
    "C": Mix(0.01, 0.001, 0.02, 0.11, 0.12, 0.22,
             (4, 25, 41, 30), (3, 25, 50, 22), (19, 72, 30), 0.75),
    "O": Mix(0.0, 0.0, 0.0, 0.14, 0.0, 0.12,
             (2, 20, 45, 33), (2, 30, 45, 23), (20, 75, 33), 0.7),
    "H": Mix(0.08, 0.0, 0.005, 0.45, 0.05, 0.30,
             (15, 45, 30, 10), (0, 3, 37, 60), (21, 80, 35), 0.4),
    "F": Mix(0.16, 0.003, 0.01, 0.05, 0.14, 0.12,
             (3, 20, 40, 37), (20, 45, 28, 7), (18, 70, 32), 0.6),
    "Y": Mix(0.15, 0.0, 0.005, 0.04, 0.10, 0.20,
             (3, 25, 42, 30), (10, 40, 40, 10), (17.5, 22, 19), 0.8),
}  # fmt: skip


@dataclass(slots=True)
class Draft:
    """A case being built, with how it arrived and (later) who holds it."""

    case: Case
    arrival: str = ""  # "", "new" (just sentenced), "transfer", "returned" (recall)
    in_scope: bool = False
    allocatable: bool = False
    state: Responsibility | None = None  # on the run date (None out of scope)
    pom_type: PomType | None = None  # the recommended kind of POM
    points: int = 0
    com_points: int = 0
    current_pom: str | None = None
    previous_poms: tuple[str, ...] = ()
    current_com: str | None = None
    excluded_staff: tuple[str, ...] = ()
    pinned: bool = False


@cache
def _cumulative(weights: tuple[float, ...]) -> list[float]:
    """Running totals of a weight table (computed once per table)."""
    return list(itertools.accumulate(weights))


def pick(rng: random.Random, values: Sequence[T], weights: tuple[float, ...]) -> T:
    """One value drawn with the given weights, using a single ``random()`` call."""
    totals = _cumulative(weights)
    return values[bisect.bisect(totals, rng.random() * totals[-1])]


class CaseIds:
    """Unique prison numbers such as A1234BC, drawn from their own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def next(self) -> str:
        """A prison number not handed out before."""
        rng, letters = self._rng, "ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            draw, digits = divmod(rng.randrange(2 * 24 * 24 * 10000), 10000)
            draw, first = divmod(draw, 24)
            head, second = divmod(draw, 24)
            number = f"{'AG'[head]}{digits:04d}{letters[first]}{letters[second]}"
            if number not in self._seen:
                self._seen.add(number)
                return number


def make_cases(
    spec: PrisonSpec, ldus: tuple[str, ...], rng: random.Random, run_date: date, ids: CaseIds
) -> list[Draft]:
    """The people held in one prison, ``spec.population`` of them."""
    return [_make_case(spec, ldus, rng, run_date, ids.next()) for _ in range(spec.population)]


def _make_case(
    spec: PrisonSpec, ldus: tuple[str, ...], rng: random.Random, run_date: date, case_id: str
) -> Draft:
    """One person: sentence, dates, risk, age and home LDU."""
    mix = MIXES[spec.profile]
    kind = _sentence_type(mix, rng)
    fields: dict[str, Any] = {"case_id": case_id, "prison": spec.code, "sentence_type": kind}
    if kind is SentenceType.INDETERMINATE:
        fields.update(_isp_dates(spec.profile, rng, run_date))
    elif kind is SentenceType.DETERMINATE:
        fields.update(_determinate_dates(spec.profile, mix, rng, run_date))
    fields.update(_risk(kind, mix, rng))
    fields["date_of_birth"] = _birth(mix, fields.get("sentence_start"), rng, run_date)
    if kind not in (SentenceType.REMAND, SentenceType.CIVIL):
        fields["ldu"] = _home_ldu(spec, mix, ldus, rng)
        if spec.profile == "F":
            fields["complexity"] = pick(rng, COMPLEXITIES, (40, 35, 25))
    arrival = _arrival(spec.profile, fields, rng, run_date)
    if arrival == "new" and rng.random() < 0.15:
        fields["tier"] = fields["rosh"] = None  # not yet assessed
    _decisions(fields, rng, run_date)
    return Draft(Case(**fields), arrival=arrival)


def _sentence_type(mix: Mix, rng: random.Random) -> SentenceType:
    """Remand, civil, immigration, indeterminate or (the rest) determinate."""
    draw = rng.random()
    for kind, share in (
        (SentenceType.REMAND, mix.remand),
        (SentenceType.CIVIL, mix.civil),
        (SentenceType.IMMIGRATION, mix.immigration),
        (SentenceType.INDETERMINATE, mix.isp),
    ):
        if draw < share:
            return kind
        draw -= share
    return SentenceType.DETERMINATE


def _days(day: date, days: float) -> date:
    """A date moved by a (possibly fractional) number of days."""
    return day + timedelta(days=int(days))


def _determinate_dates(
    profile: str, mix: Mix, rng: random.Random, run_date: date
) -> dict[str, Any]:
    """Sentence start and release dates; an extended sentence has a PED at two-thirds."""
    low, high = pick(rng, LENGTH_BANDS, mix.lengths)
    months = rng.randint(low, high)
    extended = months >= 48 and rng.random() < mix.extended
    custody = max(30, int(months * MONTH * (1.0 if extended else 0.5)))
    if rng.random() < mix.recall:
        licence = max(60, int(months * MONTH) - custody)
        start = _days(run_date, -(custody + rng.randint(30, licence)))
        return {"sentence_start": start, "crd": _days(start, custody), "recall": True}
    share = 0.5 + 0.5 * rng.random() if profile == "O" else rng.random()
    start = _days(run_date, -min(custody - 1, int(custody * share)))
    fields: dict[str, Any] = {"sentence_start": start}
    if extended:
        fields["ped"] = _days(start, custody * 2 / 3)
    fields["ard" if rng.random() < 0.04 else "crd"] = _days(start, custody)
    return fields


def _isp_dates(profile: str, rng: random.Random, run_date: date) -> dict[str, Any]:
    """Life and IPP sentences: tariff, hearing, parole outcome, recall, open conditions."""
    tariff = rng.uniform(10, 30) * YEAR if profile == "H" else rng.uniform(3, 18) * YEAR
    recall = profile in "LCF" and rng.random() < 0.2
    if recall or profile == "O" or rng.random() < 0.45:  # past tariff
        start = _days(run_date, -(tariff + rng.uniform(0.3, 12 if recall else 8) * YEAR))
        fields: dict[str, Any] = {"sentence_start": start, "ted": _days(start, tariff)}
        fields["thd"] = _days(run_date, rng.randint(20, 730))
        if not recall and rng.random() < 0.65:
            fields["parole_outcome"] = ParoleOutcome.NOT_RELEASE
    else:
        start = _days(run_date, -tariff * rng.uniform(0.0, 0.98))
        ted = _days(start, tariff)
        fields = {"sentence_start": start, "ted": ted}
        if ted < add_months(run_date, 36):
            fields["thd"] = max(_days(ted, -rng.randint(0, 180)), _days(run_date, 7))
    fields["recall"] = recall
    fields["additional_isp"] = rng.random() < 0.02
    if profile == "O" or (profile == "F" and rng.random() < 0.2):
        opened = _days(run_date, -rng.randint(7, 720))
        fields["open_conditions_date"] = max(opened, _days(start, 1))
    return fields


def _risk(kind: SentenceType, mix: Mix, rng: random.Random) -> dict[str, Any]:
    """Tier, RoSH and MAPPA level, correlated (remand and civil are mostly unassessed)."""
    weights = ISP_TIERS if kind is SentenceType.INDETERMINATE else mix.tiers
    if kind is SentenceType.IMMIGRATION:
        weights = (0, 10, 50, 40)
    tier = pick(rng, TIERS, weights)
    rosh = pick(rng, ROSHS, ROSH_BY_TIER[tier])
    mappa = pick(rng, (None, 1, 2, 3), MAPPA_BY_ROSH[rosh])
    if kind in (SentenceType.REMAND, SentenceType.CIVIL):
        assessed = rng.random() < 0.25
        return {"tier": tier if assessed else None, "rosh": rosh if assessed else None}
    return {"tier": tier, "rosh": rosh, "mappa_level": mappa}


def _birth(mix: Mix, start: date | None, rng: random.Random, run_date: date) -> date:
    """Date of birth: adults, old enough to have been at least 15 when sentenced."""
    age = rng.triangular(*mix.age)
    if start is not None:
        age = max(age, (run_date - start).days / YEAR + 15 + rng.random() * 10)
    return _days(run_date, -age * YEAR)


def _home_ldu(spec: PrisonSpec, mix: Mix, ldus: tuple[str, ...], rng: random.Random) -> str:
    """Mostly an LDU of the prison's own region, else any LDU in the workbook."""
    if rng.random() < mix.home_share:
        return rng.choice(REGION_LDUS[spec.region])
    # One draw whatever the number of LDUs, so a prison's stream does not depend on it.
    return ldus[int(rng.random() * len(ldus))]


def _arrival(profile: str, fields: dict[str, Any], rng: random.Random, run_date: date) -> str:
    """New arrivals have no POM yet: just sentenced, transferred in, or recalled."""
    kind = fields["sentence_type"]
    if kind in (SentenceType.REMAND, SentenceType.CIVIL):
        return ""
    start = fields.get("sentence_start")
    if fields.get("recall"):
        return "returned" if rng.random() < 0.08 else ""
    if start is not None and (run_date - start).days < (14 if rng.random() < 0.6 else 35):
        return "new"
    if rng.random() < (0.06 if profile == "O" else 0.02):
        return "transfer"
    return ""


def _decisions(fields: dict[str, Any], rng: random.Random, run_date: date) -> None:
    """Early allocation for MAPPA 3 near release, and a few recorded overrides."""
    if fields["sentence_type"] in (SentenceType.REMAND, SentenceType.CIVIL):
        return
    if fields.get("mappa_level") == 3:
        erd = earliest_release_date(Case(**fields), run_date)
        near = erd is not None and erd <= add_months(run_date, 18)
        fields["early_allocation"] = near and rng.random() < 0.7
    if rng.random() < 0.003:
        fields["responsibility_override"] = rng.choice((Override.POM, Override.COM))


def assess(drafts: list[Draft], spec: PrisonSpec, run_date: date, settings: Settings) -> None:
    """Apply the OMiC rules to each case: scope, responsibility, recommended POM, points."""
    prison = Prison(prison=spec.code, estate=spec.estate)
    for draft in drafts:
        case = draft.case
        draft.in_scope = in_scope(case, run_date, settings)[0]
        if not draft.in_scope:
            continue
        handover = responsibility(case, run_date, settings)
        draft.allocatable = not missing_information(case, prison, settings)
        draft.state = handover.state
        draft.pom_type = recommended_pom_type(case, handover.state, settings)[0]
        draft.points = pom_points(case, handover, run_date, settings)[0]
        draft.com_points = com_points(case, settings)
