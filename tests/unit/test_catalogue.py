"""The code catalogue: complete entries, forgiving lookup, helpful unknown answers, search."""

from __future__ import annotations

import re
import time

import pytest

from floortrack.billing import catalogue
from floortrack.billing.catalogue import all_entries, explain, is_timed, kind_of, lookup, search
from floortrack.model import CPT_RE, HCPCS_RE, ICD10_RE, MODIFIER_RE, RARC_RE

SOURCE_RE = re.compile(r"^SRC-[A-Z0-9][A-Z0-9-]*$")

# AMA descriptor fragments that must never appear: our text is our own wording.
AMA_PHRASES = (
    "therapeutic procedure, 1 or more areas",
    "each 15 minutes; therapeutic exercises to develop",
    "direct (one-on-one) patient contact",
)


def by_kind(kind: str) -> list[catalogue.Entry]:
    return [e for e in all_entries() if e.kind == kind]


def texts(entry: catalogue.Entry) -> list[str]:
    return [entry.title, entry.meaning, entry.typical_use, entry.next_step, *entry.pitfalls]


# --- Completeness -----------------------------------------------------------------------


def test_every_entry_is_complete() -> None:
    problems = []
    for e in all_entries():
        where = f"{e.kind} {e.code}"
        if not (e.code and e.title.strip() and e.meaning.strip()):
            problems.append(f"{where}: code, title and meaning are required")
        if not e.sources or not all(SOURCE_RE.match(s) for s in e.sources):
            problems.append(f"{where}: sources must be source ids like SRC-CPM5")
        for text in [*e.pitfalls, *e.use_instead]:
            if not text.strip():
                problems.append(f"{where}: empty string in a list")
        if len(e.title) > 70:
            problems.append(f"{where}: title should be a short plain name")
        if e.kind == "procedure":
            if not (CPT_RE.match(e.code) or HCPCS_RE.match(e.code)):
                problems.append(f"{where}: not a CPT/HCPCS shape")
            if e.timed is None or e.unit_minutes != (15 if e.timed else 0):
                problems.append(f"{where}: timed needs unit_minutes 15, untimed 0")
            if not e.typical_use.startswith("Typically"):
                problems.append(f"{where}: pelvic-floor use is unverified: start with 'Typically'")
            if not e.pitfalls:
                problems.append(f"{where}: needs at least one pitfall")
        elif e.kind == "modifier":
            if not MODIFIER_RE.match(e.code) or not e.pitfalls:
                problems.append(f"{where}: modifier shape / pitfalls")
        elif e.kind in ("group", "carc", "rarc"):
            if len(e.next_step.strip()) < 20:
                problems.append(f"{where}: needs a concrete next step")
            if e.kind == "rarc" and not RARC_RE.match(e.code):
                problems.append(f"{where}: not a RARC shape")
            if e.kind == "carc" and not re.fullmatch(r"[A-Z]?\d{1,3}|[A-Z]\d?", e.code):
                problems.append(f"{where}: not a CARC shape")
        elif e.kind == "diagnosis":
            if not ICD10_RE.match(e.code) or e.billable is None:
                problems.append(f"{where}: ICD-10 shape / billable flag")
            if e.billable is False and not e.use_instead:
                problems.append(f"{where}: a non-billable code must say what to use instead")
        for text in texts(e):
            if any(p in text.lower() for p in AMA_PHRASES):
                problems.append(f"{where}: looks like AMA descriptor text")
    assert problems == []


def test_every_source_has_a_name_people_can_read() -> None:
    for e in all_entries():
        for sid in e.sources:
            assert sid == "SRC-NONE" or sid in catalogue.SOURCE_NAMES, (e.code, sid)
        assert all(not n.startswith("SRC-") for n in e.source_names)


def test_no_duplicate_codes_within_a_kind() -> None:
    seen = [(e.kind, e.code) for e in all_entries()]
    assert len(seen) == len(set(seen))


