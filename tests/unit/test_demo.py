"""The demo data: realistic, deterministic, and consistent with floortrack's own rules."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from floortrack.billing.eob import check_eob
from floortrack.demo import build_demo
from floortrack.store import open_repository

TODAY = date(2026, 3, 14)


def test_demo_is_deterministic(tmp_path: Path) -> None:
    first = open_repository(tmp_path / "a.json")
    second = open_repository(tmp_path / "b.json")
    build_demo(first, TODAY)
    build_demo(second, TODAY)
    assert first.export_tables() == second.export_tables()


def test_demo_tells_a_story(tmp_path: Path) -> None:
    repo = open_repository(tmp_path / "demo.json")
    build_demo(repo, TODAY)
    sessions, claims = repo.sessions.all(), repo.claims.all()
    assert 15 <= len(sessions) <= 30
    assert all(s.date < TODAY for s in sessions)
    assert {s.visit_type for s in sessions} == {"evaluation", "treatment", "re-evaluation"}
    codes = {code for s in sessions for code in s.codes}
    assert {"97110", "97112", "97140", "97530", "97535", "90912"} <= codes
    statuses = {c.status for c in claims}
    assert {"paid", "partially_paid", "denied", "appealed", "needs_info"} <= statuses
    denials = {code for c in claims for code in c.denial_codes}
    assert {"CO-97", "CO-50", "PR-204"} <= denials
    assert all(not check_eob(c) for c in claims)  # the EOB numbers add up
    assert len(repo.plans) == 1 and len(repo.auths) == 1
    diary = sorted(repo.diary.all(), key=lambda d: d.date)
    assert len(diary) >= 60
    early = sum(d.leaks or 0 for d in diary[:14])
    late = sum(d.leaks or 0 for d in diary[-14:])
    assert late < early  # fewer leaks by the end: therapy is working


def test_ten_years_of_sample_claims_are_never_sent_after_today(tmp_path: Path) -> None:
    from floortrack.demo import build_large

    repo = open_repository(tmp_path / "large.json")
    build_large(repo, sessions=3650, claims=3650)  # one visit a day, the newest yesterday
    claims = repo.claims.all()
    assert max(s.date for s in repo.sessions.all()) == date.today() - timedelta(days=1)
    assert all(c.submitted is not None and c.submitted <= date.today() for c in claims)
    assert all(ch.on <= date.today() for c in claims for ch in c.history)
