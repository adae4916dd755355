"""Attach a file to a claim: a private copy in documents/ and a ClaimDocument record with its
checksum (docs/APPEALS.md, "Documents"). The record lives in its own table, so no edit of
the claim can drop it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from floortrack import clock
from floortrack.model import DOCUMENT_KINDS, ClaimDocument
from floortrack.store import Repository, Transaction
from floortrack.store.documents import DocumentError, state, store_copy

from .errors import ValidationError


def attach_document(
    repo: Repository,
    claim_id: int,
    source: Path,
    *,
    kind: str = "other",
    note: str = "",
    today: date | None = None,
) -> ClaimDocument:
    """Copy `source` beside the data file and record it with the claim."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(
            f"document kind must be one of {', '.join(DOCUMENT_KINDS)} (got '{kind}')", "kind"
        )
    name = Path(source).name
    added = today or clock.today()

    repo.claims.get(claim_id)  # NotFoundError for an unknown claim, before copying anything
    # The copy is made before taking the write lock (a large scan must not hold it); named by
    # its checksum, a copy whose record is then refused harms nothing.
    try:
        copy = store_copy(repo.path, Path(source), repo.sealer)
    except DocumentError as exc:
        raise ValidationError(str(exc), "file") from None
    record = ClaimDocument(claim_id, kind, name, copy.stored, copy.sha256, copy.size, added, note)

    def fn(tx: Transaction) -> ClaimDocument:
        tx.get(repo.claims, claim_id)  # deleted meanwhile by another process: refused
        return tx.add(repo.documents, record)

    return repo.transaction(fn)


def claim_documents(repo: Repository, claim_id: int) -> list[tuple[ClaimDocument, str]]:
    """The claim's documents, oldest first, each with its copy's state (ok/missing/changed)."""
    repo.claims.get(claim_id)
    docs = sorted(
        (d for d in repo.documents.all() if d.claim_id == claim_id),
        key=lambda d: (d.added, d.id or 0),
    )
    return [(d, state(repo.path, d.stored, d.sha256, repo.sealer)) for d in docs]


def write_plain_copies(repo: Repository, docs: list[ClaimDocument], folder: Path) -> list[Path]:
    """Write each document's plain bytes into `folder` under its original name (0600), never
    over the data file, its backups or documents. Only where the patient asks: these copies
    are not encrypted."""
    from floortrack.store.documents import copy_path, read_plain
    from floortrack.store.exchange import write_file
    from floortrack.store.paths import ProtectedPathError

    written = []
    for doc in docs:
        raw = read_plain(copy_path(repo.path, doc.stored), repo.sealer)
        if raw is None:
            continue
        try:
            written.append(write_file(Path(folder) / Path(doc.name).name, raw, repo.path))
        except ProtectedPathError as exc:
            raise ValidationError(f"{exc}; nothing was written", "out") from None
        except OSError as exc:
            raise ValidationError(
                f"cannot write into {folder}: {exc.strerror or exc}", "out"
            ) from None
    return written