def test_use_instead_codes_are_billable_where_catalogued() -> None:
    for e in by_kind("diagnosis"):
        for code in e.use_instead:
            other = lookup(code)
            assert other is None or other.billable, (e.code, code)


def test_coverage_required_by_the_brief() -> None:
    procedures = {e.code for e in by_kind("procedure")}
    required = {
        "97010", "97012", "97014", "97016", "97018", "97022", "97024", "97026", "97028",
        "97032", "97033", "97034", "97035", "97036", "97039", "97110", "97112", "97113",
        "97116", "97124", "97139", "97140", "97150", "97530", "97533", "97535", "97537",
        "97542", "97545", "97546", "97750", "97755", "97760", "97761", "97763", "97799",
        "97161", "97162", "97163", "97164", "90912", "90913", "90901", "G0283", "51784",
        "51785", "20560", "20561",
    }  # fmt: skip
    assert required <= procedures
    modifiers = {e.code for e in by_kind("modifier")}
    assert {"GP", "GO", "GN", "CQ", "KX", "59", "XE", "XS", "XP", "XU", "52", "GA", "GX",
            "25"} <= modifiers  # fmt: skip
    assert {e.code for e in by_kind("group")} == {"CO", "PR", "OA", "PI", "CR"}
    carcs = {e.code for e in by_kind("carc")}
    assert len(carcs) >= 30
    assert {"1", "2", "3", "4", "11", "16", "18", "22", "23", "27", "29", "31", "45", "50",
            "59", "96", "97", "109", "119", "146", "151", "167", "170", "185", "197", "198",
            "204", "236", "242", "253", "B7", "B9", "252", "272"} <= carcs  # fmt: skip
    assert {"N115", "N180", "N386", "M15", "M86", "MA130", "N130", "N362", "N640",
            "N122"} <= {e.code for e in by_kind("rarc")}  # fmt: skip
    assert len(by_kind("diagnosis")) >= 30


def test_timed_status_matches_domain_reference() -> None:
    for code in ("97110", "97112", "97140", "97530", "97535", "97032", "97033", "97035",
                 "97750", "97763", "90912", "90913", "97116", "97124"):  # fmt: skip
        assert is_timed(code) is True, code
    for code in ("97150", "97161", "97162", "97163", "97164", "97014", "G0283", "97010",
                 "90901", "51784", "20560", "20561"):  # fmt: skip
        assert is_timed(code) is False, code
    assert is_timed("CO-97") is None
    assert is_timed("12345") is None


# --- Lookup: forgiving where unambiguous -------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "code"),
    [
        ("97110", "procedure", "97110"),
        (" g0283 ", "procedure", "G0283"),
        ("CPT 97140", "procedure", "97140"),
        ("gp", "modifier", "GP"),
        ("CO-97", "carc", "97"),
        ("co97", "carc", "97"),
        ("co 97", "carc", "97"),
        ("97", "carc", "97"),
        ("PR-2", "carc", "2"),
        ("CO-B7", "carc", "B7"),
        ("PR", "group", "PR"),
        ("n115", "rarc", "N115"),
        ("N39.3", "diagnosis", "N39.3"),
        ("n393", "diagnosis", "N39.3"),
        ("r10.24", "diagnosis", "R10.24"),
    ],
)
def test_lookup_is_forgiving(typed: str, kind: str, code: str) -> None:
    entry = lookup(typed)
    assert entry is not None and (entry.kind, entry.code) == (kind, code)


def test_lookup_unknown_is_none_and_never_raises() -> None:
    for junk in ("", "   ", "zzz", "97110:30", "\x00", "N39.3.4", None):
        assert lookup(junk) is None  # type: ignore[arg-type]


# --- Explain --------------------------------------------------------------------------


def test_explain_adjustment_code_names_group_and_reason() -> None:
    ex = explain("co97")
    assert ex.found and ex.code == "CO-97"
    assert [e.kind for e in ex.entries] == ["carc", "group"]
    assert "group CO" in ex.summary and "reason 97" in ex.summary
    assert "do not owe" in ex.summary  # what CO means for who pays


