"""The OMiC rules: scope, allocatability, responsibility, handover, recommendation, points.

Each function takes a case, the run date and the settings and returns its answer
with a plain-English reason, so the report can say *why* for every case. The
rules follow the domain reference (``shared/domain/omic-rules.md``) in its order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from allocator.domain.dates import add_months, age_on, minus
from allocator.domain.enums import (
    HIGH_ROSH,
    Estate,
    Override,
    ParoleOutcome,
    PomType,
    RecommendationMode,
    Responsibility,
    RuleMode,
    SentenceType,
    TierModel,
)
from allocator.domain.problem import Case, Prison, ProblemData
from allocator.domain.settings import Settings
from allocator.domain.tiers import band, describe, is_s, model_of, scaled_points

ISP = SentenceType.INDETERMINATE
_LOW_MAPPA = (None, 0, 1)


@dataclass(frozen=True, slots=True)
class Handover:
    """Who leads the case on the run date, and the dates that decide it.

    ``rule`` is the number (1-9) of the domain's responsibility rule that decided. Rules 1-8
    carry no handover dates, but ``erd`` is filled in whenever it can be derived.
    """

    state: Responsibility
    reason: str
    erd: date | None = None
    handover_date: date | None = None
    start_date: date | None = None
    rule: int = 9


@dataclass(frozen=True, slots=True)
class Derivation:
    """Everything the OMiC rules derive for one case."""

    case_id: str
    prison: str
    in_scope: bool
    scope_reason: str
    missing: tuple[str, ...] = ()
    handover: Handover | None = None
    needs_com: bool = False
    com_overdue: bool = False
    recommended_pom_type: PomType | None = None
    recommendation_reason: str = ""
    early_allocation: str = ""
    points: int = 0
    points_reason: str = ""
    com_points: int = 0

    @property
    def allocatable(self) -> bool:
        """In scope and no information missing."""
        return self.in_scope and not self.missing

    @property
    def responsibility(self) -> Responsibility | None:
        """The state on the run date (None out of scope)."""
        return self.handover.state if self.handover else None

    @property
    def why(self) -> str:
        """One plain-English sentence chain explaining the derivation."""
        if not self.in_scope:
            return self.scope_reason
        parts = [self.handover.reason] if self.handover else []
        if self.missing:
            parts.append("missing information: " + ", ".join(self.missing))
        if self.needs_com:
            parts.append("needs a COM" + (" (overdue)" if self.com_overdue else ""))
        for text in (self.recommendation_reason, self.points_reason):
            if text:
                parts.append(text)
        return "; ".join(parts)


def in_scope(case: Case, run_date: date, settings: Settings) -> tuple[bool, str]:
    """Adults who are sentenced or held under immigration powers are in scope."""
    kind = case.sentence_type
    if kind in (SentenceType.REMAND, SentenceType.CIVIL):
        return False, f"out of scope: {kind} case"
    if case.date_of_birth and age_on(case.date_of_birth, run_date) < settings.adult_age:
        return False, f"out of scope: under {settings.adult_age} on the run date"
    if kind is SentenceType.IMMIGRATION:
        return True, "in scope: held under immigration powers"
    if case.sentence_start is None:
        return False, "out of scope: not sentenced (no sentence start date)"
    if kind is ISP or any((case.ard, case.crd, case.ped, case.ted)):
        return True, f"in scope: {kind} sentence"
    if case.hdced:  # as in the MoJ's service, an HDC eligibility date alone counts
        return True, f"in scope: {kind} sentence (HDC eligibility date)"
    return False, "out of scope: not sentenced (no release, parole or tariff date)"


def missing_information(case: Case, prison: Prison, settings: Settings) -> tuple[str, ...]:
    """The columns a case needs before a POM can be allocated."""
    missing = []
    if case.tier is None:
        missing.append("tier")
    if settings.recommendation_mode is RecommendationMode.ROSH and case.rosh is None:
        missing.append("rosh")
    if prison.estate is Estate.FEMALE and case.complexity is None:
        missing.append("complexity")
    return tuple(missing)


def earliest_release_date(case: Case, run_date: date) -> date | None:
    """ERD: PED, else the earlier of ARD and CRD; for an ISP, TED or THD (see domain)."""
    if case.sentence_type is ISP:
        return _isp_erd(case.ted, case.thd, run_date)
    if case.ped:
        return case.ped
    if case.ard and case.crd:
        return case.ard if case.ard <= case.crd else case.crd
    return case.ard or case.crd


def _isp_erd(ted: date | None, thd: date | None, run_date: date) -> date | None:
    """TED if in the future, else THD if in the future, else the one closer to today."""
    if ted and ted > run_date:
        return ted
    if thd and thd > run_date:
        return thd
    known = [day for day in (ted, thd) if day]
    # Both are in the past (or missing): the closer one; TED wins a tie (listed first).
    return min(known, key=lambda day: abs((run_date - day).days)) if known else None


def handover_date(case: Case, erd: date, settings: Settings) -> tuple[date | None, str]:
    """The date the COM becomes responsible (None: COM responsible from the start)."""
    s = settings
    if case.early_allocation:
        months = s.handover_months_early
        return minus(erd, months), f"early allocation: ERD - {months} months"
    if case.sentence_type is ISP:
        months = s.handover_months_isp
        return minus(erd, months), f"indeterminate: ERD - {months} months"
    if case.sentence_start and erd <= add_months(case.sentence_start, s.short_sentence_months):
        return None, (
            f"ERD within {s.short_sentence_months} months of sentence start: "
            "COM responsible from the start"
        )
    if case.ped:
        months = s.handover_months_ped
        return minus(erd, months), f"parole eligible: ERD - {months} months"
    months, days = s.handover_months_determinate, s.handover_days_determinate
    return minus(erd, months, days), f"determinate: ERD - {months} months - {days} days"


def handover_start_date(case: Case, handover: date) -> date:
    """The COM joins at the handover date; earlier for an ISP in open conditions."""
    if case.sentence_type is ISP and case.open_conditions_date:
        return min(handover, case.open_conditions_date)
    return handover


def responsibility(case: Case, run_date: date, settings: Settings) -> Handover:
    """Who leads, by the domain's ordered rules (first match wins)."""
    erd = earliest_release_date(case, run_date)
    fixed = _fixed_responsibility(case, run_date, settings)
    if fixed:
        return replace(fixed, erd=erd)
    if erd is None:
        return Handover(Responsibility.POM, "no earliest release date: POM responsible", rule=8)
    handover, how = handover_date(case, erd, settings)
    if handover is None:
        return Handover(Responsibility.COM, how, erd=erd)
    start = handover_start_date(case, handover)
    state = _state_on(run_date, start, handover)
    return Handover(state, f"{how}; {_STATE_TEXT[state]}", erd, handover, start)


