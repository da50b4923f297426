"""The intake export's content: goldens per language, the JSON contract and schema, what the
document holds (questions as asked, option keys, eligibility with its rule date, glossary, notice),
and session files that do not fit the flow any more (nothing lost).

Regenerate the goldens after a deliberate change (e.g. a new English catalog):
    IMGUIDE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py -q
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest

from imguide.core.engine.restore import restore as load_session
from imguide.core.export.context import EXPORT_FORMAT_VERSION, build_context
from imguide.core.export.renderers import FORMATS
from imguide.core.export.writer import render_all, render_export, schema
from imguide.core.content.loader import load_bundle
from imguide.core.engine.session import Session, SessionFormatError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
UPDATE = os.environ.get("IMGUIDE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def example(bundle, lang: str) -> Session:
    data = json.loads((EXAMPLES / f"session-{lang}.json").read_text(encoding="utf-8"))
    loaded = load_session(bundle, data, as_of=FIXED_NOW.date())
    assert loaded.left_out == [] and loaded.warnings == []
    return loaded.session


def validate(data: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    validator.validate(data)


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_a_document_built_beforehand_renders_the_same_export(bundle, lang):
    """The summary hands the export the document it shows (built when the user opened it)."""
    from imguide.core.export.document import build_document

    session = example(bundle, "sv")
    language = bundle.languages.require(lang)
    document = build_document(bundle, session, language)
    given = render_all(bundle, session, FORMATS, language, FIXED_NOW, document=document)
    assert given == render_all(bundle, session, FORMATS, language, FIXED_NOW)
    assert "svenska" in given["md"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_golden_json(bundle, lang):
    session = example(bundle, lang)
    rendered = render_export(bundle, session, "json", now=FIXED_NOW)
    path = GOLDEN / f"intake-{lang}.json"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no golden {path.name}: run IMGUIDE_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    assert json.loads(rendered) == json.loads(path.read_text(encoding="utf-8")), (
        f"{path.name} differs; if the change is intended: IMGUIDE_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_examples_export_cleanly_in_every_format(bundle, lang):
    session = example(bundle, lang)
    assert session.state.outcome is not None
    rendered = render_all(bundle, session, FORMATS, now=FIXED_NOW)
    assert set(rendered) == {"html", "md", "json"}
    assert all(text.strip() for text in rendered.values())
    validate(json.loads(rendered["json"]))


def test_goldens_validate_against_the_shipped_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    for path in sorted(GOLDEN.glob("intake-*.json")):
        validate(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- the JSON contract


def test_json_keys_and_values(bundle):
    data = json.loads(render_export(bundle, example(bundle, "en"), "json", now=FIXED_NOW))
    assert list(data) == [
        "format", "version", "generated", "lang", "flow", "covered", "topics", "eligibility", "glossary",
        "translation", "left_out",
    ]  # fmt: skip
    assert data["format"] == "imguide-intake" and data["version"] == EXPORT_FORMAT_VERSION == 1
    assert data["generated"] == "2026-03-02T09:30:00+01:00"
    assert data["lang"] == "en" and data["flow"] == "start"
    assert [c["flow"] for c in data["covered"]] == ["start", "fit", "intake"]
    answers = {a["node"]: a for topic in data["topics"] for a in topic["answers"]}
    interests = answers["intake_interests"]
    assert interests["value"] == ["halsa_vard", "sprak"]  # option keys, never labels
    assert [c["key"] for c in interests["choices"]] == ["halsa_vard", "sprak"]
    assert set(interests["choices"][0]["label"]) == {"sv", "en"}
    assert interests["choices"][0]["label"]["sv"] == "Hälsa och vård"
    assert set(interests["question"]) == {"sv", "en"} and set(interests["answer"]) == {"sv", "en"}
    assert answers["fit_birth_date"]["value"] == "2008-03-02"
    assert answers["intake_school_years"]["value"] == 8
    assert answers["intake_goals"]["value"] == "I want to become a nurse, or work in a hospital."
    assert data["translation"] == {"lang": "en", "reviewed": False}


def test_swedish_json_has_swedish_only(bundle):
    data = json.loads(render_export(bundle, example(bundle, "sv"), "json", now=FIXED_NOW))
    assert data["lang"] == "sv" and data["translation"] == {"lang": "sv", "reviewed": True}
    for topic in data["topics"]:
        assert set(topic["title"]) == {"sv"}
        for answer in topic["answers"]:
            assert set(answer["question"]) == {"sv"} and set(answer["answer"]) == {"sv"}
    grades = next(a for t in data["topics"] for a in t["answers"] if a["kind"] == "grades")
    assert grades["value"]["EN"] == "F" and grades["value"]["SV"] == "C"


def test_topics_in_document_order_with_questions_as_asked(bundle):
    context = build_context(bundle, example(bundle, "sv"), now=FIXED_NOW)
    assert [t.topic for t in context.topics] == [
        "about", "situation", "grades", "interests", "goals", "strengths", "difficulties", "support",
        "languages", "schooling", "meeting_wishes", "questions",
    ]  # fmt: skip
    languages = next(t for t in context.topics if t.topic == "languages")
    assert [a.node for a in languages.answers] == ["intake_languages", "intake_strongest_language"]
    asked = next(a for t in context.topics for a in t.answers if a.node == "fit_newly_arrived")
    assert asked.question.sv.startswith("Är du nyanländ?")  # glossary link resolved to its words
    assert "[[" not in asked.question.sv


def test_eligibility_with_rule_date_and_explanation(bundle):
    data = json.loads(render_export(bundle, example(bundle, "sv"), "json", now=FIXED_NOW))
    eligibility = data["eligibility"]
    assert eligibility["rules_valid_from"] == "2019-07-01"
    assert eligibility["vocational"] is False and eligibility["imv"] is True
    assert eligibility["im_programmes"][0] == "IMV"
    assert eligibility["missing"]["vocational"] == ["EN"]
    assert any("engelska" in line for line in eligibility["explanation"]["sv"])
    en = json.loads(render_export(bundle, example(bundle, "en"), "json", now=FIXED_NOW))["eligibility"]
    assert "no_grades" in en["notes"] and "IMS" in en["im_programmes"]
    assert len(en["explanation"]["sv"]) == len(en["explanation"]["en"])


def test_no_eligibility_without_the_fit_flow(bundle):
    session = Session(bundle, "intake", "sv")
    session.answer("intake_interests", ["djur"])
    data = json.loads(render_export(bundle, session, "json", now=FIXED_NOW))
    assert data["eligibility"] is None
    assert [t["topic"] for t in data["topics"]] == ["interests"]
    validate(data)


def test_glossary_terms_that_appear(bundle):
    data = json.loads(render_export(bundle, example(bundle, "en"), "json", now=FIXED_NOW))
    ids = [g["id"] for g in data["glossary"]]
    assert len(ids) == len(set(ids))
    assert {"nyanland", "personnummer", "studiehandledning"} <= set(ids)  # linked in questions asked
    assert {"behorighet", "ims", "imy", "ima"} <= set(ids)  # named by the eligibility part
    syv = next(g for g in data["glossary"] if g["id"] == "syv")
    assert "SYV" in syv["term"]["sv"]  # the Swedish word the family will hear at the meeting
    assert set(syv["term"]) == set(syv["explanation"]) == {"sv", "en"}


def test_empty_session_exports(bundle):
    session = Session(bundle, "start", "sv")
    for fmt in FORMATS:
        assert render_export(bundle, session, fmt, now=FIXED_NOW)
    data = json.loads(render_export(bundle, session, "json", now=FIXED_NOW))
    assert data["topics"] == [] and data["eligibility"] is None
    validate(data)


def test_skipped_answers_are_shown_as_skipped(bundle):
    session = example(bundle, "sv")
    session.remove("intake_difficulties")  # a skippable question: counts as skipped
    data = json.loads(render_export(bundle, session, "json", now=FIXED_NOW))
    skipped = next(a for t in data["topics"] for a in t["answers"] if a["node"] == "intake_difficulties")
    assert skipped["value"] is None and skipped["answer"]["sv"] == "(hoppade över)"
    validate(data)


def test_lang_argument_overrides_the_session(bundle):
    data = json.loads(render_export(bundle, example(bundle, "sv"), "json", lang="en", now=FIXED_NOW))
    assert data["lang"] == "en" and set(data["topics"][0]["title"]) == {"sv", "en"}
    with pytest.raises(ValueError, match="unknown language"):
        render_export(bundle, example(bundle, "sv"), "json", lang="xx")
    with pytest.raises(ValueError, match="unknown export format"):
        render_export(bundle, example(bundle, "sv"), "pdf")


def test_markdown_is_swedish(bundle):
    md = render_export(bundle, example(bundle, "en"), "md", now=FIXED_NOW)
    assert md.startswith("# Inför mottagningssamtalet\n")
    assert "- Språk: engelska (English)" in md
    assert "Reglerna gäller från 2019-07-01." in md
    assert "## Anteckningar från mötet" in md
    assert "Vad skulle du vilja jobba med eller plugga?" in md
    assert "I want to become a nurse" in md  # the student's own words, as written
    # a line break in an answer stays inside its list item
    assert "Can I get study guidance in Arabic?  \n  How long is language introduction (IMS)?" in md


# ---------------------------------------------------------------- session files that changed


def test_not_a_session_or_another_version(bundle):
    for data in ([], "text", {"version": 2, "flow": "start", "answers": []}, {"version": 1, "flow": "start"}):
        with pytest.raises(SessionFormatError):
            load_session(bundle, data)


def test_answers_that_no_longer_fit_are_kept_apart(bundle):
    data = json.loads((EXAMPLES / "session-sv.json").read_text(encoding="utf-8"))
    for item in data["answers"]:
        if item["node"] == "intake_goals":
            item["value"] = "x" * 400  # the flow now allows 300
    data["answers"] += [
        {"node": "intake_old_question", "kind": "text", "value": "Ett svar på en fråga som inte finns längre."},
        {"node": "intake_interests", "kind": "text", "value": "wrong kind"},
        "not an answer",
    ]
    loaded = load_session(bundle, data, as_of=FIXED_NOW.date())
    nodes = [item.node for item in loaded.left_out]
    assert nodes == ["intake_goals", "intake_old_question", "intake_interests", "?"]
    assert loaded.warnings
    rendered = render_all(bundle, loaded.session, FORMATS, now=FIXED_NOW, left_out=loaded.left_out)
    exported = json.loads(rendered["json"])
    validate(exported)
    left = {item["node"]: item for item in exported["left_out"]}
    assert left["intake_goals"]["value"] == "x" * 400  # nothing lost
    assert left["intake_old_question"]["value"].startswith("Ett svar")
    # the later answers keep their place in the document
    answers = {a["node"]: a for t in exported["topics"] for a in t["answers"]}
    assert answers["intake_questions"]["value"].startswith("Hur länge")
    assert answers["intake_goals"]["value"] is None
    assert "Det står längre ner" in answers["intake_goals"]["answer"]["sv"]
    assert "Ett svar på en fråga som inte finns längre." in rendered["html"]
    assert "Ett svar på en fråga som inte finns längre." in rendered["md"]


def test_a_flow_that_is_gone_is_replayed_from_start(bundle):
    data = json.loads((EXAMPLES / "session-sv.json").read_text(encoding="utf-8"))
    data["flow"] = "a_flow_that_was_removed"
    loaded = load_session(bundle, data, as_of=FIXED_NOW.date())
    assert loaded.session.flow == "start"
    assert any("is gone" in line for line in loaded.warnings)
    assert loaded.session.exported()


def test_hostile_raw_values_in_a_session_file_are_made_safe(bundle):
    data = {
        "version": 1,
        "lang": "sv",
        "flow": "start",
        "answers": [
            {"node": "gone", "value": "lone surrogate \ud800 and NUL \x00 and \ufffe"},
            {"node": "gone2", "value": {"nested": ["\x1b[31mred", float("nan")]}},
        ],
    }
    loaded = load_session(bundle, data)
    rendered = render_all(bundle, loaded.session, FORMATS, now=FIXED_NOW, left_out=loaded.left_out)
    for text in rendered.values():
        text.encode("utf-8")  # no lone surrogates survive
        assert "\x00" not in text and "\x1b" not in text
    exported = json.loads(rendered["json"])
    assert exported["left_out"][0]["value"] == "lone surrogate \ufffd and NUL  and \ufffd"
    validate(exported)


def test_a_question_without_a_saved_answer_is_passed_over(bundle):
    """A question added to the flow after the session was saved: the later answers keep their place."""
    data = json.loads((EXAMPLES / "session-sv.json").read_text(encoding="utf-8"))
    data["answers"] = [item for item in data["answers"] if item["node"] != "intake_strengths"]
    loaded = load_session(bundle, data, as_of=FIXED_NOW.date())
    assert any("intake_strengths" in line for line in loaded.warnings)
    exported = json.loads(render_export(bundle, loaded.session, "json", now=FIXED_NOW, left_out=loaded.left_out))
    validate(exported)
    assert exported["left_out"] == []
    answers = {a["node"]: a for t in exported["topics"] for a in t["answers"]}
    assert answers["intake_strengths"]["value"] is None
    assert answers["intake_strengths"]["answer"]["sv"] == "(Inget svar i den sparade filen.)"
    assert answers["intake_questions"]["value"].startswith("Hur länge")
