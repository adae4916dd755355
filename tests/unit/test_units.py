"""Units from minutes: the CMS 8-minute rule and the per-code rule (docs/BILLING.md, Units)."""

from __future__ import annotations

import pytest

from floortrack.billing.units import (
    calculate_units,
    chart_range,
    units_for_minutes,
)
from floortrack.model import SessionLine, ValidationError


def cms(*lines: str):
    return calculate_units(list(lines), "cms")


def per_code(*lines: str):
    return calculate_units(list(lines), "per-code")


# --- The CMS chart and every boundary ------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (1, 0),
        (7, 0),
        (8, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
        (82, 5),
        (83, 6),
        (97, 6),
        (98, 7),
        (112, 7),
        (113, 8),
        (127, 8),
        (128, 9),
        (142, 9),
        (143, 10),
    ],
)
def test_chart_boundaries_single_code(minutes: int, units: int) -> None:
    result = cms(f"97110:{minutes}")
    assert result.units == {"97110": units}
    assert result.total_units == units
    assert result.total_timed_minutes == minutes
    assert units_for_minutes(minutes) == units


@pytest.mark.parametrize("split", [(4, 4), (3, 5), (10, 12), (11, 12)])
def test_chart_boundaries_apply_to_the_day_total(split: tuple[int, int]) -> None:
    # 8 and 22/23 minutes across two codes behave like the total on the chart
    a, b = split
    result = cms(f"97110:{a}", f"97140:{b}")
    assert result.total_units == units_for_minutes(a + b)


def test_chart_range_reads_back() -> None:
    assert chart_range(1) == (8, 22)
    assert chart_range(3) == (38, 52)
    assert chart_range(8) == (113, 127)


# --- CMS manual worked examples ---------------------------------------------------------


def test_cms_example_b_60_minutes_of_97530_is_4_units() -> None:
    assert cms("97530:60").units == {"97530": 4}


def test_cms_example_b_untimed_code_is_one_unit_however_long() -> None:
    result = calculate_units(["92521:90"], "cms")
    assert result.units == {"92521": 1}
    assert result.total_units == 1 and result.timed_units == 0
    assert result.total_timed_minutes == 0
    assert any("untimed" in n and "90 minutes" in n for n in result.notes)


def test_cms_example_1_extra_unit_to_code_with_more_time() -> None:
    result = cms("97112:24", "97110:23")
    assert result.units == {"97112": 2, "97110": 1}
    assert result.total_units == 3
    assert result.total_timed_minutes == 47
    assert not result.ties


def test_cms_example_2_equal_times_is_a_flagged_tie() -> None:
    result = cms("97112:20", "97110:20")
    assert result.total_units == 3
    assert sorted(result.units.values()) == [1, 2]  # never 3 of one code
    assert len(result.ties) == 1
    tie = result.ties[0]
    assert set(tie.codes) == {"97112", "97110"}
    assert tie.extra_units == 1
    assert result.max_units("97112") == 2 and result.max_units("97110") == 2
    assert any("clinician" in n for n in result.notes)


def test_cms_example_3_leftover_compared_with_short_service() -> None:
    result = cms("97110:33", "97140:7")
    assert result.units == {"97110": 2, "97140": 1}
    assert not result.ties


def test_cms_example_4_ultrasound_gets_no_unit() -> None:
    result = cms("97110:18", "97140:13", "97116:10", "97035:8")
    assert result.units == {"97110": 1, "97140": 1, "97116": 1, "97035": 0}
    assert result.total_timed_minutes == 49
    assert result.total_units == 3
    assert any(n.startswith("97035 gets 0") for n in result.notes)


def test_cms_example_5_one_unit_of_any_one_code() -> None:
    result = cms("97112:7", "97110:7", "97140:7")
    assert result.total_units == 1
    assert sum(result.units.values()) == 1
    assert set(result.ties[0].codes) == {"97112", "97110", "97140"}
    assert all(result.max_units(c) == 1 for c in ("97112", "97110", "97140"))


