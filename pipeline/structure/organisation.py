"""Organisation: the bodies of a project's organisation, with kind and status.

Where units are named, in the forms reports use:

- a short line naming a body ("Styringsgruppen", "Ordførermøtet", "Styringsgruppe – til
  dømes reiseliv:"), or a plural one ("Arbeidsgrupper", "Referansegrupper") whose numbered
  items below are the units ("1. Omdømme og profil (under etablering)");
- predicates: "Indre Helgeland Regionråd er styringsgruppe", "Trine Rimer er ansvarlig for
  området", "Det er ansatt prosjektleder", "Ålesundrådet er et rådgivende organ";
- role labels: "Prosjektleiar: ...", "Oppdragsgivar: Sogn regionråd";
- bullets under an "Organisering ...:" label, and table rows ("Dagleg leiar • Sekretariat ...");
- names: "Rådet for Region Ålesund", "Ålesundrådet", "Arbeidsgruppen i Byregionprogrammet".

Kinds come from the body's own words (styringsgruppe, arbeidsgruppe, referansegruppe,
ordførermøte, regionråd, rådgivende organ, prosjektleder, sekretariat, nettverk); status
from "(etablert)", "(under etablering)", "ansatt"/"tilsett". Both word lists are data:
``resources/unit_kinds.tsv`` and ``resources/unit_status.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from ..lexicon import unit_kind_patterns, unit_status_patterns
from ..records import OrganisationUnit, Section, UnitKind, UnitStatus
from .scan import Near

_PREDICATE = re.compile(
    r"(?P<name>(?:[A-ZÆØÅ][\w/.\-]*)(?:\s+(?:v/|i|for|og)?\s*[A-ZÆØÅ]?[\w/.\-]+){0,5}?)\s+er\s+(?:ny\s+|et\s+|ein?\s+)?"
    r"(?P<role>styringsgrupp\w*|referansegrupp\w*|arbeidsgrupp\w*|prosjektleder|prosjektleiar|sekretariat\w*"
    r"|ansvarl[ie]g\s+for|rådgi(?:v|ev)ende\s+organ|rådgjevande\s+organ)",
)
_HIRED = re.compile(
    r"\b(?:ansatt|tilsett|tilsatt)\s+(?:en\s+|ein\s+|ny\s+)?(?P<name>prosjektleder|prosjektleiar|prosjektkoordinator)"
    r"|\b(?P<name2>[Pp]rosjektleder|[Pp]rosjektleiar|[Pp]rosjektkoordinator|[Dd]agleg leiar|[Dd]aglig leder)(?:en|ane)?"
    r"\s+(?:er|vart|ble)\s+(?:no\s+|nå\s+)?(?:ansatt|tilsett|tilsatt)",
)
_POLITICAL = re.compile(
    r"(?P<name>[A-ZÆØÅ][\wæøå-]+(?:\s+[a-zæøå]+råd)?)\s+er\s+(?:eit|et|ein|en)\s+(?:interkommunalt\s+)?politisk\w*\s+"
    r"(?:samarbeid|samarbeidsorgan|organ|forum|råd)"
)
_SECRETARIAT = re.compile(
    r"(?P<name>(?:[A-ZÆØÅ][\wæøå]*)(?:\s+[a-zæøå]+)?)\s+(?:har|tek|tar|har ansvaret for)\s+(?:sekretariat\w*)"
)
_ROLE_LABEL = re.compile(
    r"^(?P<label>prosjektleder|prosjektleiar|prosjektkoordinator|sekretariat|styringsgruppe|referansegruppe)\s*:",
    re.I,
)
_OWNER_LABEL = re.compile(
    r"^(?:oppdragsgiv[ae]r|prosjekteier|prosjekteigar)\s*:\s*(?P<name>[^,.;]{3,60})", re.I
)
_NAMED_COUNCIL = re.compile(r"\b(?P<name>Rådet for (?:[A-ZÆØÅ][\w-]+\s?){1,3}|[A-ZÆØÅ][a-zæøå]{2,}rådet)\b")
_GROUP_PHRASE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<name>(?:Arbeidsgrupp|Arbeidsgrupa|Prosjektgrupp|Referansegrupp)\w*\s+(?:i|for)\s+"
    r"(?:[A-ZÆØÅ][\w-]+|hver kommune|kvar kommune))"
)
# the patterns above in running text, each searched near a keyword it cannot match without
_PREDICATE_IN_TEXT = Near(
    _PREDICATE,
    (
        "styringsgrupp",
        "referansegrupp",
        "arbeidsgrupp",
        "prosjektle",
        "sekretariat",
        "ansvarl",
        "rådgi",
        "rådgj",
    ),
    300,
    80,
    lead=re.compile(r"\ser\s+(?:ny\s+|et\s+|ein?\s+)?$"),  # as _PREDICATE has it before the role
)
_HIRED_IN_TEXT = Near(_HIRED, ("ansatt", "tilsett", "tilsatt"), 120, 120)
_POLITICAL_IN_TEXT = Near(_POLITICAL, ("politisk",), 150, 100)
_SECRETARIAT_IN_TEXT = Near(_SECRETARIAT, ("sekretariat",), 150, 60)
_NAMED_COUNCIL_IN_TEXT = Near(_NAMED_COUNCIL, ("Rådet", "rådet"), 20, 150)
_GROUP_PHRASE_IN_TEXT = Near(_GROUP_PHRASE, ("Arbeidsgrup", "Prosjektgrupp", "Referansegrupp"), 20, 150)
_LIST_INTRO = re.compile(
    r"\b(?:arbeidsgrupper|arbeidsgrupene|arbeidsgruppene|referansegrupper|prosjektgrupper|faggrupper|komiteer|nettverk)\b",
    re.I,
)
_LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s*\S")
_ORG_LABEL = re.compile(r"^(?:organisering|organisasjon|prosjektorganisering)\b[^:]*:\s*$", re.I)
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[•▪●◦\-–*])\s+(?P<text>.+)$")
_STATUS_PARENS = re.compile(
    r"\s*\((?:(?:ikke|ikkje)\s+)?(?:etablert|oppretta|opprettet|under etablering|ansatt|tilsett)\)\s*", re.I
)
# a group named by what it works on: "Arbeidsgruppe for kompetanse", "arbeidsgruppa reiseliv"
_GROUP_NOUN = r"(?:arbeids|prosjekt|referanse|fag)grup[a-zæøå]*"
_WORKS_ON = r"(?!å\b)[a-zæøå][\wæøå-]*(?:\s+og\s+[a-zæøå][\wæøå-]*)?"
# "Arbeidsgruppe for kompetanse (etablert)", "Arbeidsgruppe reiseliv er etablert.": such a
# group opening a line, the status after it
_GROUP_LINE = re.compile(
    rf"^(?P<name>(?=[A-ZÆØÅ])(?i:{_GROUP_NOUN})(?:\s+(?:for|om|innan|innen)\s+|\s+){_WORKS_ON})"
    r"\s*(?:\(|[–—-]\s|:|,|\.|\s(?:er|vart|ble|blir|vert)\s|$)"
)


def unit_kind(text: str) -> UnitKind | None:
    """The kind of unit a text names (unit_kinds.tsv: the first row that matches)."""
    for kind, pattern in unit_kind_patterns():
        if pattern.search(text):
            return kind
    return None


def unit_status(text: str) -> UnitStatus | None:
    """Whether a unit exists or is being set up, as its line says (unit_status.tsv)."""
    for status, pattern in unit_status_patterns():
        if pattern.search(text):
            return status
    return None


def _clean_name(text: str) -> str:
    text = _STATUS_PARENS.sub(" ", text)
    text = re.split(r"\s+[–—-]\s+|:", text, maxsplit=1)[0]
    return text.strip(" .,;:•-–").strip()


def _short(text: str, words: int = 7) -> bool:
    return 0 < len(text.split()) <= words and not text.rstrip().endswith((".", ","))


_PRONOUNS = {"det", "dette", "som", "vi", "den", "han", "hun", "ho"}
_STATEMENT = re.compile(r"\s(?:er|består|skal|har|blir|vert|vart|ble)\s")
_OPENING_BODY = re.compile(r"(?:^|(?<=[.!?]\s))(?P<name>[A-ZÆØÅ][a-zæøå]{5,})\s+[a-zæøå]", re.M)
# "Det er oppretta ei arbeidsgruppe for reiseliv": a group set up, named by what it works on
_SET_UP = re.compile(
    r"\b(?:oppretta|opprettet|etablert|etablerte|sett ned|satt ned)\s+(?:ei|en|eit|et|ny|ei ny|en ny)?\s*"
    rf"(?P<name>{_GROUP_NOUN}\s+(?:for|om)\s+{_WORKS_ON})",
    re.I,
)
_SET_UP_IN_TEXT = Near(
    _SET_UP,
    ("arbeidsgrup", "prosjektgrup", "referansegrup", "faggrup"),
    80,
    80,
    fold=True,
    lead=re.compile(
        r"(?:oppretta|opprettet|etablert|etablerte|sett ned|satt ned)\s+(?:ei|en|eit|et|ny|ei ny|en ny)?\s*$",
        re.I,
    ),
)
_GROUP_KINDS = ("steering_group", "reference_group", "working_group")
Found = tuple[str, UnitKind, "UnitStatus | None"]  # name, kind, status as found


def extract_units(sections: Sequence[Section], slides: bool = False) -> tuple[OrganisationUnit, ...]:
    found: list[Found] = []
    generic: list[Found] = []
    all_text = " ".join(" ".join([s.heading or ""] + [ln.text for ln in s.lines]) for s in sections)
    for section in sections:
        lines = [ln.text.strip() for ln in section.lines]
        org_context = section.kind == "organisation" or slides
        if org_context and section.heading:
            kind = unit_kind(section.heading)
            if kind and kind != "advisory_council":
                name = _clean_name(section.heading)
                if _short(name, 4) and unit_kind(name):
                    found.append((name, kind, unit_status(section.heading)))
        found.extend(_units_from_lines(lines, org_context))
        joined = " ".join(lines)
        found.extend(_units_from_sentences(joined, all_text))
        if section.kind == "organisation":
            # "Rådmannsutvalget forbereder sakene": a body that opens a sentence (or a line),
            # kept only when no other unit of its kind is named (else it refers back to that one)
            for m in _OPENING_BODY.finditer("\n".join(lines)):
                kind = unit_kind(m.group("name"))
                if kind and kind != "project_management":
                    generic.append((m.group("name"), kind, None))
    kinds = {k for _, k, _ in _dedupe(found)}
    named = [n.lower() for n, _, _ in found]
    found.extend(
        g for g in generic if g[1] not in kinds and not any(n.startswith(g[0].lower()) for n in named)
    )
    return tuple(
        OrganisationUnit(ordinal=n, name=name, kind=kind, status=status)
        for n, (name, kind, status) in enumerate(_dedupe(found))
    )


def _list_items(lines: Sequence[str], start: int) -> tuple[list[str], int]:
    """The texts of the items (numbered or bulleted) from ``start`` on, and the index after them."""
    items = []
    j = start
    while j < len(lines) and (m := _ITEM.match(lines[j])):
        items.append(m.group("text"))
        j += 1
    return items, j


def _item_name(body: str) -> str:
    """'Omdømme og profil (under etablering)' / 'Ålesundrådet er et rådgivende organ ...' -> the name."""
    return _clean_name(re.split(r"\.\s|\s+(?:er|består|skal)\s", body, maxsplit=1)[0])


def _units_from_lines(lines: Sequence[str], org_context: bool) -> list[Found]:
    """Units named line by line: short naming lines, lists under a plural or an
    announcing sentence, bullets starting with a body's name, table rows, role labels."""
    found: list[Found] = []
    i = 0
    while i < len(lines):
        text = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        item = _ITEM.match(text)
        # a short line that names a body; a plural one heads a numbered list of units
        if org_context and not item and _names_unit(text) and (kind := unit_kind(text.split()[0])):
            if _is_plural(text.split()[0]) and _ITEM.match(nxt):
                j = i + 1
                while j < len(lines):
                    m = _ITEM.match(lines[j])
                    if m:
                        body = m.group("text")
                        found.append((_item_name(body), _own_kind(body) or kind, unit_status(body)))
                    elif _names_unit(lines[j]) and unit_kind(lines[j].split()[0]):
                        break
                    j += 1
                i = j
                continue
            found.append((_clean_name(text), kind, unit_status(text) or _described_status(lines, i)))
        if org_context and (m := _GROUP_LINE.match(item.group("text") if item else text)):
            found.append((m.group("name"), unit_kind(m.group("name")) or "working_group", unit_status(text)))
            i += 1
            continue
        # a bullet that starts with a body's name: "- Arbeidsgrupper – korleis jobbe vidare"
        if org_context and item and (first := item.group("text").split()[0]) and first[:1].isupper():
            if (kind := unit_kind(first)) and kind != "advisory_council":
                body = item.group("text")
                name = re.split(r"\s+[–—-]\s+|,|\s+(?:frå|fra|som|er|i|for)\s|\s+\d", body, maxsplit=1)[0]
                role_of = re.match(re.escape(name) + r"\s+(?:for|til)\s", body)
                if len(name.split()) <= 3 and not role_of:
                    # "- Regionrådet er styringsgruppe": the role the bullet gives it
                    said = _PREDICATE.match(body)
                    kind = _role_kind(said.group("role")) if said else kind
                    found.append((_clean_name(name), kind, unit_status(body)))
        # "Det er etablert tre arbeidsgrupper:" followed by the groups, one an item
        if (
            org_context
            and text.endswith(":")
            and not item
            and (m := _LIST_INTRO.search(text))
            and _ITEM.match(nxt)
        ):
            kind = unit_kind(m.group(0)) or "other"
            bodies, i = _list_items(lines, i + 1)
            found.extend(
                (_item_name(b), _own_kind(b) or kind, unit_status(b) or unit_status(text)) for b in bodies
            )
            continue
        # bullets under "Organisering, X:"
        if _ORG_LABEL.match(text):
            bodies, i = _list_items(lines, i + 1)
            for body in bodies:
                pm = _PREDICATE.match(body)
                if pm:
                    found.append(
                        (_clean_name(pm.group("name")), _role_kind(pm.group("role")), unit_status(body))
                    )
                else:
                    found.append((_clean_name(body), unit_kind(body) or "other", unit_status(body)))
            continue
        # table rows: "Dagleg leiar" followed by bullets describing the role
        if (
            org_context
            and not item
            and _short(text, 3)
            and _ITEM.match(nxt)
            and text[:1].isupper()
            and ":" not in text
        ):
            kind = unit_kind(text)
            lead = unit_kind(" ".join(_ITEM.match(nxt).group("text").split()[:1]))  # type: ignore[union-attr]
            if lead and (not kind or re.match(r"^(dagleg|daglig)", text, re.I)):
                found.append((_clean_name(text), lead, None))
        if m := _ROLE_LABEL.match(text):
            found.append(
                (_clean_name(m.group("label")), unit_kind(m.group("label")) or "other", unit_status(text))
            )
        if (m := _OWNER_LABEL.match(text)) and (kind := unit_kind(m.group("name"))):
            found.append((_clean_name(m.group("name")), kind, None))
        i += 1
    return found


