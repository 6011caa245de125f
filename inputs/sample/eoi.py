"""A realistic expression-of-interest round for a sample division: Posts, Interests, LDUs.

Built from the rows of the other sample sheets, from its own random stream, so the
rest of the sample is the same with or without it. Posts follow each prison's
population; officers (active or unavailable PO COMs of the division's LDUs) name
one to three prisons, mostly in their own region and with popular prisons (open,
category C) drawing more interest than high-security and young-adult ones, so some
prisons are oversubscribed and others under. Most prisons go live in the coming
months; one in ten already has, with posts left from an earlier round. Most
prisons whose SPO teams lack room for the posts add an SPO post for go-live (the
only change to the other sheets: new rows in SPOs). A few LDUs are already below
their minimum staffing or carry vacancies over the fair-share limit, so they cannot
give up anyone.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Any

from allocator.domain.dates import add_months
from inputs import schema
from inputs.sample.data import PRISONS, PrisonSpec
from inputs.sample.staff import person

Rows = list[dict[str, Any]]
_POPULARITY = {"L": 1.0, "C": 1.3, "O": 1.7, "H": 0.35, "F": 1.0, "Y": 0.5}
_SAME_REGION = 6.0  # how much likelier a prison in the officer's own region is
_CHOICES = (1, 2, 3)
_CHOICE_WEIGHTS = (0.4, 0.35, 0.25)
_PRISON_SPAN = 14.0  # the default prison span limit (the sample's Settings keep it)


def eoi_round(
    sheets: dict[str, Rows], seed: int, run_date: date, officers: int | None = None
) -> dict[str, Rows]:
    """The Posts, Interests and LDUs sheets of one EOI round, and SPO rows to add.

    Parameters
    ----------
    sheets
        The other sample sheets (Prisons, Staff, SPOs).
    seed
        Seed of the round's own random stream.
    run_date
        Go-live dates are drawn around it.
    officers
        How many officers express interest (default: about 1.4 per FTE of posts, at most
        the probation officers there are).
    """
    rng = random.Random(f"{seed}:eoi")
    specs = {spec.code: spec for spec in PRISONS}
    prisons = [specs[row["prison"]] for row in sheets[schema.PRISONS.name]]
    posts = [_post(spec, rng, run_date) for spec in prisons]
    pool = [
        row
        for row in sheets[schema.STAFF.name]
        if row["role"] == "COM" and row["grade"] == "PO" and row["status"] != "inactive"
    ]
    wanted = officers if officers is not None else round(1.4 * sum(p["posts_fte"] for p in posts))
    chosen = rng.sample(pool, min(wanted, len(pool)))
    attraction = {spec.code: _POPULARITY[spec.profile] * rng.uniform(0.5, 1.5) for spec in prisons}
    scored = {spec.code: rng.random() < 0.7 for spec in prisons}  # a selection panel sat
    interests: Rows = []
    for row in sorted(chosen, key=lambda r: r["staff_id"]):
        interests += _interests(row, prisons, attraction, scored, rng)
    return {
        schema.SPOS.name: _new_spos(sheets, posts, rng),
        schema.POSTS.name: posts,
        schema.INTERESTS.name: interests,
        schema.LDUS.name: _ldus(sheets[schema.STAFF.name], rng),
    }


def _new_spos(sheets: dict[str, Rows], posts: Rows, rng: random.Random) -> Rows:
    """SPO posts that most prisons create for go-live where their teams lack room.

    The rest keep their teams, so some posts stay blocked by the span limit.
    """
    team_fte: dict[str, float] = defaultdict(float)
    for row in sheets[schema.STAFF.name]:
        if row["spo"]:
            team_fte[row["spo"]] += row["fte"]
    room: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for spo in sheets[schema.SPOS.name]:
        limit = spo["span_limit_fte"] or _PRISON_SPAN
        room[spo["location"]] += max(0.0, limit - team_fte[spo["spo_id"]])
        count[spo["location"]] += 1
    rows = []
    for post in posts:
        code = post["prison"]
        if room[code] < post["posts_fte"] and rng.random() < 0.7:
            number = count[code] + 1
            spo_id = f"{code}-S{number:02d}"
            rows.append(
                {
                    "spo_id": spo_id,
                    "name": person(rng),
                    "location": code,
                    "fte": 1.0,
                    "span_limit_fte": None,
                }
            )
    return rows


def _post(spec: PrisonSpec, rng: random.Random, run_date: date) -> dict[str, Any]:
    """A prison's posts (in half posts, at least one) and go-live date."""
    fte = max(1.0, round(spec.population / 350 * rng.uniform(0.6, 1.3) * 2) / 2)
    if rng.random() < 0.1:
        go_live = add_months(run_date.replace(day=1), -rng.randint(1, 3))  # live already
    else:
        go_live = add_months(run_date.replace(day=1), rng.randint(3, 9))
    return {"prison": spec.code, "posts_fte": fte, "go_live_date": go_live}


def _interests(
    officer: dict[str, Any],
    prisons: list[PrisonSpec],
    attraction: dict[str, float],
    scored: dict[str, bool],
    rng: random.Random,
) -> Rows:
    """One officer's choices, in preference order, with a panel score where one sat."""
    region = officer["location"].rstrip("0123456789")
    weights = [attraction[p.code] * (_SAME_REGION if p.region == region else 1.0) for p in prisons]
    count = min(len(prisons), rng.choices(_CHOICES, _CHOICE_WEIGHTS)[0])
    options, picked = list(prisons), []
    for _ in range(count):
        spec = rng.choices(options, weights)[0]
        index = options.index(spec)
        options.pop(index)
        weights.pop(index)
        picked.append(spec)
    merit = rng.gauss(70, 10)
    return [
        {
            "staff_id": officer["staff_id"],
            "prison": spec.code,
            "preference": rank,
            "selection_score": round(min(100, max(30, merit + rng.gauss(0, 4))))
            if scored[spec.code]
            else None,
        }
        for rank, spec in enumerate(picked, start=1)
    ]


def _ldus(staff: Rows, rng: random.Random) -> Rows:
    """Each LDU's minimum staffing, leaver limit and vacancies; a few already short."""
    in_post: dict[str, float] = defaultdict(float)
    for row in staff:
        if row["role"] == "COM" and row["status"] != "inactive":
            in_post[row["location"]] += row["fte"]
    rows = []
    for ldu in sorted(in_post):
        before = in_post[ldu]
        short = rng.random() < 0.1
        ratio = rng.uniform(1.02, 1.08) if short else rng.uniform(0.78, 0.88)
        rate = rng.uniform(0.22, 0.3) if rng.random() < 0.1 else rng.uniform(0.0, 0.1)
        rows.append(
            {
                "ldu": ldu,
                "min_fte": round(before * ratio, 1),
                "max_leavers": rng.choice((1, 2)) if rng.random() < 0.3 else None,
                "vacancy_fte": round(before * rate / (1 - rate), 1),
            }
        )
    return rows
