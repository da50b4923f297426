"""The flows say what the facts say (issue 10): scripted walks a reader would recognise, and the
places where the guide says where it comes from."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from conftest import shipped_bundle, t
from imguide.cli import main
from imguide.core.content.answers import AnswerError
from imguide.core.engine.resolve import resolve
from imguide.core.engine.session import Session
from imguide.core.export.writer import render_export
from test_flows_b_scenarios import ALL_PASSED, AS_OF, VOCATIONAL_ONLY, fit_answers, path_ids, walk


@pytest.fixture(scope="module")
def bundle():
    return shipped_bundle()


def said(bundle, session: Session) -> str:
    """Everything the guide said on the path, in Swedish, as one text."""
    state = session.state
    return "\n".join(resolve(bundle, step.node, t("sv"), state.values).text for step in state.path)


# ---------------------------------------------------------------- 1. IMS when maybe newly arrived


@pytest.mark.parametrize("newly", ["yes", "unsure"])
def test_no_swedish_grades_and_maybe_newly_arrived_lists_ims(bundle, newly):
    s = walk(bundle, fit_answers(known="no_swedish", newly=newly, born="2010-05-14", start="2026-08-17"))
    assert "IMS" in s.state.values["fit_result"]["im_programmes"]
    assert "fit_res_im_ims" in path_ids(s) and "fit_res_no_grades_new" in path_ids(s)


def test_not_newly_arrived_without_grades_gets_no_ims(bundle):
    s = walk(bundle, fit_answers(known="no_swedish", newly="no", born="2010-05-14", start="2026-08-17"))
    assert "IMS" not in s.state.values["fit_result"]["im_programmes"]


# ---------------------------------------------------------------- 2, 3. too late; staying on


def test_after_too_late_nothing_says_you_may_apply(bundle):
    s = walk(bundle, fit_answers(grades=ALL_PASSED, born="1990-01-01", start="2026-08-17"))
    text = said(bundle, s)
    assert "för sent" in text and "komvux" in text.lower()
    assert "Behörig betyder att du får söka" not in text and "Bra! Du verkar ha" not in text
    assert "om du hade kunnat börja" in text.lower()


@pytest.mark.parametrize("born", ["2006-08-01", "1989-05-14"])
def test_staying_on_in_grundskolan_is_not_offered_to_adults(bundle, born):
    start = "2026-08-17" if born.startswith("2006") else "2026-08-17"
    s = walk(bundle, fit_answers(grades={"SV": "E", "EN": "F", "MA": "F"}, born=born, start=start))
    assert "gå kvar i grundskolan" not in said(bundle, s)


# ---------------------------------------------------------------- 4. not folkbokförd


@pytest.mark.parametrize("who", ["no"])
def test_the_before_18_rule_binds_everyone_not_folkbokford(bundle, who):
    s = walk(bundle, fit_answers(known="no_swedish", newly="yes", born="2008-05-30", start="2026-08-17", registered=who))
    assert s.state.values["fit_result"]["age_ok"] is False
    text = said(bundle, s)
    assert "folkbokförd" in text and "innan du fyller 18" in text


def test_the_command_line_takes_not_registered(capsys):
    assert main(["eligibility", "--born", "2008-05-30", "--start", "2026-08-17", "--not-registered", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["age_ok"] is False and "asylum_start_before_18" in result["notes"]
    assert main(["eligibility", "--born", "2008-05-30", "--start", "2026-08-17", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["age_ok"] is True


# ---------------------------------------------------------------- 5. one definition of nyanländ


def test_nyanland_is_defined_the_same_three_part_way_everywhere(bundle):
    parts = ["bott i ett annat land", "bor du i Sverige", "efter höstterminens start det år du fyllde sju", "fyra år"]
    places = [bundle.nodes["fit_newly_arrived"].text, bundle.glossary["nyanland"].explanation]
    places.append(bundle.nodes["newly_arrived_who"].text + " " + bundle.nodes["newly_arrived_four_years"].text)
    for place in places:
        for part in parts:
            assert part in place.replace("\n", " "), (part, place)


# ---------------------------------------------------------------- 6. impossible dates


def test_a_birth_date_in_the_future_is_refused(bundle):
    s = Session(bundle, "fit", as_of=AS_OF)
    s.answer("fit_grades_known", "no_swedish")
    s.answer("fit_newly_arrived", "no")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(AnswerError) as refused:
        s.answer("fit_birth_date", tomorrow)
    assert "efter" in refused.value.render(t("sv"))
    assert s.state.current.id == "fit_birth_date"


def test_a_start_before_about_15_is_refused_with_a_clear_reply(bundle):
    s = Session(bundle, "fit", as_of=AS_OF)
    for node, value in [("fit_grades_known", "no_swedish"), ("fit_newly_arrived", "no"), ("fit_birth_date", "2014-03-01")]:
        s.answer(node, value)
    with pytest.raises(AnswerError) as refused:
        s.answer("fit_start_date", "2026-08-17")  # the year of 12
    assert refused.value.render(t("en")).startswith("With those dates you turn 14 or younger")
    assert s.state.current.id == "fit_start_date"
    s.answer("fit_start_date", "2030-08-19")  # the year of 16: fine
    assert s.state.current.id == "fit_registered"


# ---------------------------------------------------------------- 7. no ranking


def test_nothing_ranks_the_introduction_programmes(bundle):
    s = walk(bundle, fit_answers(known="no_swedish", newly="yes", born="2010-05-14", start="2026-08-17"))
    texts = said(bundle, s) + "\n" + render_export(bundle, s, "md") + render_export(bundle, s, "html", lang="en")
    for ranking in ("passar bäst", "står först", "first suits best", "the first one fits best", "fits best"):
        assert ranking not in texts


def test_for_a_vocationally_eligible_pupil_imv_is_only_a_way_to_higher_education(bundle):
    s = walk(bundle, fit_answers(grades=VOCATIONAL_ONLY, born="2010-05-14", start="2026-08-17"))
    assert s.state.values["fit_result"]["im_programmes"] == ["IMV"]
    lines = [line.sv for line in __import__("imguide.core.export.document", fromlist=["x"]).build_document(bundle, s).eligibility.explanation]
    im_line = next(line for line in lines if line.startswith("Introduktionsprogram"))
    assert "högskoleförberedande" in im_line


# ---------------------------------------------------------------- 10, 11. topics and plain words


@pytest.mark.parametrize(
    "words, why",
    [
        ("36 procent", "what IMS usually leads to, with the figures"),
        ("Sedan hösten 2023", "vocational programmes give basic eligibility for higher education"),
        ("inte [[csn_studiebidrag|studiebidrag]] från CSN", "no CSN studiebidrag on anpassad gymnasieskola"),
        ("tre andra\n      villkor", "the general conditions for national programmes"),
        ("[[provning|prövning]]", "prövning"),
        ("Ett förslag, inte en regel", "pending proposals labelled as not law"),
    ],
)
def test_topics_a_family_needs_are_said(words, why):
    texts = "\n".join(path.read_text(encoding="utf-8") for path in sorted((shipped_bundle().flows["fit"].path.parent).glob("*.yaml")))
    assert words in texts, why


@pytest.mark.parametrize("term", ["folkbokford", "studiemedel", "yrkeshogskola", "uppehallstillstand", "tillfalligt_skydd",
                                  "program_na", "program_te", "program_ek", "program_hu", "program_sa", "program_es"])  # fmt: skip
def test_jargon_is_explained_in_the_glossary_and_linked_where_used(bundle, term):
    assert bundle.glossary[term].explanation
    assert any(f"[[{term}" in node.text for node in bundle.nodes.values()), f"{term} is explained but never linked"


# ---------------------------------------------------------------- where it comes from


def test_every_source_has_its_own_date_or_says_unknown(bundle):
    dated = {source.id: source.as_of for source in bundle.sources.values() if source.as_of is not None}
    assert date(2025, 6, 1) not in dated.values()  # the old placeholder is gone
    assert len(dated) < len(bundle.sources)  # most pages carry no date the fact sheet gives
    for fact in bundle.facts.values():
        assert fact.source in bundle.sources


def test_the_export_lists_the_sources_behind_what_it_says(bundle):
    s = walk(bundle, fit_answers(grades=ALL_PASSED, born="2010-05-14", start="2026-08-17"))
    html = render_export(bundle, s, "html", lang="en")
    md = render_export(bundle, s, "md")
    grades_facts = bundle.nodes["fit_grades"].sources
    source = bundle.sources[bundle.facts[grades_facts[0]].source]
    assert "Källor" in md and source.title in md and (source.url or source.document) in md
    assert "Sources" in html and re.search(r"date unknown|\d{4}", html)