def _units_from_sentences(joined: str, all_text: str) -> list[Found]:
    """Units named in running text: predicates, hiring, political councils, secretariats,
    named councils, working groups of a place."""
    found: list[Found] = []
    for m in _PREDICATE_IN_TEXT.finditer(joined):
        # the name starts after the last sentence end before the predicate
        name = _clean_name(re.split(r"(?<=[.!?])\s+", m.group("name"))[-1])
        if name.lower() in _PRONOUNS:
            continue
        kind = _role_kind(m.group("role"))
        if len(name.split()) == 1 and unit_kind(name):
            # "Komiteen er ansvarlig for ...": refers back to a unit named before; take
            # its full name where the document gives one ("Regionrådet for Hallingdal").
            # "Regionrådet er styringsgruppe" says what the body is: kept by its short name
            full = _full_name(name, all_text)
            if not full and kind not in _GROUP_KINDS:
                continue
            name = full or name
        found.append((name, kind, None))
    for m in _HIRED_IN_TEXT.finditer(joined):
        name = m.group("name") or m.group("name2")
        kind = "secretariat" if name.lower().startswith(("dagleg", "daglig")) else "project_management"
        found.append((name, kind, "established"))
    for m in _POLITICAL_IN_TEXT.finditer(joined):
        # "Nordfjordrådet er eit interkommunalt politisk samarbeid": a political forum,
        # whatever its name suggests (first, so that it wins the dedupe)
        found.insert(0, (m.group("name"), "political_forum", None))
    for m in _SECRETARIAT_IN_TEXT.finditer(joined):
        name = _clean_name(m.group("name"))
        if name.lower() in _PRONOUNS or _is_municipality(name):
            continue  # "Ålesund kommune har sekretariatsfunksjonen": a host, not a body of the project
        found.append((name, "secretariat", None))
    for m in _NAMED_COUNCIL_IN_TEXT.finditer(joined):
        name = m.group("name").strip()
        if name.lower() in {"regionrådet", "kommunestyret", "fylkesrådet", "formannskapet"}:
            continue
        if not name.startswith("Rådet") and not _place_stem(name[: -len("rådet")]):
            continue  # "Næringsrådet" is a business council, not "Ålesundrådet"
        # its status from the sentence that names it ('... hadde Rådet for Region Ålesund sitt første møte')
        start, end = joined.rfind(". ", 0, m.start()) + 1, joined.find(". ", m.end())
        found.append(
            (name, "advisory_council", unit_status(joined[start : end if end >= 0 else len(joined)]))
        )
    for m in _SET_UP_IN_TEXT.finditer(joined):
        name = m.group("name")
        found.append((name[:1].upper() + name[1:], unit_kind(name) or "working_group", "established"))
    for m in _GROUP_PHRASE_IN_TEXT.finditer(joined):
        found.append((m.group("name"), "working_group", unit_status(joined[m.end() : m.end() + 40])))
    return found


