"""The passphrase question an encrypted file gets before the app opens."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from floortrack.model import Session, SessionLine
from floortrack.store import crypto, open_repository
from floortrack.store.encryption import encrypt_in_place
from floortrack.tui.unlock import UnlockApp


def _encrypted(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add(Session(date="2026-03-02", lines=(SessionLine("97110", 25),)))
    encrypt_in_place(repo, "correct horse battery")


async def test_a_wrong_passphrase_asks_again_and_the_right_one_opens_the_file(
    data_file: Path,
) -> None:
    _encrypted(data_file)
    before = data_file.read_bytes()

    def opener(passphrase: str):  # type: ignore[no-untyped-def]
        return open_repository(
            data_file, unlock=lambda raw: crypto.unlock(raw, passphrase=passphrase)
        )

    app = UnlockApp(data_file.name, opener)
    async with app.run_test() as pilot:
        await pilot.press(*"wrong one!", "enter")
        problem = app.query_one("#unlock-problem", Static)
        for _ in range(100):  # the key derivation runs in a thread: wait for its answer
            if "passphrase is wrong" in str(problem.render()):
                break
            await pilot.pause(0.05)
        assert "passphrase is wrong" in str(problem.render())
        assert app.query_one("#passphrase", Input).value == ""
        await pilot.press(*"correct horse battery", "enter")
        for _ in range(100):
            if app.return_value is not None:
                break
            await pilot.pause(0.05)
    repo = app.return_value
    assert repo is not None and [s.date.isoformat() for s in repo.sessions.all()] == ["2026-03-02"]
    assert data_file.read_bytes() == before  # asking never changes the file


async def test_escape_leaves_without_opening(data_file: Path) -> None:
    _encrypted(data_file)
    app = UnlockApp(data_file.name, lambda _: open_repository(data_file))
    async with app.run_test() as pilot:
        await pilot.press("escape")
    assert app.return_value is None
