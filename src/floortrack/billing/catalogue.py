"""The code catalogue: what each code on a therapy bill or EOB means, in plain words.

The knowledge lives in TOML files shipped in `floortrack/data/` (procedures, modifiers,
adjustment codes, diagnoses). They are read lazily on first use and cached, so importing
this module costs nothing (CLI start-up speed matters).

Public API (all fast after the first call, safe to call on every keystroke):

- `lookup(code) -> Entry | None`        the best catalogue entry for a code, forgivingly read
- `explain(code) -> Explanation`        any string: a known code, or a helpful "unknown" answer
- `search(text, limit=20) -> list[Entry]`  by code prefix and by words in title/meaning
- `is_timed(code) -> bool | None`       True/False for known procedure codes, None otherwise
- `all_entries() -> tuple[Entry, ...]`  every entry, in file order
- `kind_of(code) -> str`               what kind of code a string looks like (by shape)

Entry kinds: "procedure" (CPT/HCPCS), "modifier", "group" (CO/PR/OA/PI/CR),
"carc" (claim adjustment reason code: the number after the group, e.g. 97 in CO-97),
"rarc" (remark code, e.g. N115), "diagnosis" (ICD-10-CM).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from floortrack.model import (
    CPT_RE,
    HCPCS_RE,
    ICD10_RE,
    MODIFIER_RE,
    RARC_RE,
)

KINDS: tuple[str, ...] = ("procedure", "modifier", "group", "carc", "rarc", "diagnosis")

KIND_LABELS: dict[str, str] = {
    "procedure": "procedure code (CPT/HCPCS)",
    "modifier": "modifier",
    "group": "claim adjustment group code",
    "carc": "claim adjustment reason code (CARC)",
    "rarc": "remark code (RARC)",
    "diagnosis": "diagnosis code (ICD-10-CM)",
}

# Which file holds which kinds (the TOML array-of-tables name is the kind).
_FILES: tuple[str, ...] = (
    "procedures.toml",
    "modifiers.toml",
    "adjustments.toml",
    "diagnoses.toml",
)

# When one string names entries of several kinds (modifier 59 and CARC 59), this order decides
# which one `lookup` returns: the reading a patient most likely means on a bill.
_PRIORITY: dict[str, int] = {k: i for i, k in enumerate(KINDS)}

GROUP_CODES: tuple[str, ...] = ("CO", "PR", "OA", "PI", "CR")

# The data files cite their sources by id; people see these names instead (docs/BILLING.md,
# Sources). "SRC-NONE": a plain description, no source.
SOURCE_NAMES: dict[str, str] = {
    "SRC-CPM5": "CMS Medicare Claims Processing Manual, ch. 5",
    "SRC-BPM15": "CMS Medicare Benefit Policy Manual, ch. 15",
    "SRC-NCCI1": "NCCI Policy Manual for Medicare 2026, ch. I",
    "SRC-NCCI11": "NCCI Policy Manual for Medicare 2026, ch. XI",
    "SRC-ICD2026": "ICD-10-CM 2026 code set (CMS/NCHS)",
    "SRC-OPENEMR": "X12 claim adjustment reason code list",
    "SRC-X12-RFI2601": "X12 interpretation RFI 2601",
    "SRC-MEDICAREGOV-L1": "Medicare.gov: appeals level 1",
    "SRC-PALMETTO97010": "Palmetto GBA (Medicare contractor): 97010",
    "SRC-NOVITAS-L34977": "Novitas (Medicare contractor) billing article L34977",
    "SRC-NORIDIAN-TF": "Noridian (Medicare contractor): timely filing",
    "SRC-NORIDIAN-M86": "Noridian (Medicare contractor): M86 denials",
    "SRC-NGS-CO29": "NGS (Medicare contractor): CO-29",
    "SRC-NGS-KX2024": "NGS (Medicare contractor): KX thresholds 2024",
    "SRC-FCSO-TF": "First Coast (Medicare contractor): timely filing",
    "SRC-HORIZON97010": "Horizon BCBSNJ policy: hot or cold packs",
    "SRC-BCBS-MP2096": "BCBS medical policy MP-2.096",
    "SRC-BCBSMA": "Blue Cross Blue Shield of Massachusetts provider pages",
    "SRC-FIDELIS": "Fidelis Care therapy policy summary",
    "SRC-APTA-2017": "APTA, PT in Motion (Feb 2017)",
    "SRC-APTA-2020PIM": "APTA, PT in Motion (Feb 2020)",
    "SRC-APTA-CCI": "APTA: Correct Coding Initiative",
    "SRC-APTAPELVIC": "APTA Pelvic Health: biofeedback and dry needling coding",
    "SRC-WEBPT-8MIN": "WebPT: the 8-minute rule",
    "SRC-WEBPT-59": "WebPT: modifier 59 denials for 97530 and 97140",
    "SRC-CLINICIENT-GUIDE": "Clinicient: 8-minute rule guide",
    "SRC-CHIROFREE": "ChiroFree: the timed codes",
    "SRC-NJBMS": "NJBMS: is manual therapy a timed code",
    "SRC-VERIMEDIX": "Verimedix: 97112 billing guide",
    "SRC-GLUTES": "Glutes, Core & Pelvic Floor: pelvic-floor therapy codes",
    "SRC-HNS97150": "Health Network Solutions: 97150",
    "SRC-AAPC-US": "AAPC Orthopedic Coding Alert",
    "SRC-AAPC-52": "AAPC forum: modifier 52 on timed codes",
    "SRC-AAPC-97150-59": "AAPC forum: PT and 59 modifiers",
    "SRC-AAPC-97140-97012": "AAPC Physical Medicine & Rehab Coding Alert: modifier 59",
    "SRC-CODINGAHEAD-90912": "Coding Ahead: 90912 and 90913",
    "SRC-CODINGAHEAD51784": "Coding Ahead: 51784",
    "SRC-GENHEALTH51785": "GenHealth: 51785",
    "SRC-AQUITY": "Aquity Solutions: biofeedback coding",
    "SRC-MCR": "Medical Coding Rights: biofeedback guidelines",
    "SRC-REASSURED": "Reassured: pelvic-floor therapy coverage",
    "SRC-UNDENY97014": "Undeny: 97014",
    "SRC-UNDENYG0283": "Undeny: G0283",
    "SRC-PABAU97014": "Pabau: 97014",
    "SRC-PABAU-R102": "Pabau: R10.2",
    "SRC-SPRYPT-G0283": "SPRY: G0283 vs 97014",
    "SRC-TSCODE": "a public table of timed PT codes",
    "SRC-ATHELAS": "Athelas documentation: timed codes and KX",
    "SRC-DRCHRONO": "DrChrono support: adjustment group codes",
    "SRC-IMMEDICARE": "IM Medicare Solutions: adjustment group codes",
    "SRC-AMCODING": "American Medical Coding: adjustment group codes",
    "SRC-MEDBLOG": "Medical billing blog: adjustment group codes",
    "SRC-DENIALGUIDE-N386": "Denial Code Guide: N386",
    "SRC-LEGALCLARITY-N386": "LegalClarity: the N386 remark code",
    "SRC-LEGALCLARITY-R1020": "LegalClarity: R10.20 subcodes",
}


@dataclass(frozen=True)
class Entry:
    """One catalogue entry. Text is our own plain-language wording, never AMA descriptor text."""

    code: str  # as shown: "97110", "GP", "CO", "97" (a CARC), "N115", "N39.3"
    kind: str
    title: str  # a short plain name
    meaning: str  # 1-3 plain sentences
    sources: tuple[str, ...]  # source ids, e.g. "SRC-CPM5"; "SRC-NONE" = plain description
    timed: bool | None = None  # procedures: counts toward the 15-minute timed total
    unit_minutes: int | None = None  # procedures: 15 for timed codes, 0 for untimed
    typical_use: str = ""  # "Typically ..." (pelvic-floor use; guidance, not a rule)
    pitfalls: tuple[str, ...] = ()
    next_step: str = ""  # group/CARC/RARC: what to do or ask
    billable: bool | None = None  # diagnoses: False for category headers
    use_instead: tuple[str, ...] = ()  # diagnoses that are not billable: the codes to use

    @property
    def label(self) -> str:
        """How the code is named to a patient: 'CARC 97', 'modifier GP', 'N39.3'."""
        if self.kind == "carc":
            return f"CARC {self.code}"
        if self.kind == "modifier":
            return f"modifier {self.code}"
        if self.kind == "group":
            return f"group {self.code}"
        return self.code

    @property
    def source_names(self) -> tuple[str, ...]:
        """The sources as people read them ("CMS Medicare Claims Processing Manual, ch. 5");
        empty when the entry is a plain description with no source."""
        return tuple(SOURCE_NAMES.get(s, s) for s in self.sources if s != "SRC-NONE")

    def to_json(self) -> dict[str, object]:
        doc: dict[str, object] = {
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "meaning": self.meaning,
            "sources": list(self.sources),
            "source_names": list(self.source_names),
        }
        if self.kind == "procedure":
            doc["timed"] = self.timed
            doc["unit_minutes"] = self.unit_minutes
        if self.typical_use:
            doc["typical_use"] = self.typical_use
        if self.pitfalls:
            doc["pitfalls"] = list(self.pitfalls)
        if self.next_step:
            doc["next_step"] = self.next_step
        if self.kind == "diagnosis":
            doc["billable"] = self.billable
            if self.use_instead:
                doc["use_instead"] = list(self.use_instead)
        return doc


@dataclass(frozen=True)
class Explanation:
    """The answer to "what is this code?" for any string a patient types.

    `entries` holds what the catalogue knows (often one entry; "CO-97" gives the reason 97
    and the group CO; "59" gives modifier 59 and CARC 59; "97140-59" gives both codes).
    When `found` is False, `looks_like` says what kind of code the string resembles and
    `suggestions` lists close catalogue matches.
    """

    query: str
    code: str  # the query, normalised ("co97" -> "CO-97", "n393" -> "N39.3")
    found: bool
    entries: tuple[Entry, ...] = ()
    summary: str = ""  # one line in plain words
    looks_like: str = ""  # a KIND_LABELS value, or "" when the shape fits no code kind
    suggestions: tuple[Entry, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "code": self.code,
            "found": self.found,
            "summary": self.summary,
            "looks_like": self.looks_like,
            "entries": [e.to_json() for e in self.entries],
            "suggestions": [
                {"code": e.code, "kind": e.kind, "title": e.title} for e in self.suggestions
            ],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------
# Loading (lazy, cached)


def _entry_from(kind: str, raw: dict[str, object]) -> Entry:
    def strings(name: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)

    timed = raw.get("timed")
    unit_minutes = raw.get("unit_minutes")
    billable = raw.get("billable")
    return Entry(
        code=str(raw["code"]),
        kind=kind,
        title=str(raw["title"]),
        meaning=str(raw["meaning"]),
        sources=strings("sources"),
        timed=bool(timed) if timed is not None else None,
        unit_minutes=int(unit_minutes) if isinstance(unit_minutes, int) else None,
        typical_use=str(raw.get("typical_use", "")),
        pitfalls=strings("pitfalls"),
        next_step=str(raw.get("next_step", "")),
        billable=bool(billable) if billable is not None else None,
        use_instead=strings("use_instead"),
    )


@dataclass(frozen=True)
class _Index:
    entries: tuple[Entry, ...]
    by_key: dict[str, tuple[Entry, ...]]  # compact key (upper, no dots/dashes) -> entries
    haystacks: tuple[tuple[str, str, str], ...]  # per entry: (compact code, title, meaning) lower


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text.upper())


@lru_cache(maxsize=1)
def _index() -> _Index:
    # Imported on first use, not at import: keeps CLI start-up lean.
    import tomllib
    from importlib import resources

    entries: list[Entry] = []
    folder = resources.files("floortrack") / "data"
    for name in _FILES:
        data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        for kind in KINDS:
            for raw in data.get(kind, []):
                entries.append(_entry_from(kind, raw))
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(_compact(entry.code), []).append(entry)
    ordered = {k: tuple(sorted(v, key=lambda e: _PRIORITY[e.kind])) for k, v in by_key.items()}
    hay = tuple((_compact(e.code).lower(), e.title.lower(), e.meaning.lower()) for e in entries)
    return _Index(tuple(entries), ordered, hay)


def all_entries() -> tuple[Entry, ...]:
    """Every catalogue entry, in file order (procedures, modifiers, adjustment codes, diagnoses)."""
    return _index().entries


# ---------------------------------------------------------------------------
# Reading what a patient typed

_PREFIX_RE = re.compile(r"^(CPT|HCPCS|ICD-?10(-?CM)?|ICD|CARC|RARC|MODIFIER|MOD|DX)[\s:#-]*", re.I)
_ADJ_RE = re.compile(r"^(CO|PR|OA|PI|CR)[\s\-]*([A-Z]?\d{1,3}|[A-Z]\d?)$")
_BARE_CARC_RE = re.compile(r"^([A-Z]?\d{1,3}|[A-Z]\d)$")
_PROC_MOD_RE = re.compile(r"^(\d{4}[0-9FTU]|[A-V]\d{4})[\s\-]+([0-9A-Z]{2})$")
_ICD_NODOT_RE = re.compile(r"^([A-TV-Z]\d[0-9A-Z])([0-9A-Z]{1,4})$")


def _clean(text: str) -> str:
    code = text.strip().upper()
    return _PREFIX_RE.sub("", code).strip()


def _candidates(code: str) -> list[Entry]:
    """Catalogue entries this cleaned string could name, best first."""
    idx = _index()
    found = list(idx.by_key.get(_compact(code), ()))
    if code.count(".") == 0 and (m := _ICD_NODOT_RE.match(code)):
        # "N393" may mean N39.3; an exact match (e.g. a remark code) still comes first
        dotted = f"{m.group(1)}.{m.group(2)}"
        found += [e for e in idx.by_key.get(_compact(dotted), ()) if e not in found]
    # A compact key drops dots, so "N39.3" also matched "N393"-like keys: keep kinds that fit
    if "." in code:
        found = [e for e in found if e.kind == "diagnosis"]
    return found


def lookup(code: str) -> Entry | None:
    """The best catalogue entry for `code`, or None.

    Forgiving: case and spaces do not matter; "CO-97", "co97" and "97" give CARC 97;
    "n393" gives N39.3; "CPT 97110" gives 97110. Never raises.
    """
    if not isinstance(code, str):
        return None
    cleaned = _clean(code)
    if not cleaned:
        return None
    if m := _ADJ_RE.match(cleaned):
        return _first(_index().by_key.get(m.group(2), ()), "carc")
    found = _candidates(cleaned)
    return found[0] if found else None


def _first(entries: tuple[Entry, ...] | list[Entry], kind: str) -> Entry | None:
    return next((e for e in entries if e.kind == kind), None)


def is_timed(code: str) -> bool | None:
    """True if `code` is a timed (15-minute) procedure code, False if untimed, None if unknown."""
    entry = lookup(code)
    if entry is None or entry.kind != "procedure":
        return None
    return entry.timed


def kind_of(code: str) -> str:
    """What kind of code a string looks like by its shape alone (a KINDS value, or "")."""
    cleaned = _clean(code)
    if _ADJ_RE.match(cleaned):
        return "carc"
    if cleaned in GROUP_CODES:
        return "group"
    if RARC_RE.match(cleaned) and cleaned.startswith("N"):
        return "rarc"  # no HCPCS code starts with N, so N1234 is a remark code
    if CPT_RE.match(cleaned) or HCPCS_RE.match(cleaned):
        return "procedure"
    if "." in cleaned and ICD10_RE.match(cleaned):
        return "diagnosis"
    if RARC_RE.match(cleaned):
        return "rarc"
    if _ICD_NODOT_RE.match(cleaned) and ICD10_RE.match(
        f"{cleaned[:3]}.{cleaned[3:]}" if len(cleaned) > 3 else cleaned
    ):
        return "diagnosis"
    if ICD10_RE.match(cleaned):
        return "diagnosis"
    if MODIFIER_RE.match(cleaned) and not cleaned.isdigit():
        return "modifier"
    if _BARE_CARC_RE.match(cleaned):
        return "carc" if not MODIFIER_RE.match(cleaned) else "modifier"
    return ""


# ---------------------------------------------------------------------------
# Explaining


def _group_line(group: Entry) -> str:
    return f"group {group.code} ({group.title.lower()})"


def explain(code: str) -> Explanation:
    """Explain any string as a code. Never raises.

    Known code: its entries and a one-line summary. Adjustment codes ("CO-97") come back as
    the reason entry plus the group entry, with a summary saying who pays. An unknown code
    gets what kind of code it looks like, close catalogue matches, and a clear "not in the
    catalogue".
    """
    query = code if isinstance(code, str) else str(code)
    cleaned = _clean(query)
    if not cleaned:
        return Explanation(query, "", False, summary="No code given: type a code such as 97110.")
    idx = _index()

    # Group + reason: "CO-97" = group CO + reason 97
    if m := _ADJ_RE.match(cleaned):
        group_code, reason = m.group(1), m.group(2)
        normalized = f"{group_code}-{reason}"
        group = _first(idx.by_key.get(group_code, ()), "group")
        carc = _first(idx.by_key.get(reason, ()), "carc")
        entries = tuple(e for e in (carc, group) if e is not None)
        if carc is not None and group is not None:
            summary = (
                f"{normalized} = {_group_line(group)} + reason {reason}: {carc.title}. "
                f"{group.meaning}"
            )
            return Explanation(query, normalized, True, entries, summary, "carc")
        sugg = _close("carc", reason)
        summary = (
            f"{normalized} looks like an adjustment code ({KIND_LABELS['carc']}), but reason "
            f"{reason} is not in the catalogue."
        )
        if group is not None:
            summary += f" The group part means: {group.meaning}"
        return Explanation(
            query,
            normalized,
            False,
            entries,
            summary,
            KIND_LABELS["carc"],
            sugg,
            (_NOT_FOUND_NOTE,),
        )

    # Procedure + modifier written together: "97140-59", "97110 GP"
    if (m := _PROC_MOD_RE.match(cleaned)) and (
        mod := _first(idx.by_key.get(m.group(2), ()), "modifier")
    ):
        proc = lookup(m.group(1))
        if proc is not None:
            summary = f"{proc.code} ({proc.title}) with {mod.label} ({mod.title})."
            return Explanation(
                query,
                f"{proc.code}-{mod.code}",
                True,
                (proc, mod),
                summary,
                KIND_LABELS["procedure"],
            )

    found = _candidates(cleaned)
    if found:
        best = found[0]
        summary = f"{best.label}: {best.title}."
        if best.kind == "diagnosis" and best.billable is False:
            summary += " Not billable on its own: " + (
                f"use a more specific code ({', '.join(best.use_instead)})."
                if best.use_instead
                else "a more specific code is needed."
            )
        notes: tuple[str, ...] = ()
        if len(found) > 1:
            others = ", ".join(f"{e.label} ({e.title})" for e in found[1:])
            notes = (f"The same characters are also {others}.",)
        return Explanation(
            query, best.code, True, tuple(found), summary, KIND_LABELS[best.kind], (), notes
        )

    kind = kind_of(cleaned)
    normalized = cleaned
    if kind == "diagnosis" and "." not in cleaned and len(cleaned) > 3:
        normalized = f"{cleaned[:3]}.{cleaned[3:]}"
    notes_list = [_NOT_FOUND_NOTE]
    if kind == "diagnosis":
        children = [
            e
            for e in idx.entries
            if e.kind == "diagnosis"
            and _compact(e.code).startswith(_compact(normalized))
            and _compact(e.code) != _compact(normalized)
        ]
        if children:
            notes_list.insert(
                0,
                "More specific codes in the catalogue start with "
                f"{normalized}: "
                + ", ".join(e.code for e in children[:8])
                + ". A code with more characters is usually needed for billing.",
            )
    if kind:
        summary = (
            f"{normalized} looks like a {KIND_LABELS[kind]}, but it is not in "
            "floortrack's catalogue."
        )
    else:
        summary = (
            f"'{query.strip()}' does not look like a billing code floortrack knows: "
            "procedure codes are 5 characters (97110, G0283), adjustment codes look like "
            "CO-97, remark codes like N115, diagnoses like N39.3."
        )
    return Explanation(
        query,
        normalized,
        False,
        (),
        summary,
        KIND_LABELS.get(kind, ""),
        _close(kind, normalized),
        tuple(notes_list),
    )


_NOT_FOUND_NOTE = (
    "Not in floortrack's catalogue. Check the code on your bill or EOB (a character may be "
    "misread), ask your clinic or insurer what it means, and add your own note to it with "
    "`floortrack note CODE TEXT`."
)


def _close(kind: str, code: str, limit: int = 5) -> tuple[Entry, ...]:
    """Close catalogue matches by spelling (difflib), same kind first."""
    import difflib

    idx = _index()
    pool = [e for e in idx.entries if not kind or e.kind == kind] or list(idx.entries)
    keys = {_compact(e.code): e for e in reversed(pool)}
    matches = difflib.get_close_matches(_compact(code), list(keys), n=limit, cutoff=0.6)
    return tuple(keys[m] for m in matches)


# ---------------------------------------------------------------------------
# Search-as-you-type


def search(text: str, limit: int = 20) -> list[Entry]:
    """Entries matching `text`, best first: exact code, code prefix, then every word found in
    the title (ranked higher) or the meaning. Empty text gives the first `limit` entries.
    Runs in well under a millisecond per call once the catalogue is loaded."""
    idx = _index()
    query = text.strip().lower() if isinstance(text, str) else ""
    if not query:
        return list(idx.entries[:limit])
    code_q = _compact(_clean(query) or query).lower()
    adj = _ADJ_RE.match(_clean(query))
    words = [w for w in re.split(r"[^a-z0-9.\-]+", query) if w]
    scored: list[tuple[int, int, Entry]] = []
    for pos, (entry, (code, title, meaning)) in enumerate(
        zip(idx.entries, idx.haystacks, strict=True)
    ):
        if (
            adj
            and entry.kind in ("carc", "group")
            and code in (adj.group(2).lower(), adj.group(1).lower())
        ):
            score = 0 if entry.kind == "carc" else 1
        elif code_q and code == code_q:
            score = 0
        elif code_q and code.startswith(code_q):
            score = 2
        elif words and all(w in title or w in meaning or code.startswith(w) for w in words):
            score = 3 if all(w in title for w in words) else 4
        else:
            continue
        scored.append((score, pos, entry))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [e for _, _, e in scored[:limit]]
