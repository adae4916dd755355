"""The layering rules of DESIGN.md, checked rather than hoped for."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "floortrack"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_textual_is_imported_only_under_tui() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tui" not in path.relative_to(SRC).parts
        and any(n == "textual" or n.startswith(("textual.", "rich")) for n in _imports(path))
    ]
    assert offenders == []


def test_billing_and_store_do_not_reach_up_into_cli_or_tui() -> None:
    offenders = []
    for layer in ("billing", "store"):
        for path in (SRC / layer).rglob("*.py"):
            bad = [n for n in _imports(path) if n.startswith(("floortrack.cli", "floortrack.tui"))]
            if bad:
                offenders.append((str(path.relative_to(SRC)), bad))
    assert offenders == []


def test_a_subcommand_never_loads_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from floortrack.cli import main; main(['session', 'list']); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"FLOORTRACK_DATA": str(tmp_path / "d.json"), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
