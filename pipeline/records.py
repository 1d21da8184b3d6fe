"""Typed records handed from one stage to the next.

Every stage is a pure function from one of these records to the next, so each can be
tested on plain values without a PDF. The data flow is:

    SourceFile -> Extracted(lines) -> Extracted(repaired lines) -> Section[]
               -> Structured (goals, units, fields, municipalities) -> Normalised -> warehouse
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

Format = Literal["pdf", "txt", "pptx", "docx", "html"]
Status = Literal["loaded", "failed", "duplicate"]
Variety = Literal["nb", "nn", "mixed"]
SectionKind = Literal["organisation", "goals", "activities", "progress", "deviations", "other"]
GoalLevel = Literal["main_goal", "sub_goal", "measure"]
UnitKind = Literal[
    "steering_group",
    "political_forum",
    "reference_group",
    "advisory_council",
    "working_group",
    "project_management",
    "secretariat",
    "network",
    "other",
]
UnitStatus = Literal["established", "being_established"]
DocType = Literal["progress_report", "slides", "news", "plan", "other"]
Normaliser = Literal["apertium", "fallback"]
MeasureState = Literal["done", "on_track", "delayed", "not_started", "cancelled", "unknown"]
MunicipalityRole = Literal["member", "mentioned"]
Extraction = Literal["text_layer", "ocr", "mixed"]  # how a document's text was read
OcrMode = Literal["auto", "never", "force"]
ProgressStatus = Literal["on_track", "delayed", "ahead", "mixed", "unknown"]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file found in a batch folder."""

    path: str  # relative to the ingested folder, '/'-separated
    abs_path: str
    file_name: str
    batch: str
    doc_id: str  # sha256 of the bytes, hex
    size: int
    mtime_ns: int
    format: Format | None  # sniffed from content; None when not a supported format
    sniff_error: str | None = None
    sniffed: bool = True  # False when discover knew the file unchanged and read none of it


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How files are read: the PDF text engine and when PDF pages are read by OCR."""

    pdf_engine: str = "pdfium"
    ocr: OcrMode = "auto"
    max_seconds: float | None = None  # a file that takes longer fails (--max-file-seconds)
    max_mb: float | None = None  # a larger file fails unread (--max-file-mb)
    # a file whose text is longer fails once read, before it is structured (--max-text-mb):
    # the structure stage holds some 90 times a dense text's size at its peak
    max_text_mb: float | None = None


DEFAULT_OPTIONS = ExtractOptions()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text with whatever layout its format can tell.

    ``size`` is the font size in points (PDF), ``bold`` the font weight, and
    ``heading`` a heading level the source format states itself (a DOCX heading style,
    an HTML h1-h4, a slide title): 1 is the top level, 0 means "not a heading".
    ``block`` numbers the visual blocks (paragraphs) a line belongs to.
    """

    text: str
    page: int | None = None
    size: float | None = None
    bold: bool = False
    heading: int = 0
    block: int = 0
    sheet: int = 0  # page, slide, or (plain text) a part set off by a run of blank lines


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of one document, as lines in reading order."""

    lines: tuple[Line, ...]
    n_pages: int | None = None
    layout: bool = False  # True when sizes/weights are real (PDF)
    slides: bool = False  # True for slide decks (PPTX, landscape PDFs)
    notes: tuple[str, ...] = ()  # speaker notes, kept apart from the body
    # lines repair took out as furniture (a transcript site's 'Download "title 30.01.2015"', a
    # running header): no part of the text, but what they say of the document (its date) is kept
    furniture: tuple[str, ...] = ()
    # True when each line is a whole paragraph (PPTX, DOCX, HTML), not a wrapped line
    paragraphs: bool = False
    web_page: bool = False  # the main content of a web page
    ocr_pages: tuple[int, ...] = ()  # PDF pages read by OCR (no usable text layer, or --ocr force)
    ocr_confidence: float | None = None  # mean Tesseract word confidence over those pages

    @property
    def extraction(self) -> Extraction:
        if not self.ocr_pages:
            return "text_layer"
        return "ocr" if len(self.ocr_pages) == (self.n_pages or 0) else "mixed"


@dataclass(frozen=True, slots=True)
class Section:
    ordinal: int
    kind: SectionKind
    heading: str | None
    lines: tuple[Line, ...]
    page_start: int | None = None
    page_end: int | None = None
    body: str | None = None  # the text alone, once the lines are no longer needed

    @property
    def text(self) -> str:
        if self.body is not None:
            return self.body
        return "\n".join(line.text for line in self.lines)

    def compact(self) -> Section:
        """The same section with its text as one string: cheap to send between processes."""
        return replace(self, lines=(), body=self.text)


@dataclass(frozen=True, slots=True)
class Goal:
    ordinal: int
    section_ordinal: int
    level: GoalLevel
    number: str | None
    label: str | None
    text: str
    parent: int | None = None  # ordinal of the parent goal
    page: int | None = None


@dataclass(frozen=True, slots=True)
class GoalReference:
    from_goal: int  # ordinal of the referring goal
    target_number: str
    target_goal: int | None  # ordinal of the goal referred to, None when it does not exist


@dataclass(frozen=True, slots=True)
class Activity:
    ordinal: int
    section_ordinal: int
    sub_goal: int | None  # ordinal of the sub-goal it reports on
    number: str | None
    text: str


@dataclass(frozen=True, slots=True)
class OrganisationUnit:
    ordinal: int
    name: str
    kind: UnitKind
    status: UnitStatus | None


@dataclass(frozen=True, slots=True)
class MeasureStatus:
    """What a report says of one measure's progress."""

    goal: int  # ordinal of the measure
    status: MeasureState
    evidence: str  # the line or sentence that says so


