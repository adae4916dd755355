"""Where a "save as" dialog writes: the path typed, checked before anything is written."""

from __future__ import annotations

from pathlib import Path


def check_out_path(
    text: str, folder: Path, suffixes: tuple[str, ...], what: str, hint: str
) -> tuple[Path | None, str]:
    """(the file to write, "") or (None, what is wrong). A relative name is in `folder`."""
    text = text.strip()
    if not text:
        return None, f"type where to save the {what}"
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = folder / path
    if path.suffix.lower() not in suffixes:
        return None, hint
    if path.is_dir():
        return None, f"{path} is a folder: add a file name"
    if not path.parent.is_dir():
        return None, f"the folder {path.parent} does not exist"
    return path, ""