_STATE_TEXT = {
    Responsibility.POM: "POM responsible until the handover start date",
    Responsibility.POM_COM: "handover window open: POM responsible, COM supporting",
    Responsibility.COM: "past the handover date: COM responsible",
}


def _state_on(run_date: date, start: date, handover: date) -> Responsibility:
    """State on the run date given the handover start and handover dates."""
    if run_date < start:
        return Responsibility.POM
    if run_date < handover:
        return Responsibility.POM_COM
    return Responsibility.COM


def _fixed_responsibility(case: Case, run_date: date, settings: Settings) -> Handover | None:
    """Rules 1-7 of the domain, which fix the state without handover dates."""
    if case.responsibility_override is Override.POM:
        return Handover(Responsibility.POM, "manual override: POM responsible", rule=1)
    if case.responsibility_override is Override.COM:
        return Handover(Responsibility.COM, "manual override: COM responsible", rule=1)
    if case.sentence_type is ISP:
        isp = _isp_responsibility(case, run_date, settings)
        if isp:
            return isp
    if case.recall:
        return Handover(Responsibility.COM, "recall: COM responsible", rule=6)
    if case.sentence_type is SentenceType.IMMIGRATION:
        return Handover(Responsibility.COM, "immigration detainee: COM responsible", rule=7)
    return None