def _full_name(name: str, all_text: str) -> str | None:
    """The first "Name for|i Place" in the document: ``re.search`` of that pattern, tried
    only where the name occurs (a search from every position of a long text is slow)."""
    pattern = re.compile(rf"\b{re.escape(name)}\s+(?:for|i)\s+[A-ZÆØÅ][\wæøå-]+")
    start = all_text.find(name)
    while start >= 0:
        if m := pattern.match(all_text, start):
            return m.group()
        start = all_text.find(name, start + 1)
    return None


def _described_status(lines: Sequence[str], i: int) -> UnitStatus | None:
    """Status from the bullets that describe a body on the lines after its name (a table row)."""
    j = i + 1
    while j < len(lines) and _ITEM.match(lines[j]) and j - i <= 6:
        status = unit_status(lines[j])
        if status:
            return status
        j += 1
    return None


def _place_stem(stem: str) -> bool:
    """'Ålesund' (from 'Ålesundrådet'): a municipality, district or known region."""
    from ..lexicon import place_names
    from .fields import region_aliases
    from .municipalities import gazetteer

    stem = stem.rstrip("s-")
    return stem in gazetteer() or stem in place_names()["district"] or stem.lower() in region_aliases()


def _is_municipality(name: str) -> bool:
    from .municipalities import gazetteer

    base = re.sub(r"\s+(?:fylkes)?kommune$", "", name.strip())
    return base in gazetteer() or name.lower().endswith("kommune")


