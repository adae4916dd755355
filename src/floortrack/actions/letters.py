"""Write an appeal letter (or the request to the clinic) for a claim to a file.

The letter is built by billing/letters.py from the records as they are in the file, rendered
by the extension of `out` (.md, .html, .pdf) and written atomically, private (0600): it holds
health data (docs/APPEALS.md, "Letters")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from floortrack import clock
from floortrack.billing.letters import Letter, LetterError, LetterRecords, build_letter
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
) -> WrittenLetter:
    """Build the claim's letter and write it to `out`. NotFoundError for an unknown claim,
    Refused when nothing on the claim was denied, ValidationError for a bad path."""
    if paper not in PAPERS:
        raise ValidationError(f"paper must be one of {', '.join(PAPERS)}", "paper")
    target, fmt = check_out_path(repo, out)
    claim = repo.claims.get(claim_id)
    try:
        letter = build_letter(claim, letter_records(repo), today or clock.today(), patient_name)
    except LetterError as exc:
        raise Refused(str(exc), "claim") from None
    from floortrack.reports.render import render

    payload = render(letter.document, fmt, paper)
    try:
        atomic_write_bytes(target, payload)  # 0600, never half-written
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}", "out") from None
    return WrittenLetter(letter, target, fmt)
