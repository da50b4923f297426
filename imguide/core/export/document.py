"""The intake document: the one description of what goes to the meeting, built from a session.

The summary screen previews it and every export format renders it, so what the family sees before
exporting is what the counsellor reads: the same sections, with the same titles, in the same
order. Sections: one per topic with answers or a counsellor's note (in the order of
content/topics.yaml), then what the grades may be enough for, the words that may come up at the
meeting, and answers from an old file that no longer fit. A counsellor's note on a topic
(`Session.notes`, written in Swedish in staff mode) stands under that topic's answers, marked as
the counsellor's. The pupil can leave out any answer (by removing it from the session) and the
eligibility section or a glossary word (`Session.omit`).

Pure: reads the session, writes nothing, imports no template engine (the summary screen uses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from imguide.core.content.answers import safe_json, safe_text, to_json_value
from imguide.core.content.kinds import option_label
from imguide.core.content.model import Bundle, Node
from imguide.core.eligibility.evaluate import EligibilityResult
from imguide.core.eligibility.explain import explain, programme_name, subject_name
from imguide.core.engine.resolve import (
    flow_title,
    format_answer,
    format_date,
    resolve,
    term_explanation,
    term_word,
    topic_title,
)
from imguide.core.engine.restore import LeftOut
from imguide.core.engine.session import Session
from imguide.core.i18n.languages import SOURCE_LANGUAGE, Language
from imguide.core.i18n.translator import N_, Translator, translator

# Headings and fixed sentences of the document, Swedish msgids.
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
    "sources": N_("Källor"),
    "sources_hint": N_("Det här bygger guiden på. Datumet är källans eget, där det är känt."),
    "translation": N_("Om översättningen"),
    "notes": N_("Anteckningar från mötet"),
    "notes_hint": N_("Här kan ni skriva under mötet."),
    "counsellor_notes": N_("SYV:s anteckningar"),
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

ELIGIBILITY = "eligibility"  # the item id that leaves the eligibility section out


def glossary_item_id(term: str) -> str:
    """The item id that leaves one word out of the glossary section."""
    return f"glossary:{term}"


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
    free_text: bool  # the pupil's own words: shown once, in the language they wrote
    grades: tuple[GradeRow, ...] = ()
    choices: tuple[tuple[str, Bi], ...] = ()  # (option key, label) of a choice or multi answer
    terms: tuple[str, ...] = ()  # glossary ids the question's text links to
    visit: int = 0  # which round of a loop the answer belongs to (for removing it)


@dataclass(frozen=True)
class Topic:
    topic: str
    title: Bi
    answers: tuple[AnswerItem, ...]  # may be empty where the topic has only the counsellor's note
    notes: str = ""  # the counsellor's note on the topic, in Swedish ("" when none)


@dataclass(frozen=True)
class Covered:
    flow: str
    title: Bi


@dataclass(frozen=True)
class Eligibility:
    result: dict  # EligibilityResult.to_json()
    explanation: tuple[Bi, ...]
    open_programmes: tuple[Bi, ...]  # national programmes the pupil is eligible for
    im_programmes: tuple[Bi, ...]  # IM programmes that may fit (the law ranks none of them)
    rules_valid_from: str  # ISO date of the rule set used
    rules_text: Bi  # "The rules apply from ..."
    computed: str  # the computed value's id in the flow (fit_result)


@dataclass(frozen=True)
class GlossaryItem:
    id: str
    term: Bi  # term.sv is the Swedish word the family will hear at the meeting
    explanation: Bi


@dataclass(frozen=True)
class SourceItem:
    """A document behind what the document says, with its own date."""

    id: str
    publisher: str
    title: str
    where: str  # the web address, or the project's document (sources/NNN)
    date: Bi  # the document's date in both languages, or that it is not known


@dataclass(frozen=True)
class Section:
    """A part of the document with a heading: the unit the summary and the exports share."""

    id: str  # "topic:TOPIC", "eligibility", "glossary", "sources" or "left_out"
    kind: str  # "answers", "eligibility", "glossary", "sources" or "left_out"
    title: Bi
    topic: Topic | None = None  # the answers of an "answers" section


@dataclass(frozen=True)
class Document:
    lang: Language  # the family's language
    source: Language  # Swedish
    covered: tuple[Covered, ...]
    topics: tuple[Topic, ...]
    eligibility: Eligibility | None
    glossary: tuple[GlossaryItem, ...]
    sources: tuple[SourceItem, ...]
    left_out: tuple[LeftOut, ...]
    sections: tuple[Section, ...]
    labels: Mapping[str, Bi]
    notice: Bi | None  # about the translation; None when the family reads Swedish

    @property
    def bilingual(self) -> bool:
        return self.lang.code != self.source.code

    @property
    def answer_count(self) -> int:
        return sum(len(topic.answers) for topic in self.topics)


def build_document(bundle: Bundle, session: Session, lang: Language | None = None, left_out: Sequence[LeftOut] = ()) -> Document:
    """The document for a session, in the family's language beside Swedish."""
    family = lang or bundle.languages.require(session.lang)
    source = bundle.languages.source
    t_sv, t_fam = translator(source), translator(family)
    terms: dict[str, None] = {}
    topics = _topics(bundle, session, t_sv, t_fam, terms, left_out)
    eligibility = None if ELIGIBILITY in session.omitted else _eligibility(bundle, session, t_sv, t_fam, terms)
    glossary = tuple(
        item for item in _glossary(bundle, terms, t_sv, t_fam) if glossary_item_id(item.id) not in session.omitted
    )
    labels = {name: _bi(message, t_sv, t_fam) for name, message in LABELS.items()}
    sources = _sources(bundle, session, topics, glossary, eligibility, t_sv, t_fam)
    shown_left_out = tuple(item for item in left_out if not item.passed_over)
    sections = [Section(f"topic:{topic.topic}", "answers", topic.title, topic) for topic in topics]
    if eligibility is not None:
        sections.append(Section("eligibility", "eligibility", labels["eligibility"]))
    if glossary:
        sections.append(Section("glossary", "glossary", labels["glossary"]))
    if sources:
        sections.append(Section("sources", "sources", labels["sources"]))
    if shown_left_out:
        sections.append(Section("left_out", "left_out", labels["left_out"]))
    notice = None
    if family.code != source.code:
        notice = _bi(NOTICE_REVIEWED if family.reviewed else NOTICE_UNREVIEWED, t_sv, t_fam)
    return Document(
        lang=family,
        source=source,
        covered=_covered(bundle, session, t_sv, t_fam),
        topics=topics,
        eligibility=eligibility,
        glossary=glossary,
        sources=sources,
        left_out=shown_left_out,
        sections=tuple(sections),
        labels=labels,
        notice=notice,
    )


