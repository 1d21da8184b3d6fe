"""Run text through the stages the way the pipeline does, for tests."""

from __future__ import annotations

from pipeline.extract.text import extract_text
from pipeline.records import Extracted, Line, Structured
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure


def from_text(text: str) -> Extracted:
    return repair(extract_text(text.encode("utf-8")))


def structured_text(text: str) -> Structured:
    doc = from_text(text)
    return structure(doc, segment(doc))


def lines(*texts: str, block: int = 0) -> tuple[Line, ...]:
    return tuple(Line(t, block=block) for t in texts)
