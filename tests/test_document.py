"""One document for the screen and the export: the summary screen and every export format list the
same sections, with the same titles, in the same order, built from one session."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import html5lib
import pytest

from conftest import shipped_bundle
from imguide.core.engine.session import Session
from imguide.core.export.document import ELIGIBILITY, build_document, glossary_item_id
from imguide.core.export.writer import render_export
from imguide.ui.app import GuideApp
from imguide.ui.screens.summary import SummaryScreen
from test_ui_support import settle, wait_for

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def session_with_everything(lang: str) -> Session:
    """Grades (so the eligibility section), answers under several topics, glossary words."""
    bundle = shipped_bundle()
    session = Session(bundle, "fit", lang)
    for node, value in [
        ("fit_grades_known", "yes"),
        ("fit_grades", {"SV": "C", "EN": "E", "MA": "F", "BI": "E"}),
        ("fit_newly_arrived", "yes"),
        ("fit_birth_date", "2009-03-11"),
        ("fit_start_date", "2026-08-17"),
    ]:
        session.answer(node, value)
    return session


def html_headings(html: str, lang: str) -> list[str]:
    """The family-language heading of every section of the HTML export, in order."""
    root = html5lib.parse(html, namespaceHTMLElements=False)
    main = root.find(".//main")
    headings = []
    for element in main.iter():
        if element.tag in ("h2", "h3") and "fam" in (element.get("class") or "").split() or (
            element.tag in ("h2", "h3") and lang == "sv"
        ):
            headings.append("".join(element.itertext()).strip())
    return headings


def md_headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip().replace("\\", "") for line in markdown.splitlines() if re.match(r"#{2,3} ", line)]


async def summary_titles(session: Session) -> list[str]:
    app = GuideApp(lang=session.lang, flow="fit", bundle=shipped_bundle())
    app._session = session
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        app.show_summary()
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.document is not None, "the summary")
        return [str(title.render()) for title in app.screen.query(".summary-topic")]


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_summary_and_every_export_show_the_same_sections_in_the_same_order(lang):
    bundle = shipped_bundle()
    session = session_with_everything(lang)
    document = build_document(bundle, session)
    kinds = [section.kind for section in document.sections]
    assert kinds == ["answers", "answers", "eligibility", "glossary", "sources"]

    shown = await summary_titles(session)
    assert shown == [section.title.fam for section in document.sections]

    family_headings = html_headings(render_export(bundle, session, "html", now=NOW), lang)
    section_titles = [h for h in family_headings if h in shown]
    assert section_titles == shown  # every section, in the same order, under the same title

    swedish = [section.title.sv for section in document.sections]
    markdown = md_headings(render_export(bundle, session, "md", now=NOW))
    assert [h for h in markdown if h in swedish] == swedish

    data = json.loads(render_export(bundle, session, "json", now=NOW))
    topics = [topic["title"][lang] for topic in data["topics"]]
    assert topics == shown[:2] and data["eligibility"] is not None and data["glossary"]


def test_what_is_left_out_in_the_summary_is_left_out_of_every_export():
    bundle = shipped_bundle()
    session = session_with_everything("en")
    first = build_document(bundle, session)
    term = first.glossary[0]
    session.omit(ELIGIBILITY)
    session.omit(glossary_item_id(term.id))
    session.remove("fit_birth_date")
    document = build_document(bundle, session)
    assert [s.kind for s in document.sections].count("eligibility") == 0
    assert term.id not in [g.id for g in document.glossary]
    data = json.loads(render_export(bundle, session, "json", now=NOW))
    assert data["eligibility"] is None and term.id not in [g["id"] for g in data["glossary"]]
    html = render_export(bundle, session, "html", now=NOW)
    assert document.labels["eligibility"].fam not in html
    assert "2009-03-11" not in html and "2009-03-11" not in render_export(bundle, session, "md", now=NOW)
    # the choice survives a save and a resume
    again, problems = Session.from_json(bundle, json.loads(json.dumps(session.to_json())))
    assert problems == [] and again.omitted == session.omitted
