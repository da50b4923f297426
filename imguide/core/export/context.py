"""The one template context of an intake export: bundle + session + language in, plain data out.

Every format (HTML, Markdown, JSON, a municipality's own templates) is rendered from this context,
and the context is built with the same resolver the chat screen uses (imguide.core.render), so what
the family saw is what the counsellor reads. The fields are documented in docs/export.md; they are
a contract for municipalities' templates, so add fields rather than rename them.

User text is cleaned here once more (control characters, bidi overrides, lone surrogates), whatever
path it came by, so that no renderer has to trust it.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from babel.dates import format_date

from imguide.core import i18n
from imguide.core.answers import clean_text, to_json_value
from imguide.core.eligibility import EligibilityResult
from imguide.core.eligibility_text import explain, programme_name, subject_name
from imguide.core.i18n import N_, SOURCE_LANGUAGE, Translator
from imguide.core.model import Bundle, Node
from imguide.core.render import flow_title, format_answer, option_label, resolve, term_explanation, term_word
from imguide.core.session import Session

EXPORT_FORMAT = "imguide-intake"
EXPORT_FORMAT_VERSION = 1

# Headings and fixed sentences of the document, Swedish msgids (extracted from this file by Babel).
LABELS: dict[str, str] = {
    "title": N_("Inför mottagningssamtalet"),
    "subtitle": N_("Elevens svar från imguide, att ta med till mötet med skolan."),
    "created": N_("Skapad"),
    "language": N_("Språk"),
    "covered": N_("Det här gick eleven igenom"),
    "answers": N_("Elevens svar"),
    "no_answers": N_("Eleven har inte svarat på några frågor som ska med till mötet."),
    "written_by_student": N_("Skrivet av eleven:"),
    "subject": N_("Ämne"),
    "grade": N_("Betyg"),
    "eligibility": N_("Vad betygen kan räcka till"),
    "eligibility_disclaimer": N_("Det här är en vägledning, inte ett beslut. Skolan och kommunen bestämmer."),
    "open_programmes": N_("Behörig till"),
    "im_programmes": N_("Introduktionsprogram som kan passa"),
    "none": N_("inget"),
    "glossary": N_("Ord som kan komma upp på mötet"),
    "translation": N_("Om översättningen"),
    "notes": N_("Anteckningar från mötet"),
    "notes_hint": N_("Här kan ni skriva under mötet."),
    "left_out": N_("Svar som inte passar guiden längre"),
    "left_out_hint": N_(
        "De här svaren fanns i den sparade filen men passar inte frågorna i guiden nu. "
        "De står här så att inget försvinner."
    ),
    "see_left_out": N_("(Svaret passar inte guiden längre. Det står längre ner.)"),
    "no_saved_answer": N_("(Inget svar i den sparade filen.)"),
    "footer": N_("Gjord med imguide. Det här är en vägledning, inte ett beslut."),
    "swedish_original": N_("Den svenska texten är originalet."),
}

NOTICE_UNREVIEWED = N_(
    "Översättningen är inte granskad av en mänsklig översättare än. Om något är oklart gäller den svenska texten."
)
NOTICE_REVIEWED = N_("Översättningen är granskad av en översättare. Om något är oklart gäller den svenska texten.")
RULES_FROM = N_("Reglerna gäller från %(date)s.")

# Titles of the export topics used by the shipped flows; a topic not listed is shown by its id.
# The order is the order of the document: who, situation, grades, then the student's own words.
TOPIC_TITLES: dict[str, str] = {
    "about": N_("Vem som använde guiden"),
    "newcomer": N_("Ny i Sverige"),
    "situation": N_("Situation och ålder"),
    "grades": N_("Betyg"),
    "interests": N_("Intressen"),
    "goals": N_("Mål"),
    "strengths": N_("Det här är eleven bra på"),
    "difficulties": N_("Det här har varit svårt i skolan"),
    "support": N_("Stöd som har hjälpt"),
    "languages": N_("Språk"),
    "schooling": N_("Skolgång"),
    "meeting_wishes": N_("Det här vill eleven få ut av mötet"),
    "questions": N_("Elevens frågor till mötet"),
}

# Glossary terms the eligibility part speaks of (its sentences are plain text without links).
_IM_TERMS = {"IMV": "imv", "IMY": "imy", "IMA": "ima", "IMS": "ims"}
_NOTE_TERMS = {
    "dash_is_not_a_grade": "streck",
    "english_exemption": "dispens_engelska",
    "age_limit_passed": "komvux",
    "asylum_under_18": "asylsokande",
    "asylum_start_before_18": "asylsokande",
    "check_with_syv": "syv",
}

_NONCHARACTERS = frozenset(range(0xFDD0, 0xFDF0)) | frozenset(
    plane + low for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)
)


def safe_text(value: Any) -> str:
    """User text made safe to write and to parse: no control characters or bidi overrides (as the
    chat cleans them), no lone surrogates or noncharacters (a JSON file can hold them; UTF-8 and
    HTML cannot)."""
    text = clean_text(str(value))
    if text.isascii():
        return text
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cs" or ord(ch) in _NONCHARACTERS else ch for ch in text
    )


def _safe_json(value: Any) -> Any:
    """A raw value from a session file, with every string in it made safe."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Mapping):
        return {safe_text(k): _safe_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe_json(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)  # NaN and infinities are not JSON
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return safe_text(value)


# ---------------------------------------------------------------- the building blocks


@dataclass(frozen=True)
class Bi:
    """One text in Swedish (`sv`) and in the family's language (`fam`; the same text when the
    family reads Swedish)."""

    sv: str
    fam: str

    def __str__(self) -> str:
        return self.sv

    @property
    def same(self) -> bool:
        return self.sv == self.fam

    def json(self, lang: str) -> dict[str, str]:
        return {"sv": self.sv} if lang == SOURCE_LANGUAGE else {"sv": self.sv, lang: self.fam}


@dataclass(frozen=True)
class LangInfo:
    code: str  # sv, en, ar, fa_AF
    html_lang: str  # for the lang attribute: fa-AF
    dir: str  # "ltr" or "rtl", from Babel
    name: str  # the language's name in itself
    name_sv: str  # its name in Swedish, for the counsellor
    reviewed: bool  # has a human translator reviewed the catalog?


@dataclass(frozen=True)
class GradeRow:
    code: str
    subject: Bi
    grade: str


@dataclass(frozen=True)
class AnswerItem:
    node: str
    kind: str
    question: Bi  # the question as it was asked, in both languages
    value: Any  # the raw JSON value: option key(s), text, number, ISO date, grades mapping, or None
    answer: Bi  # the answer in words
    skipped: bool
    free_text: bool  # the student's own words: shown once, in the language they wrote
    grades: tuple[GradeRow, ...] = ()
    choices: tuple[tuple[str, Bi], ...] = ()  # (option key, label) of a choice or multi answer
    terms: tuple[str, ...] = ()  # glossary ids the question's text links to


@dataclass(frozen=True)
class Topic:
    topic: str
    title: Bi
    answers: tuple[AnswerItem, ...]


@dataclass(frozen=True)
class Covered:
    flow: str
    title: Bi


@dataclass(frozen=True)
class Eligibility:
    result: dict  # EligibilityResult.to_json()
    explanation: tuple[Bi, ...]
    open_programmes: tuple[Bi, ...]  # national programmes the student is eligible for
    im_programmes: tuple[Bi, ...]  # IM programmes that may fit, best first
    rules_valid_from: str  # ISO date of the rule set used
    rules_text: Bi  # "The rules apply from ..."
    computed: str  # the computed value's id in the flow (fit_result)


@dataclass(frozen=True)
class GlossaryItem:
    id: str
    term: Bi  # term.sv is the Swedish word the family will hear at the meeting
    explanation: Bi


@dataclass(frozen=True)
class Translation:
    lang: str
    reviewed: bool
    notice: Bi | None  # None when the family reads Swedish


@dataclass(frozen=True)
class LeftOut:
    """An answer from a session file that could not be placed in the flow as it is now."""

    node: str
    value: Any  # as it was in the file (made safe)
    reason: str  # English, as Session.from_json gives it
    passed_over: bool = False  # a question with no saved answer, passed over so later answers fit

    @property
    def value_text(self) -> str:
        if isinstance(self.value, str):
            return self.value
        return json.dumps(self.value, ensure_ascii=False)


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

    def as_template_vars(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# ---------------------------------------------------------------- building


def resolve_language(code: str | None) -> str:
    """A shipped language code for `code` (en-GB, EN and en are all en); ValueError if none."""
    if not code:
        return SOURCE_LANGUAGE
    found = i18n.normalise_code(code)
    if found is None:
        known = ", ".join(lang.code for lang in i18n.languages())
        raise ValueError(f"unknown language '{code}' (languages: {known})")
    return found


def _lang_info(code: str) -> LangInfo:
    language = i18n.language(code)
    return LangInfo(
        code=code,
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


def _bi_label(message: str, t_sv: Translator, t_fam: Translator) -> Bi:
    return Bi(t_sv.gettext(message), t_fam.gettext(message))


def _answer_item(
    bundle: Bundle,
    node: Node,
    value: Any,
    values: Mapping[str, Any],
    t_sv: Translator,
    t_fam: Translator,
    placed: Mapping[str, LeftOut],
) -> AnswerItem:
    asked_sv = resolve(bundle, node, t_sv, values)
    asked_fam = resolve(bundle, node, t_fam, values) if t_fam is not t_sv else asked_sv
    terms = tuple(dict.fromkeys((*asked_sv.terms, *asked_fam.terms)))
    question = Bi(asked_sv.text.strip(), asked_fam.text.strip())
    skipped = value is None
    free_text = node.kind == "text" and not skipped
    grades: tuple[GradeRow, ...] = ()
    choices: tuple[tuple[str, Bi], ...] = ()
    if skipped and node.id in placed:  # its saved answer no longer fits (shown under left_out), or none
        label = LABELS["no_saved_answer"] if placed[node.id].passed_over else LABELS["see_left_out"]
        answer = _bi_label(label, t_sv, t_fam)
        raw: Any = None
    elif free_text:
        text = safe_text(value)
        answer = Bi(text, text)
        raw = text
    else:
        answer = Bi(format_answer(bundle, node, value, t_sv), format_answer(bundle, node, value, t_fam))
        raw = _safe_json(to_json_value(value))
        if node.kind == "grades" and value:
            grades = tuple(
                GradeRow(code, Bi(subject_name(code, t_sv), subject_name(code, t_fam)), grade)
                for code, grade in value.items()
            )
        if node.kind in ("choice", "multi") and not skipped:
            keys = [value] if node.kind == "choice" else list(value)
            choices = tuple((key, Bi(option_label(node, key, t_sv), option_label(node, key, t_fam))) for key in keys)
    return AnswerItem(node.id, node.kind, question, raw, answer, skipped, free_text, grades, choices, terms)


def _topics(
    bundle: Bundle, session: Session, t_sv: Translator, t_fam: Translator, terms: dict[str, None], left_out: Sequence[LeftOut]
) -> tuple[Topic, ...]:
    values = session.state.values
    placed = {item.node: item for item in left_out}
    grouped: dict[str, list[AnswerItem]] = {}
    for step in session.exported():
        topic = step.node.export or ""
        grouped.setdefault(topic, []).append(_answer_item(bundle, step.node, step.answer.value, values, t_sv, t_fam, placed))
    order = list(TOPIC_TITLES)
    ranked = sorted(grouped, key=lambda topic: (order.index(topic) if topic in order else len(order)))
    for topic in ranked:  # glossary terms in the order the document shows them
        for item in grouped[topic]:
            for ref in item.terms:
                terms.setdefault(ref, None)
    return tuple(
        Topic(
            topic,
            _bi_label(TOPIC_TITLES[topic], t_sv, t_fam) if topic in TOPIC_TITLES else Bi(topic, topic),
            tuple(grouped[topic]),
        )
        for topic in ranked
    )


def find_eligibility(bundle: Bundle, session: Session) -> tuple[str, EligibilityResult] | None:
    """The last eligibility computed on the session's path: (computed id, result), or None."""
    state = session.state
    flows_on_path = list(dict.fromkeys(step.node.flow for step in state.path))
    if state.current is not None and state.current.flow not in flows_on_path:
        flows_on_path.append(state.current.flow)
    found = None
    for flow_id in flows_on_path:
        for computed in bundle.flows[flow_id].computed:
            if computed.calculator != "eligibility":
                continue
            value = state.values.get(computed.id)
            if isinstance(value, Mapping) and isinstance(value.get("result"), EligibilityResult):
                found = (computed.id, value["result"])
    return found


def _eligibility(bundle: Bundle, session: Session, t_sv: Translator, t_fam: Translator, terms: dict[str, None]) -> Eligibility | None:
    found = find_eligibility(bundle, session)
    if found is None:
        return None
    computed_id, result = found
    lines_sv = explain(result, t_sv)
    lines_fam = explain(result, t_fam) if t_fam is not t_sv else lines_sv
    if len(lines_fam) != len(lines_sv):  # the sentences are chosen by code, so this never happens
        lines_fam = lines_sv
    open_codes = [code for code, is_open in result.programmes.items() if is_open]
    if result.vocational:
        open_codes.insert(0, "vocational")
    wanted = ["behorighet", "yrkesprogram", "hogskoleforberedande_program"]
    if result.im_programmes or not result.vocational:
        wanted.append("im")
    if not result.vocational:
        wanted.append("imv")
    wanted += [_IM_TERMS[code] for code in result.im_programmes if code in _IM_TERMS]
    wanted += [_NOTE_TERMS[note] for note in result.notes if note in _NOTE_TERMS]
    for term in wanted:
        terms.setdefault(term, None)
    valid_from = result.rules_valid_from.isoformat()
    return Eligibility(
        result=result.to_json(),
        explanation=tuple(Bi(sv, fam) for sv, fam in zip(lines_sv, lines_fam)),
        open_programmes=tuple(Bi(programme_name(c, t_sv), programme_name(c, t_fam)) for c in open_codes),
        im_programmes=tuple(Bi(programme_name(c, t_sv), programme_name(c, t_fam)) for c in result.im_programmes),
        rules_valid_from=valid_from,
        rules_text=Bi(
            t_sv.gettext(RULES_FROM) % {"date": valid_from}, t_fam.gettext(RULES_FROM) % {"date": valid_from}
        ),
        computed=computed_id,
    )


def _glossary(bundle: Bundle, terms: Iterable[str], t_sv: Translator, t_fam: Translator) -> tuple[GlossaryItem, ...]:
    return tuple(
        GlossaryItem(
            term_id,
            Bi(term_word(bundle, term_id, t_sv), term_word(bundle, term_id, t_fam)),
            Bi(term_explanation(bundle, term_id, t_sv), term_explanation(bundle, term_id, t_fam)),
        )
        for term_id in terms
        if term_id in bundle.glossary
    )


def _covered(bundle: Bundle, session: Session, t_sv: Translator, t_fam: Translator) -> tuple[Covered, ...]:
    flows = dict.fromkeys(step.node.flow for step in session.state.path)
    return tuple(Covered(f, Bi(flow_title(bundle, f, t_sv), flow_title(bundle, f, t_fam))) for f in flows)


def _date(moment: datetime | date, t_sv: Translator, t_fam: Translator) -> Bi:
    day = moment.date() if isinstance(moment, datetime) else moment
    return Bi(
        format_date(day, format="long", locale=t_sv.language.locale),
        format_date(day, format="long", locale=t_fam.language.locale),
    )


def build_context(
    bundle: Bundle,
    session: Session,
    lang: str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> ExportContext:
    """The context every export format is rendered from. Pure: reads the session, writes nothing."""
    code = resolve_language(lang or session.lang)
    t_sv = i18n.translator(SOURCE_LANGUAGE)
    t_fam = i18n.translator(code)
    moment = _now(now)
    info = _lang_info(code)
    terms: dict[str, None] = {}
    topics = _topics(bundle, session, t_sv, t_fam, terms, left_out)
    eligibility = _eligibility(bundle, session, t_sv, t_fam, terms)
    bilingual = code != SOURCE_LANGUAGE
    notice = None
    if bilingual:
        message = NOTICE_REVIEWED if info.reviewed else NOTICE_UNREVIEWED
        notice = _bi_label(message, t_sv, t_fam)
    profile = None
    if bundle.profile is not None:
        profile = {"id": bundle.profile.id, "name": bundle.profile.name, "example": bundle.profile.example}
    return ExportContext(
        format=EXPORT_FORMAT,
        version=EXPORT_FORMAT_VERSION,
        generated=moment,
        generated_iso=moment.isoformat(),
        date=_date(moment, t_sv, t_fam),
        lang=info,
        sv=_lang_info(SOURCE_LANGUAGE),
        bilingual=bilingual,
        flow=session.flow,
        covered=_covered(bundle, session, t_sv, t_fam),
        topics=topics,
        eligibility=eligibility,
        glossary=_glossary(bundle, terms, t_sv, t_fam),
        translation=Translation(code, info.reviewed, notice),
        labels={name: _bi_label(message, t_sv, t_fam) for name, message in LABELS.items()},
        left_out=tuple(item for item in left_out if not item.passed_over),
        profile=profile,
        answer_count=sum(len(topic.answers) for topic in topics),
    )


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
        "topics": [
            {
                "topic": topic.topic,
                "title": topic.title.json(lang),
                "answers": [_answer_json(a, lang) for a in topic.answers],
            }
            for topic in context.topics
        ],
        "eligibility": eligibility,
        "glossary": [
            {"id": g.id, "term": g.term.json(lang), "explanation": g.explanation.json(lang)} for g in context.glossary
        ],
        "translation": {"lang": lang, "reviewed": context.translation.reviewed},
        "left_out": [{"node": item.node, "value": item.value, "reason": item.reason} for item in context.left_out],
    }


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


def make_left_out(node: Any, value: Any, reason: str) -> LeftOut:
    return LeftOut(safe_text(node) if node is not None else "?", _safe_json(value), safe_text(reason))
