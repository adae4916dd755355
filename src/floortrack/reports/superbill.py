"""The superbill as a document (Markdown, HTML or PDF by the file's extension).

billing/superbill.py builds the lines and the findings; this lays them out: patient and
member ID, insurer, provider with NPI, tax ID and place of service, the diagnoses (ICD-10),
then each date with its code, modifiers, units, diagnosis pointers and charge, and the amount
paid (docs/BENEFITS.md, "Superbills").
"""

from __future__ import annotations

from decimal import Decimal

from floortrack.billing.superbill import Superbill

from .document import Document, Facts, Heading, Para, Table

FORMATS_BY_SUFFIX = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


def format_for(filename: str) -> str:
    """'pdf', 'html' or 'md' by the file's extension (PDF when there is none)."""
    lower = filename.lower()
    for suffix, fmt in FORMATS_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return fmt
    return "pdf"


def _money(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def superbill_document(bill: Superbill) -> Document:
    clinic, patient, plan = bill.clinic, bill.profile, bill.plan
    doc = Document(
        f"Superbill: {clinic.name}",
        f"Services from {bill.start.isoformat()} to {bill.end.isoformat()}. "
        "An itemised statement for the patient's own claim to their insurer.",
    )
    doc.add(Heading("Patient"))
    doc.add(
        Facts(
            (
                ("Name", patient.name or "-"),
                (
                    "Date of birth",
                    patient.date_of_birth.isoformat() if patient.date_of_birth else "-",
                ),
                ("Address", patient.address.replace("\n", ", ") or "-"),
                ("Insurer", plan.payer if plan else "-"),
                ("Member ID", (plan.member_id if plan else "") or "-"),
            )
        )
    )
    doc.add(Heading("Provider"))
    doc.add(
        Facts(
            (
                ("Name", clinic.name),
                ("NPI", clinic.npi or "-"),
                ("Tax ID (EIN)", clinic.tax_id or "-"),
                ("Address", clinic.address.replace("\n", ", ") or "-"),
                ("Phone", clinic.phone or "-"),
                ("Place of service", clinic.place_of_service),
            )
        )
    )
    doc.add(Heading("Diagnoses (ICD-10)"))
    pointers = "ABCDEFGHIJKL"
    if bill.diagnoses:
        doc.add(
            Table(
                ("", "Code", "Description"),
                tuple(
                    (pointers[i] if i < len(pointers) else str(i + 1), d.code, d.title or "-")
                    for i, d in enumerate(bill.diagnoses)
                ),
                "lll",
                (8, 20, 72),
            )
        )
    else:
        doc.add(Para("No diagnosis given.", "alert"))
    pointer = "".join(pointers[: min(len(bill.diagnoses), 4)])
    doc.add(Heading("Services"))
    rows = []
    for line in bill.lines:
        rows.append(
            (
                line.day.isoformat(),
                line.code,
                "-".join(line.modifiers) or "-",
                str(line.units),
                "-" if line.minutes is None else str(line.minutes),
                pointer or "-",
                _money(line.charge),
            )
        )
    if rows:
        doc.add(
            Table(
                ("Date", "Code", "Modifiers", "Units", "Minutes", "Diagnosis", "Charge"),
                tuple(rows),
                "lllrrlr",
                (18, 12, 14, 9, 10, 12, 15),
            )
        )
    else:
        doc.add(Para("No visits in these dates.", "alert"))
    balance = bill.total_charged - bill.total_paid
    doc.add(
        Facts(
            (
                ("Total charged", _money(bill.total_charged)),
                ("Amount paid", _money(bill.total_paid)),
                ("Balance", _money(balance)),
            )
        )
    )
    if bill.findings:
        doc.add(Heading("Check before sending"))
        for finding in bill.findings:
            where = f"{finding.day.isoformat()} " if finding.day else ""
            doc.add(Para(f"{where}{finding.message}", "alert"))
    doc.add(
        Para(
            "Prepared by the patient from their own visit records (floortrack). Provider "
            "signature: ______________________   Date: ____________",
            "muted",
        )
    )
    return doc


def render_superbill(bill: Superbill, fmt: str, paper: str = "letter") -> bytes:
    doc = superbill_document(bill)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(doc).encode("utf-8")
    from .pdf import render_pdf

    return render_pdf(doc, paper)
