"""The gettext plumbing: the YAML extractor, the committed template and catalogs, the runtime."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from imguide.core.content.extract import extract_content
from imguide.core.content.ids import (
    check_id,
    fact_text_id,
    flow_description_id,
    flow_title_id,
    option_id,
    term_ids,
    text_id,
    topic_title_id,
)
from imguide.core.content.kinds import KINDS
from imguide.core.content.loader import FLOWS_DIR, SHIPPED, load_bundle
from imguide.core.i18n.catalogs import extract, po_path, pot_path
from imguide.core.i18n.languages import SOURCE_LANGUAGE
from imguide.core.i18n.translator import forget_catalogs, translator

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\[\[([a-z0-9_]+)(?:\|[^\]]*)?\]\]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")
PYFORMAT = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]")


def _extract_text(text: str) -> list:
    return list(extract_content(io.BytesIO(text.encode("utf-8")), ["pgettext"], [], {}))


def _extract_file(path: Path) -> list:
    with path.open("rb") as fh:
        return list(extract_content(fh, ["pgettext"], [], {}))


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


@pytest.fixture(scope="module")
def template():
    with pot_path().open("rb") as fh:
        return read_po(fh)


@pytest.fixture(scope="module")
def english():
    with po_path("en").open("rb") as fh:
        return read_po(fh, locale="en")


# --- the extractor ---------------------------------------------------------------------------

FLOW_FIXTURE = textwrap.dedent(
    """\
    format: 1
    id: demo
    title: Ett litet exempel
    description: ""
    start: knows_grades
    nodes:
      - id: knows_grades
        kind: choice
        text: Vet du vilka [[betyg]] du har?
        note: Betyg means grades here.
        options:
          - key: "yes"
            label: Ja
          - key: not_yet
            label: Inte än
            note: Not yet, but soon.
        next: done

      - id: empty
        kind: message
        text: ""
        next: done

      - id: explain
        kind: term
        term: betyg
        next: done

      - id: done
        kind: outcome
        text: >-
          Tack! Ta med det här
          till mötet, {name}.
    """
)


def test_extractor_yields_ids_lines_texts_and_comments():
    got = _extract_text(FLOW_FIXTURE)
    assert [(line, func, msg) for line, func, msg, _ in got] == [
        (3, "pgettext", ("demo.title", "Ett litet exempel")),
        (9, "pgettext", ("demo.knows_grades.text", "Vet du vilka [[betyg]] du har?")),
        (13, "pgettext", ("demo.knows_grades.option.yes", "Ja")),
        (15, "pgettext", ("demo.knows_grades.option.not_yet", "Inte än")),
        (31, "pgettext", ("demo.done.text", "Tack! Ta med det här till mötet, {name}.")),
    ]
    comments = {msg[0]: c for _, _, msg, c in got}
    # the node kind, the translator note, and a reminder to keep the glossary link
    assert comments["demo.knows_grades.text"][0] == f"Node kind: choice ({KINDS['choice'].note})."
    assert "Note: Betyg means grades here." in comments["demo.knows_grades.text"]
    assert any("[[term_id]]" in c for c in comments["demo.knows_grades.text"])
    # an option label says which question it answers; its own note follows
    assert comments["demo.knows_grades.option.yes"] == [
        "An answer button (choice) for the question: Vet du vilka [[betyg]] du har?",
    ]
    assert comments["demo.knows_grades.option.not_yet"][-1] == "Note: Not yet, but soon."
    assert any("{placeholder}" in c for c in comments["demo.done.text"])
    # the empty description, the empty message text and the term node's missing text are skipped
    assert not any(msg[0] in ("demo.description", "demo.empty.text", "demo.explain.text") for _, _, msg, _ in got)


def test_extractor_reads_the_glossary_and_the_facts_and_ignores_profiles():
    glossary = textwrap.dedent(
        """\
        format: 1
        terms:
          - id: syv
            term: SYV
            explanation: "Studie- och yrkesvägledare."
            note: Keep the abbreviation.
          - id: tomt
            term: tomt
            explanation: ""
        """
    )
    got = _extract_text(glossary)
    assert [(line, msg) for line, _, msg, _ in got] == [
        (4, ("glossary.syv.term", "SYV")),
        (5, ("glossary.syv.explanation", "Studie- och yrkesvägledare.")),
        (8, ("glossary.tomt.term", "tomt")),
    ]
    assert got[1][3] == ["Explains the glossary term: SYV", "Note: Keep the abbreviation."]
    facts = "format: 1\nfacts:\n  - id: a\n    text: Ett faktum.\n    source: doc\n"
    profile = "format: 1\nid: x\nname: X\nentries:\n  - topic: contact\n    text: Ring oss.\n"
    assert [(line, msg) for line, _, msg, _ in _extract_text(facts)] == [(4, ("fact.a.text", "Ett faktum."))]
    assert _extract_text(profile) == []
    assert _extract_text("") == []


def test_extracting_the_shipped_content_covers_every_string_of_the_bundle(bundle):
    found: dict[str, str] = {}
    for path in sorted(FLOWS_DIR.glob("*.yaml")) + [SHIPPED.glossary, SHIPPED.topics, *sorted(SHIPPED.facts.glob("*.yaml"))]:
        for _, _, (context, text), _ in _extract_file(path):
            assert context not in found, f"{context} extracted twice"
            found[context] = text
    expected: dict[str, str] = {}
    for flow_id, flow in bundle.flows.items():
        expected[flow_title_id(flow_id)] = flow.title
        if flow.description:
            expected[flow_description_id(flow_id)] = flow.description
        for node in flow.nodes.values():
            if node.text:
                expected[text_id(flow_id, node.id)] = node.text
            for option in node.options:
                expected[option_id(flow_id, node.id, option.key)] = option.label
            for index, check in enumerate(node.checks, 1):
                expected[check_id(flow_id, node.id, index)] = check.say
    for term_id, term in bundle.glossary.items():
        term_key, explanation_key = term_ids(term_id)
        expected[term_key] = term.term
        expected[explanation_key] = term.explanation
    for topic_id, topic in bundle.topics.items():
        expected[topic_title_id(topic_id)] = topic.title
    for fact_id, fact in bundle.facts.items():
        expected[fact_text_id(fact_id)] = fact.text
    assert found == expected  # same ids, and the msgid is exactly the text the runtime looks up


# --- the committed template and catalogs -----------------------------------------------------


def _keys(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def test_the_committed_template_is_up_to_date(tmp_path, template):
    fresh_path = tmp_path / "imguide.pot"
    extract(fresh_path, quiet=True)
    with fresh_path.open("rb") as fh:
        fresh = read_po(fh)
    added = _keys(fresh) - _keys(template)
    removed = _keys(template) - _keys(fresh)
    assert not added and not removed, (
        f"locales/imguide.pot is stale ({len(added)} new, {len(removed)} removed strings, "
        f"e.g. {sorted(added or removed, key=str)[:3]}): run `make i18n`"
    )


def test_the_template_holds_python_strings_and_facts_but_no_profiles(template, bundle):
    contexts = {m.context for m in template if m.id}
    assert {"subject", "programme"} <= contexts
    assert any(isinstance(m.id, (tuple, list)) for m in template), "no plural entry extracted"
    assert any(m.id == "Den här frågan behöver ett svar." for m in template)
    assert {fact_text_id(fact) for fact in bundle.facts} <= contexts  # the reader sees them in "Källa"
    msgids = {m.id for m in template if isinstance(m.id, str)}
    profile = load_bundle(profile=ROOT / "imguide" / "content" / "profiles" / "example").profile
    for entry in profile.entries:
        assert entry.text not in msgids


def test_every_language_but_swedish_has_a_catalog(bundle):
    for lang in bundle.languages:
        if lang.code == SOURCE_LANGUAGE:
            assert not po_path(lang.code).exists(), "Swedish is the source language: no catalog"
        else:
            assert po_path(lang.code).exists(), f"no catalog for {lang.code}: run `make i18n`"


def _tokens(text: str) -> tuple[list, list, list]:
    return sorted(LINK.findall(text)), sorted(PLACEHOLDER.findall(text)), sorted(PYFORMAT.findall(text))


def test_english_is_complete_and_keeps_links_and_placeholders(english, template):
    assert str(english.locale) == "en"
    assert _keys(english) >= _keys(template), "the English catalog lacks strings: run `make i18n`"
    problems = []
    for message in english:
        if not message.id:
            continue
        where = f"{message.context or ''} {message.id!r}"
        if message.fuzzy:
            problems.append(f"fuzzy: {where}")
        if isinstance(message.id, (list, tuple)):
            forms = list(message.string)
            if len(forms) != english.num_plurals or not all(forms):
                problems.append(f"plural forms missing: {where}")
            sources = list(message.id)
        else:
            forms, sources = [message.string], [message.id]
            if not message.string:
                problems.append(f"untranslated: {where}")
        wanted = _tokens(sources[-1])
        for form in forms:
            if form and _tokens(form) != wanted:
                problems.append(f"links/placeholders differ: {where} -> {form!r}")
    assert not problems, "\n".join(problems[:30])


def test_english_header_says_not_yet_reviewed(english, bundle):
    assert "not" in english.header_comment.lower() and "review" in english.header_comment.lower()
    assert english.locale.language == "en"
    assert not bundle.language("en").reviewed


# --- the runtime -------------------------------------------------------------------------------


def test_the_compiled_catalog_is_used_at_runtime(bundle):
    mo = ROOT / "imguide" / "locales" / "en" / "LC_MESSAGES" / "imguide.mo"
    assert mo.exists(), "imguide/locales/en/LC_MESSAGES/imguide.mo is missing: run `make setup`"
    t = translator(bundle.language("en"))
    assert t.catalog_found
    source = bundle.flows["start"].title
    assert t.string("start.title", source) != source
    assert t.pgettext("subject", "engelska") != "engelska"


def test_every_english_string_reaches_the_translator(tmp_path, monkeypatch, english, bundle):
    """Compile the catalog as it is now and look every content string up the way the app does."""
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "imguide.mo").open("wb") as fh:
        write_mo(fh, english)
    monkeypatch.setenv("IMGUIDE_LOCALES", str(tmp_path))
    forget_catalogs()
    try:
        t = translator(bundle.language("en"))
        for message in english:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):
                assert t.ngettext(message.id[0], message.id[1], 1) == message.string[0]
                assert t.ngettext(message.id[0], message.id[1], 5) == message.string[1]
            elif message.context and "." in message.context:
                assert t.string(message.context, message.id) == message.string
            elif message.context:
                assert t.pgettext(message.context, message.id) == message.string
            else:
                assert t.gettext(message.id) == message.string
    finally:
        forget_catalogs()


def test_status_command_reports_english_complete():
    result = subprocess.run(
        [sys.executable, "-m", "imguide", "i18n", "status"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "en" in lines and "100.0%" in lines["en"], result.stdout
    assert "not yet reviewed" in lines["en"]
