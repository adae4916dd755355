"""Appeal letters from the claim's own facts: one argument per denial family, facts filled in,
missing facts named, and a request to the clinic where an appeal cannot succeed."""

from __future__ import annotations

from datetime import date

import pytest

from floortrack.model import (
    Adjustment,
    Appeal,
    Authorization,
    Call,
    Claim,
    ClaimDocument,
    ClaimLine,
    DiaryEntry,
    Plan,
    Session,
    SessionLine,
    StatusChange,
)
from floortrack.reports.document import Bullets, Document, Facts, Heading, Para, Table
from floortrack.reports.letters import (
    APPEAL,
    CLINIC,
    LetterError,
    LetterRecords,
    build_letter,
    families_for,
)
from floortrack.reports.render import render

TODAY = date(2026, 5, 20)
VISIT = Session(
    date(2026, 3, 2),
    "Bloom PT",
    lines=(SessionLine("97110", 25), SessionLine("97140", 15)),
    pain_before=5,
    pain_after=3,
    id=3,
)
EARLIER = Session(
    date(2026, 2, 2),
    "Bloom PT",
    lines=(SessionLine("97110", 30),),
    pain_before=7,
    pain_after=5,
    id=2,
)
AETNA = Plan("Aetna", "commercial", member_id="W123456789", id=1)


def denied(
    *codes: str,
    payer: str = "Aetna",
    lines: tuple[str, ...] = ("97110:2", "97140:1"),
    adjustments: tuple[Adjustment, ...] = (),
    **kw: object,
) -> Claim:
    return Claim(
        (date(2026, 3, 2),),
        payer,
        "240.00",
        claim_number="A123",
        status="denied",
        submitted=date(2026, 3, 5),
        lines=tuple(ClaimLine.parse(x) for x in lines),
        denial_codes=codes,
        adjustments=adjustments,
        session_ids=(3,),
        history=(
            StatusChange("submitted", date(2026, 3, 5)),
            StatusChange("denied", date(2026, 3, 28)),
        ),
        id=1,
        **kw,  # type: ignore[arg-type]
    )


def text(doc: Document) -> str:
    parts = [doc.title, doc.subtitle]
    for b in doc.blocks:
        if isinstance(b, (Heading, Para)):
            parts.append(b.text)
        elif isinstance(b, Bullets):
            parts += b.items
        elif isinstance(b, Facts):
            parts += [f"{k}: {v}" for k, v in b.pairs]
        elif isinstance(b, Table):
            parts += [" | ".join(r) for r in b.rows]
    return "\n".join(parts)


def records(**kw: object) -> LetterRecords:
    values: dict[str, object] = {"sessions": [EARLIER, VISIT], "plans": [AETNA]}
    values.update(kw)
    return LetterRecords(**values)  # type: ignore[arg-type]


def test_the_facts_of_the_claim_fill_the_letter() -> None:
    claim = denied(
        "CO-97",
        lines=("97110:2", "97140-GP-59:1"),
        adjustments=(Adjustment("CO", "97", "80.00", "97140"),),
    )
    call = Call(
        "Aetna",
        date(2026, 4, 1),
        "an appeal with the treatment notes is the way",
        1,
        "Jordan",
        "REF-55120",
        id=4,
    )
    eob = ClaimDocument(
        1, "eob", "eob-march.pdf", "a" * 64 + ".pdf", "a" * 64, 10, date(2026, 4, 2)
    )
    letter = build_letter(claim, records(calls=[call], documents=[eob]), TODAY, "Sam Rivera")
    body = text(letter.document)
    assert letter.kind == APPEAL and letter.families == ("bundling",)
    for fact in (
        "Sam Rivera",
        "W123456789",
        "Aetna",
        "A123",
        "2026-03-02",
        "Bloom PT",
        "CO-97",
        "internal appeal",
        "2026-09-24",
        "45 CFR 147.136",
        "97140-GP-59 | Manual therapy | 15 | 1 | 1",
        "97110 25 min, 97140 15 min",
        "modifier 59",
        "eob-march.pdf",
    ):
        assert fact in body, fact
    assert (
        "On 2026-04-01 your representative Jordan, reference REF-55120, told me: an appeal "
        "with the treatment notes is the way."
    ) in body
    assert letter.cited_calls == (4,)
    assert letter.missing == ()
    assert "not recorded" not in body


def test_a_missing_member_id_is_named_not_left_blank() -> None:
    letter = build_letter(denied("CO-50"), records(plans=[]), TODAY)
    body = text(letter.document)
    assert "Member ID: not recorded \u2014 add it to the plan" in body
    assert {m.key for m in letter.missing} >= {"member_id", "patient_name"}
    first = letter.document.blocks[0]
    assert isinstance(first, Para) and first.style == "alert" and "member ID" in first.text
    assert "floortrack " not in body  # no shell commands in a letter


@pytest.mark.parametrize(
    ("codes", "family"),
    [
        (("CO-97",), "bundling"),
        (("CO-236",), "bundling"),
        (("CO-197",), "no_auth"),
        (("CO-15",), "no_auth"),
        (("CO-50",), "medical_necessity"),
        (("CO-119",), "visit_limit"),
        (("CO-29",), "timely_filing"),
        (("CO-16", "N115"), "missing_info"),
        (("CO-11",), "diagnosis"),
        (("CO-146",), "diagnosis"),
        (("CO-204",), "not_covered"),
        (("PR-204",), "not_covered"),
        (("CO-4",), "generic"),
    ],
)
def test_each_denial_family_has_its_argument(codes: tuple[str, ...], family: str) -> None:
    assert families_for(codes) == [family]
    letter = build_letter(denied(*codes), records(), TODAY, "Sam Rivera")
    assert letter.families == (family,)
    body = text(letter.document)
    assert all(code in body for code in codes)


