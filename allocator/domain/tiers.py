"""Tier codes and tier models: what a tier means for the recommendation and for workload.

Three models are in use (setting ``tier_model``):

- ``a_d``: a letter, A (most intensive) to D;
- ``a0_d3``: a letter and a digit, ``A3`` ... ``D0`` (letter = risk of harm, digit = likelihood
  of reoffending and needs, 3 highest), with an optional ``S`` suffix (``B2S``: no supervision
  after the two-thirds point);
- ``a_g``: the single-axis model introduced from 2026, A to G.

A case keeps its tier as given (``B2S``); the rules read its *band*, the A-D letter whose
settings apply (the letter itself in ``a_d`` and ``a0_d3``, ``A_G_BAND`` in ``a_g``). The
tables below are documented in the README and are the only tier numbers in the code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from allocator.domain.enums import TierModel

#: Custody points of each sub-tier in the workload model's published seed data. A sub-tier
#: carries its letter's points setting scaled by ``seed / seed of digit 3`` (so A2 = 75 x 60
#: / 75 = 60 with the defaults): digit 0 carries nothing, digits 1 and 2 about 80 %.
SUB_TIER_SEED_POINTS: dict[str, int] = {
    "A3": 75,
    "A2": 60,
    "A1": 59,
    "A0": 0,
    "B3": 59,
    "B2": 48,
    "B1": 47,
    "B0": 0,
    "C3": 30,
    "C2": 24,
    "C1": 23,
    "C0": 0,
    "D3": 17,
    "D2": 14,
    "D1": 13,
    "D0": 0,
}

#: The A-D band whose points settings an A-G tier carries (a documented starting point).
A_G_BAND: dict[str, str] = {"A": "A", "B": "B", "C": "B", "D": "C", "E": "C", "F": "D", "G": "D"}

MODEL_NAMES: dict[TierModel, str] = {
    TierModel.LETTERS: "A-D letters",
    TierModel.SUB_TIERS: "A0-D3 sub-tiers",
    TierModel.SINGLE_AXIS: "A-G single axis",
}

_CODE = re.compile(r"^(?:TIER)?([A-G])([0-3])?(S)?$")


def normalise(text: str) -> str | None:
    """The tier code of a cell ('b2 s' -> 'B2S', 'Tier C' -> 'C'), None when not a tier."""
    key = re.sub(r"[\s_\-:]", "", text.upper())
    match = _CODE.match(key)
    if match is None:
        return None
    letter, digit, suffix = match.groups()
    if (digit is None and suffix) or (digit is not None and letter > "D"):
        return None  # S only follows a sub-tier; digits only go with A-D
    return key.removeprefix("TIER")


def model_of(code: str) -> TierModel | None:
    """The model a code can only belong to (None for a bare A-D letter: A-D or A-G)."""
    if len(code) > 1:
        return TierModel.SUB_TIERS
    if code > "D":
        return TierModel.SINGLE_AXIS
    return None


def fits(code: str, model: TierModel) -> bool:
    """Whether a code belongs to a (resolved) model."""
    own = model_of(code)
    if model is TierModel.LETTERS:
        return own is None
    if model is TierModel.SINGLE_AXIS:
        return own in (None, TierModel.SINGLE_AXIS)
    return own is model


@dataclass(frozen=True, slots=True)
class Resolution:
    """The model of a workbook's tiers; ``mixed`` names the models found when they conflict."""

    model: TierModel
    mixed: tuple[TierModel, ...] = ()


def resolve(codes: Iterable[str], setting: TierModel) -> Resolution:
    """The tier model of a set of codes under the ``tier_model`` setting.

    ``auto``: sub-tiers when any code has a digit, A-G when any letter is E-G, else A-D.
    Sub-tier codes beside bare letters (or beside E-G) are mixed models.
    """
    if setting is not TierModel.AUTO:
        return Resolution(setting)
    seen = Counter(model_of(code) or TierModel.LETTERS for code in codes)
    if seen[TierModel.SUB_TIERS] and len(seen) > 1:
        return Resolution(TierModel.SUB_TIERS, tuple(seen))
    if seen[TierModel.SUB_TIERS]:
        return Resolution(TierModel.SUB_TIERS)
    if seen[TierModel.SINGLE_AXIS]:
        return Resolution(TierModel.SINGLE_AXIS)
    return Resolution(TierModel.LETTERS)


def band(code: str, model: TierModel) -> str:
    """The A-D letter whose settings apply to the code."""
    letter = code[0]
    if model is TierModel.SINGLE_AXIS or letter > "D":
        return A_G_BAND[letter]
    return letter


def is_s(code: str) -> bool:
    """A sub-tier with the S suffix (no supervision after the two-thirds point)."""
    return code.endswith("S") and len(code) == 3


def scaled_points(code: str, model: TierModel, letter_points: int, s_pct: int) -> int:
    """A case's points from its band's points setting (see ``SUB_TIER_SEED_POINTS``).

    Parameters
    ----------
    code
        The tier as given.
    model
        The workbook's tier model.
    letter_points
        The points setting of the code's band (e.g. ``pom_points_tier_b``).
    s_pct
        The ``s_tier_points_pct`` setting: an S case's share of its sub-tier's points.
    """
    if len(code) == 1:
        return letter_points
    sub = code[:2]
    seed, full = SUB_TIER_SEED_POINTS[sub], SUB_TIER_SEED_POINTS[sub[0] + "3"]
    share = s_pct if is_s(code) else 100
    # One rounding, half up: points x seed / full x share %.
    numerator, denominator = letter_points * seed * share, full * 100
    return (2 * numerator + denominator) // (2 * denominator)


def describe(code: str, model: TierModel) -> str:
    """How a tier is explained in a reason: 'tier B2', 'tier E (band C)'."""
    letter = band(code, model)
    suffix = " (no supervision after two-thirds)" if is_s(code) else ""
    if model is TierModel.SINGLE_AXIS and letter != code:
        return f"tier {code} (A-D band {letter})"
    return f"tier {code}{suffix}"


def sub_tier_table() -> str:
    """The README's table of custody points by sub-tier (the seed data)."""
    lines = ["| letter | digit 3 | digit 2 | digit 1 | digit 0 |", "|---|---|---|---|---|"]
    for letter in "ABCD":
        cells = " | ".join(str(SUB_TIER_SEED_POINTS[f"{letter}{d}"]) for d in "3210")
        lines.append(f"| {letter} | {cells} |")
    return "\n".join(lines) + "\n"


def a_g_table() -> str:
    """The README's table of the A-D band of each A-G tier."""
    header = "| A-G tier | " + " | ".join(A_G_BAND) + " |"
    rule = "|---|" + "---|" * len(A_G_BAND)
    return "\n".join([header, rule, "| A-D band | " + " | ".join(A_G_BAND.values()) + " |"]) + "\n"