def test_explain_pr_says_the_patient_may_owe_it() -> None:
    ex = explain("PR-1")
    assert ex.found and "Deductible" in ex.summary and "You may be billed" in ex.summary


def test_explain_every_carc_has_a_next_step() -> None:
    for e in by_kind("carc"):
        assert explain(f"CO-{e.code}").entries[0].next_step


def test_explain_ambiguous_59_shows_modifier_and_carc() -> None:
    ex = explain("59")
    assert ex.found
    assert [e.kind for e in ex.entries] == ["modifier", "carc"]
    assert "CARC 59" in ex.notes[0]


def test_explain_procedure_with_modifier() -> None:
    ex = explain("97140-59")
    assert ex.found and ex.code == "97140-59"
    assert [e.code for e in ex.entries] == ["97140", "59"]


def test_explain_not_billable_diagnosis_says_what_to_use() -> None:
    ex = explain("R10.2")
    assert ex.found and "Not billable" in ex.summary and "R10.21" in ex.summary


@pytest.mark.parametrize(
    ("typed", "looks_like"),
    [
        ("97999", "procedure code (CPT/HCPCS)"),
        ("A1234", "procedure code (CPT/HCPCS)"),
        ("CO-998", "claim adjustment reason code (CARC)"),
        ("N9999", "remark code (RARC)"),
        ("M54.5", "diagnosis code (ICD-10-CM)"),
        ("Q9", "modifier"),
    ],
)
def test_explain_unknown_code_says_what_it_looks_like(typed: str, looks_like: str) -> None:
    ex = explain(typed)
    assert not ex.found
    assert ex.looks_like == looks_like
    assert "not in" in ex.summary
    assert ex.notes and "catalogue" in ex.notes[-1]


def test_explain_unknown_code_offers_close_matches() -> None:
    ex = explain("97111")
    assert not ex.found
    assert "97110" in [e.code for e in ex.suggestions]


def test_explain_diagnosis_category_prefix_points_to_children() -> None:
    ex = explain("R10")
    assert not ex.found and "R10.21" in ex.notes[0]


@pytest.mark.parametrize("junk", ["", "hello world", "!!!", "9" * 200, ":", "\t", "CO-ZZ"])
def test_explain_never_raises(junk: str) -> None:
    ex = explain(junk)
    assert not ex.found and ex.summary


def test_explanation_json_is_plain_data() -> None:
    import json

    doc = explain("CO-97").to_json()
    assert json.loads(json.dumps(doc))["code"] == "CO-97"
    assert doc["entries"][0]["next_step"]


# --- Search ---------------------------------------------------------------------------


def test_search_by_code_prefix() -> None:
    codes = [e.code for e in search("9716")]
    assert codes[:4] == ["97161", "97162", "97163", "97164"]


def test_search_exact_code_first() -> None:
    assert search("97110")[0].code == "97110"
    assert search("CO-97")[0].code == "97"


def test_search_by_words_prefers_title() -> None:
    results = search("manual therapy")
    assert results[0].code == "97140"
    assert any(e.code == "N39.3" for e in search("stress incontinence"))


def test_search_all_words_must_match() -> None:
    assert search("incontinence zebra") == []


def test_search_respects_limit_and_empty_text() -> None:
    assert len(search("", limit=5)) == 5
    assert len(search("a", limit=3)) <= 3


def test_search_is_fast_enough_for_typing() -> None:
    search("warm up")  # load once
    start = time.perf_counter()
    for text in ("p", "pe", "pel", "pelv", "pelvic", "pelvic f", "pelvic floor") * 10:
        search(text)
    assert (time.perf_counter() - start) / 70 < 0.005


def test_kind_of_shapes() -> None:
    assert kind_of("97110") == "procedure"
    assert kind_of("CO-45") == "carc"
    assert kind_of("MA130") == "rarc"
    assert kind_of("N39.3") == "diagnosis"
    assert kind_of("XU") == "modifier"
    assert kind_of("hello") == ""
