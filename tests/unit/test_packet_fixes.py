"""The report packet carries what a billing office asks for: authorisation numbers and visit
limits, visit symptoms, payment dates, the calls, and an over-billed claim in its action list;
empty per-line money columns are left out; an appeal packet is the letter plus its evidence."""

from __future__ import annotations

from datetime import date

from floortrack.model import (
    Authorization,
    Call,
    Claim,
    ClaimLine,
    PatientPayment,
    Plan,
    Session,
    SessionLine,
)
from floortrack.reports.document import Bullets, Document, Facts, Heading, Para, Table
from floortrack.reports.packet import ReportRequest, build_packet

TODAY = date(2026, 5, 20)
VISIT = Session(
    date(2026, 3, 2),
    "Bloom PT",
    lines=(SessionLine("97110", 25),),
    symptoms="urgency after lifting",
    id=1,
)


def flat(doc: Document) -> str:
    parts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, (Heading, Para)):
            parts.append(b.text)
        elif isinstance(b, Bullets):
            parts += b.items
        elif isinstance(b, Facts):
            parts += [f"{k}: {v}" for k, v in b.pairs]
        elif isinstance(b, Table):
            parts.append(" | ".join(b.headers))
            parts += [" | ".join(r) for r in b.rows]
    return "\n".join(parts)


def test_the_packet_carries_the_missing_facts() -> None:
    claim = Claim(
        (date(2026, 3, 2),),
        "Aetna",
        "240.00",
        claim_number="A1",
        status="paid",
        lines=(ClaimLine("97110", 4),),
        session_ids=(1,),
        allowed="100.00",
        paid="80.00",
        patient_owes="20.00",
        payments=(PatientPayment(date(2026, 4, 10), "20.00", "card"),),
        id=1,
    )
    auth = Authorization("Aetna", 12, date(2026, 1, 1), date(2026, 6, 30), "AU-77", id=1)
    plan = Plan("Aetna", "commercial", visit_limit=20, id=1)
    call = Call("Aetna", date(2026, 4, 1), "reprocessing", 1, "Jordan", "REF-5", id=1)
    doc = build_packet(
        ReportRequest(TODAY), [VISIT], [claim], [plan], [], auths=[auth], calls=[call]
    )
    text = flat(doc)
    assert "Aetna | AU-77 | 2026-01-01 to 2026-06-30 | 1 of 12" in text
    assert "1 of 20" in text
    assert "2026-03-02: urgency after lifting" in text
    assert "Paid by the patient on 2026-04-10: $20.00 (card)" in text
    assert "2026-04-01 | Aetna | Jordan | REF-5 | reprocessing" in text
    # 4 units billed for 25 minutes: over-billed, so it is in the action list though paid
    actions = next(
        b for b in doc.blocks if isinstance(b, Bullets) and "Aetna claim A1" in b.items[0]
    )
    assert "bill check" in actions.items[0]
    lines = next(b for b in doc.blocks if isinstance(b, Table) and b.headers[0] == "Code")
    assert lines.headers == ("Code", "What it is", "Units")  # no empty money columns


def test_an_appeal_packet_is_the_letter_then_the_evidence(data_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from floortrack.actions.letters import write_letter
    from floortrack.model import StatusChange
    from floortrack.store import open_repository

    repo = open_repository(data_file)
    repo.sessions.add(VISIT)
    repo.claims.add(
        Claim(
            (date(2026, 3, 2),),
            "Aetna",
            "240.00",
            claim_number="A1",
            status="denied",
            denial_codes=("CO-50",),
            session_ids=(1,),
            history=(StatusChange("denied", date(2026, 3, 28)),),
        )
    )
    written = write_letter(repo, 1, tmp_path / "appeal.pdf", today=TODAY, evidence=True)
    text = "\n".join(p.extract_text() for p in PdfReader(written.path).pages)
    assert text.index("What I ask") < text.index("Enclosure: Claim packet")
    assert "urgency after lifting" in text