def _isp_responsibility(case: Case, run_date: date, settings: Settings) -> Handover | None:
    """Rules 2-5: indeterminate sentences with a further ISP or a distant parole hearing."""
    if case.additional_isp:
        return Handover(
            Responsibility.POM, "further indeterminate sentence: POM responsible", rule=2
        )
    far = settings.isp_thd_far_months
    if not (case.thd and case.thd >= add_months(run_date, far)):
        return None
    hearing = f"hearing {far}+ months away"
    low_mappa = case.mappa_level in _LOW_MAPPA
    if case.recall and low_mappa:
        text = f"indeterminate recall, {hearing}, MAPPA 0/1: COM supporting"
        return Handover(Responsibility.POM_COM, text, rule=3)
    if case.parole_outcome is not ParoleOutcome.NOT_RELEASE:
        return None
    if low_mappa:
        text = f"parole refused, {hearing}, MAPPA 0/1: COM supporting"
        return Handover(Responsibility.POM_COM, text, rule=5)
    text = f"parole refused, {hearing}, MAPPA 2/3: COM responsible"
    return Handover(Responsibility.COM, text, rule=4)


def tier_model(case: Case, settings: Settings, model: TierModel | None = None) -> TierModel:
    """The model a case's tier is read in: given, the setting, else what the code says."""
    if model is not None and model is not TierModel.AUTO:
        return model
    if settings.tier_model is not TierModel.AUTO:
        return settings.tier_model
    return (model_of(case.tier) if case.tier else None) or TierModel.LETTERS


def recommended_pom_type(
    case: Case, state: Responsibility, settings: Settings, model: TierModel | None = None
) -> tuple[PomType | None, str]:
    """Which kind of POM the case should have, and why (``model``: the workbook's tiers)."""
    if settings.high_risk_rule is not RuleMode.OFF and case.rosh in HIGH_ROSH:
        return PomType.PROBATION, f"RoSH {case.rosh}: probation-qualified POM required"
    if case.sentence_type is SentenceType.IMMIGRATION:
        return PomType.PRISON, "immigration case: prison POM"
    if state is Responsibility.COM:
        return PomType.PRISON, "COM responsible, POM supporting: prison POM"
    model = tier_model(case, settings, model)
    if settings.recommendation_mode is RecommendationMode.ROSH:
        return _rosh_mode_type(case, model)
    return _tier_mode_type(case, settings, model)


def _rosh_mode_type(case: Case, model: TierModel) -> tuple[PomType | None, str]:
    """RoSH mode: tier A or RoSH high / very high needs a probation POM."""
    if case.tier and case.tier[0] == "A":
        return PomType.PROBATION, f"{describe(case.tier, model)}: probation POM"
    if case.rosh is None:
        return None, "no recommendation: RoSH missing (check risk)"
    if case.rosh in HIGH_ROSH:
        return PomType.PROBATION, f"RoSH {case.rosh}: probation POM"
    return PomType.PRISON, f"RoSH {case.rosh}: prison POM"


def _tier_mode_type(case: Case, settings: Settings, model: TierModel) -> tuple[PomType | None, str]:
    """Tier mode: tier A or B needs a probation POM, C or D a prison POM (the letter of a
    sub-tier; in the A-G model, A up to the ``a_g_probation_to`` setting)."""
    if case.tier is None:
        return None, "no recommendation: tier missing"
    letter = case.tier[0]
    if model is TierModel.SINGLE_AXIS:
        probation = letter <= settings.a_g_probation_to
    else:
        probation = letter in ("A", "B")
    kind = PomType.PROBATION if probation else PomType.PRISON
    return kind, f"{describe(case.tier, model)}: {kind} POM"


def early_allocation_eligibility(
    case: Case, erd: date | None, run_date: date, settings: Settings
) -> str:
    """'automatic', 'discretionary', 'not eligible' or 'not yet' (ERD too far away)."""
    if case.mappa_level == 3:
        kind = "automatic"
    elif case.mappa_level == 2 or case.rosh in HIGH_ROSH:
        kind = "discretionary"
    else:
        return "not eligible"
    if erd is None or erd > add_months(run_date, settings.early_allocation_window_months):
        return (
            f"not yet ({kind} once ERD is within {settings.early_allocation_window_months} months)"
        )
    return kind


def base_points(case: Case, settings: Settings, role: str, model: TierModel | None = None) -> int:
    """The tier's points for the POM or COM (``role`` 'pom' or 'com'): the band's setting,
    scaled by sub-tier (``allocator.domain.tiers``); 0 without a tier."""
    if case.tier is None:
        return 0
    model = tier_model(case, settings, model)
    letter_points = int(getattr(settings, f"{role}_points_tier_{band(case.tier, model).lower()}"))
    return scaled_points(case.tier, model, letter_points, settings.s_tier_points_pct)


