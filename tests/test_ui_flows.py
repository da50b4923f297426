"""Every shipped flow, walked through the UI to an outcome with key presses only: the options in
turn, the declared samples for typed answers, grades row by row. Then the outcome buttons."""

from __future__ import annotations

import pytest

from conftest import t as translator
from imguide.core.engine.resolve import format_answer, resolve
from imguide.ui.app import GuideApp
from imguide.ui.widgets.choices import OutcomePanel

from test_ui_support import SIZE, answer_current, bubbles, bundle, current, settle

FLOWS = sorted(bundle().flows)
MAX_QUESTIONS = 60


async def walk_to_outcome(pilot, app) -> list[str]:
    visits: dict[str, int] = {}
    asked = []
    for _ in range(MAX_QUESTIONS):
        if current(app) is None:
            return asked
        node = await answer_current(pilot, app, visits)
        asked.append(node.id)
    raise AssertionError(f"no outcome after {MAX_QUESTIONS} questions: {asked}")


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS)
async def test_walk_flow_to_its_outcome(flow):
    app = GuideApp(lang="sv", flow=flow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        asked = await walk_to_outcome(pilot, app)
        state = app.session.state
        outcome = state.outcome
        assert outcome is not None, asked
        if bundle().flows[flow].start_node.kind != "jump" and flow != "start":
            assert outcome.flow == flow, f"{flow} ended in {outcome.id}"
        # what the user sees: the outcome's words last, one bubble per answer, the end buttons
        b = bundle()
        assert bubbles(app, "assistant")[-1] == resolve(b, outcome, translator("sv"), state.values).text
        t = translator("sv")
        said = [format_answer(b, step.node, step.answer.value, t) for step in state.path if step.answer is not None]
        shown = bubbles(app, "user")
        assert shown == said[len(said) - len(shown):] and shown  # the latest ones, all of them live
        assert app.screen.query(OutcomePanel)
        assert "klart" in str(app.screen.query_one("#progress").render())


async def test_outcome_buttons_menu_and_restart_asks_first():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await walk_to_outcome(pilot, app)
        assert current(app) is None
        before = dict((a.node, a.value) for a in app.session.answers)
        await pilot.press("1")  # Till menyn
        await settle(pilot)
        assert current(app).id == "start_topic"
        await pilot.press("escape")  # back to the outcome
        await settle(pilot)
        assert current(app) is None
        await pilot.press("3")  # Börja om: asks first
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # no
        await settle(pilot)
        assert dict((a.node, a.value) for a in app.session.answers) == before
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        # a new session begins at the language picker; nothing of the old one is on screen
        assert type(app.screen).__name__ == "LanguageScreen" and app.chat is None
        await pilot.press("1")
        await settle(pilot)
        assert app.session.answers == [] and current(app).id == "start_who"
        assert bubbles(app, "user") == []