# --- Other sourced cases ---------------------------------------------------------------


def test_a52758_example_1_is_a_tie_of_2_and_1() -> None:
    result = cms("97140:20", "97110:20")
    assert result.total_units == 3
    assert sorted(result.units.values()) == [1, 2]
    assert result.ties


def test_a52758_example_2_by_analogy_with_example_3() -> None:
    assert cms("97140:35", "97035:7").units == {"97140": 2, "97035": 1}


def test_ten_and_ten_minutes_is_one_unit_under_cms() -> None:
    result = cms("97110:10", "97112:10")
    assert result.total_units == 1
    assert result.ties  # which code gets it is the clinician's choice


def test_34_minutes_over_three_services_is_2_units() -> None:
    assert cms("97035:8", "97140:8", "97110:18").total_units == 2


# --- Ties never hide in a clear case -------------------------------------------------


def test_no_tie_when_all_extra_units_fit() -> None:
    # two codes with equal leftovers and two spare units: both get one, nothing to choose
    result = cms("97110:22", "97112:22")  # 44 min -> 3 units; full 1+1, spare 1 -> tie
    assert result.ties
    result = cms("97110:12", "97112:12")  # 24 min -> 2 units; both leftovers picked
    assert result.units == {"97110": 1, "97112": 1}
    assert not result.ties


# --- Repeats, untimed, missing minutes ----------------------------------------------


def test_repeated_code_minutes_are_merged() -> None:
    result = cms("97110:10", "97110:15")
    assert result.units == {"97110": 2}
    assert result.total_timed_minutes == 25
    assert any("added together" in n for n in result.notes)


def test_untimed_code_counts_one_and_its_minutes_do_not_pool() -> None:
    result = cms("97161:45", "97110:20")
    assert result.units == {"97161": 1, "97110": 1}
    assert result.total_timed_minutes == 20
    assert result.total_units == 2
    assert any("97161" in n and "do not count" in n for n in result.notes)


def test_untimed_code_without_minutes_counts_one() -> None:
    result = cms("G0283", "97010")
    assert result.units == {"G0283": 1, "97010": 1}
    assert result.total_timed_minutes == 0


def test_timed_code_without_minutes_gets_zero_and_a_note() -> None:
    result = cms("97140", "97110:30")
    assert result.units == {"97140": 0, "97110": 2}
    assert any("97140" in n and "no minutes" in n for n in result.notes)


def test_every_code_given_is_listed_in_first_given_order() -> None:
    result = cms("97140:10", "97161", "97110:30")
    assert list(result.units) == ["97140", "97161", "97110"]


def test_single_service_under_8_minutes_is_not_billed() -> None:
    result = cms("97110:7")
    assert result.units == {"97110": 0}
    assert result.total_units == 0
    assert "at least 8 minutes" in result.notes[0]


def test_unknown_therapy_code_with_minutes_is_treated_as_timed_with_a_note() -> None:
    result = cms("97599:30")
    assert result.units == {"97599": 2}
    assert any("not in floortrack's catalogue" in n for n in result.notes)


def test_a_non_therapy_code_with_minutes_is_never_pooled_into_therapy_units() -> None:
    # An office visit (99213) is not billed in 15-minute therapy units: 1 unit, and its
    # minutes do not join the therapy total (today it took 2 units and a tie with 97110).
    result = cms("99213:25", "97110:10")
    assert result.units == {"99213": 1, "97110": 1}
    assert result.ties == ()
    assert any("99213" in n and "not a 15-minute therapy code" in n for n in result.notes)


