"""The synthetic sample: deterministic, valid for the reader, and realistic in its mix."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

import inputs
from allocator.domain.enums import Estate, Grade, Responsibility, Role, Status
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Severity
from inputs.sample.data import PRISONS, REGION_LDUS
from inputs.sample.generate import SampleSummary, Shape, generate
from reports.sample import write_sample

RUN = date(2025, 3, 31)
Sheets = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def sheets() -> Sheets:
    """Eight prisons: a local, women's, open, high-security, Welsh and young-adult prison."""
    return generate(8, seed=3, run_date=RUN)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[SampleSummary, inputs.ReadResult]:
    """The same eight prisons written to a workbook and read back."""
    path = tmp_path_factory.mktemp("sample") / "sample.xlsx"
    summary = write_sample(path, prisons=8, seed=3, run_date=RUN)
    return summary, inputs.read(path)


@pytest.fixture(scope="module")
def data(written: tuple[SampleSummary, inputs.ReadResult]) -> ProblemData:
    """The problem data read from the workbook."""
    assert written[1].data is not None
    return written[1].data


@pytest.fixture(scope="module")
def derived(data: ProblemData) -> dict[str, Derivation]:
    """The OMiC derivation of every case, by case id."""
    return {d.case_id: d for d in derive_all(data)}


def share(rows: list[dict[str, Any]], test: Any) -> float:
    """The share of rows for which ``test(row)`` holds."""
    return sum(1 for row in rows if test(row)) / len(rows)


# Determinism and scale


def test_same_arguments_give_identical_rows() -> None:
    assert generate(2, seed=5, run_date=RUN) == generate(2, seed=5, run_date=RUN)


def test_another_seed_gives_other_rows() -> None:
    assert generate(1, seed=5, run_date=RUN) != generate(1, seed=6, run_date=RUN)


def test_one_prison_is_a_male_local_of_1200() -> None:
    one = generate(1, seed=1, run_date=RUN)
    assert one["Prisons"][0]["estate"] == "male_closed"
    assert one["Prisons"][0]["name"].startswith("HMP ")
    assert len(one["Cases"]) == 1200
    # Its cases come from the LDUs of its own region only.
    assert {row["location"] for row in one["Staff"] if row["role"] == "COM"} == set(
        REGION_LDUS[PRISONS[0].region]
    )


def test_counts_scale_with_the_number_of_prisons(sheets: Sheets) -> None:
    one = generate(1, seed=3, run_date=RUN)
    assert len(sheets["Prisons"]) == 8
    assert len(sheets["Cases"]) == sum(spec.population for spec in PRISONS[:8])
    assert len(sheets["Staff"]) > 3 * len(one["Staff"])
    assert len(sheets["SPOs"]) > len(one["SPOs"])
    coms = {row["location"] for row in sheets["Staff"] if row["role"] == "COM"}
    assert 4 < len(coms) < 40  # LDUs are shared: fewer than the national 40


def test_the_first_prison_does_not_depend_on_how_many_follow(sheets: Sheets) -> None:
    one = generate(1, seed=3, run_date=RUN)
    first = [row for row in sheets["Cases"] if row["prison"] == PRISONS[0].code]
    assert [row["case_id"] for row in first] == [row["case_id"] for row in one["Cases"]]

    def local_pom(row: dict[str, Any]) -> str | None:
        """Transfers in may name a POM of another prison, when there is one."""
        pom = row["current_pom"]
        return pom if pom and pom.startswith(row["prison"]) else None

    assert [local_pom(row) for row in first] == [local_pom(row) for row in one["Cases"]]


