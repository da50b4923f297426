"""The transcript's planner: remembering the last plan must never show anything different from
planning the state afresh (answers, going back, changed answers, values in texts)."""

from __future__ import annotations

import random

import pytest

from imguide.core.engine.walks import candidate_answers
from imguide.core.engine.session import Session
from imguide.ui.widgets.transcript import Planner, plan

from test_ui_support import bundle


@pytest.mark.parametrize("seed", range(6))
def test_incremental_plan_equals_a_fresh_plan(seed):
    rng = random.Random(seed)
    b = bundle()
    session = Session(b, flow=rng.choice(["start", "fit", "intake"]), lang="sv")
    planner = Planner()
    previous: list = []
    for _ in range(60):
        state = session.state
        entries, same = planner.plan(state)
        fresh = plan(b, state)
        assert [e.key for e in entries] == [e.key for e in fresh]
        assert [e.key for e in entries[:same]] == [e.key for e in previous[:same]]
        previous = entries
        answered = [step.node.id for step in state.path if step.answer is not None]
        roll = rng.random()
        if state.current is None or (answered and roll < 0.25):
            if not answered:
                break
            session.reopen(rng.choice(answered))
        elif roll < 0.3:
            session.cancel_reopen()
        else:
            node = state.current
            session.answer(node.id, rng.choice(candidate_answers(node) or [None]))
