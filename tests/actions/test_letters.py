"""write_letter: builds from the records in the file, renders by extension, writes 0600."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from floortrack.actions.errors import NotFoundError, Refused, ValidationError
from floortrack.actions.letters import write_letter
from floortrack.model import Call, Claim, StatusChange
from floortrack.store import open_repository

TODAY = date(2026, 5, 20)


@pytest.fixture
def repo(data_file: Path):  # type: ignore[no-untyped-def]
    repo = open_repository(data_file)
    repo.claims.add(
        Claim(
            (date(2026, 3, 2),),
            "Aetna",
            "240.00",
            claim_number="A123",
            status="denied",
            denial_codes=("CO-50",),
            history=(
                StatusChange("submitted", date(2026, 3, 5)),
                StatusChange("denied", date(2026, 3, 28)),
            ),
        )
    )
    repo.claims.add(Claim((date(2026, 3, 9),), "Aetna", "90.00", status="paid"))
    repo.calls.add(Call("Aetna", date(2026, 4, 1), "send the notes", 1, "Jordan", "R-1"))
    return repo


def test_writes_the_letter_and_cites_the_calls_in_the_file(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_letter(repo, 1, tmp_path / "appeal.html", patient_name="Sam", today=TODAY)
    assert written.fmt == "html" and written.letter.cited_calls == (1,)
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    assert "R-1" in written.path.read_text()


def test_refusals_write_nothing(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused):
        write_letter(repo, 2, tmp_path / "a.md", today=TODAY)
    with pytest.raises(NotFoundError):
        write_letter(repo, 5, tmp_path / "a.md", today=TODAY)
    with pytest.raises(ValidationError) as bad:
        write_letter(repo, 1, tmp_path / "a.docx", today=TODAY)
    assert bad.value.field == "out"
    with pytest.raises(ValidationError):
        write_letter(repo, 1, repo.path.with_suffix(".md").parent, today=TODAY)  # a folder
    assert list(tmp_path.glob("a.*")) == []
