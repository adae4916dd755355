"""Write an appeal letter (or the request to the clinic) for a claim to a file.

The letter is built by billing/letters.py from the records as they are in the file, rendered
by the extension of `out` (.md, .html, .pdf) and written atomically, private (0600): it holds
health data (docs/APPEALS.md, "Letters")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from floortrack import clock
from floortrack.reports.document import Document, Heading, Para
from floortrack.reports.letters import Letter, LetterError, LetterRecords, build_letter
from floortrack.reports.packet import ReportError
from floortrack.store import Repository
from floortrack.store.atomic import atomic_write_bytes

from .errors import Refused, ValidationError

PAPERS: tuple[str, ...] = ("letter", "a4")


@dataclass(frozen=True)
class WrittenLetter:
    letter: Letter
    path: Path
    fmt: str


def letter_records(repo: Repository) -> LetterRecords:
    return LetterRecords(
        sessions=repo.sessions.all(),
        claims=repo.claims.all(),
        plans=repo.plans.all(),
        auths=repo.auths.all(),
        diary=repo.diary.all(),
        calls=repo.calls.all(),
        documents=repo.documents.all(),
    )


def with_evidence(letter: Letter, records: LetterRecords, claim_id: int, today: date) -> Document:
    """The letter followed by the claim's packet, as one document (one PDF to send)."""
    from floortrack.reports.packet import ReportRequest, build_packet

    packet = build_packet(
        ReportRequest(today, claim_id=claim_id),
        records.sessions,
        records.claims,
        records.plans,
        records.diary,
        auths=records.auths,
        calls=records.calls,
    )
    doc = Document(letter.document.title, letter.document.subtitle, list(letter.document.blocks))
    doc.add(
        Heading(f"Enclosure: {packet.title}", 2),
        Para(packet.subtitle, "muted"),
        *packet.blocks,
    )
    return doc


def check_out_path(repo: Repository, out: Path) -> tuple[Path, str]:
    """The resolved target and its format; ValidationError (field "out") if unusable."""
    from floortrack.reports.render import format_of

    target = Path(out).expanduser()
    try:
        fmt = format_of(target)
    except ReportError as exc:
        raise ValidationError(str(exc), "out") from None
    if target.is_dir():
        raise ValidationError(f"{target} is a folder: add a file name", "out")
    if not target.parent.is_dir():
        raise ValidationError(f"the folder {target.parent} does not exist", "out")
    target = target.resolve()
    if target == repo.path.resolve():
        raise ValidationError("the letter would overwrite your data file: choose another", "out")
    return target, fmt


def write_letter(
    repo: Repository,
    claim_id: int,
    out: Path,
    *,
    patient_name: str = "",
    paper: str = "letter",
    today: date | None = None,
    evidence: bool = False,
) -> WrittenLetter:
    """Build the claim's letter and write it to `out`. With `evidence`, the claim's packet
    (visits, history, calls, authorisations, diary: what the letter cites) follows the letter
    in the same file. NotFoundError for an unknown claim, Refused when nothing on the claim
    was denied, ValidationError for a bad path."""
    if paper not in PAPERS:
        raise ValidationError(f"paper must be one of {', '.join(PAPERS)}", "paper")
    target, fmt = check_out_path(repo, out)
    claim = repo.claims.get(claim_id)
    now = today or clock.today()
    records = letter_records(repo)
    try:
        letter = build_letter(claim, records, now, patient_name)
    except LetterError as exc:
        raise Refused(str(exc), "claim") from None
    from floortrack.reports.render import render

    document = letter.document
    if evidence:
        document = with_evidence(letter, records, claim_id, now)
    payload = render(document, fmt, paper)
    try:
        atomic_write_bytes(target, payload)  # 0600, never half-written
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}", "out") from None
    return WrittenLetter(letter, target, fmt)