@pytest.mark.parametrize("prisons", [0, len(PRISONS) + 1])
def test_prisons_out_of_range_are_refused(prisons: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 124"):
        generate(prisons, seed=1, run_date=RUN)


# The fixed prison list


def test_the_prison_list_matches_the_public_scale_figures() -> None:
    estates = Counter(spec.estate for spec in PRISONS)
    assert len(PRISONS) == 124
    assert sum(spec.population for spec in PRISONS) == 88_500
    assert estates[Estate.FEMALE] == 12
    assert sum(s.population for s in PRISONS if s.estate is Estate.FEMALE) == 3_600
    assert estates[Estate.MALE_OPEN] == 13
    assert estates[Estate.HIGH_SECURITY] == 5
    assert sum(spec.contracted_out for spec in PRISONS) == 11
    assert sum(spec.country == "wales" for spec in PRISONS) == 6
    assert sum(len(ldus) for ldus in REGION_LDUS.values()) == 40


def test_prison_codes_are_three_unique_letters() -> None:
    codes = [spec.code for spec in PRISONS]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert len({spec.name for spec in PRISONS}) == len(PRISONS)


def test_ten_prisons_are_already_representative() -> None:
    first = PRISONS[:10]
    assert set(Estate) <= {spec.estate for spec in first}
    assert any(spec.contracted_out for spec in first)
    assert any(spec.country == "wales" for spec in first)


# The workbook reads cleanly


def test_the_workbook_reads_without_problems(
    written: tuple[SampleSummary, inputs.ReadResult],
) -> None:
    summary, result = written
    assert result.ok
    assert result.count(Severity.ERROR) == 0
    assert len(result.problems) <= 5, [str(p) for p in result.problems]
    assert result.data is not None
    assert summary.cases == len(result.data.cases)
    assert summary.staff == len(result.data.staff) == summary.poms + summary.coms
    assert summary.spos == len(result.data.spos)
    assert summary.prisons == len(result.data.prisons) == 8


def test_the_settings_sheet_sets_the_run_date(data: ProblemData) -> None:
    assert data.settings.run_date == RUN


def test_case_ids_look_like_prison_numbers(sheets: Sheets) -> None:
    ids = [row["case_id"] for row in sheets["Cases"]]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[AG]\d{4}[A-Z]{2}", case_id) for case_id in ids)


def test_staff_are_valid_and_managed(sheets: Sheets) -> None:
    spos = {row["spo_id"] for row in sheets["SPOs"]}
    prisons = {row["prison"] for row in sheets["Prisons"]}
    for row in sheets["Staff"]:
        assert row["spo"] in spos
        assert 0.1 <= row["fte"] <= 1.0 and round(row["fte"] * 10) == row["fte"] * 10
        assert (row["location"] in prisons) == (row["role"] == "POM")


# Realistic mix


def test_the_sentence_mix_is_realistic(sheets: Sheets) -> None:
    cases = sheets["Cases"]
    kinds = Counter(row["sentence_type"] for row in cases)
    assert 0.05 < kinds["remand"] / len(cases) < 0.2
    assert 0.05 < kinds["indeterminate"] / len(cases) < 0.2
    assert kinds["immigration"] > 0 and kinds["civil"] > 0
    assert 0.05 < share(cases, lambda row: row["recall"]) < 0.2


def test_tiers_and_risk_are_realistic(sheets: Sheets) -> None:
    assessed = [row for row in sheets["Cases"] if row["tier"]]
    tiers = Counter(row["tier"] for row in assessed)
    assert 0.01 < tiers["A"] / len(assessed) < 0.1
    assert 0.15 < tiers["B"] / len(assessed) < 0.35
    assert 0.3 < tiers["C"] / len(assessed) < 0.5
    assert 0.2 < tiers["D"] / len(assessed) < 0.4
    assert 0.15 < share(assessed, lambda row: row["rosh"] == "high") < 0.35
    assert 0.01 < share(assessed, lambda row: row["rosh"] == "very high") < 0.06
    mappa = Counter(row["mappa_level"] for row in assessed)
    assert mappa[None] + mappa[1] > 0.85 * len(assessed)
    assert mappa[2] > 0 and mappa[3] > 0


def test_release_dates_follow_the_sentence_start(sheets: Sheets) -> None:
    for row in sheets["Cases"]:
        start = row["sentence_start"]
        if start is None:
            assert row["sentence_type"] in ("remand", "civil", "immigration")
            continue
        assert start <= RUN
        assert row["date_of_birth"] < start
        for column in ("ard", "crd", "ped", "ted", "thd", "open_conditions_date"):
            assert row[column] is None or row[column] > start


def test_indeterminate_sentences_have_tariff_and_parole_detail(sheets: Sheets) -> None:
    isps = [row for row in sheets["Cases"] if row["sentence_type"] == "indeterminate"]
    assert all(row["ted"] for row in isps)
    assert any(row["thd"] for row in isps)
    assert any(row["parole_outcome"] == "not release" for row in isps)
    assert any(row["open_conditions_date"] for row in isps)


def test_only_the_womens_estate_has_complexity(data: ProblemData) -> None:
    for case in data.cases:
        women = data.prison(case.prison).estate is Estate.FEMALE
        sentenced = case.sentence_type not in ("remand", "civil")
        assert (case.complexity is not None) == (women and sentenced)


def test_nearly_everyone_is_an_adult(data: ProblemData, derived: dict[str, Derivation]) -> None:
    minors = [d for d in derived.values() if "under 18" in d.scope_reason]
    assert len(minors) < 0.01 * len(data.cases)
    for d in minors:
        assert data.prison(d.prison).estate is Estate.YOUNG_ADULT


def test_sentenced_cases_have_a_home_ldu(data: ProblemData) -> None:
    for case in data.cases:
        assert (case.ldu is not None) == (case.sentence_type not in ("remand", "civil"))


# Allocations and staff


def test_most_cases_in_scope_have_a_pom_of_the_recommended_kind(
    data: ProblemData, derived: dict[str, Derivation]
) -> None:
    in_scope = [c for c in data.cases if derived[c.case_id].in_scope]
    held = [c for c in in_scope if c.current_pom]
    assert 0.85 < len(held) / len(in_scope) < 0.99
    staff = data.staff_by_id
    local = [c for c in held if staff[c.current_pom or ""].location == c.prison]
    assert len(local) > 0.97 * len(held)
    matching = sum(
        1
        for c in local
        if (staff[c.current_pom or ""].grade is Grade.PO)
        == (derived[c.case_id].recommended_pom_type == "probation")
    )
    assert matching > 0.85 * len(local)


def test_new_arrivals_have_no_pom(data: ProblemData, derived: dict[str, Derivation]) -> None:
    recent = [
        c
        for c in data.cases
        if derived[c.case_id].in_scope
        and c.sentence_start
        and c.sentence_start > RUN - timedelta(days=14)
    ]
    assert recent
    assert all(c.current_pom is None for c in recent)


def test_out_of_scope_cases_have_no_pom(data: ProblemData, derived: dict[str, Derivation]) -> None:
    out = [c for c in data.cases if not derived[c.case_id].in_scope]
    assert any(c.sentence_type == "remand" for c in out)
    assert all(c.current_pom is None and c.current_com is None for c in out)


def test_inactive_staff_still_hold_cases(data: ProblemData) -> None:
    inactive = {s.staff_id for s in data.staff if s.status is Status.INACTIVE}
    assert inactive
    assert any(c.current_pom in inactive for c in data.cases)
    assert any(s.status is Status.UNAVAILABLE for s in data.staff)


def test_cases_past_handover_mostly_have_a_com(
    data: ProblemData, derived: dict[str, Derivation]
) -> None:
    com_led = [c for c in data.cases if derived[c.case_id].responsibility is Responsibility.COM]
    with_com = [c for c in com_led if c.current_com]
    assert 0.85 < len(with_com) / len(com_led) < 1
    for case in with_com:
        assert data.staff_by_id[case.current_com or ""].location == case.ldu


def test_a_few_special_cases_are_present(data: ProblemData) -> None:
    cases = data.cases
    assert any(c.excluded_staff for c in cases)
    assert any(c.pinned for c in cases)
    assert any(c.responsibility_override for c in cases)
    assert any(c.early_allocation and c.mappa_level == 3 for c in cases)
    assert sum(bool(c.previous_poms) for c in cases) > 0.05 * len(cases)


def test_poms_are_half_probation_and_some_part_time(data: ProblemData) -> None:
    poms = [s for s in data.staff if s.role is Role.POM]
    grades = Counter(s.grade for s in poms)
    assert set(grades) == {Grade.PO, Grade.PRO}
    assert 0.35 < grades[Grade.PO] / len(poms) < 0.65
    assert any(s.fte < 1 for s in poms)
    coms = [s for s in data.staff if s.role is Role.COM]
    assert {s.grade for s in coms} == {Grade.PO, Grade.PSO, Grade.PQIP}
    assert sum(s.other_points > 0 for s in coms) > 0.9 * len(coms)  # community caseload


def test_pom_capacity_matches_the_workload(
    data: ProblemData, derived: dict[str, Derivation]
) -> None:
    settings = data.settings
    points = sum(derived[c.case_id].points for c in data.cases if c.current_pom)
    capacity = sum(
        settings.pom_points_per_fte * s.fte - s.reduction_hours * settings.pom_points_per_fte / 37.5
        for s in data.staff
        if s.role is Role.POM
    )
    cases = sum(1 for c in data.cases if c.current_pom)
    case_cap = sum(settings.po_cases_per_fte * s.fte for s in data.staff if s.role is Role.POM)
    # Probation POMs run out of points, prison-officer POMs out of cases: the busier measure.
    assert 0.75 < max(points / capacity, cases / case_cap) < 1.15


def test_spo_teams_are_about_the_span_limit(data: ProblemData) -> None:
    team_fte: dict[str, float] = {}
    for member in data.staff:
        team_fte[member.spo or ""] = team_fte.get(member.spo or "", 0.0) + member.fte
    assert max(team_fte.values()) < 25
    assert sum(team_fte.values()) / len(data.spos) < 14


def test_a_stretched_shape_has_fewer_ldus_more_com_decisions_and_staff_over_capacity(
    sheets: Sheets,
) -> None:
    stretched = generate(8, seed=3, run_date=RUN, shape=Shape(2, 50.0, 80.0))

    def com_ldus(rows: Sheets) -> set[str]:
        return {r["location"] for r in rows["Staff"] if r["role"] == str(Role.COM)}

    def without_com(rows: Sheets) -> int:
        return sum(1 for r in rows["Cases"] if r["ldu"] and not r["current_com"])

    def poms(rows: Sheets) -> int:
        return sum(1 for r in rows["Staff"] if r["role"] == str(Role.POM))

    assert len(com_ldus(stretched)) == 2 < len(com_ldus(sheets))
    # Every case's home LDU is one of the merged ones, which keep their first code.
    assert {r["ldu"] for r in stretched["Cases"] if r["ldu"]} <= com_ldus(stretched)
    assert without_com(stretched) > without_com(sheets)
    assert poms(stretched) < poms(sheets)
    assert len(stretched["Cases"]) == len(sheets["Cases"])  # the same people, held alike


def test_the_default_shape_is_the_sample_as_before(sheets: Sheets) -> None:
    assert generate(8, seed=3, run_date=RUN, shape=Shape()) == sheets
