"""Every PDF floortrack writes (fpdf2), laid out to fit both US Letter and A4.

The text is set in DejaVu Sans, a Unicode font shipped inside the package (data/fonts/, with
its licence) and embedded in each file (only the characters used), so names and addresses
print as written: "Nguyễn", "Zoë", "Клиника" (docs/BENEFITS.md, "Superbills"). The built-in
PDF fonts cover Latin-1 only. Tables wrap their cells and repeat their heading row on a new
page.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from .document import Bullets, Document, Facts, Heading, Para, Table

PAPER_SIZES: dict[str, str] = {"letter": "Letter", "a4": "A4"}

# progress(done, total, page): told as the packet is laid out, in table rows and other blocks,
# so a command can show how far a long PDF has got (cli/progress.py). Never raises into it.
OnProgress = Callable[[int, int, int], None]


ACCENT = (44, 93, 138)
ALERT = (179, 38, 30)
MUTED = (90, 90, 90)
HEAD_FILL = (232, 238, 245)
STRIPE = (247, 249, 251)


FONT = "DejaVu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Characters DejaVu Sans has no glyph for are swapped for close equivalents.
_REPLACE = {"\u00a0": " "}


def latin1(text: str) -> str:
    """The text as it will be printed (kept for callers of the Latin-1 era: with the Unicode
    font nothing but a no-break space is changed)."""
    for bad, good in _REPLACE.items():
        text = text.replace(bad, good)
    return text


def add_unicode_font(pdf: FPDF) -> None:
    """Register DejaVu Sans (regular, bold, oblique) from the package on `pdf`. Every PDF
    floortrack writes goes through this (docs/BENEFITS.md, "Superbills")."""
    fonts = resources.files("floortrack") / "data" / "fonts"
    for style, name in _FONT_FILES.items():
        with resources.as_file(fonts / name) as path:
            pdf.add_font(FONT, style, str(path))


class FloortrackPDF(FPDF):
    """An FPDF with floortrack's Unicode font registered and selected."""

    def __init__(self, paper: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAPER_SIZES[paper])
        add_unicode_font(self)
        self.set_font(FONT, "", 10)


