"""Shared pieces of the command line: errors, opening the data file, output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from floortrack.model import ValidationError

if TYPE_CHECKING:
    from floortrack.store import Repository
    from floortrack.store.repository import Unlock

T = TypeVar("T")


class UserError(Exception):
    """A mistake the user can fix: printed as one line, exit code 1."""


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
    print(message, file=sys.stderr)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(obj: Any) -> None:
    """Stable JSON on stdout: sorted keys, money as "12.50" strings, dates ISO."""
    print(json.dumps(to_jsonable(obj), indent=2, sort_keys=True, ensure_ascii=False))


def parse_or_exit(fn: Callable[..., T], *args: Any) -> T:
    """Call a model parser; a ValidationError becomes a one-line user error."""
    try:
        return fn(*args)
    except ValidationError as exc:
        raise UserError(exc.message) from None


def money_text(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Plain aligned columns for people reading a terminal."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines)


def positive_id(text: str) -> int:
    """argparse type for record ids."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a whole number)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (ids start at 1)")
    return value


def out_path(text: str) -> Path:
    return Path(text).expanduser()
