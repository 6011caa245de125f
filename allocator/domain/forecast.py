"""The look-ahead: what the dates already say about each case in the weeks to come.

Week ``k`` of a forecast is the state on ``run date + 7k days`` (week 0 is the run date
itself); its events are those dated in the seven days up to and including that day.
A case's state on a later day is the OMiC rules (``allocator.domain.omic.derive``)
applied with that day as the run date, so responsibility, needs-a-COM, overdue and
points move exactly as the rules say; only leaving custody is added here, from the
release dates. Deriving every case every week would cost a national run a minute, so a
case is re-derived only in the weeks near one of its own dates (``weeks_to_derive``):
between them its derivation cannot change. A test compares this with deriving every
week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from allocator.domain.dates import add_months, minus
from allocator.domain.enums import ParoleOutcome, Responsibility, SentenceType
from allocator.domain.omic import (
    Derivation,
    derive,
    earliest_release_date,
    handover_date,
    handover_start_date,
)
from allocator.domain.problem import Case, ProblemData
from allocator.domain.settings import Settings

WEEK = timedelta(days=7)
#: A rule compares the run date with one of the case's dates, so its answer changes on that
#: day or the next. Dates found by subtracting calendar months can be a few days off the
#: day a rule flips (month ends clamp): a case is re-derived in every week within this.
MARGIN_DAYS = 4

# Event kinds: stable ids used in the workbook's columns and the README.
RELEASE = "release"
SENTENCE_END = "sentence_end"
HANDOVER_START = "handover_start"
HANDOVER = "handover"
BACK_TO_POM = "back_to_pom"
PAROLE_WINDOW = "parole_window"
PAROLE_HEARING = "parole_hearing"
ASSESSMENT_END = "assessment_end"
IN_SCOPE = "in_scope"
COM_OVERDUE = "com_overdue"
ARRIVAL = "arrival"
#: Every kind, in the order the workbook lists them, with its plain-English names.
EVENT_NAMES: dict[str, tuple[str, str]] = {
    RELEASE: ("release on licence", "releases on licence"),
    SENTENCE_END: ("sentence end", "sentence ends"),
    HANDOVER_START: ("handover uplift", "handover uplifts"),
    HANDOVER: ("handover to the COM", "handovers to the COM"),
    BACK_TO_POM: ("responsibility back to the POM", "responsibilities back to the POM"),
    PAROLE_WINDOW: ("parole hearing due", "parole hearings due"),
    PAROLE_HEARING: ("parole hearing held", "parole hearings held"),
    ASSESSMENT_END: ("initial assessment ended", "initial assessments ended"),
    IN_SCOPE: ("case coming into scope", "cases coming into scope"),
    COM_OVERDUE: ("COM overdue", "COMs overdue"),
    ARRIVAL: ("expected arrival", "expected arrivals"),
}
#: Events that add POM points, and those that take them away (for the "why").
RAISING = (HANDOVER_START, PAROLE_WINDOW, IN_SCOPE, ARRIVAL)
LOWERING = (RELEASE, SENTENCE_END, HANDOVER, PAROLE_HEARING, ASSESSMENT_END)

# The uplift names of ``omic.pom_points``' reason text (a test keeps them in step).
UPLIFT_ASSESSMENT = "initial assessment"
UPLIFT_PAROLE = "parole hearing due"


def arrival_of(case: Case) -> date | None:
    """The date the person arrived in this prison, when the workbook gives one (optional)."""
    return case.arrival_date


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one case asks of its workers in one week (``held`` False: not a case now)."""

    held: bool = False
    state: Responsibility | None = None
    points: int = 0
    com_points: int = 0
    needs_com: bool = False
    overdue: bool = False
    assessing: bool = False
    parole: bool = False


GONE = Snapshot()


@dataclass(frozen=True, slots=True)
class Event:
    """Something the dates make happen to a case (or a prison's arrivals) in a week."""

    week: int
    kind: str
    prison: str
    case_id: str = ""
    ldu: str = ""
    pom: str | None = None
    com: str | None = None
    day: date | None = None
    count: int = 1
    handover_start: date | None = None
    handover_date: date | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """One case over the weeks: its state in week 0 and each week it changes, and its events."""

    case: Case
    pom: str | None
    com: str | None
    changes: tuple[tuple[int, Snapshot], ...]
    events: tuple[Event, ...]


