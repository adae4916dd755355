"""DataService: the TUI's only door to the repository (app.data).

Every repository call runs on ONE dedicated thread (TinyDB is not thread-safe, and a save at
ten years of data takes tens of ms, too long for the UI thread): `call` for a read, `save`
for an action (floortrack.actions). The UI awaits results with asyncio, so nothing blocks a
frame. The screens read plain snapshot lists (`sessions`, `claims`, ...) that are replaced
whole after each refresh, and learn of a change from a `DataChanged` message naming the
kinds of record that changed and, by id, which records (docs/ARCHITECTURE.md).

Quitting waits for a pending save: the executor thread is not a Textual worker (workers are
cancelled on exit) and `close()` joins it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from floortrack.actions.errors import Conflict
from floortrack.model import (
    Authorization,
    Call,
    Claim,
    ClaimDocument,
    Clinic,
    CodeNote,
    DiaryEntry,
    Plan,
    Profile,
    Session,
    ValidationError,
)
from floortrack.store import Repository, StoreError
from floortrack.tui.messages import KINDS, DataChanged, RecordChanges

if TYPE_CHECKING:
    from floortrack.tui.app import FloortrackApp

T = TypeVar("T")

FIRST_PAGE = 500  # the Sessions screen's page size


@dataclass
class Snapshot:
    sessions: list[Session] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    auths: list[Authorization] = field(default_factory=list)
    diary: list[DiaryEntry] = field(default_factory=list)
    clinics: list[Clinic] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    documents: list[ClaimDocument] = field(default_factory=list)
    notes: list[CodeNote] = field(default_factory=list)

    def changes_since(self, before: Snapshot) -> dict[str, RecordChanges]:
        """For each kind of record that differs from `before`: which ids were added, changed
        or removed. The store hands back the same object for a record a save did not touch,
        so `is` settles most of them; `==` decides the rest (correct either way)."""
        changes: dict[str, RecordChanges] = {}
        for kind in KINDS:
            found = record_changes(getattr(before, kind), getattr(self, kind))
            if found:
                changes[kind] = found
        return changes


_MISSING: Any = object()


def record_changes(before: list[Any], after: list[Any]) -> RecordChanges:
    """The ids added, changed and removed between two lists of records of one kind."""
    if before is after:
        return RecordChanges()
    old = {record.id: record for record in before}
    added: list[int] = []
    changed: list[int] = []
    for record in after:
        previous = old.pop(record.id, _MISSING)
        if previous is _MISSING:
            added.append(record.id)
        elif previous is not record and previous != record:
            changed.append(record.id)
    return RecordChanges(frozenset(added), frozenset(changed), frozenset(old))


@dataclass
class SaveResult(Generic[T]):
    """What a save delivered: truthy on success (value = what fn returned), else the error:
    its message, the field it is about, and for an edit that clashed with a change made
    elsewhere the `Conflict` (not notified: the form asks the user what to keep)."""

    ok: bool
    value: T | None = None
    error: str = ""
    field: str = ""
    conflict: Conflict | None = None

    def __bool__(self) -> bool:
        return self.ok


def _warm_catalogue() -> None:
    """Parse the code catalogue on the store thread, not on the first keystroke or paint."""
    from floortrack.billing import catalogue

    catalogue.lookup("97110")


def _warm_writes() -> None:
    """Import what the store's first write loads (the file lock, the daily backup) on the
    store thread once everything is read, not on the patient's first save: imported there,
    they added ~20-30 ms of CPU to it (at 5,000 visits the store thread's part of the first
    save, the day's backup included: ~35-45 -> ~17 ms). The first screen still paints
    without them."""
    import filelock  # noqa: F401

    from floortrack.store import backups  # noqa: F401


class DataService:
    def __init__(
        self,
        app: FloortrackApp,
        repo: Repository,
        poll_interval: float = 1.5,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self._on_loaded = on_loaded  # called once every record was read and announced
        self.repo = repo
        self.poll_interval = poll_interval
        self.loaded = False  # every kind of record read
        self.catalogue_ready = False  # code meanings parsed (units and meanings can show)
        self._snapshot = Snapshot()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="floortrack-store")
        self._last_poll_error = ""
        self._closed = False
        # The newest page is read from the moment the app is made, while Textual starts up:
        # the first screen may find it ready before its first frame (`first_page`).
        self._first_page: Future[list[Session]] = self._executor.submit(
            repo.sessions.newest, FIRST_PAGE
        )

    # -- snapshot lists (read on the UI thread; replaced whole, never mutated) -------------
    @property
    def sessions(self) -> list[Session]:
        return self._snapshot.sessions

    @property
    def claims(self) -> list[Claim]:
        return self._snapshot.claims

    @property
    def plans(self) -> list[Plan]:
        return self._snapshot.plans

    @property
    def auths(self) -> list[Authorization]:
        return self._snapshot.auths

    @property
    def diary(self) -> list[DiaryEntry]:
        return self._snapshot.diary

    @property
    def clinics(self) -> list[Clinic]:
        return self._snapshot.clinics

    @property
    def profiles(self) -> list[Profile]:
        return self._snapshot.profiles

    @property
    def calls(self) -> list[Call]:
        return self._snapshot.calls

    @property
    def documents(self) -> list[ClaimDocument]:
        return self._snapshot.documents

    @property
    def notes(self) -> list[CodeNote]:
        return self._snapshot.notes

    # -- plumbing ---------------------------------------------------------------------------
    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn(*args) on the store thread and await its result (exceptions re-raised)."""
        return await asyncio.wrap_future(self._executor.submit(fn, *args))

    def _read_all(self) -> Snapshot:
        repo = self.repo
        return Snapshot(
            sessions=repo.sessions.all(),
            claims=repo.claims.all(),
            plans=repo.plans.all(),
            auths=repo.auths.all(),
            diary=repo.diary.all(),
            clinics=repo.clinics.all(),
            profiles=repo.profile.all(),
            calls=repo.calls.all(),
            documents=repo.documents.all(),
            notes=repo.code_notes.all(),
        )

    def first_page(self, wait: float) -> bool:
        """Take the newest page of visits into the snapshot if it is read within `wait`
        seconds; the first screen calls this before its first frame, so that frame shows the
        visits rather than "Loading". A slower read (or a failed one, reported by `start`'s
        load) leaves the placeholder up: the frame never waits longer than `wait`."""
        if self.loaded or self._snapshot.sessions:
            return True
        try:
            sessions = self._first_page.result(timeout=wait)
        except (FutureTimeout, StoreError, ValidationError):
            return False
        self._snapshot = replace(self._snapshot, sessions=sessions)
        return True

    def start(self) -> None:
        """Load (visits first, then everything else), then poll for other writers."""
        self.app.run_worker(self._first_load(), name="data-load", group="data")
        if self.poll_interval > 0:
            self.app.set_interval(self.poll_interval, self._poll, name="data-poll")

    async def _first_load(self) -> None:
        # Ten years of claims take far longer to read than the visits, and the first screen
        # shows visits: show those as soon as they are read, then read the rest.
        try:
            # Only the newest page is built for the first frame; all of them come next.
            sessions = await asyncio.wrap_future(self._first_page)
        except (StoreError, ValidationError) as error:
            self._report(f"Could not read your data: {error}")
            return
        if not self.loaded and self._snapshot.sessions is not sessions:  # not shown yet
            self._snapshot = replace(self._snapshot, sessions=sessions)
            self._announce(frozenset({"sessions"}))
        await asyncio.sleep(0.05)  # let that frame reach the terminal before more work
        await self.call(_warm_catalogue)
        self.catalogue_ready = True
        await self.refresh()
        if self._on_loaded is not None:
            self._on_loaded()
        if not self._closed:  # quitting: the store thread takes no more work
            await self.call(_warm_writes)

    async def refresh(self) -> bool:
        """Re-read the snapshot from the repository (memory) and tell the screens."""
        try:
            snapshot = await self.call(self._read_all)
        except (StoreError, ValidationError) as error:
            self._report(f"Could not read your data: {error}")
            return False
        # The first full load is news to every screen (units and meanings can show now): it
        # names every kind and no ids, so each screen draws everything.
        if self.loaded:
            changes = snapshot.changes_since(self._snapshot)
            kinds = frozenset(changes)
        else:
            changes, kinds = {}, KINDS
        self._snapshot = snapshot
        self.loaded = True
        if kinds:
            self._announce(kinds, changes)
        return True

    def _announce(
        self, kinds: frozenset[str], changes: dict[str, RecordChanges] | None = None
    ) -> None:
        """Post DataChanged to the screen at the base of every mode already opened (a mode
        opened later renders the snapshot when it mounts), and to any full screen pushed over
        one (Clinics over the Overview) that draws records too."""
        for mode in self.app.MODES:
            try:
                stack = self.app.get_screen_stack(mode)
            except KeyError:
                continue
            for index, screen in enumerate(stack):
                if index == 0 or getattr(screen, "SHOWS", None):
                    screen.post_message(DataChanged(kinds, changes))

    async def _poll(self) -> None:
        if self._closed:
            return
        try:
            changed = await self.call(self.repo.reload_if_changed)
        except (StoreError, ValidationError) as error:
            message = (
                f"Another program changed {self.repo.path.name} and it cannot be read: {error}"
            )
            if message != self._last_poll_error:  # say it once, not every 1.5 s
                self._last_poll_error = message
                self._report(message)
            return
        self._last_poll_error = ""
        if changed:
            await self.refresh()
            self.app.notify("Updated: the data file was changed by another program.", timeout=3)

    async def save(
        self, fn: Callable[[Repository], T], success: str | None = "Saved"
    ) -> SaveResult[T]:
        """Run fn(repo) (an action from floortrack.actions) on the store thread, then refresh
        the snapshot.

        Failure never raises into the UI: it is shown as an error notification and returned,
        so a form can stay open with what the user typed. A `Conflict` is only returned: the
        form that made the edit asks which value to keep."""
        try:
            value = await self.call(fn, self.repo)
        except Conflict as conflict:
            return SaveResult(False, error=conflict.message, field="", conflict=conflict)
        except (StoreError, ValidationError) as error:
            message = getattr(error, "message", None) or str(error)
            self._report(f"Not saved: {message}")
            return SaveResult(False, error=message, field=getattr(error, "field", "") or "")
        except Exception as error:  # a bug must not lose the user's form; show it instead
            self.app.log.error(f"save failed: {error!r}")
            self._report(f"Not saved: {error}")
            return SaveResult(False, error=str(error))
        await self.refresh()
        if success:
            self.app.notify(success, timeout=3, markup=False)
        return SaveResult(True, value)

    def _report(self, message: str) -> None:
        self.app.notify(message, severity="error", timeout=8, markup=False)

    def close(self) -> None:
        """Wait for a pending save to finish (never abandon a write half-acknowledged)."""
        self._closed = True
        self._executor.shutdown(wait=True)
