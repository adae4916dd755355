"""A tiny format-neutral document: the packet is built once as blocks, then rendered to
Markdown, HTML or PDF. Keeping one structure means the three formats always say the same."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the title; 2: a section; 3: a claim or sub-part


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "normal"  # "normal", "muted" (fine print) or "alert" (needs action)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Label/value pairs, shown as a two-column table."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str = ""  # one letter per column, "l" or "r" (default all "l")
    widths: tuple[int, ...] = ()  # relative column widths for the PDF (default equal)

    def alignment(self, index: int) -> str:
        return self.align[index] if index < len(self.align) else "l"


Block = Heading | Para | Bullets | Facts | Table


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)
