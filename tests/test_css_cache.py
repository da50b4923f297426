"""Textual's parses of the style sheets, made at set-up (imguide/ui/css_build.py, css_cache.py):
what the guide takes from the file is exactly what Textual would have parsed, and a parse whose
CSS text or colours differ from the recorded one is made afresh."""

from __future__ import annotations

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from imguide.ui import css_build, css_cache
from imguide.ui.app import GuideApp
from test_ui_support import SIZE, settle


@pytest.fixture
def compiled_css(tmp_path, monkeypatch):
    """A compiled file made here, used by the guide instead of the installed one."""
    path = tmp_path / "css.pickle"
    monkeypatch.setattr(css_cache, "CSS_FILE", path)
    css_cache._compiled.cache_clear()
    written = css_build.build(path)
    css_cache._compiled.cache_clear()
    yield path, written
    css_cache._compiled.cache_clear()


@pytest.fixture
def parses(monkeypatch):
    """How many times Textual really parses CSS text."""
    count = [0]
    parse = textual_stylesheet.parse

    def counting(*args, **kwargs):
        count[0] += 1
        return parse(*args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return count


def summary(rules) -> list:
    """What a rule decides: where it applies and the styles it sets (written out: a layout is an
    object that equals only itself)."""
    return [
        (repr(rule.selector_set), repr(sorted(rule.styles.get_rules().items())), rule.is_default_rules, rule.tie_breaker, sorted(rule.pseudo_classes))
        for rule in rules
    ]


async def rules_after_start() -> list:
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        return summary(app.stylesheet.rules)


async def test_the_chat_starts_without_parsing_and_its_styles_are_the_ones_textual_parses(compiled_css, parses, monkeypatch):
    path, written = compiled_css
    assert written > 10
    taken = await rules_after_start()
    assert parses[0] == 0  # every parse of the first screen came from the file
    assert len(taken) > 100
    monkeypatch.setattr(css_cache, "CSS_FILE", path.with_name("none.pickle"))  # the same start, parsed by Textual
    css_cache._compiled.cache_clear()
    parsed = await rules_after_start()
    assert parses[0] > 0
    assert taken == parsed


async def test_the_picker_and_then_the_chat_start_without_parsing(compiled_css, parses):
    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.language_chosen("sv")
        await settle(pilot)
        assert type(app.screen).__name__ == "ChatScreen"
        assert parses[0] == 0


def recorded_app_css(path) -> tuple[tuple, str]:
    """A recorded parse of the guide's own style sheet: (its key, the colours it was made with)."""
    for colours, entries in css_cache._compiled().items():
        for key in entries:
            if str(key[1][0]).endswith("app.tcss"):
                return key, colours
    raise AssertionError(f"the guide's style sheet is not in {path}")


def test_edited_css_is_parsed_not_taken(compiled_css):
    path, _written = compiled_css
    (css, read_from, is_default, tie_breaker, scope), _colours = recorded_app_css(path)
    assert "max-height: 70%;" in css
    app = GuideApp(lang="sv")
    sheet = Stylesheet(variables=app.get_css_variables())
    edited = css.replace("max-height: 70%;", "max-height: 40%;")
    rules = sheet._parse_rules(edited, read_from, is_default, tie_breaker, scope)
    area = next(rule for rule in rules if "#answer-area" in repr(rule.selector_set))
    assert str(area.styles.max_height) == "40%"


def test_other_colours_are_parsed_not_taken(compiled_css, parses):
    path, _written = compiled_css
    key, _colours = recorded_app_css(path)
    variables = GuideApp(lang="sv").get_css_variables()
    same = Stylesheet(variables=dict(variables))._parse_rules(*key)
    assert parses[0] == 0  # the guide's own colours: taken from the file
    variables["primary"] = "#123456"
    other = Stylesheet(variables=variables)._parse_rules(*key)
    assert parses[0] == 1

    def area(rules):
        return next(rule for rule in rules if "#answer-area" in repr(rule.selector_set))

    assert area(other).styles.border_top != area(same).styles.border_top  # "solid $primary 50%"


async def test_a_damaged_or_foreign_file_is_not_used(tmp_path, monkeypatch, parses):
    path = tmp_path / "css.pickle"
    monkeypatch.setattr(css_cache, "CSS_FILE", path)
    for damaged in (b"not a pickle at all", b""):
        path.write_bytes(damaged)
        css_cache._compiled.cache_clear()
        parses[0] = 0
        app = GuideApp(lang="sv")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "ChatScreen"
            assert parses[0] > 0  # parsed, as if there were no file
    css_cache._compiled.cache_clear()


def test_a_file_made_for_another_textual_is_out_of_date_and_not_used(compiled_css, monkeypatch):
    path, _written = compiled_css
    assert css_cache.is_current(path)
    assert css_cache._compiled()
    monkeypatch.setattr(css_cache, "signature", lambda: ("another textual",))
    css_cache._compiled.cache_clear()
    assert not css_cache.is_current(path)
    assert css_cache._compiled() == {}


def test_the_command_refuses_arguments_it_does_not_know(capsys):
    assert css_build.main(["--nonsense"]) == 2
    assert "usage" in capsys.readouterr().err