def _names_unit(text: str) -> bool:
    """A short line naming a body: few words, no digits, no 'Label: value', no sentence."""
    if not _short(text, 7) or re.search(r"\d|\(", text) or _LABEL_VALUE.match(text):
        return False
    if _STATEMENT.search(text):  # "Regionrådet er styringsgruppe": a statement about a body
        return False
    return text[:1].isupper()


def _is_plural(word: str) -> bool:
    return bool(
        re.search(
            r"(?:grupper|gruppene|grupene|komiteer|komitear|komiteane|nettverka|nettverkene)$",
            word.lower().rstrip(":;,."),
        )
    )


def _own_kind(body: str) -> UnitKind | None:
    m = re.search(r"\ber\s+(?:et|ein?|eit)\s+(rådgi(?:v|ev)ende|rådgjevande)", body, re.I)
    if m:
        return "advisory_council"
    return None


def _role_kind(role: str) -> UnitKind:
    role = role.lower()
    if role.startswith(("ansvarl", "prosjektle")):
        return "project_management"
    if role.startswith(("rådgi", "rådgj")):
        return "advisory_council"
    return unit_kind(role) or "other"


@lru_cache(maxsize=8192)
def _stem(name: str) -> str:
    low = name.lower()
    return re.sub(r"(?:ene|ane|en|et|a|er|ar)$", "", low) if len(low) > 6 else low


def _dedupe(
    found: list[tuple[str, UnitKind, UnitStatus | None]],
) -> list[tuple[str, UnitKind, UnitStatus | None]]:
    """One unit per body: same name (inflection aside), or one name ending the other."""
    out: list[tuple[str, UnitKind, UnitStatus | None]] = []
    for name, kind, status in found:
        if not name or len(name) < 3:
            continue
        merged = False
        for k, (oname, okind, ostatus) in enumerate(out):
            same = _stem(oname) == _stem(name) or fuzz.ratio(oname.lower(), name.lower()) >= 92
            contains = okind == kind and (
                oname.lower().endswith(" " + name.lower()) or name.lower().endswith(" " + oname.lower())
            )
            if same or contains:
                keep = name if contains and len(name) > len(oname) else oname
                if keep.isupper() and not name.isupper():
                    keep = name
                out[k] = (keep, okind, ostatus or status)
                merged = True
                break
        if not merged:
            out.append((name, kind, status))
    return out
