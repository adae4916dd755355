"""Shared pieces of the command line: errors, opening the data file, output helpers."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import UserError as UserError  # re-exported: every command module uses it
from .streams import CONTROL_RANGES
from .streams import printable as printable  # re-exported with the other output helpers
from .streams import printable_streams as printable_streams
from .streams import raw_stderr as raw_stderr

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from floortrack.store import Repository
    from floortrack.store.repository import Unlock

T = TypeVar("T")

# The control characters of streams.py, as one character class: JSON output escapes them.
_CONTROL = re.compile(
    "[" + "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in CONTROL_RANGES) + "]"
)


def open_repo(args: argparse.Namespace, unlock: Unlock | None = None) -> Repository:
    """The repository for the data file chosen by --data, FLOORTRACK_DATA or the default.

    An encrypted file is unlocked with the passphrase (asked for only then)."""
    from floortrack.store import open_repository, resolve_data_path

    if unlock is None:
        from .secrets import unlock_with_passphrase

        unlock = unlock_with_passphrase()
    repo = open_repository(resolve_data_path(getattr(args, "data", None)), unlock=unlock)
    for notice in repo.notices:
        info(notice)
    return repo


def info(message: str) -> None:
    """A confirmation or notice for people: stderr, so stdout stays scriptable."""
    print(printable(message), file=sys.stderr)


_PLAIN = (str, int, bool, type(None))  # JSON as they are (the values of most fields)


def to_jsonable(value: Any) -> Any:
    return _Converter().convert(value)


class _Converter:
    """Values as JSON types (money as "12.50", dates ISO); notes whether it met a float."""

    def __init__(self) -> None:
        # Imported here, not at the top: `floortrack path` or `explain` need none of them.
        from dataclasses import fields, is_dataclass
        from datetime import date
        from decimal import Decimal

        self._fields, self._is_dataclass = fields, is_dataclass
        self._date, self._decimal = date, Decimal
        self.floats = False

    def convert(self, value: Any) -> Any:
        if type(value) in _PLAIN:
            return value
        if isinstance(value, self._decimal):
            return f"{value:.2f}"
        if isinstance(value, self._date):
            return value.isoformat()
        # Plain values are taken as they are without a call: ten years of claims hold a
        # few hundred thousand of them.
        convert = self.convert
        if isinstance(value, dict):
            return {
                (k if type(k) is str else str(k)): (v if type(v) in _PLAIN else convert(v))
                for k, v in value.items()
            }
        if isinstance(value, (list, tuple, set, frozenset)):
            return [v if type(v) in _PLAIN else convert(v) for v in value]
        if self._is_dataclass(value) and not isinstance(value, type):
            return {f.name: convert(getattr(value, f.name)) for f in self._fields(value)}
        self.floats = self.floats or isinstance(value, float)
        return value


def _dumps(converter: _Converter, value: Any) -> str:
    """json.dumps(indent=2, sort_keys=True, ensure_ascii=False) of `value`, written by orjson
    (several times faster) unless a float is in it (orjson spells 1e16 for 1e+16) or orjson
    refuses it (a lone surrogate, a whole number beyond 64 bits)."""
    converter.floats = False
    plain = converter.convert(value)
    import json

    def by_json() -> str:
        return json.dumps(plain, indent=2, sort_keys=True, ensure_ascii=False)

    if converter.floats:
        return by_json()
    import orjson

    try:
        return orjson.dumps(plain, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # what orjson refuses (see above): json's own encoder writes it
        return by_json()


def _escaped(text: str) -> str:
    # json escapes C0 controls but not C1 or DEL: escape those too (still valid JSON).
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(obj: Any) -> None:
    """Stable JSON on stdout: sorted keys, money as "12.50" strings, dates ISO."""
    if isinstance(obj, list):
        print_json_items(obj)
        return
    print(_escaped(_dumps(_Converter(), obj)))


JSON_CHUNK = 500  # items written at a time: the whole text of 20,000 is never held at once


def print_json_items(items: Iterable[Any]) -> None:
    """A JSON list on stdout exactly as print_json(list(items)) prints it, converted and
    written a chunk of items at a time, so a long list is never held whole in memory (nor
    its text)."""
    converter = _Converter()
    write = sys.stdout.write
    started = False
    chunk: list[str] = []
    for item in items:
        # At depth 1 each line of an item's own text is indented two more spaces; a newline
        # inside a string is always escaped, so every line break is the encoder's.
        chunk.append("  " + _dumps(converter, item).replace("\n", "\n  "))
        if len(chunk) >= JSON_CHUNK:
            write(("[\n" if not started else ",\n") + _escaped(",\n".join(chunk)))
            started, chunk = True, []
    if chunk:
        write(("[\n" if not started else ",\n") + _escaped(",\n".join(chunk)))
        started = True
    write("\n]\n" if started else "[]\n")


def parse_or_exit(fn: Callable[..., T], *args: Any) -> T:
    """Call a model parser; a ValidationError becomes a one-line user error."""
    from floortrack.model import ValidationError  # the caller's parser has loaded it

    try:
        return fn(*args)
    except ValidationError as exc:
        raise UserError(exc.message) from None


def money_text(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Plain aligned columns for people reading a terminal (control characters dropped)."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines)


def _at_least_one(text: str, not_whole: str, too_small: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' {not_whole}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' {too_small}")
    return value


def positive_id(text: str) -> int:
    """argparse type for record ids."""
    return _at_least_one(text, "is not an id (a whole number)", "is not an id (ids start at 1)")


def count(text: str) -> int:
    """argparse type for --limit N: a whole number, 1 or more."""
    return _at_least_one(text, "is not a whole number", "is not 1 or more")


# How many records `session list` and `claim list` print unless told otherwise: the newest
# page, so the command costs the same on the tenth year of data as on the first
# (docs/ARCHITECTURE.md, "Performance targets").
LIST_LIMIT = 50


def add_limit_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """--limit N and --all for a list that prints the newest LIST_LIMIT by default."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--limit",
        type=count,
        metavar="N",
        help=f"show the newest N {what} (default {LIST_LIMIT}; with --json: every one)",
    )
    group.add_argument("--all", action="store_true", help=f"show every {what[:-1]}")


def list_limit(args: argparse.Namespace) -> int | None:
    """How many of the newest records to show; None for every one."""
    if args.all:
        return None
    if args.limit is not None:
        return int(args.limit)
    return None if args.json else LIST_LIMIT


def not_shown(hidden: int, what: str) -> None:
    """The line under a shortened list: how many were left out and how to see them."""
    if hidden > 0:
        noun = what if hidden != 1 else what[:-1]
        info(f"{hidden:,} older {noun} not shown: --limit N shows the newest N, --all every one.")


def out_path(text: str) -> Path:
    from pathlib import Path

    return Path(text).expanduser()
