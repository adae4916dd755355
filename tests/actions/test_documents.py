"""Attaching documents: a private checksummed copy, kept through claim edits."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from floortrack.actions.documents import attach_document, claim_documents
from floortrack.actions.errors import NotFoundError, ValidationError
from floortrack.model import Claim
from floortrack.store import open_repository

TODAY = date(2026, 5, 20)


@pytest.fixture
def repo(data_file: Path):  # type: ignore[no-untyped-def]
    repo = open_repository(data_file)
    repo.claims.add(Claim((date(2026, 3, 2),), "Aetna", "240.00"))
    return repo


@pytest.fixture
def eob(tmp_path: Path) -> Path:
    path = tmp_path / "EOB March.PDF"
    path.write_bytes(b"%PDF-1.4 an explanation of benefits")
    return path


def test_a_private_copy_with_its_checksum(repo, eob: Path) -> None:  # type: ignore[no-untyped-def]
    doc = attach_document(repo, 1, eob, kind="eob", today=TODAY)
    sha = hashlib.sha256(eob.read_bytes()).hexdigest()
    assert (doc.name, doc.kind, doc.sha256, doc.size, doc.added) == (
        "EOB March.PDF",
        "eob",
        sha,
        eob.stat().st_size,
        TODAY,
    )
    copy = repo.path.parent / "documents" / doc.stored
    assert doc.stored == f"{sha}.pdf" and copy.read_bytes() == eob.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    eob.unlink()  # the original can go: the copy is what is kept
    assert claim_documents(repo, 1) == [(doc, "ok")]


def test_an_edit_of_the_claim_never_loses_its_documents(repo, eob: Path) -> None:  # type: ignore[no-untyped-def]
    doc = attach_document(repo, 1, eob, today=TODAY)
    claim = repo.claims.get(1)
    repo.claims.update(1, replace(claim, claim_number="A9", status="denied"))
    assert [d for d, _ in claim_documents(open_repository(repo.path), 1)] == [doc]


def test_the_same_file_twice_is_stored_once_and_a_changed_copy_is_noticed(repo, eob: Path) -> None:  # type: ignore[no-untyped-def]
    first = attach_document(repo, 1, eob, today=TODAY)
    second = attach_document(repo, 1, eob, kind="letter", today=TODAY)
    assert first.stored == second.stored
    assert len(list((repo.path.parent / "documents").iterdir())) == 1
    (repo.path.parent / "documents" / first.stored).write_bytes(b"tampered")
    assert {st for _, st in claim_documents(repo, 1)} == {"changed"}


def test_refusals_copy_and_record_nothing(repo, eob: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        attach_document(repo, 5, eob, today=TODAY)
    with pytest.raises(ValidationError) as missing:
        attach_document(repo, 1, tmp_path / "nope.pdf", today=TODAY)
    assert "does not exist" in missing.value.message
    with pytest.raises(ValidationError):
        attach_document(repo, 1, tmp_path, today=TODAY)  # a folder
    with pytest.raises(ValidationError):
        attach_document(repo, 1, eob, kind="photo", today=TODAY)
    assert repo.documents.all() == []
    assert not (repo.path.parent / "documents").exists()
