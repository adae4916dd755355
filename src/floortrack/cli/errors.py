"""The CLI's own error: a mistake the user can fix, printed as one line with exit code 1."""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix: printed as one line, exit code 1."""