def test_unprocessable_claim_is_a_request_to_the_clinic() -> None:
    letter = build_letter(denied("CO-16", "MA130"), records(), TODAY, "Sam Rivera")
    body = text(letter.document)
    assert letter.kind == CLINIC
    assert letter.document.title.startswith("Request to Bloom PT")
    assert "new, corrected claim" in body and "nothing to appeal" in body


@pytest.mark.parametrize("payer", ["Aetna", "Medicare"])
def test_late_filing_is_the_clinics_to_fix(payer: str) -> None:
    letter = build_letter(denied("CO-29", payer=payer), records(), TODAY, "Sam Rivera")
    assert letter.kind == CLINIC
    body = text(letter.document)
    assert "write the amount off" in body
    if payer == "Medicare":
        assert "does not allow an appeal" in body


def test_no_authorisation_on_file_asks_the_clinic_one_on_file_is_cited() -> None:
    assert build_letter(denied("CO-197"), records(), TODAY).kind == CLINIC
    auth = Authorization("Aetna", 12, date(2026, 1, 15), date(2026, 6, 30), "AUTH-778", id=2)
    letter = build_letter(denied("CO-197"), records(auths=[auth]), TODAY, "Sam Rivera")
    body = text(letter.document)
    assert letter.kind == APPEAL
    assert "number AUTH-778, 12 visits from 2026-01-15 to 2026-06-30" in body
    assert "visit 2 of 12" in body
    assert "The authorisation letter (number AUTH-778) from the plan" in body


def test_bundling_without_the_distinct_service_modifier_goes_to_the_clinic() -> None:
    letter = build_letter(denied("CO-97"), records(), TODAY, "Sam Rivera")
    assert letter.kind == CLINIC
    assert "corrected claim with modifier 59 or XU" in text(letter.document)


def test_medical_necessity_cites_the_patients_own_progress() -> None:
    diary = [DiaryEntry(date(2026, 2, d), leaks=4, sets=2) for d in range(2, 9)]
    diary += [DiaryEntry(date(2026, 4, d), leaks=1, sets=3) for d in range(6, 13)]
    letter = build_letter(denied("CO-50"), records(diary=diary), TODAY, "Sam Rivera")
    body = text(letter.document)
    assert "Pain before visits down from 7/10 to 5/10" in body
    assert "leaks per day down from 4.0 to 1.0" in body
    assert "plan of care and progress notes from Bloom PT" in body


def test_visit_limit_not_reached_by_the_patients_count() -> None:
    plan = Plan("Aetna", "commercial", visit_limit=20, member_id="W1", id=1)
    letter = build_letter(denied("CO-119"), records(plans=[plan]), TODAY, "Sam Rivera")
    assert "visit 2 of the 20 my plan allows" in text(letter.document)
    unknown = build_letter(denied("CO-119"), records(), TODAY, "Sam Rivera")
    assert "visit_limit" in {m.key for m in unknown.missing}


def test_medicare_levels_and_addressee() -> None:
    claim = denied("CO-50", payer="Medicare")
    letter = build_letter(claim, records(), TODAY)
    body = text(letter.document)
    assert "redetermination" in letter.document.title
    assert "Medicare Administrative Contractor" in body
    assert "Medicare Summary Notice" in body
    second = denied(
        "CO-50", payer="Medicare", appeals=(Appeal(1, date(2026, 4, 1), "lost", date(2026, 5, 1)),)
    )
    assert "reconsideration" in build_letter(second, records(), TODAY).document.title


def test_a_passed_deadline_is_said_plainly() -> None:
    letter = build_letter(denied("CO-50"), records(), date(2026, 11, 1), "Sam Rivera")
    assert "It has passed" in text(letter.document)


def test_minutes_not_logged_are_named() -> None:
    letter = build_letter(denied("CO-50"), records(sessions=[]), TODAY, "Sam Rivera")
    body = text(letter.document)
    assert "97110 | Therapeutic exercise | not logged | 2 | -" in body
    assert {"minutes", "clinic"} <= {m.key for m in letter.missing}


def test_nothing_denied_is_refused() -> None:
    paid = Claim((date(2026, 3, 2),), "Aetna", "240.00", status="paid", id=1)
    with pytest.raises(LetterError):
        build_letter(paid, records(), TODAY)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_every_format_renders(fmt: str) -> None:
    letter = build_letter(denied("CO-50"), records(), TODAY, "Sam Rivera")
    payload = render(letter.document, fmt)
    if fmt == "pdf":
        assert payload.startswith(b"%PDF")
    else:
        assert b"Request for internal appeal" in payload


def test_a_remark_code_alone_is_explained_and_the_reason_code_asked_for() -> None:
    letter = build_letter(denied("N386"), records(), TODAY, "Sam Rivera")
    assert letter.families == ("generic",)
    assert "remark N386" in text(letter.document)
    assert "denial_code" in {m.key for m in letter.missing}
