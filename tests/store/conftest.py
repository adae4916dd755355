"""Sample records for the storage tests: a little of every kind, as a patient would have."""

from __future__ import annotations

from pathlib import Path

import pytest

from floortrack.model import (
    Adjustment,
    Authorization,
    Claim,
    ClaimLine,
    DiaryEntry,
    Plan,
    Session,
    SessionLine,
    StatusChange,
)
from floortrack.store import Repository, open_repository


def sample_sessions() -> list[Session]:
    return [
        Session(
            date="2026-01-05",
            provider="Bloom Pelvic PT",
            visit_type="evaluation",
            lines=(SessionLine("97161"), SessionLine("97110", 25)),
            pain_before=6,
            pain_after=4,
            symptoms="urgency, leaking when coughing",
            note='First visit; "internal exam" explained',
        ),
        Session(
            date="2026-01-08",
            provider="Bloom Pelvic PT",
            lines=(SessionLine("97110", 23), SessionLine("97140", 15), SessionLine("97530", 8)),
            pain_before=5,
            pain_after=3,
            note="Biofeedback, comma, and a newline\nin the note",
        ),
        Session(date="2026-01-12", provider="Bloom Pelvic PT", lines=(SessionLine("97112", 30),)),
    ]


def sample_claims() -> list[Claim]:
    return [
        Claim(
            service_dates=("2026-01-05",),
            payer="Aetna",
            billed="310.00",
            claim_number="A-1001",
            status="paid",
            submitted="2026-01-06",
            lines=(ClaimLine("97161", 1), ClaimLine("97110", 2)),
            allowed="220.00",
            paid="176.00",
            patient_owes="44.00",
            adjustments=(Adjustment("CO", "45", "90.00"),),
            history=(
                StatusChange("submitted", "2026-01-06"),
                StatusChange("paid", "2026-01-29", "EOB arrived"),
            ),
        ),
        Claim(
            service_dates=("2026-01-08", "2026-01-12"),
            payer="Aetna",
            billed="420.50",
            status="denied",
            submitted="2026-01-13",
            lines=(ClaimLine("97110", 2), ClaimLine("97140", 1), ClaimLine("97112", 2)),
            denial_codes=("CO-97",),
            history=(StatusChange("submitted", "2026-01-13"), StatusChange("denied", "2026-02-01")),
        ),
    ]


def fill(repo: Repository) -> None:
    """One record (or a few) of every kind, each kind in its own save."""
    repo.sessions.add_many(sample_sessions())
    repo.claims.add_many(sample_claims())
    repo.plans.add(Plan("Aetna", visit_limit=20, member_id="W123"))
    repo.auths.add(Authorization("Aetna", 12, "2026-01-01", "2026-06-30", number="PA-9"))
    repo.diary.add(DiaryEntry("2026-01-09", leaks=2, pads=1, urgency=3, note="better"))
    repo.set_note("97110", "Therapeutic exercise: the bridges and clamshells")
    repo.set_setting("theme", "textual-light")


@pytest.fixture
def filled(data_file: Path) -> Path:
    """A valid data file holding every kind of record; returns its path."""
    fill(open_repository(data_file))
    return data_file
