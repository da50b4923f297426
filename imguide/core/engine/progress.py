"""Where the reader is: the flow's title and an honest, approximate "question 3 of about 8"."""

from __future__ import annotations

from imguide.core.content.model import Bundle
from imguide.core.engine.resolve import flow_title
from imguide.core.engine.session import State
from imguide.core.i18n.translator import Translator

_estimates: tuple[Bundle | None, dict[str, int]] = (None, {})  # for the one bundle in use


def estimate_questions(bundle: Bundle, flow_id: str) -> int:
    """The number of questions on the longest way through a flow (loops cut, jumps end it),
    worked out once per flow."""
    global _estimates
    if _estimates[0] is not bundle:
        _estimates = (bundle, {})
    known = _estimates[1]
    if flow_id not in known:
        known[flow_id] = _estimate(bundle, flow_id)
    return known[flow_id]


def _estimate(bundle: Bundle, flow_id: str) -> int:
    flow = bundle.flows[flow_id]
    memo: dict[str, int] = {}
    on_stack: set[str] = set()

    def longest(node_id: str) -> int:
        if node_id in memo:
            return memo[node_id]
        node = bundle.nodes[node_id]
        if node.flow != flow_id or node.kind in ("jump", "outcome"):
            return 0
        on_stack.add(node_id)
        best = 0
        for target in bundle.successors(node):
            if target not in on_stack:
                best = max(best, longest(target))
        on_stack.discard(node_id)
        memo[node_id] = best + (1 if node.is_question else 0)
        return memo[node_id]

    return max(1, longest(flow.start))


def current_flow(state: State) -> str | None:
    if state.current is not None:
        return state.current.flow
    if state.path:
        return state.path[-1].node.flow
    return None


def progress_text(bundle: Bundle, state: State, t: Translator) -> str:
    flow_id = current_flow(state)
    if flow_id is None:
        return ""
    title = flow_title(bundle, flow_id, t)
    if state.current is None:
        done = t.gettext("klart")  # outside the f-string, so Babel's extractor finds it
        return f"{title} · {done}"
    # questions answered in this flow since the path last entered it
    asked = 0
    for step in reversed(state.path):
        if step.node.flow != flow_id:
            break
        if step.answer is not None:
            asked += 1
    number = asked + 1
    total = max(estimate_questions(bundle, flow_id), number)
    return f"{title} · " + t.gettext("fråga %(number)d av ungefär %(total)d") % {"number": number, "total": total}
