"""Every shipped language, as a family reading it meets it: each flow walked to its end with every
message, option and answer in the language (no Swedish left, no raw ids, no markup), the Swedish
school terms kept and explained the same way everywhere, the honest "not yet reviewed" notice, and
Ethiopic text that wraps between words at every width."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from rich.cells import cell_len

from conftest import paths_of
from conftest import t as translator
from imguide.core.content.compiled import shipped_bundle
from imguide.core.content.kinds import option_label
from imguide.core.engine.resolve import format_answer, resolve
from imguide.core.engine.session import Session
from imguide.core.i18n.catalogs import term_errors
from imguide.core.i18n.languages import SOURCE_LANGUAGE
from imguide.ui.directed import visual_lines, wrap_offsets

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = shipped_bundle()
TRANSLATED = [lang.code for lang in BUNDLE.languages if lang.code != SOURCE_LANGUAGE]
LEFTOVER = re.compile(r"\[\[|\]\]|\{[a-z_.]+\}|%\([a-z_]+\)[sd]")


def catalog(code: str):
    with open(ROOT / "locales" / code / "LC_MESSAGES" / "imguide.po", "rb") as handle:
        return read_po(handle, locale=code)


def terms(code: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / "locales" / code / "terms.yaml").read_text(encoding="utf-8"))["terms"]


@cache
def walks(flow_id: str):
    """Paths through a flow: all of them, or for the big eligibility flow one per way it ends."""
    paths = paths_of(flow_id)
    if len(paths) <= 200:
        return paths
    ends: dict[tuple, object] = {}
    for path in paths:
        ends.setdefault((path.outcome, path.jumps_to, path.nodes[-1]), path)
    return list(ends.values())


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_term_list_is_kept_in_every_translation(code):
    listed = terms(code)
    assert set(listed) == set(terms("en")), "every language keeps the same Swedish terms"
    assert all(isinstance(words, str) and words.strip() for words in listed.values())
    assert term_errors(catalog(code), listed) == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_says_it_is_not_yet_reviewed(code):
    language = BUNDLE.language(code)
    assert not language.reviewed
    header = catalog(code).header_comment.lower()
    assert "not yet been reviewed" in header or "not yet reviewed" in header


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("flow_id", sorted(BUNDLE.flows))
def test_every_flow_walks_to_its_end_in_every_language(code, flow_id):
    t = translator(code)
    for path in walks(flow_id):
        session = Session(BUNDLE, flow_id, code)
        for node_id, value in path.answers:
            session.answer(node_id, value)
        state = session.state
        for step in state.path:
            node = step.node
            resolved = resolve(BUNDLE, node, t, state.values)
            text = resolved.text
            where = f"{code} {node.id}"
            if node.text:
                assert resolved.translated, f"{where}: shown in Swedish"
            assert not LEFTOVER.search(text), f"{where}: {text!r}"
            assert node.id not in text, f"{where}: a raw id on screen"
            for key, label in resolved.options:
                assert label and label != key and not LEFTOVER.search(label), f"{where}: option {key}"
                if node.option(key).label:
                    assert label != node.option(key).label or label.isupper(), f"{where}: option {key} in Swedish"
            if step.answer is not None:
                said = format_answer(BUNDLE, node, step.answer.value, t)
                assert said and not LEFTOVER.search(said), f"{where}: answer {said!r}"
        assert state.outcome is not None or path.jumps_to or path.loops_to or path.joins


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_tigrinya_wraps_between_words_at_every_width(width):
    t = translator("ti")
    inner = width - 6  # a bubble's border, padding and the transcript's own padding
    checked = 0
    for node in BUNDLE.nodes.values():
        if not node.text or node.kind == "jump":
            continue
        text = resolve(BUNDLE, node, t, {}).text
        if "፡" not in text and not re.search("[\u1200-\u137f]", text):
            continue
        checked += 1
        lines = visual_lines(text, inner, rtl=False)
        assert all(cell_len(line) <= inner for line in lines), node.id
        for paragraph in text.split("\n"):
            longest = max((cell_len(word) for word in re.split(r"[\s፡]+", paragraph)), default=0)
            spans = wrap_offsets(paragraph, inner)
            for (start, end), (following, _) in zip(spans, spans[1:]):
                between_words = paragraph[end:following].isspace() or paragraph[end - 1] == "፡"
                assert between_words or longest > inner, f"{node.id} at {width}: {paragraph[start:end]!r}"
    assert checked > 100


def test_every_language_names_itself_and_its_direction():
    directions = {lang.code: lang.direction for lang in BUNDLE.languages}
    assert directions == {"sv": "ltr", "en": "ltr", "ar": "rtl", "fa_AF": "rtl", "so": "ltr", "ti": "ltr", "uk": "ltr"}
    dari = BUNDLE.language("fa_AF")
    assert dari.native_name == "دری" and dari.name_in("en") == "Dari" and dari.name_in("sv") == "dari"
    assert BUNDLE.languages.resolve("prs").code == "fa_AF"
    for lang in BUNDLE.languages:
        if not lang.is_source:
            assert lang.picker_word("Välj språk") != "Välj språk", f"{lang.code}: the picker's words are not translated"


def test_a_language_option_shows_the_language_own_label():
    node = BUNDLE.nodes["start_who"]
    assert option_label(node, node.options[0].key, translator("uk")) != option_label(node, node.options[0].key, translator("sv"))
