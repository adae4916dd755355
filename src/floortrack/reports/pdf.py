"""The packet as a PDF (fpdf2), laid out to fit both US Letter and A4.

The built-in Helvetica is used so the file looks the same on every machine without shipping
a font; it covers Latin-1, so other characters are replaced by close ASCII equivalents
(dashes, quotes, arrows) rather than dropped. Tables wrap their cells and repeat their
heading row on a new page.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from .document import Bullets, Document, Facts, Heading, Para, Table

PAPER_SIZES: dict[str, str] = {"letter": "Letter", "a4": "A4"}

_REPLACE = {
    "\u2014": "-",
    "\u2013": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2192": "->",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2022": "-",
    "\u00a0": " ",
    "\u2212": "-",
}

ACCENT = (44, 93, 138)
ALERT = (179, 38, 30)
MUTED = (90, 90, 90)
HEAD_FILL = (232, 238, 245)
STRIPE = (247, 249, 251)


def latin1(text: str) -> str:
    for bad, good in _REPLACE.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


class _Packet(FPDF):
    def __init__(self, title: str, paper: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAPER_SIZES[paper])
        self.packet_title = latin1(title)
        # 18 mm sides: the text block (about 174-180 mm wide) fits either paper size.
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(self.packet_title)
        self.set_creator("floortrack")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.packet_title, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _para(pdf: _Packet, text: str, style: str) -> None:
    if style == "alert":
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_text_color(*ALERT)
        pdf.set_draw_color(*ALERT)
        pdf.set_line_width(0.8)
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(pdf.epw - 3, 5, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.line(pdf.l_margin, y, pdf.l_margin, pdf.get_y())
        pdf.set_line_width(0.2)
    elif style == "muted":
        pdf.set_font("Helvetica", "I", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4.2, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        if text.endswith(":") and pdf.get_y() > pdf.h - pdf.b_margin - 25:
            pdf.add_page()  # a label introducing a list or table stays with it
        pdf.set_font("Helvetica", "", 10)
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
) -> None:
    pdf.set_font("Helvetica", "", 8.5 if not facts else 9.5)
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
    pdf.ln(2)


def render_pdf(doc: Document, paper: str = "letter") -> bytes:
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}")
    pdf = _Packet(doc.title, paper)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 17)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, latin1(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if doc.subtitle:
        _para(pdf, doc.subtitle, "muted")
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level <= 2:
                # Keep a section heading with at least a few lines of its content.
                if pdf.get_y() > pdf.h - pdf.b_margin - 30:
                    pdf.add_page()
                pdf.ln(3)
                pdf.set_font("Helvetica", "B", 13)
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
                pdf.set_font("Helvetica", "B", 11)
                pdf.set_text_color(0, 0, 0)
                pdf.multi_cell(0, 6, latin1(block.text), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            pdf.set_text_color(0, 0, 0)
        elif isinstance(block, Para):
            _para(pdf, block.text, block.style)
        elif isinstance(block, Bullets):
            pdf.set_font("Helvetica", "", 9.5)
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
            _table(pdf, block.headers, block.rows, block.align, block.widths)
    return bytes(pdf.output())
