"""The README's step-by-step examples run as a patient would type them, in order, on a new file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _example_block() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- readme-examples: start -->\s*```sh\n(.*?)```\s*<!-- readme-examples: end -->",
        text,
        re.S,
    )
    assert found, "README lost its step-by-step examples block"
    return found.group(1)


def test_every_readme_example_runs_in_order_on_a_fresh_file(tmp_path: Path) -> None:
    script = _example_block()
    commands = [
        ln for ln in script.splitlines() if ln.strip().startswith(("floortrack", "id=", "claim="))
    ]
    assert len(commands) >= 20  # the block is the tour of the app, not a token
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "FLOORTRACK_DATA": str(tmp_path / "data" / "floortrack.json"),
        "FLOORTRACK_TODAY": "2026-05-01",
    }
    # Each command's failure stops the script and names itself: `set -x` echoes it to stderr.
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-x", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    # What the tour did is in the file: the won appeal, the payment, the note.
    show = subprocess.run(
        ["floortrack", "claim", "show", "1", "--json"], env=env, capture_output=True, text=True
    )
    assert '"amount": "36.00"' in show.stdout and '"outcome": "won"' in show.stdout
    assert (tmp_path / "packet.md").exists() and (tmp_path / "export.json").exists()
