"""Structure: read goals, organisation, document fields and municipalities out of sections."""

from __future__ import annotations

from dataclasses import replace

from ..records import Extracted, Line, Section, Structured
from ..repair import site_title
from .activities import link_activities
from .assemble import label_goals
from .fields import find_doc_type, find_period, find_region, find_report_date, find_report_year, report_year
from .goals import extract_goals
from .labeller import model_available
from .municipalities import find_municipalities
from .organisation import extract_units
from .progress import assess_progress
from .status import measure_statuses, without_own_status

__all__ = ["structure"]


def _year_start(year: int | None):
    import datetime as dt

    return dt.date(year, 1, 1) if year else None


def kinds_from_content(sections: tuple[Section, ...], goals) -> tuple[Section, ...]:
    """A headed section whose heading names no kind takes its kind from what it holds: one
    that states goals is a goals section ("Kvænangen om 12 år" over the main goals), and so is
    one whose heading names a goal word ("Prioriterte tiltak", "Hovedmål")."""
    from ..lexicon import gives_contact, goal_levels_in
    from ..segment import heading_kind

    with_goals = {g.section_ordinal for g in goals}
    # a heading that names one of the document's goals heads that goal's part ('Kultur'
    # under a page whose areas are 'Kultur, kompetanse og verdiskaping og samferdsel'),
    # unless what it heads is a contact card (the person for that area, a phone number)
    goal_names = {" ".join(g.text.casefold().split()) for g in goals if len(g.text.split()) <= 6}
    return tuple(
        replace(s, kind="goals")
        if s.kind == "other"
        and s.heading
        # a heading of no known kind, or the document's title where it names a goals kind
        and heading_kind(s.heading)[0] in ("other", "goals")
        and (
            s.ordinal in with_goals
            or goal_levels_in(s.heading)
            or (
                " ".join(s.heading.casefold().split()).strip(" .:") in goal_names
                and not gives_contact(ln.text for ln in s.lines)
            )
        )
        else s
        for s in sections
    )


def structure(doc: Extracted, sections: tuple[Section, ...], model: bytes | None = None) -> Structured:
    """What the structure stage reads from a document: it knows layout flags, never the file format.

    Goals come from the labeller (:mod:`.assemble`) with the shipped model, or ``model``
    (bytes) when given; without a model, from the rules alone."""
    from ..segment import looks_like_slides

    slides = looks_like_slides(doc)
    if model is not None or model_available():
        goals, references, _ = label_goals(doc, sections, model=model)
    else:
        goals, references = extract_goals(sections, paragraphs=doc.paragraphs)
    # an item's status on its own line is its status, not part of its text
    stated, goals = goals, without_own_status(goals)
    # a document that states no date in its text may carry one in the title its site gave it
    report_date = find_report_date(
        doc.lines, paragraphs=doc.paragraphs, layout=doc.layout
    ) or find_report_date([Line(t) for t in doc.furniture])
    period = find_period(doc.lines)
    title_year = find_report_year(doc.lines)
    # the text and the title a transcript site gave it ('... på Geilo og i Hol kommune')
    given_title = site_title(doc.furniture)
    full_text = "\n".join(
        [given_title or ""]
        + [
            part
            for s in sections
            for part in ([s.heading] if s.heading else []) + [ln.text for ln in s.lines]
        ]
    )
    return Structured(
        sections=kinds_from_content(sections, goals),
        goals=goals,
        references=references,
        activities=link_activities(sections, goals),
        units=extract_units(sections, slides=slides),
        municipalities=find_municipalities(full_text, report_date or _year_start(title_year)),
        doc_type=find_doc_type(sections, slides=slides, web_page=doc.web_page),
        region=find_region(sections, given_title, paragraphs=doc.paragraphs, layout=doc.layout),
        report_date=report_date,
        progress=assess_progress(sections),
        statuses=measure_statuses(sections, stated),
        report_year=report_year(report_date, period, title_year),
        period_start=period[0],
        period_end=period[1],
    )
