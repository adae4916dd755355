"""--json text is the same whichever encoder writes it: sorted keys, two-space indent,
non-ASCII as itself, controls escaped (docs/ARCHITECTURE.md, "The command line")."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from floortrack.cli.common import print_json, print_json_items, to_jsonable
from floortrack.model import Session, SessionLine

C1_AND_DEL = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def reference(obj: Any) -> str:
    """What print_json printed before it used orjson: the standard library's encoder."""
    text = json.dumps(to_jsonable(obj), indent=2, sort_keys=True, ensure_ascii=False)
    return C1_AND_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


HOSTILE = 'é \x1b]0;x\x07 \x00 \x7f \x9b \u2028 \u202e "q" \\ \t\n\r\b\f 😀'

CASES: list[Any] = [
    [],
    {},
    "",
    {"b": [], "a": {}, "c": [[], {}], "d": None, "e": True, "f": -3},
    {"name": HOSTILE, "nested": {"z": HOSTILE, "a": [HOSTILE]}},
    [
        Session(
            date=date(2026, 3, 2),
            provider=HOSTILE.replace("\x00", ""),
            lines=(SessionLine("97110", 25),),
            id=7,
        )
    ],
    {"money": Decimal("12.5"), "day": date(2026, 1, 2), "ids": (1, 2), "tags": frozenset({"a"})},
    {"median": 12.5, "big": 1e16, "small": 1e-7},  # floats: the standard encoder's spelling
    {"huge": 2**70},  # beyond 64 bits
    {"ünïcode-key": 1, "Z": 2, "a": 3},
]


@pytest.mark.parametrize("obj", CASES, ids=range(len(CASES)))
def test_print_json_writes_what_the_standard_encoder_writes(
    obj: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    print_json(obj)
    assert capsys.readouterr().out == reference(obj)


@pytest.mark.parametrize("count", [0, 1, 2, 499, 500, 501, 1203])
def test_a_long_list_is_written_in_chunks_as_one_text(
    count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [CASES[n % len(CASES)] for n in range(count)]
    print_json_items(iter(items))  # a generator: the list is never built
    assert capsys.readouterr().out == reference(items)
    print_json(items)
    assert capsys.readouterr().out == reference(items)
