"""What reaches the terminal: text without control characters (docs/STORAGE.md, "Output").

Every command runs inside `printable_streams`, `floortrack path` included, so this module
imports nothing beyond the interpreter's own start-up set (no `re`, no `typing`, not even
`contextlib`, which brings collections and functools): it is paid for by every command
(docs/ARCHITECTURE.md, "The command line")."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing's own flag, without importing typing (mypy reads it alike)
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType
    from typing import Any

# C0 controls but tab and newline, DEL, C1 controls (\x9b is a one-byte CSI), and the
# bidirectional overrides that make text display in a different order than it is stored.
CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
CONTROL_CHARS = frozenset(
    chr(code) for first, last in CONTROL_RANGES for code in range(first, last + 1)
)
_DROP_CONTROL = dict.fromkeys(map(ord, CONTROL_CHARS))  # str.translate: code -> None


def printable(text: str) -> str:
    """`text` without terminal control characters: a name holding ESC ] 0 ; ... BEL cannot
    retitle the window or clear the screen (docs/STORAGE.md, "Output")."""
    if not text.isascii():  # a lone surrogate (bytes that were not UTF-8) cannot be printed
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.translate(_DROP_CONTROL)


class _PrintableStream:
    """A text stream that drops control characters from what is written to it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def raw_stderr() -> Any:
    """stderr without the control-character filter of printable_streams: only for text of
    floortrack's own that needs a carriage return (the progress line, cli/progress.py)."""
    stream = sys.stderr
    return stream._stream if isinstance(stream, _PrintableStream) else stream


class printable_streams:  # noqa: N801 - used as a function: `with printable_streams():`
    """While running a command: stderr (always for people) and stdout when it is a terminal
    carry no control characters. Piped stdout (JSON, CSV) is left byte-exact; JSON escapes
    them anyway (`print_json`)."""

    def __enter__(self) -> None:
        self._old = sys.stdout, sys.stderr
        old_out, old_err = self._old
        try:
            tty = bool(old_out.isatty())
        except (AttributeError, ValueError):
            tty = False
        # Text that cannot be encoded (a lone surrogate from bytes in argv that were not
        # UTF-8) is written as "?" instead of stopping the command with a traceback.
        self._restore = [_replace_unencodable(stream) for stream in (old_out, old_err)]
        sys.stderr = _PrintableStream(old_err)
        if tty:
            sys.stdout = _PrintableStream(old_out)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        sys.stdout, sys.stderr = self._old
        for undo in self._restore:
            undo()


def _replace_unencodable(stream: Any) -> Callable[[], None]:
    """Make `stream` replace what it cannot encode; returns how to undo that."""
    errors = getattr(stream, "errors", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or errors in (None, "replace"):
        return lambda: None
    try:
        reconfigure(errors="replace")
    except (ValueError, AttributeError, OSError):
        return lambda: None

    def undo() -> None:
        try:  # noqa: SIM105 - contextlib.suppress would import contextlib (3 ms)
            reconfigure(errors=errors)
        except (ValueError, AttributeError, OSError):
            pass

    return undo