def pom_points(
    case: Case,
    handover: Handover,
    run_date: date,
    settings: Settings,
    model: TierModel | None = None,
) -> tuple[int, str]:
    """Workload points of the case for its POM: tier base plus stage uplifts."""
    if case.tier is None:
        return 0, ""
    model = tier_model(case, settings, model)
    base = base_points(case, settings, "pom", model)
    uplifts = _uplifts(case, handover, run_date, settings)
    detail = f"{describe(case.tier, model)}: {base}"
    if is_s(case.tier):
        detail += f" (S: {settings.s_tier_points_pct} % of the sub-tier's points)"
    if uplifts:
        detail += " + " + ", ".join(uplifts)
    share = 100
    if handover.state is Responsibility.COM:
        share = settings.points_supporting_pct
        detail += f"; supporting: {share} %"
    # One rounding only, at the end: base x (100 + uplifts) % x share %.
    points = _round(base * (100 + sum(uplifts.values())) * share, 100 * 100)
    return points, f"{points} POM points ({detail})"


def _uplifts(case: Case, handover: Handover, run_date: date, settings: Settings) -> dict[str, int]:
    """The stages the case is in on the run date, each with its uplift in % of base."""
    uplifts = {}
    start, weeks = case.sentence_start, timedelta(weeks=settings.points_start_weeks)
    if start and start <= run_date < start + weeks:
        uplifts["initial assessment"] = settings.points_start_uplift_pct
    if handover.state is Responsibility.POM_COM:
        uplifts["handover window"] = settings.points_handover_uplift_pct
    if _parole_soon(case, run_date, settings):
        uplifts["parole hearing due"] = settings.points_parole_uplift_pct
    return uplifts


def _parole_soon(case: Case, run_date: date, settings: Settings) -> bool:
    """A parole hearing (THD, or a determinate PED) falls within the parole window."""
    hearing = case.thd if case.sentence_type is ISP else case.ped
    return bool(
        hearing and run_date <= hearing <= add_months(run_date, settings.points_parole_months)
    )


def com_points(case: Case, settings: Settings, model: TierModel | None = None) -> int:
    """Workload points of the case for its COM (custody case type, by tier and sub-tier)."""
    return base_points(case, settings, "com", model)


def _round(numerator: int, denominator: int) -> int:
    """Integer division rounding halves up (points stay integers for the solver)."""
    return (2 * numerator + denominator) // (2 * denominator)


def derive(case: Case, data: ProblemData) -> Derivation:
    """Apply every OMiC rule to one case."""
    run_date, settings = data.run_date, data.settings
    scope, scope_reason = in_scope(case, run_date, settings)
    if not scope:
        return Derivation(case.case_id, case.prison, False, scope_reason)
    handover = responsibility(case, run_date, settings)
    # A current COM not on the Staff sheet has left: the case needs a COM again.
    has_com = case.current_com is not None and (
        not data.staff or case.current_com in data.staff_by_id
    )
    needs_com = handover.state is not Responsibility.POM and not has_com
    model = data.tier_model
    pom_type, type_reason = recommended_pom_type(case, handover.state, settings, model)
    points, points_reason = pom_points(case, handover, run_date, settings, model)
    return Derivation(
        case_id=case.case_id,
        prison=case.prison,
        in_scope=True,
        scope_reason=scope_reason,
        missing=missing_information(case, data.prison(case.prison), settings),
        handover=handover,
        needs_com=needs_com,
        com_overdue=needs_com and _com_overdue(case, handover, run_date, settings),
        recommended_pom_type=pom_type,
        recommendation_reason=type_reason,
        early_allocation=early_allocation_eligibility(case, handover.erd, run_date, settings),
        points=points,
        points_reason=points_reason,
        com_points=com_points(case, settings, model),
    )


def _com_overdue(case: Case, handover: Handover, run_date: date, settings: Settings) -> bool:
    """A needed COM is overdue a set number of days after it became needed."""
    since = handover.handover_date
    if since is None and handover.rule == 9:
        since = case.sentence_start  # short sentence: the COM was needed from the start
    return since is not None and run_date >= since + timedelta(days=settings.com_overdue_days)


def derive_all(data: ProblemData) -> tuple[Derivation, ...]:
    """The derivation of every case, in input order."""
    return tuple(derive(case, data) for case in data.cases)
