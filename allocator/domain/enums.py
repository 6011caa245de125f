"""Enumerated values of the workbook contract, with their canonical spellings."""

from __future__ import annotations

from enum import StrEnum


class SentenceType(StrEnum):
    """How a person is held."""

    DETERMINATE = "determinate"
    INDETERMINATE = "indeterminate"
    IMMIGRATION = "immigration"
    REMAND = "remand"
    CIVIL = "civil"


class Tier(StrEnum):
    """Case tier, A (most intensive) to D."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class TierModel(StrEnum):
    """Which tier codes a workbook uses (``auto``: decided from the codes themselves)."""

    AUTO = "auto"
    LETTERS = "a_d"  # A, B, C, D
    SUB_TIERS = "a0_d3"  # a letter and a digit, A3 ... D0, with an optional S suffix
    SINGLE_AXIS = "a_g"  # the single-axis model introduced from 2026: A ... G


class TierLetter(StrEnum):
    """A letter of the single-axis A-G tier model."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"


class Rosh(StrEnum):
    """Risk of serious harm."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


HIGH_ROSH = frozenset({Rosh.HIGH, Rosh.VERY_HIGH})


class ParoleOutcome(StrEnum):
    """Latest parole review outcome."""

    RELEASE = "release"
    NOT_RELEASE = "not release"


class Complexity(StrEnum):
    """Women's estate complexity of need."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Override(StrEnum):
    """A recorded manual responsibility decision."""

    POM = "pom"
    COM = "com"


class Role(StrEnum):
    """Whether a staff member works in a prison or in the community."""

    POM = "POM"
    COM = "COM"


class Grade(StrEnum):
    """Staff grade; only PO is probation-qualified."""

    PO = "PO"
    PSO = "PSO"
    PQIP = "PQiP"
    PRO = "PRO"


class Status(StrEnum):
    """Staff availability."""

    ACTIVE = "active"
    UNAVAILABLE = "unavailable"
    INACTIVE = "inactive"


class Estate(StrEnum):
    """Kind of prison."""

    MALE_CLOSED = "male_closed"
    MALE_OPEN = "male_open"
    FEMALE = "female"
    HIGH_SECURITY = "high_security"
    YOUNG_ADULT = "young_adult"


class Country(StrEnum):
    """Country of a prison."""

    ENGLAND = "england"
    WALES = "wales"


class Responsibility(StrEnum):
    """Who leads the case on the run date."""

    POM = "POM"
    POM_COM = "POM+COM"
    COM = "COM"


class PomType(StrEnum):
    """Recommended kind of POM."""

    PROBATION = "probation"
    PRISON = "prison"


class RuleMode(StrEnum):
    """How a configurable rule is enforced."""

    HARD = "hard"
    SOFT = "soft"
    OFF = "off"


class RecommendationMode(StrEnum):
    """Which recommendation scheme applies."""

    TIER = "tier"
    ROSH = "rosh"


class Switch(StrEnum):
    """An option that is on or off."""

    ON = "on"
    OFF = "off"
