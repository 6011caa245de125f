"""The deployment problem with integer indices, ready for the model (no OR-Tools here).

Officers are the deployable staff with at least one interest that counts; each
option is one (officer, prison) pair they chose. LDUs are those listed in ``LDUs``
and those of the officers; teams are the SPO teams of the prisons with posts.
FTE is in hundredths, selection scores in tenths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allocator.domain.deploy_facts import (
    LduStaffing,
    Team,
    hundredths,
    ldu_staffing,
    officer_interests,
    plan_ldus,
    receiving_teams,
    score_units,
)
from allocator.domain.problem import ProblemData, Staff


@dataclass(frozen=True, slots=True)
class Option:
    """Officer ``officer`` could go to prison ``prison`` (indices), at this preference."""

    officer: int
    prison: int
    preference: int
    score: int  # tenths (blank = 0)
    raw_score: float | None


@dataclass
class Officer:
    """A deployable officer: FTE, LDU index and the indices of their options."""

    staff: Staff
    fte: int
    ldu: int
    options: list[int] = field(default_factory=list)


@dataclass
class PrisonSlot:
    """A prison with posts: FTE to fill, receiving teams, and the options naming it."""

    code: str
    posts: int
    teams: list[Team]
    options: list[int] = field(default_factory=list)


@dataclass
class DeployProblem:
    """Everything the deployment model needs, by index."""

    officers: list[Officer]
    prisons: list[PrisonSlot]
    ldus: list[LduStaffing]
    options: list[Option]
    ldu_officers: list[list[int]]  # LDU index -> officer indices

    @property
    def ranks(self) -> list[int]:
        """The distinct preferences named, best first."""
        return sorted({option.preference for option in self.options})


def prepare(data: ProblemData) -> DeployProblem:
    """The indexed problem of a workbook's Posts, Interests, LDUs, Staff and SPOs."""
    interests = officer_interests(data)
    ldu_codes = plan_ldus(data, interests)
    staffing = ldu_staffing(data, ldu_codes)
    teams = receiving_teams(data)
    prisons = [
        PrisonSlot(post.prison, hundredths(post.posts_fte), teams[post.prison])
        for post in data.posts
    ]
    prison_index = {slot.code: p for p, slot in enumerate(prisons)}
    ldu_index = {code: i for i, code in enumerate(ldu_codes)}
    problem = DeployProblem(
        [], prisons, [staffing[c] for c in ldu_codes], [], [[] for _ in ldu_codes]
    )
    for sid, rows in interests.items():
        member = data.staff_by_id[sid]
        o = len(problem.officers)
        officer = Officer(member, hundredths(member.fte), ldu_index[member.location])
        problem.officers.append(officer)
        problem.ldu_officers[officer.ldu].append(o)
        for interest in rows:
            p = prison_index[interest.prison]
            option = Option(
                o,
                p,
                interest.preference,
                score_units(interest.selection_score),
                interest.selection_score,
            )
            officer.options.append(len(problem.options))
            prisons[p].options.append(len(problem.options))
            problem.options.append(option)
    return problem
