"""The layering rules of docs/ARCHITECTURE.md ("Layers"), checked rather than hoped for.

`make check` enforces them with import-linter (the contracts in pyproject.toml); these tests
keep a second, independent reading of the sources, prove that the contracts catch a planted
bad import, and check at run time that a subcommand never loads Textual."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from importlib.util import resolve_name
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "floortrack"


def module_name(path: Path, src: Path = SRC) -> str:
    """`floortrack.billing.units` for src/floortrack/billing/units.py (a package: its name)."""
    parts = path.relative_to(src.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module `source` (the text of `module`) imports, relative imports resolved.

    `from x import y` counts as importing both `x` and `x.y` (y may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = resolve_name("." * node.level + base, package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _imports(path: Path) -> set[str]:
    return imported_modules(path.read_text(), module_name(path), path.name == "__init__.py")


def _within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_the_resolver_sees_relative_imports() -> None:
    planted = "from ..tui import x\nfrom . import units\nfrom .. import store\n"
    names = imported_modules(planted, "floortrack.billing.audit")
    assert "floortrack.tui" in names
    assert "floortrack.billing.units" in names
    assert "floortrack.store" in names
    package = imported_modules("from .screens import base", "floortrack.tui", is_package=True)
    assert "floortrack.tui.screens.base" in package


def test_textual_is_imported_only_under_tui() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tui" not in path.relative_to(SRC).parts
        and any(_within(n, "textual", "rich") for n in _imports(path))
    ]
    assert offenders == []


def test_billing_and_store_do_not_reach_up_or_into_each_other() -> None:
    above = ("floortrack.cli", "floortrack.tui", "floortrack.actions")
    offenders = []
    for layer, sibling in (("billing", "floortrack.store"), ("store", "floortrack.billing")):
        for path in (SRC / layer).rglob("*.py"):
            bad = sorted(n for n in _imports(path) if _within(n, *above, sibling))
            if bad:
                offenders.append((str(path.relative_to(SRC)), bad))
    assert offenders == []


def test_the_import_contracts_catch_a_planted_upward_import(tmp_path: Path) -> None:
    """A copy of the sources with `from ..tui import format` in billing breaks the contracts
    (and the same copy without it keeps them): the gate in `make check` really closes."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "floortrack", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(lint_imports), "--no-cache", "--no-logo"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(copy), "PATH": ""},
        )

    kept = run()
    assert kept.returncode == 0, kept.stdout + kept.stderr
    units = copy / "floortrack" / "billing" / "units.py"
    units.write_text(units.read_text() + "\nfrom ..tui import format as _planted  # noqa\n")
    broken = run()
    assert broken.returncode != 0
    assert "floortrack.billing.units -> floortrack.tui.format" in broken.stdout


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


def test_only_a_write_loads_the_file_lock(tmp_path: Path) -> None:
    """Reading commands skip filelock's start-up cost; a write still takes the lock."""
    code = (
        "import sys; from floortrack.cli import main; "
        "main(['session', 'add', '--date', '2026-03-02', '--code', '97110:25']) "
        "if sys.argv[1] == 'write' else main(['session', 'list']); "
        "print('filelock' in sys.modules)"
    )
    env = {"FLOORTRACK_DATA": str(tmp_path / "d.json"), "PATH": ""}
    found = {}
    for what in ("write", "read"):
        result = subprocess.run(
            [sys.executable, "-c", code, what], capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, result.stderr
        found[what] = result.stdout.strip().splitlines()[-1]
    assert found == {"write": "True", "read": "False"}
    assert (tmp_path / "d.json.lock").exists()


def test_the_app_module_leaves_other_screens_and_form_widgets_unloaded() -> None:
    # docs/ARCHITECTURE.md, "Performance targets": every import before the first frame counts
    # against first paint; other screens, the dialogs and TextArea load on first use.
    code = (
        "import sys, floortrack.tui.app; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(("
        "'floortrack.tui.dialogs', 'floortrack.tui.screens.', 'textual.widgets._text_area', "
        "'textual.document')))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "floortrack.tui.screens.base",
        "floortrack.tui.screens.sessions",
    ]
