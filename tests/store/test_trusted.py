"""Records built from canonical documents without validating again are exactly the records
validation gives (store/trusted.py), and every document in memory is canonical."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

from floortrack.demo import build_demo, build_large
from floortrack.model import (
    Adjustment,
    Appeal,
    Claim,
    ClaimLine,
    PatientPayment,
    Session,
    SessionLine,
    StatusChange,
)
from floortrack.store import open_repository, schema, trusted


def _every_field() -> list[Any]:
    """A visit and a claim with every optional field set, and with none."""
    return [
        Session(
            date(2026, 3, 2),
            provider="Bloom PT",
            visit_type="evaluation",
            lines=(SessionLine("97110", 25), SessionLine("97750")),
            pain_before=6,
            pain_after=0,
            symptoms="urgency",
            note="Zoë",
            charged=Decimal("180.00"),
            paid_at_desk=Decimal("0.00"),
        ),
        Session(date(2026, 3, 3)),
        Claim(
            (date(2026, 3, 2), date(2026, 3, 9)),
            "Aetna",
            Decimal("240.00"),
            claim_number="A-1",
            status="denied",
            submitted=date(2026, 3, 10),
            lines=(
                ClaimLine(
                    "97110", 2, Decimal("120.00"), Decimal("80.00"), Decimal("64.00"), ("GP", "59")
                ),
            ),
            allowed=Decimal("80.00"),
            paid=Decimal("64.00"),
            patient_owes=Decimal("16.00"),
            deductible=Decimal("0.00"),
            copay=Decimal("5.00"),
            coinsurance=Decimal("11.00"),
            not_covered=Decimal("0.00"),
            denial_codes=("CO-97",),
            adjustments=(Adjustment("CO", "45", Decimal("40.00"), "97110"),),
            history=(
                StatusChange("submitted", date(2026, 3, 10)),
                StatusChange("denied", date(2026, 4, 1), "x", 0),
            ),
            session_ids=(1, 2),
            payments=(PatientPayment(date(2026, 4, 2), Decimal("16.00"), "card"),),
            appeals=(Appeal(1, date(2026, 4, 5), "won", date(2026, 5, 1), "letter"),),
            note="note",
            reason_codes=("N115",),
            eob_version="v1",
            filed_by="patient",
            reimbursed=Decimal("10.00"),
            reimbursed_on=date(2026, 5, 2),
            place_of_service="11",
        ),
        Claim((date(2026, 3, 2),), "Aetna", Decimal("0.00")),
    ]


def _same(a: Any, b: Any) -> None:
    """Equal field by field, with values of the same types (a date is not its text)."""
    assert type(a) is type(b)
    if dataclasses.is_dataclass(a):
        names = [f.name for f in dataclasses.fields(a)]
        # Every field set (an unset slot has no value), and nothing else (records have slots).
        assert all(hasattr(b, name) for name in names) and not hasattr(b, "__dict__")
        for name in names:
            _same(getattr(a, name), getattr(b, name))
    elif isinstance(a, tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    else:
        assert a == b and str(a) == str(b)


def _check(records: list[Any]) -> None:
    for record in records:
        doc = orjson.loads(orjson.dumps(schema.compact(record.to_doc())))  # as in the file
        builder = trusted.BUILDERS[type(record)]
        _same(type(record).from_doc(doc, record.id), builder(doc, record.id))
        assert builder(doc, record.id).id == record.id


def test_every_field_is_built_as_validation_builds_it() -> None:
    _check(_every_field())


@pytest.mark.parametrize("build", ["demo", "large"])
def test_generated_data_is_built_as_validation_builds_it(data_file: Path, build: str) -> None:
    repo = open_repository(data_file)
    if build == "demo":
        build_demo(repo, date(2026, 11, 2))
    else:
        build_large(repo, sessions=300, claims=300)
    _check(repo.sessions.all() + repo.claims.all())


def test_a_hand_edited_file_is_made_canonical_when_it_is_opened(data_file: Path) -> None:
    # Not written by floortrack (no checksum): validated, and kept in canonical form.
    data_file.parent.mkdir(mode=0o700)
    doc = {"date": "2026-03-02", "provider": "  Bloom PT  ", "lines": [{"code": "g0283"}]}
    claim = {"service_dates": ["2026-03-09", "2026-03-02"], "payer": " Aetna ", "billed": "$1,200"}
    data_file.write_text(
        orjson.dumps(
            {"sessions": {"1": doc}, "claims": {"1": claim}, "_meta": {"1": {"schema_version": 1}}}
        ).decode()
    )
    data_file.chmod(0o600)
    repo = open_repository(data_file)
    visit, bill = repo.sessions.get(1), repo.claims.get(1)
    assert visit.provider == "Bloom PT" and visit.lines[0].code == "G0283"
    assert bill.service_dates == (date(2026, 3, 2), date(2026, 3, 9))
    assert bill.payer == "Aetna" and bill.billed == Decimal("1200.00")
    assert repo.sessions.all() == [Session.from_doc(doc, 1)]


def test_equal_parts_of_records_are_one_object_built_as_their_own_document_builds() -> None:
    # docs/STORAGE.md, "Trusted records": a visit's lines, a claim's lines, adjustments,
    # history and payments are shared between records whose documents say the same.
    first, second = _every_field()[2], _every_field()[2]
    docs = [orjson.loads(orjson.dumps(schema.compact(c.to_doc()))) for c in (first, second)]
    a, b = trusted.claim(docs[0], 1), trusted.claim(docs[1], 2)
    for name in ("lines", "adjustments", "history", "payments", "denial_codes", "reason_codes"):
        assert getattr(a, name) is getattr(b, name), name
    # A list that differs in one part shares the parts that are equal, and only those.
    docs[1]["history"][1]["on"] = "2026-04-02"
    c = trusted.claim(docs[1], 3)
    assert c.history[0] is a.history[0] and c.history[1] is not a.history[1]
    assert c.history[1].on == date(2026, 4, 2) and a.history[1].on == date(2026, 4, 1)
    _same(Claim.from_doc(docs[1], 3), c)


def test_the_tables_of_shared_parts_stay_bounded() -> None:
    for n in range(trusted.PARTS_KEPT + 10):
        doc = {
            "date": "2026-03-02",
            "lines": [
                {"code": "97110", "minutes": 1 + n % 480},
                {"code": "97140", "minutes": 1 + n // 480},
            ],
        }
        assert trusted.session(doc).lines == Session.from_doc(doc).lines
    table = trusted._SESSION_LINES
    assert len(table._many) <= trusted.PARTS_KEPT and len(table._one) <= trusted.PARTS_KEPT
