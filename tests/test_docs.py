"""The repository's docs stay true: every test they cite exists, every section the code
cites exists, and no comment points at a document that is not in the repository
(CONTRIBUTING.md, "Comments and docs")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
CODE = [
    p
    for folder in ("src", "tests", "benchmarks")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in {".py", ".toml", ".md", ".tcss"} and "__snapshots__" not in p.parts
]


def _headings(path: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in path.read_text().splitlines() if line[:1] == "#"]


def test_every_test_a_doc_cites_exists() -> None:
    missing = []
    for doc in DOCS:
        for file, name in re.findall(r"(tests/[\w/]+\.py)::(\w+)", doc.read_text()):
            source = ROOT / file
            if not source.exists() or not re.search(rf"def {name}\b", source.read_text()):
                missing.append(f"{doc.name}: {file}::{name}")
    assert missing == []


def test_every_cited_storage_section_exists() -> None:
    sections = {h.split(".")[0] for h in _headings(ROOT / "docs" / "STORAGE.md")}
    cited: set[str] = set()
    for path in CODE:
        for group in re.findall(r"docs/STORAGE\.md, (S\d+(?:, S\d+)*)", path.read_text()):
            cited.update(group.split(", "))
    assert cited and cited <= sections, sorted(cited - sections)


def test_every_cited_architecture_section_exists() -> None:
    headings = _headings(ROOT / "docs" / "ARCHITECTURE.md")
    cited = set()
    for path in CODE:
        text = path.read_text().replace("\n#", " ").replace("\n", " ")
        cited.update(re.findall(r'docs/ARCHITECTURE\.md,\s+"([^"]+)"', text))
    unknown = [c for c in cited if not any(h.startswith(c) for h in headings)]
    assert cited and unknown == []


def test_no_comment_cites_a_document_outside_the_repository() -> None:
    outside = re.compile("|".join(["RELIA" + "BILITY", r"domain\.md", r"DESIGN\.md", "STYLE §"]))
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in CODE
        if path != Path(__file__).resolve()
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if outside.search(line)
    ]
    assert offenders == []