def release_date(case: Case, run_date: date) -> tuple[date | None, str]:
    """The day the person leaves custody, and whether on licence or at the sentence's end.

    Determinate: the PED when the latest parole outcome is release; otherwise the earlier
    of ARD and CRD — an ARD (automatic, unconditional release) ends the sentence, a CRD
    releases on licence. Indeterminate: the earliest release date when parole has
    directed release. Anything else (immigration, no date) is not released by a forecast.
    """
    released = case.parole_outcome is ParoleOutcome.RELEASE
    if case.sentence_type is SentenceType.INDETERMINATE:
        erd = earliest_release_date(case, run_date) if released else None
        return erd, RELEASE
    if case.sentence_type is not SentenceType.DETERMINATE:
        return None, RELEASE
    if case.ped and released:
        return case.ped, RELEASE
    if case.ard and (case.crd is None or case.ard <= case.crd):
        return case.ard, SENTENCE_END
    return case.crd, RELEASE


def week_days(run_date: date, weeks: int) -> tuple[date, ...]:
    """The day each week's state is taken on: the run date, then every seventh day."""
    return tuple(run_date + k * WEEK for k in range(weeks + 1))


def datas_by_week(data: ProblemData, days: Sequence[date]) -> tuple[ProblemData, ...]:
    """The problem data with each week's day as its run date."""
    return tuple(data.replace(settings=data.settings.replace(run_date=day)) for day in days)


def snapshot(d: Derivation) -> Snapshot:
    """A case's demands from its derivation (not in scope: nothing)."""
    if not d.in_scope:
        return GONE
    return Snapshot(
        held=True,
        state=d.responsibility,
        points=d.points,
        com_points=d.com_points,
        needs_com=d.needs_com,
        overdue=d.com_overdue,
        assessing=UPLIFT_ASSESSMENT in d.points_reason,
        parole=UPLIFT_PAROLE in d.points_reason,
    )


def anchors(
    case: Case, first: Derivation, run_date: date, settings: Settings, last: date
) -> tuple[list[date], list[date]]:
    """Every date on (or the day after) which the OMiC rules may answer differently for this
    case, and the dates only known to within a few days (found by subtracting months).

    A superset is harmless (one more derivation); a missing date would leave a week
    stale, which the test against deriving every week would catch. Out of scope on the
    run date (``first``), only turning adult by the ``last`` day can change that.
    """
    s = settings
    found = []
    adult = add_months(case.date_of_birth, 12 * s.adult_age) if case.date_of_birth else None
    if adult:
        found.append(adult)
    rough: list[date] = []
    if not first.in_scope and not (adult and run_date < adult <= last + WEEK):
        return found, rough
    found += [
        day
        for day in (case.sentence_start, case.ted, case.thd, case.ped, case.ard, case.crd)
        if day is not None
    ]
    if case.sentence_start:
        found.append(case.sentence_start + timedelta(weeks=s.points_start_weeks))
        found.append(case.sentence_start + timedelta(days=s.com_overdue_days))
    erds = {earliest_release_date(case, run_date)}
    if case.sentence_type is SentenceType.INDETERMINATE:  # the ERD moves as TED, THD pass
        erds |= {case.ted, case.thd}
    for erd in erds:
        handover, _ = handover_date(case, erd, s) if erd else (None, "")
        if handover is not None:
            found += [handover, handover_start_date(case, handover)]
            found.append(handover + timedelta(days=s.com_overdue_days))
    hearing = _hearing(case)
    if hearing:
        rough.append(minus(hearing, s.points_parole_months))
    if case.thd:
        rough.append(minus(case.thd, s.isp_thd_far_months))
    return found, rough


def _hearing(case: Case) -> date | None:
    """The parole hearing the points rules look at: THD for an ISP, else the PED."""
    return case.thd if case.sentence_type is SentenceType.INDETERMINATE else case.ped


