"""Resuming a saved session, keeping track of everything that no longer fits.

A session file may be older than the flows: a question may be gone, have changed kind, or take
other answers now. `restore` keeps every answer that still fits, and hands back the rest as
LeftOut with the reason, so whoever shows the session (the export) can still show them: nothing
the pupil wrote is lost. The same goes for the counsellor's notes: a note on a topic the guide no
longer has is a LeftOut named "notes:TOPIC" (one holding a personal identity number is dropped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from imguide.core.content.answers import safe_json, safe_text
from imguide.core.content.model import Bundle
from imguide.core.engine.session import NOTE_PREFIX, SESSION_VERSION, Session, quoted


@dataclass(frozen=True)
class LeftOut:
    """An answer from a session file that could not be placed in the flow as it is now."""

    node: str
    value: Any  # as it was in the file (made safe)
    reason: str  # English, as Session.from_json gives it
    passed_over: bool = False  # a question with no saved answer, passed over so later answers fit

    @property
    def value_text(self) -> str:
        if isinstance(self.value, str):
            return self.value
        return json.dumps(self.value, ensure_ascii=False)


def left_out(node: Any, value: Any, reason: str) -> LeftOut:
    return LeftOut(safe_text(node) if node is not None else "?", safe_json(value), safe_text(reason))


@dataclass(frozen=True)
class Restored:
    session: Session
    left_out: list[LeftOut]  # answers shown apart, so nothing is lost
    warnings: list[str]  # one line each, English, for the command line


def one_line(text: str) -> str:
    """A reason for a warning line: its own line breaks as spaces."""
    return " ".join(text.split())


def restore(bundle: Bundle, data: Any, as_of: date | None = None) -> Restored:
    """A saved session, with what could not be placed and why.

    Raises SessionFormatError when `data` is not a session at all (or of another version). A
    session for a flow the guide no longer has is replayed from `start`."""
    warnings: list[str] = []
    if (
        isinstance(data, dict)
        and data.get("version") == SESSION_VERSION
        and isinstance(data.get("flow"), str)
        and data.get("flow") not in bundle.flows
        and "start" in bundle.flows
    ):
        warnings.append(f"the session's flow {quoted(data.get('flow'))} is gone; the answers were replayed from 'start'")
        data = {**data, "flow": "start"}
    session, problems = Session.from_json(bundle, data, as_of=as_of)
    missing: list[LeftOut] = []
    notes = data.get("notes") if isinstance(data, dict) and isinstance(data.get("notes"), dict) else {}
    for problem in problems:
        if problem.part == "note":  # kept apart like an answer, unless it may not be kept at all
            topic = problem.node.removeprefix(NOTE_PREFIX)
            missing.append(left_out(problem.node, None if problem.private else notes.get(topic), problem.message))
        elif problem.part == "round":
            warnings.append(f"a later round at {quoted(problem.node)} was left out: {one_line(problem.message)}")
    if any(problem.part == "answer" for problem in problems):
        # each answer alone, to tell which ones did not fit (the rounds and notes were reported above)
        header = {key: value for key, value in data.items() if key not in ("answers", "continued", "notes")}
        for item in data.get("answers", []):
            _, single = Session.from_json(bundle, {**header, "answers": [item]}, as_of=as_of)
            if single:
                node = item.get("node", "?") if isinstance(item, dict) else "?"
                value = item.get("value") if isinstance(item, dict) and not single[0].private else None
                missing.append(left_out(node, value, single[0].message))
    # A question whose saved answer no longer fits would stop the replay there, and every later
    # answer would fall off the path. A skippable one is passed over instead (the document says
    # its answer is among those left out), so the later answers keep their place.
    left_ids = {item.node for item in missing}
    for _ in range(len(bundle.nodes)):
        current = session.state.current
        logged = {answer.node for answer in session.answers}
        on_path = {step.node.id for step in session.state.path}
        if current is None or not current.skippable or current.id in logged or not (logged - on_path):
            break
        session.skip(current.id)
        if current.id not in left_ids:
            missing.append(LeftOut(current.id, None, "the file has no answer to this question", passed_over=True))
        warnings.append(f"question {quoted(current.id)} has no answer that fits; it was passed over so the later answers keep their place")
    on_path = {step.node.id for step in session.state.path}
    for answer in session.answers:
        node = bundle.nodes[answer.node]
        if node.export and answer.node not in on_path and answer.value is not None:
            value = answer.value.isoformat() if hasattr(answer.value, "isoformat") else answer.value
            missing.append(left_out(answer.node, value, "the question is not on the path taken any more"))
    warnings += [
        f"{'note' if item.node.startswith(NOTE_PREFIX) else 'answer'} {quoted(item.node)} left out of the flow: {one_line(item.reason)}"
        for item in missing
        if not item.passed_over
    ]
    return Restored(session, missing, warnings)
