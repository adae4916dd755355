"""A change reaches the screens as ids (DataChanged.changes), and Sessions and Claims update
those rows only: the rest of the page, and the selection, stay as they were."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.app import App, ComposeResult

from floortrack.model import Session, SessionLine
from floortrack.store import open_repository
from floortrack.tui.data import Snapshot, record_changes
from floortrack.tui.messages import DataChanged, RecordChanges
from floortrack.tui.screens.claims import ClaimsScreen
from floortrack.tui.screens.sessions import SessionsScreen
from floortrack.tui.widgets.keyed_table import KeyedTable, KeyedText

SIZE = (130, 40)


def visit(n: int, clinic: str = "Harbor") -> Session:
    return Session(date(2026, 1, n), clinic, "treatment", (SessionLine("97110", 30),), id=n)


def test_record_changes_by_identity_then_equality():
    before = [visit(1), visit(2), visit(3)]
    same = list(before)  # the same objects (a store that kept them)
    assert record_changes(before, same) == RecordChanges()
    rebuilt = [replace(v) for v in before]  # equal copies (a store that built them again)
    assert record_changes(before, rebuilt) == RecordChanges()
    after = [before[0], replace(before[1], note="felt better"), visit(4)]
    assert record_changes(before, after) == RecordChanges(
        added=frozenset({4}), changed=frozenset({2}), removed=frozenset({3})
    )


def test_snapshot_changes_name_only_the_kinds_that_changed():
    before = Snapshot(sessions=[visit(1)])
    after = replace(before, sessions=[visit(1), visit(2)])
    assert after.changes_since(before) == {"sessions": RecordChanges(added=frozenset({2}))}
    assert before.changes_since(before) == {}


def test_a_kinds_only_message_means_redraw_everything():
    message = DataChanged(frozenset({"sessions"}))
    assert message.changes_to("sessions") is None  # any visit may have changed
    assert message.changes_to("claims") == RecordChanges()  # claims did not change


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table = KeyedTable(key_cell=1)
        table.add_columns("Date", "Clinic")
        yield table


def row(n: int, clinic: str = "Harbor") -> tuple[str, tuple[str, Text]]:
    return str(n), (f"2026-01-{n:02d}", KeyedText(clinic, str(n)))


def shown(table: KeyedTable) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in (table.get_row_at(i) for i in range(table.row_count))]


async def test_keyed_table_changes_only_what_differs():
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(KeyedTable)
        table.show_rows([row(3), row(2), row(1)])
        await pilot.pause()
        kept = table.get_row_at(0)  # visit 3
        # A new row at the top, one changed, one gone: in the order given.
        table.show_rows([row(4), row(3), row(2, "Bloom")])
        await pilot.pause()
        assert shown(table) == [
            ("2026-01-04", "Harbor"),
            ("2026-01-03", "Harbor"),
            ("2026-01-02", "Bloom"),
        ]
        # Row 3 was left as it was (its very cells), not added again.
        assert all(a is b for a, b in zip(table.get_row_at(1), kept, strict=True))
        # Many rows gone at once: rebuilt, still exactly the rows given.
        many = [row(n) for n in range(100, 0, -1)]
        table.show_rows(many)
        table.show_rows(many[-5:])
        await pilot.pause()
        assert [r[0] for r in shown(table)] == [f"2026-01-{n:02d}" for n in range(5, 0, -1)]


async def test_a_visit_changed_elsewhere_updates_its_row_and_keeps_the_selection(
    demo_repo, make_app, loaded, wait_until, data_file
):
    app = make_app(demo_repo, poll_interval=0.2)
    announced: list[dict[str, RecordChanges]] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        screen.query_one(KeyedTable).move_cursor(row=2)
        await pilot.pause()
        selected = screen.selected()
        first = screen.rows[0]
        announce = app.data._announce

        def recording(kinds, changes=None):
            announced.append(dict(changes or {}))
            announce(kinds, changes)

        app.data._announce = recording
        other = open_repository(data_file)  # the CLI in another terminal edits one visit
        other.sessions.update(first.id, replace(first, provider="Edited Elsewhere PT"))
        table = screen.query_one(KeyedTable)
        await wait_until(
            pilot, lambda: str(table.get_row_at(0)[1]) == "Edited Elsewhere PT", "the edit"
        )
        assert screen.selected() == selected  # the cursor stayed on the same visit
        assert table.cursor_row == 2
        assert announced[-1] == {"sessions": RecordChanges(changed=frozenset({first.id}))}


async def test_a_claim_paid_elsewhere_updates_its_row(
    demo_repo, make_app, loaded, wait_until, data_file
):
    app = make_app(demo_repo, poll_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await app.switch_mode("claims")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimsScreen), "Claims")
        screen = app.screen
        table = screen.query_one(KeyedTable)
        await wait_until(pilot, lambda: table.row_count > 0, "the claims")
        before = [table.get_row_at(i) for i in range(table.row_count)]
        claim = screen._shown[0]
        other = open_repository(data_file)
        other.claims.update(claim.id, replace(claim, claim_number="CHANGED-123"))
        await wait_until(
            pilot, lambda: str(table.get_row_at(0)[-1]) == "CHANGED-123", "the new claim number"
        )
        after = [table.get_row_at(i) for i in range(table.row_count)]
        assert after[1:] == before[1:]  # the other claims' rows are as they were
