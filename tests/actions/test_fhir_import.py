"""import_fhir: claims in from the insurer's FHIR data, matched, versioned, linked, checked."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from floortrack.actions.fhir_import import import_fhir, summary_line
from floortrack.billing import lifecycle
from floortrack.model import Claim, ClaimLine, PatientPayment, Session, SessionLine
from floortrack.store import Repository, open_repository
from floortrack.store.fhir import FhirError

TODAY = date(2026, 4, 30)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "fhir"
FIRST = FIXTURES / "commercial_professional.json"
CORRECTED = FIXTURES / "commercial_professional_corrected.json"
DENIAL = FIXTURES / "denial_bundle.json"
VISITS = FIXTURES / "visits.ndjson"


@pytest.fixture
def repo(data_file: Path) -> Repository:
    return open_repository(data_file)


def _visit(repo: Repository, day: str, *codes: str) -> Session:
    lines = tuple(SessionLine.parse(c) for c in codes)
    return repo.sessions.get(repo.sessions.add(Session(day, "Bloom PT", lines=lines)))


def test_a_new_claim_is_added_linked_to_the_logged_visit_and_checked(repo: Repository) -> None:
    visit = _visit(repo, "2026-03-02", "97161", "97110:25", "97140:12")
    summary = import_fhir(repo, FIRST, today=TODAY)
    assert summary_line(summary) == "1 added, 0 updated, 0 unchanged, 0 skipped"
    [claim] = repo.claims.all()
    assert (claim.payer, claim.claim_number) == ("Aetna", "AET-2026-0001")
    assert claim.session_ids == (visit.id,)
    assert claim.units_text == "97161:1;97110-GP:2;97140-GP-59:1"
    assert claim.lines[2].paid == Decimal("0.00") and claim.reason_codes == ("97",)
    [entry] = claim.history
    assert (entry.status, entry.on) == ("partially_paid", date(2026, 3, 18))
    assert "from the insurer's EOB" in entry.note
    assert summary.new_visits == [] and len(repo.sessions) == 1
    # The bill check ran: the partly paid claim is listed, its reason code explained as bare.
    assert any(a.severity == "problem" and "Partially paid" in a.title for a in summary.attention)
    assert "no group code" in summary.reason_codes["97"]


def test_importing_the_same_file_again_changes_nothing(repo: Repository) -> None:
    _visit(repo, "2026-03-02", "97110:25")
    import_fhir(repo, FIRST, today=TODAY)  # keeps a backup of the file before it
    before = repo.path.read_bytes()
    backups = sorted((repo.path.parent / "backups").iterdir())
    summary = import_fhir(repo, FIRST, today=TODAY)
    assert summary_line(summary) == "0 added, 0 updated, 1 unchanged, 0 skipped"
    assert repo.path.read_bytes() == before
    assert sorted((repo.path.parent / "backups").iterdir()) == backups  # no needless copy


def test_a_newer_version_updates_the_claim_and_says_what_changed(repo: Repository) -> None:
    import_fhir(repo, FIRST, today=TODAY)
    summary = import_fhir(repo, CORRECTED, today=TODAY)
    assert summary_line(summary) == "0 added, 1 updated, 0 unchanged, 0 skipped"
    [claim] = repo.claims.all()
    assert claim.paid == Decimal("204.00") and lifecycle.current_status(claim) == "paid"
    assert claim.lines[2].paid == Decimal("36.00") and claim.reason_codes == ()
    last = claim.history[-1]
    assert last.status == "paid" and last.on == date(2026, 4, 14)
    assert "status partially paid -> paid" in last.note
    assert "paid $168.00 -> $204.00" in last.note
    assert "97140-GP-59 paid $0.00 -> $36.00" in last.note
    # The earlier import's values are not the patient's: nothing "typed" was overwritten.
    assert not any(d.typed for d in summary.differences)
    # The older file afterwards is skipped, not applied backwards.
    again = import_fhir(repo, FIRST, today=TODAY)
    assert [s.reason for s in again.skipped] == ["older"]
    assert repo.claims.all()[0].paid == Decimal("204.00")


def test_values_the_patient_typed_are_listed_and_their_own_fields_kept(
    repo: Repository,
) -> None:
    typed = Claim(
        service_dates=(date(2026, 3, 9),),
        payer="aetna",
        billed=Decimal("200.00"),
        claim_number="AET-2026-0002",
        lines=(ClaimLine("97112", 2),),
        denial_codes=("CO-50",),
        payments=(PatientPayment(date(2026, 3, 30), Decimal("20.00")),),
        note="Called on 3/28, ref 5512",
    )
    claim_id = repo.claims.add(typed)
    summary = import_fhir(repo, DENIAL, today=TODAY)
    assert summary_line(summary) == "0 added, 1 updated, 0 unchanged, 0 skipped"
    claim = repo.claims.get(claim_id)
    assert claim.billed == Decimal("225.00") and lifecycle.current_status(claim) == "denied"
    assert claim.reason_codes == ("50", "N115")
    # Only the patient knows these: untouched.
    assert claim.note == "Called on 3/28, ref 5512" and claim.payer == "aetna"
    assert claim.denial_codes == ("CO-50",) and claim.payments == typed.payments
    typed_fields = {(d.field, d.before, d.after) for d in summary.differences if d.typed}
    assert ("billed", "$200.00", "$225.00") in typed_fields
    assert ("status", "submitted", "denied") in typed_fields
    assert ("lines", "97112:2", "97112-GP:2;97530-GP-KX:1") in typed_fields


def test_a_dry_run_writes_nothing_and_lists_the_visits_it_would_add(repo: Repository) -> None:
    summary = import_fhir(repo, VISITS, dry_run=True, today=TODAY)
    assert summary.dry_run and summary_line(summary).startswith("2 added")
    assert [(v.date, v.codes, v.session_id) for v in summary.new_visits] == [
        (date(2026, 3, 16), ("97140", "97530", "90912"), None),
        (date(2026, 3, 23), ("97110",), None),
    ]
    assert not repo.path.exists()


def test_visits_the_log_lacks_are_created_from_the_eob(repo: Repository) -> None:
    summary = import_fhir(repo, VISITS, today=TODAY)
    visits = sorted(repo.sessions.all(), key=lambda s: s.date)
    assert [(s.date, s.codes) for s in visits] == [
        (date(2026, 3, 16), ("97140", "97530", "90912")),
        (date(2026, 3, 23), ("97110",)),
    ]
    assert all(ln.minutes is None for s in visits for ln in s.lines)
    assert all("from the insurer's EOB" in s.note for s in visits)
    assert visits[0].provider == "Bloom Pelvic PT"
    claims = {c.claim_number: c for c in repo.claims.all()}
    assert claims["AET-2026-0003"].session_ids == (visits[0].id,)
    # The bill check asks for the minutes it needs.
    assert any("comes from the EOB, without minutes" in a.title for a in summary.attention)
    assert not any("logged on" in a.title for a in summary.attention)


def test_non_therapy_claims_are_skipped_unless_all_is_asked_for(repo: Repository) -> None:
    doc = json.loads(FIRST.read_text())
    for item in doc["item"]:
        item["productOrService"]["coding"][0]["code"] = "99213"
        item.pop("modifier", None)
    raw = json.dumps(doc).encode()
    summary = import_fhir(repo, raw, today=TODAY)
    assert [s.reason for s in summary.skipped] == ["not_therapy"]
    assert "1 other medical claim without a therapy code" in summary_line(summary)
    summary = import_fhir(repo, raw, today=TODAY, include_all=True)
    assert len(summary.added) == 1 and summary.new_visits == []  # no therapy visit made up


def test_a_bad_file_writes_nothing(repo: Repository) -> None:
    _visit(repo, "2026-03-02", "97110:25")
    before = repo.path.read_bytes()
    with pytest.raises(FhirError, match=r"entry 2 .*item\[1\]\.quantity\.value"):
        import_fhir(repo, FIXTURES / "malformed.json", today=TODAY)
    assert repo.path.read_bytes() == before and len(repo.claims) == 0


def test_two_versions_in_one_file_leave_the_newest(repo: Repository) -> None:
    newer, older = (json.loads(p.read_text()) for p in (CORRECTED, FIRST))
    bundle = {"resourceType": "Bundle", "entry": [{"resource": newer}, {"resource": older}]}
    summary = import_fhir(repo, json.dumps(bundle).encode(), today=TODAY)
    assert (len(summary.added), len(summary.updated)) == (1, 1)
    [claim] = repo.claims.all()
    assert claim.paid == Decimal("204.00")


def test_summary_json_is_plain_data(repo: Repository) -> None:
    summary = import_fhir(repo, DENIAL, dry_run=True, today=TODAY)
    doc = json.loads(json.dumps(summary.to_json()))
    assert doc["counts"] == {
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "new_visits": 1,
    }
    assert doc["reason_codes"]["50"].startswith("Reason 50: ")