class _Packet(FloortrackPDF):
    def __init__(self, title: str, paper: str) -> None:
        super().__init__(paper)
        self.packet_title = latin1(title)
        # 18 mm sides: the text block (about 174-180 mm wide) fits either paper size.
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(self.packet_title)
        self.set_creator("floortrack")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.packet_title, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _para(pdf: _Packet, text: str, style: str) -> None:
    if style == "alert":
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(*ALERT)
        pdf.set_draw_color(*ALERT)
        pdf.set_line_width(0.8)
        if pdf.get_y() > pdf.h - pdf.b_margin - 25:
            pdf.add_page()  # an alert (often introducing a list) is not split from its bar
        y, page = pdf.get_y(), pdf.page_no()
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(pdf.epw - 3, 5, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
        # The bar runs beside the text; a long alert that still breaks across pages gets it
        # from the top of the new page.
        top = y if pdf.page_no() == page else pdf.t_margin
        pdf.line(pdf.l_margin, top, pdf.l_margin, pdf.get_y())
        pdf.set_line_width(0.2)
    elif style == "muted":
        pdf.set_font(FONT, "I", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4.2, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        if text.endswith(":") and pdf.get_y() > pdf.h - pdf.b_margin - 25:
            pdf.add_page()  # a label introducing a list or table stays with it
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _table(
    pdf: _Packet,
    headers: tuple[str, ...] | None,
    rows: tuple[tuple[str, ...], ...],
    align: str,
    widths: tuple[int, ...],
    facts: bool = False,
    row_done: Callable[[], None] | None = None,
) -> None:
    pdf.set_font(FONT, "", 8.5 if not facts else 9.5)
    pdf.set_draw_color(190, 198, 208)
    pdf.set_line_width(0.2)
    aligns = tuple("RIGHT" if align[i : i + 1] == "r" else "LEFT" for i in range(len(rows[0])))
    options: dict[str, object] = {
        "text_align": aligns,
        "line_height": 4.6,
        "padding": (1, 1.5),
        "cell_fill_color": STRIPE,
        "cell_fill_mode": TableCellFillMode.ROWS,
    }
    if widths:
        options["col_widths"] = widths
    if facts:
        options["first_row_as_headings"] = False
        options["width"] = min(pdf.epw, 150)
        options["align"] = "LEFT"
    else:
        options["headings_style"] = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    with pdf.table(**options) as table:
        if headers is not None:
            head = table.row()
            for h in headers:
                head.cell(latin1(h))
        for row in rows:
            r = table.row()
            for i, cell in enumerate(row):
                if facts and i == 0:
                    r.cell(latin1(cell), style=FontFace(emphasis="BOLD"))
                else:
                    r.cell(latin1(cell))
            if row_done is not None:
                row_done()
    pdf.ln(2)


def _size(block: object) -> int:
    """A block's share of the work for progress: its rows for a table, else one."""
    if isinstance(block, Table):
        return max(1, len(block.rows))
    if isinstance(block, Bullets):
        return max(1, len(block.items))
    return 1


def render_pdf(doc: Document, paper: str = "letter", progress: OnProgress | None = None) -> bytes:
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}")
    total = sum(_size(block) for block in doc.blocks)
    done = 0

    def row_done() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, pdf.page)

    pdf = _Packet(doc.title, paper)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, latin1(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if doc.subtitle:
        _para(pdf, doc.subtitle, "muted")
    for index, block in enumerate(doc.blocks):
        if progress is not None:
            progress(done, total, pdf.page)
        if not isinstance(block, Table):
            done += _size(block)
        if isinstance(block, Heading):
            if block.level <= 2:
                # Keep a section heading with at least a few lines of its content (more when
                # a sub-heading comes first, so the two are never split from what follows).
                following = doc.blocks[index + 1 : index + 2]
                keep = 50 if following and isinstance(following[0], Heading) else 30
                if pdf.get_y() > pdf.h - pdf.b_margin - keep:
                    pdf.add_page()
                pdf.ln(3)
                pdf.set_font(FONT, "B", 13)
                pdf.set_text_color(*ACCENT)
                pdf.cell(0, 7, latin1(block.text), new_x="LMARGIN", new_y="NEXT")
                pdf.set_draw_color(*ACCENT)
                pdf.set_line_width(0.5)
                pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
                pdf.set_line_width(0.2)
                pdf.ln(2)
            else:
                if pdf.get_y() > pdf.h - pdf.b_margin - 40:
                    pdf.add_page()
                pdf.ln(2)
                pdf.set_font(FONT, "B", 11)
                pdf.set_text_color(0, 0, 0)
                pdf.multi_cell(0, 6, latin1(block.text), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            pdf.set_text_color(0, 0, 0)
        elif isinstance(block, Para):
            _para(pdf, block.text, block.style)
        elif isinstance(block, Bullets):
            pdf.set_font(FONT, "", 9.5)
            for item in block.items:
                pdf.set_x(pdf.l_margin + 2)
                pdf.cell(4, 4.8, "-")
                pdf.multi_cell(
                    pdf.epw - 6, 4.8, latin1(item), align="L", new_x="LMARGIN", new_y="NEXT"
                )
                pdf.ln(0.8)
            pdf.ln(1.5)
        elif isinstance(block, Facts):
            if block.pairs:
                _table(pdf, None, block.pairs, "ll", (45, 75), facts=True)
        elif isinstance(block, Table) and block.rows:
            _table(pdf, block.headers, block.rows, block.align, block.widths, row_done=row_done)
        elif isinstance(block, Table):
            done += 1
    if progress is not None:
        progress(total, total, pdf.page)
    return bytes(pdf.output())