@dataclass(frozen=True, slots=True)
class MunicipalityMention:
    kommunenummer: str
    kommunenummer_2020: str
    name: str
    mentions: int
    kommunenummer_2024: str | None = None  # the 2024 municipality it is part of
    role: MunicipalityRole = "mentioned"


@dataclass(frozen=True, slots=True)
class Structured:
    """What the structure stage reads out of one document's sections."""

    sections: tuple[Section, ...]
    goals: tuple[Goal, ...] = ()
    references: tuple[GoalReference, ...] = ()
    activities: tuple[Activity, ...] = ()
    units: tuple[OrganisationUnit, ...] = ()
    municipalities: tuple[MunicipalityMention, ...] = ()
    doc_type: DocType = "other"
    region: str | None = None
    report_date: dt.date | None = None
    progress: tuple[ProgressStatus, str | None] | None = None  # (status, the sentence that decided it)
    statuses: tuple[MeasureStatus, ...] = ()  # per measure, where the report says
    report_year: int | None = None
    period_start: int | None = None  # first year of the period a plan or report covers
    period_end: int | None = None


@dataclass(frozen=True, slots=True)
class GoalForm:
    """The comparable form of one goal text."""

    text_nb: str
    lemma_key: str
    normaliser: Normaliser
    variety: Variety
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Normalised:
    goal_forms: tuple[GoalForm, ...]  # one per goal, same order
    section_varieties: tuple[Variety, ...]  # one per section
    variety: Variety
    translations: tuple[tuple[str, str], ...] = ()  # new (source, text_nb) pairs for the cache


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything one file became; what the loader writes in one transaction."""

    source: SourceFile
    status: Status
    error: str | None = None
    n_pages: int | None = None
    structured: Structured | None = None
    normalised: Normalised | None = None
    duplicate_of: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    extraction: Extraction | None = None
    ocr_confidence: float | None = None
    title: str | None = None  # the first heading
    sketch: tuple[int, ...] = ()  # MinHash of the text (pipeline.identity), for report identity