# --- Biofeedback: 90912 first 15 minutes, 90913 each further 15 (docs/BILLING.md) -------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("90912:7",), {"90912": 0}),
        (("90912:8",), {"90912": 1}),
        (("90912:22",), {"90912": 1}),
        (("90912:23",), {"90912": 1, "90913": 1}),
        (("90912:30",), {"90912": 1, "90913": 1}),
        (("90912:37",), {"90912": 1, "90913": 1}),
        (("90912:38",), {"90912": 1, "90913": 2}),
        (("90912:52",), {"90912": 1, "90913": 2}),
        (("90912:15", "90913:15"), {"90912": 1, "90913": 1}),
        (("90912:10", "90913:10"), {"90912": 1, "90913": 0}),
    ],
)
@pytest.mark.parametrize("method", ["cms", "per-code"])
def test_biofeedback_first_code_once_then_the_add_on(lines, expected, method) -> None:
    assert calculate_units(list(lines), method).units == expected


def test_biofeedback_is_not_pooled_with_other_therapy_minutes() -> None:
    result = cms("97110:20", "90912:30")
    assert result.units == {"97110": 1, "90912": 1, "90913": 1}


def test_the_add_on_alone_says_it_needs_90912() -> None:
    result = cms("90913:20")
    assert result.units == {"90913": 0, "90912": 1}
    assert any("never billable without 90912" in n for n in result.notes)


def test_lines_may_be_session_lines_or_pairs() -> None:
    result = calculate_units([SessionLine("97110", 20), ("97140", 20)])
    assert result.total_units == 3


def test_explanation_names_the_total_and_the_chart_range() -> None:
    result = cms("97110:33", "97140:7")
    assert result.notes[0].startswith("40 timed minutes = 3 units")
    assert "38-52" in result.notes[0]
    because = next(n for n in result.notes if n.startswith("97110 gets 2"))
    assert "fewer than the 7 left on 97140" in because


# --- Per-code method ----------------------------------------------------------------


def test_per_code_ten_minutes_is_one_unit() -> None:
    assert per_code("97110:10").units == {"97110": 1}


def test_per_code_ten_plus_ten_is_two_units_not_pooled() -> None:
    result = per_code("97110:10", "97116:10")
    assert result.units == {"97110": 1, "97116": 1}
    assert result.total_units == 2
    assert any("CMS" in n and "1 timed unit" in n for n in result.notes)


def test_per_code_cms_example_3_contrast() -> None:
    assert per_code("97110:33", "97140:7").units == {"97110": 2, "97140": 0}


@pytest.mark.parametrize(("minutes", "units"), [(7, 0), (8, 1), (22, 1), (23, 2), (38, 3)])
def test_per_code_boundaries(minutes: int, units: int) -> None:
    assert per_code(f"97112:{minutes}").units == {"97112": units}


def test_per_code_has_no_ties() -> None:
    assert not per_code("97112:20", "97110:20").ties


def test_per_code_untimed_counts_one() -> None:
    assert per_code("97150:45", "97110:8").units == {"97150": 1, "97110": 1}


# --- Output shape and errors ---------------------------------------------------------


def test_json_shape_matches_design() -> None:
    doc = cms("97110:33", "97140:7").to_json()
    assert doc["method"] == "cms"
    assert doc["total_timed_minutes"] == 40
    assert doc["total_units"] == 3
    assert doc["units"] == {"97110": 2, "97140": 1}
    assert isinstance(doc["notes"], list) and doc["notes"]


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValidationError):
        calculate_units(["97110:10"], "ama")


def test_bad_minutes_are_refused() -> None:
    with pytest.raises(ValidationError):
        calculate_units(["97110:abc"])


# --- Properties the CMS rules state, over many random days ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TIMED = ("97110", "97112", "97140", "97530", "97535", "97116")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=90), min_size=1, max_size=len(TIMED)))
def test_cms_allocation_obeys_the_manual(minutes: list[int]) -> None:
    lines = [f"{code}:{m}" for code, m in zip(TIMED, minutes, strict=False)]
    result = calculate_units(lines, "cms")
    total = sum(minutes)
    assert result.total_units == units_for_minutes(total)  # the total sets the count
    for code, m in zip(TIMED, minutes, strict=False):
        assert result.units[code] >= m // 15  # >=15 min -> >=1 unit, >=30 -> >=2 ...
        assert result.units[code] <= m // 15 + 1