def _bi(message: str, t_sv: Translator, t_fam: Translator) -> Bi:
    return Bi(t_sv.gettext(message), t_fam.gettext(message))


def _answer_item(
    bundle: Bundle,
    node: Node,
    value: Any,
    visit: int,
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
        answer = _bi(label, t_sv, t_fam)
        raw: Any = None
    elif free_text:
        text = safe_text(value)
        answer = Bi(text, text)
        raw = text
    else:
        answer = Bi(format_answer(bundle, node, value, t_sv), format_answer(bundle, node, value, t_fam))
        raw = safe_json(to_json_value(value))
        if node.kind == "grades" and value:
            grades = tuple(
                GradeRow(code, Bi(subject_name(code, t_sv), subject_name(code, t_fam)), grade)
                for code, grade in value.items()
            )
        if node.kind in ("choice", "multi") and not skipped:
            keys = [value] if node.kind == "choice" else list(value)
            choices = tuple((key, Bi(option_label(node, key, t_sv), option_label(node, key, t_fam))) for key in keys)
    return AnswerItem(node.id, node.kind, question, raw, answer, skipped, free_text, grades, choices, terms, visit)


def _topics(
    bundle: Bundle, session: Session, t_sv: Translator, t_fam: Translator, terms: dict[str, None], left_out: Sequence[LeftOut]
) -> tuple[Topic, ...]:
    values = session.state.values
    placed = {item.node: item for item in left_out}
    grouped: dict[str, list[AnswerItem]] = {}
    for step in session.exported():
        item = _answer_item(bundle, step.node, step.answer.value, step.visit, values, t_sv, t_fam, placed)
        grouped.setdefault(step.node.export or "", []).append(item)
    notes = {topic: safe_text(text) for topic, text in session.notes.items() if text}
    for topic in notes:  # a note on a topic nobody answered for still goes to the meeting
        grouped.setdefault(topic, [])
    order = list(bundle.topics)
    ranked = sorted(grouped, key=lambda topic: order.index(topic) if topic in order else len(order))
    for topic in ranked:  # glossary terms in the order the document shows them
        for item in grouped[topic]:
            for ref in item.terms:
                terms.setdefault(ref, None)
    return tuple(
        Topic(
            topic,
            Bi(topic_title(bundle, topic, t_sv), topic_title(bundle, topic, t_fam)),
            tuple(grouped[topic]),
            notes.get(topic, ""),
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
        rules_text=Bi(t_sv.gettext(RULES_FROM) % {"date": valid_from}, t_fam.gettext(RULES_FROM) % {"date": valid_from}),
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


def _sources(
    bundle: Bundle,
    session: Session,
    topics: tuple[Topic, ...],
    glossary: tuple[GlossaryItem, ...],
    eligibility: Eligibility | None,
    t_sv: Translator,
    t_fam: Translator,
) -> tuple[SourceItem, ...]:
    """The documents behind the questions answered, the words explained and the eligibility."""
    facts: list[str] = []
    for topic in topics:
        for item in topic.answers:
            facts += bundle.nodes[item.node].sources
    for item in glossary:
        facts += bundle.glossary[item.id].facts
    ids = [bundle.facts[fact].source for fact in facts if fact in bundle.facts]
    if eligibility is not None:
        by_url = {source.url: source.id for source in bundle.sources.values() if source.url}
        rules = next((r for r in bundle.rules if r.valid_from.isoformat() == eligibility.rules_valid_from), None)
        if rules is not None:
            urls = [req.source for req in (*rules.national.values(), *rules.imv)]
            urls += [rules.english_exemption.source, rules.age.source, rules.age.asylum_source]
            ids += [by_url[url] for url in urls if url in by_url]
    items = []
    for source_id in dict.fromkeys(ids):
        source = bundle.sources.get(source_id)
        if source is not None:
            date = Bi(format_date(source.as_of, t_sv), format_date(source.as_of, t_fam))
            items.append(SourceItem(source.id, source.publisher, source.title, source.url or source.document or "", date))
    return tuple(items)


def _covered(bundle: Bundle, session: Session, t_sv: Translator, t_fam: Translator) -> tuple[Covered, ...]:
    flows = dict.fromkeys(step.node.flow for step in session.state.path)
    return tuple(Covered(f, Bi(flow_title(bundle, f, t_sv), flow_title(bundle, f, t_fam))) for f in flows)