def weeks_to_derive(
    marks: Sequence[date], run_date: date, weeks: int, before: int = 0, after: int = 1
) -> set[int]:
    """Weeks 1..N whose seven days meet a date's span (``before`` it to ``after`` it)."""
    found: set[int] = set()
    base, last = run_date.toordinal(), 7 * weeks + before
    for day in marks:
        offset = day.toordinal() - base
        if offset + after <= 0 or offset > last:
            continue
        # week k holds the days 7(k-1)+1 .. 7k after the run date
        low = max(1, -(-(offset - before) // 7))
        high = min(weeks, -(-(offset + after) // 7))
        found.update(range(low, high + 1))
    return found


def with_com(case: Case, com: str | None) -> Case:
    """The case as the forecast sees it: its COM is the allocation's (so needs-a-COM is)."""
    return case if case.current_com == com else replace(case, current_com=com)


def timeline(
    case: Case,
    pom: str | None,
    com: str | None,
    datas: Sequence[ProblemData],
    first: Derivation | None = None,
    every_week: bool = False,
    days: Sequence[date] = (),
) -> Timeline:
    """The case's state in week 0 and in every later week where it changes, with its events.

    ``case`` already carries the forecast's COM (``with_com``); ``first`` is its
    derivation on the run date when known; ``every_week`` derives every week (the test
    of the skipping); ``days`` are the datas' run dates, when the caller has them.
    """
    days = days or [d.run_date for d in datas]
    weeks = len(days) - 1
    run_date, settings = days[0], datas[0].settings
    d = first or derive(case, datas[0])
    current = snapshot(d)
    changes: list[tuple[int, Snapshot]] = [(0, current)]
    events: list[Event] = []
    out, how = release_date(case, run_date)
    out_week = _week_of(out, days) if out and out > run_date else None
    todo = set(range(1, weeks + 1)) if every_week else None
    if todo is None:
        exact, rough = anchors(case, d, run_date, settings, days[-1])
        todo = weeks_to_derive(exact, run_date, weeks)
        todo |= weeks_to_derive(rough, run_date, weeks, MARGIN_DAYS, MARGIN_DAYS)
    if out_week is not None:
        todo = {k for k in todo if k < out_week} | {out_week}
    hearing = _hearing(case)
    for k in sorted(todo):
        if k == out_week:
            if current.held:
                events.append(_event(case, pom, com, k, how, out))
                changes.append((k, GONE))
            break
        d = derive(case, datas[k])
        now = snapshot(d)
        if hearing and now.held and days[k - 1] < hearing <= days[k]:
            events.append(_event(case, pom, com, k, PAROLE_HEARING, hearing))
        if now != current:
            events += _changed(case, pom, com, k, current, now, d)
            changes.append((k, now))
            current = now
    return Timeline(case, pom, com, tuple(changes), tuple(events))


def _week_of(day: date, days: Sequence[date]) -> int | None:
    """The week whose seven days hold ``day`` (None: after the last week)."""
    k = -(-(day - days[0]).days // 7)
    return k if k < len(days) else None


def _changed(
    case: Case,
    pom: str | None,
    com: str | None,
    week: int,
    before: Snapshot,
    now: Snapshot,
    d: Derivation,
) -> list[Event]:
    """The events that explain a change of a case's snapshot."""
    handover = d.handover
    start = handover.start_date if handover else None
    due = handover.handover_date if handover else None
    found: list[tuple[str, date | None]] = []
    if now.held and not before.held:
        found.append((IN_SCOPE, None))
    elif now.held and now.state is not before.state:
        if now.state is Responsibility.POM_COM:
            found.append((HANDOVER_START, start))
        elif now.state is Responsibility.COM:
            found.append((HANDOVER, due))
        else:
            found.append((BACK_TO_POM, None))
    if before.assessing and not now.assessing and now.held:
        found.append((ASSESSMENT_END, None))
    if now.parole and not before.parole:
        found.append((PAROLE_WINDOW, _hearing(case)))
    if now.overdue and not before.overdue:
        found.append((COM_OVERDUE, due))
    return [_event(case, pom, com, week, kind, day, start=start, due=due) for kind, day in found]


def _event(
    case: Case,
    pom: str | None,
    com: str | None,
    week: int,
    kind: str,
    day: date | None,
    start: date | None = None,
    due: date | None = None,
) -> Event:
    """One case event."""
    return Event(
        week=week,
        kind=kind,
        prison=case.prison,
        case_id=case.case_id,
        ldu=case.ldu or "",
        pom=pom,
        com=com,
        day=day,
        handover_start=start,
        handover_date=due,
    )


def event_text(counts: dict[str, int], kinds: Sequence[str] = tuple(EVENT_NAMES)) -> str:
    """``3 handover uplifts, 2 parole hearings due`` (the kinds with a count, in order)."""
    if not counts:
        return ""
    parts = []
    for kind in kinds:
        n = counts.get(kind, 0)
        if n:
            one, many = EVENT_NAMES[kind]
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
