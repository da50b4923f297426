"""The one template context of an intake export: the intake document (document.py) as plain data
for templates, and the JSON export.

Every format (HTML, Markdown, JSON, a municipality's own templates) is rendered from this context,
and the context is built from the same document the summary screen shows, so what the family saw
is what the counsellor reads. The fields are documented in docs/export.md; they are a contract for
municipalities' templates, so add fields rather than rename them. User text was cleaned when the
document was built (control characters, bidi overrides, lone surrogates), whatever path it came by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping, Sequence

from babel.dates import format_date

from imguide.core.content.model import Bundle
from imguide.core.engine.restore import LeftOut
from imguide.core.engine.session import Session
from imguide.core.export.document import (
    AnswerItem,
    Bi,
    Covered,
    Document,
    Eligibility,
    GlossaryItem,
    Section,
    SourceItem,
    Topic,
    build_document,
)

__all__ = [
    "EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "AnswerItem", "Bi", "Covered", "Eligibility", "ExportContext",
    "GlossaryItem", "LangInfo", "LeftOut", "Topic", "Translation", "build_context", "context_of", "to_json",
]  # fmt: skip
from imguide.core.i18n.languages import SOURCE_LANGUAGE, Language

EXPORT_FORMAT = "imguide-intake"
EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class LangInfo:
    code: str  # sv, en, ar, fa_AF
    html_lang: str  # for the lang attribute: fa-AF
    dir: str  # "ltr" or "rtl", from Babel
    name: str  # the language's name in itself
    name_sv: str  # its name in Swedish, for the counsellor
    reviewed: bool  # has a human translator reviewed the catalog?


@dataclass(frozen=True)
class Translation:
    lang: str
    reviewed: bool
    notice: Bi | None  # None when the family reads Swedish


@dataclass(frozen=True)
class ExportContext:
    """What every template gets; see docs/export.md for the field list."""

    format: str
    version: int
    generated: datetime
    generated_iso: str
    date: Bi
    lang: LangInfo
    sv: LangInfo
    bilingual: bool
    flow: str
    covered: tuple[Covered, ...]
    topics: tuple[Topic, ...]
    eligibility: Eligibility | None
    glossary: tuple[GlossaryItem, ...]
    translation: Translation
    labels: Mapping[str, Bi]
    left_out: tuple[LeftOut, ...] = ()
    profile: Mapping[str, Any] | None = None
    answer_count: int = field(default=0)
    sections: tuple[Section, ...] = ()  # the document's sections in order, as the summary shows them
    sources: tuple[SourceItem, ...] = ()  # the documents behind what the document says

    def as_template_vars(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# ---------------------------------------------------------------- building


def _lang_info(language: Language) -> LangInfo:
    return LangInfo(
        code=language.code,
        html_lang=language.html_lang,
        dir=language.direction,
        name=language.native_name,
        name_sv=language.name_in(SOURCE_LANGUAGE),
        reviewed=language.reviewed,
    )


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now().astimezone().replace(microsecond=0)
    return now


def _date(moment: datetime | date, document: Document) -> Bi:
    day = moment.date() if isinstance(moment, datetime) else moment
    return Bi(
        format_date(day, format="long", locale=document.source.locale),
        format_date(day, format="long", locale=document.lang.locale),
    )


def context_of(document: Document, flow: str, now: datetime | None = None, profile: Mapping[str, Any] | None = None) -> ExportContext:
    moment = _now(now)
    return ExportContext(
        format=EXPORT_FORMAT,
        version=EXPORT_FORMAT_VERSION,
        generated=moment,
        generated_iso=moment.isoformat(),
        date=_date(moment, document),
        lang=_lang_info(document.lang),
        sv=_lang_info(document.source),
        bilingual=document.bilingual,
        flow=flow,
        covered=document.covered,
        topics=document.topics,
        eligibility=document.eligibility,
        glossary=document.glossary,
        translation=Translation(document.lang.code, document.lang.reviewed, document.notice),
        labels=document.labels,
        left_out=document.left_out,
        profile=profile,
        answer_count=document.answer_count,
        sections=document.sections,
        sources=document.sources,
    )


def build_context(
    bundle: Bundle,
    session: Session,
    lang: Language | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
    document: Document | None = None,
) -> ExportContext:
    """The context every export format is rendered from. Pure: reads the session, writes nothing.
    `document`: the session's document, if already built (with this language and `left_out`)."""
    if document is None:
        document = build_document(bundle, session, lang, left_out)
    profile = None
    if bundle.profile is not None:
        profile = {"id": bundle.profile.id, "name": bundle.profile.name, "example": bundle.profile.example}
    return context_of(document, session.flow, now, profile)


# ---------------------------------------------------------------- JSON


def to_json(context: ExportContext) -> dict[str, Any]:
    """The JSON export (format version 1; schema in schema.json). Keys are a contract."""
    lang = context.lang.code
    eligibility = None
    if context.eligibility is not None:
        e = context.eligibility
        eligibility = dict(e.result)
        eligibility["explanation"] = (
            {"sv": [line.sv for line in e.explanation]}
            if lang == SOURCE_LANGUAGE
            else {"sv": [line.sv for line in e.explanation], lang: [line.fam for line in e.explanation]}
        )
    return {
        "format": context.format,
        "version": context.version,
        "generated": context.generated_iso,
        "lang": lang,
        "flow": context.flow,
        "covered": [{"flow": c.flow, "title": c.title.json(lang)} for c in context.covered],
        "topics": [_topic_json(topic, lang) for topic in context.topics],
        "eligibility": eligibility,
        "glossary": [
            {"id": g.id, "term": g.term.json(lang), "explanation": g.explanation.json(lang)} for g in context.glossary
        ],
        "translation": {"lang": lang, "reviewed": context.translation.reviewed},
        "left_out": [{"node": item.node, "value": item.value, "reason": item.reason} for item in context.left_out],
    }


def _topic_json(topic: Topic, lang: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "topic": topic.topic,
        "title": topic.title.json(lang),
        "answers": [_answer_json(a, lang) for a in topic.answers],
    }
    if topic.notes:  # only where the counsellor wrote one: other exports look as they always did
        item["counsellor_notes"] = {"sv": topic.notes}
    return item


def _answer_json(a: AnswerItem, lang: str) -> dict[str, Any]:
    item = {
        "node": a.node,
        "kind": a.kind,
        "question": a.question.json(lang),
        "value": a.value,
        "answer": a.answer.json(lang),
    }
    if a.kind in ("choice", "multi"):
        item["choices"] = [{"key": key, "label": label.json(lang)} for key, label in a.choices]
    return item
