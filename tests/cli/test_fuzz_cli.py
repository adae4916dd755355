"""Hostile argument values through the real CLI, in-process: never a traceback.

Hypothesis feeds text (markup, control characters, non-ASCII digits, huge numbers, NULs,
odd dates) to the commands that take values. Every invocation must end with exit 0, 1, 2 or
3 and no traceback; the file must stay openable. FLOORTRACK_FUZZ_EXAMPLES raises the count.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floortrack.cli import main
from floortrack.store import open_repository

EXAMPLES = int(os.environ.get("FLOORTRACK_FUZZ_EXAMPLES", "60"))
INVOCATIONS = {"count": 0}

NASTY = st.sampled_from(
    [
        "", " ", "[/]", "[bold]x[/]", "\x1b]0;t\x07", "\x00", "١٢٣", "1,23", "1e2", "-0",
        "9999-12-31", "0001-01-01", "2026-02-30", "²", "1" * 40, "$$$5", "NaN", "inf",
        "97110:", "97110:-5", "97110:99999", "CO-97", "'; DROP", "\ud800", "=HYPERLINK(1)",
    ]
)  # fmt: skip
VALUE = st.one_of(NASTY, st.text(max_size=30), st.integers(-(10**20), 10**20).map(str))

COMMANDS = [
    lambda v: ["session", "add", "--date", v[0], "--code", v[1], "--provider", v[2]],
    lambda v: ["session", "add", "--code", "97110:25", "--note", v[0], "--pain-before", v[1]],
    lambda v: ["claim", "add", "--service-date", v[0], "--payer", v[1], "--billed", v[2]],
    lambda v: ["claim", "pay", v[0], "--amount", v[1], "--on", v[2]],
    lambda v: ["diary", "add", "--date", v[0], "--leaks", v[1], "--note", v[2]],
    lambda v: ["plan", "add", "--payer", v[0], "--type", "other", "--visit-limit", v[1]],
    lambda v: ["session", "list", "--from", v[0]],
    lambda v: ["units", v[0], v[1]],
    lambda v: ["explain", v[0]],
    lambda v: ["report", "--format", "md", "--out", v[0] or "x.md", "--from", v[1]],
]


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "floortrack.json"
    assert main(["--data", str(path), "claim", "add", "--service-date", "2026-01-05",
                 "--payer", "Aetna", "--billed", "100"]) == 0  # fmt: skip
    return path


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    which=st.integers(0, len(COMMANDS) - 1),
    values=st.tuples(VALUE, VALUE, VALUE),
)
def test_hostile_values_never_crash_the_cli(
    fuzz_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    which: int,
    values: tuple[str, str, str],
) -> None:
    monkeypatch.chdir(fuzz_file.parent)
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-14")
    argv = ["--data", str(fuzz_file), *COMMANDS[which](values)]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    INVOCATIONS["count"] += 1
    err = capsys.readouterr().err
    assert code in {0, 1, 2, 3}, (argv, err)
    assert "Traceback" not in err, (argv, err)
    open_repository(fuzz_file)  # still a valid, openable file


def test_report_fuzz_count() -> None:
    """Runs after the fuzz test: says how many invocations were made (for the report)."""
    print(f"fuzzed CLI invocations: {INVOCATIONS['count']}")
