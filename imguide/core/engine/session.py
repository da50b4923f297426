"""A session is a log of answers keyed by node id and visit; everything else is a replay of it.

Back, "change this answer", restart, resume and export all follow from it: changing an earlier
answer keeps the later answers in the log, and the replay picks up every one that is still on the
new path (an answer off the path stays in the log, and counts again if the path comes back to it).

A flow may loop back to a question ("read about another path?"). Each time the path reaches a
question counts as a visit (0, 1, ...), and each visit has its own answer, so the rounds before
stay on the path and in the transcript.

The conversation only grows: at an outcome, "to the menu" adds a round that begins at the menu,
after everything said so far (`continue_at`); questions the path reaches again get answers of
their own, like a loop's. A counsellor may go on anywhere at any time (`jump`): the question
waiting then stays unanswered on the path, and a new round begins where the counsellor chose.

The counsellor's notes (`note`, in Swedish, one per topic of the intake document) belong to the
session too: they go into the export and are forgotten with everything else.

JSON form (version 1), documented in docs/session.md:
    {"version": 1, "lang": "sv", "flow": "start",
     "answers": [{"node": "fit_grades", "kind": "grades", "value": {"EN": "C"}}, ...],
     "continued": ["start_topic"],   (only when the user went on from an outcome)
     "notes": {"grades": "..."}}      (only when the counsellor wrote notes)
"""

from __future__ import annotations

import reprlib
from datetime import date
from typing import Any, Iterator, Mapping

from imguide.core.content import expressions
from imguide.core.content.answers import AnswerError, PrivateDataError, clean_text, looks_like_identity_number, safe_text, to_json_value
from imguide.core.content.ids import check_id
from imguide.core.content.kinds import parse_answer
from imguide.core.content.model import Bundle, Node
from imguide.core.engine.transitions import Transitions
from imguide.core.i18n.languages import SOURCE_LANGUAGE
from imguide.core.i18n.translator import N_
from imguide.core.records import Record

SESSION_VERSION = 1
MAX_STEPS = 10_000  # a replay longer than this means a loop the checker could not see
NOTE_LIMIT = 2000  # characters of a counsellor's note on one topic
NOTE_PREFIX = "notes:"  # a Problem or LeftOut about the note on a topic: "notes:TOPIC"


def clean_note(raw: Any) -> str:
    """A counsellor's note as it is kept: cleaned like free text (control characters, escape
    sequences and bidi overrides out; line breaks kept), at most NOTE_LIMIT characters, and never a
    personal identity number. Raises AnswerError (PrivateDataError for an identity number)."""
    text = raw if isinstance(raw, str) else str(raw)
    if len(text) > NOTE_LIMIT * 8:  # far too long whatever cleaning takes out: not worth reading
        raise AnswerError(
            N_("Texten är för lång: %(length)d tecken. Högst %(limit)d tecken får plats."), length=len(text), limit=NOTE_LIMIT
        )
    text = clean_text(text)
    if len(text) > NOTE_LIMIT:
        raise AnswerError(
            N_("Texten är för lång: %(length)d tecken. Högst %(limit)d tecken får plats."), length=len(text), limit=NOTE_LIMIT
        )
    if looks_like_identity_number(text):
        raise PrivateDataError(
            N_("Det ser ut som ett personnummer. Skriv inte personnummer i anteckningarna, det behövs inte. Ta bort det.")
        )
    return text


class Answer(Record):
    """What the user answered at one node, as parsed (None when skipped)."""

    node: str
    kind: str
    value: Any  # None when skipped

    def to_json(self) -> dict:
        return {"node": self.node, "kind": self.kind, "value": to_json_value(self.value)}


class Step(Record):
    """One node on the path, with its answer if it took one."""

    node: Node
    answer: Answer | None = None
    visit: int = 0  # the how-manieth time the path reaches this node (loops come back)


class State(Record):
    """Where the conversation stands: the path so far and what is asked now."""

    path: tuple[Step, ...]
    current: Node | None  # the question waiting for an answer, or None at an outcome
    values: Mapping[str, Any]  # answers on the path and computed values, for conditions and text
    prefill: Any = None  # an earlier answer to the current question, to offer again
    visit: int = 0  # which visit of the current question is asked
    reopened: tuple[str, int] | None = None  # (node, visit) the user chose to answer again, if any
    rounds: tuple[int, ...] = ()  # where in the path each later round began (after "to the menu")

    @property
    def outcome(self) -> Node | None:
        if self.current is None and self.path and self.path[-1].node.kind == "outcome":
            return self.path[-1].node
        return None

    @property
    def finished(self) -> bool:
        return self.current is None

    def answered_steps(self) -> list[Step]:
        return [step for step in self.path if step.answer is not None]


class Problem(Record):
    """An answer from a saved or scripted session that no longer fits the flow."""

    node: str  # the node id; "notes:TOPIC" for a note
    message: str
    private: bool = False  # the answer held what the guide never keeps: it is not shown again
    part: str = "answer"  # what was left out: "answer", "note", or "round" (a later round)


class _Walk:
    """A replay under way: where it stands and what it has gathered (`Session._go_on`)."""

    __slots__ = ("node", "values", "path", "visits", "rounds", "later")

    def __init__(self, start: Node) -> None:
        self.node: Node | None = start
        self.values: dict[str, Any] = {}  # answers on the path and computed values
        self.path: list[Step] = []
        self.visits: dict[str, int] = {}  # node id -> times the path reached it
        self.rounds: list[int] = []  # where in the path each later round began
        self.later = 0  # the next later round to begin


class Session:
    """One conversation: the log of answers, and the state replayed from it."""

    def __init__(self, bundle: Bundle, flow: str = "start", lang: str = SOURCE_LANGUAGE, as_of: date | None = None):
        if flow not in bundle.flows:
            raise KeyError(f"unknown flow '{flow}' (flows: {', '.join(sorted(bundle.flows))})")
        self.bundle = bundle
        self.flow = flow
        self.lang = lang
        self.as_of = as_of
        self.transitions = Transitions(bundle, as_of)
        # (node id, visit) -> answer; insertion order is the order they were given
        self._answers: dict[tuple[str, int], Answer] = {}
        self._reopened: tuple[str, int] | None = None  # a visit the user chose to answer again
        self._state: State | None = None
        self._walk: _Walk | None = None  # where the last replay stopped, to go on from there
        # Node ids where later rounds begin: at an outcome, "to the menu" adds a round that starts
        # at the menu, after everything said so far (the conversation only ever grows).
        self._continued: list[str] = []
        # For each later round, the question (node id, visit) a counsellor's jump left unanswered
        # to begin it, or None for a round begun at an outcome.
        self._left: list[tuple[str, int] | None] = []
        self._begun = 0  # how many later rounds the last replay began (the rest wait unreached)
        # The counsellor's notes, in Swedish: topic id -> text (see `note`)
        self.notes: dict[str, str] = {}
        # parts of the intake document the user chose to leave out ("eligibility", "glossary:ID")
        self.omitted: set[str] = set()

    # ------------------------------------------------------------ reading

    @property
    def answers(self) -> list[Answer]:
        return list(self._answers.values())

    @property
    def state(self) -> State:
        if self._state is None:
            self._state = self._replay()
        return self._state

    def _invalidate(self) -> None:
        self._state = None
        self._walk = None

    def _replay(self) -> State:
        return self._go_on(_Walk(self.bundle.flows[self.flow].start_node))

    def _go_on(self, walk: _Walk, answer: Answer | None = None) -> State:
        """Walk the path from where `walk` stands to the next question without an answer (or the
        end). With `answer`, the walk stands at the question it answers, already reached."""
        step = self.transitions
        values, path, visits, rounds = walk.values, walk.path, walk.visits, walk.rounds
        node: Node | None = walk.node
        while node is not None:
            if len(path) > MAX_STEPS:
                raise RuntimeError("the flow loops without asking anything")
            if answer is not None:  # resumed at the question just answered: reached and computed
                visit = visits[node.id] - 1
            else:
                visit = visits.get(node.id, 0)
                visits[node.id] = visit + 1
                step.compute(node, values)
            if node.is_question:
                if answer is None:
                    answer = self._answers.get((node.id, visit))
                    if answer is None and walk.later < len(self._left) and self._left[walk.later] == (node.id, visit):
                        # a counsellor went on elsewhere from here: the question stays unanswered
                        path.append(Step(node, None, visit))
                        node = self.bundle.nodes.get(self._continued[walk.later])
                        walk.later += 1
                        if node is not None:
                            rounds.append(len(path))
                        continue
                if answer is None or (node.id, visit) == self._reopened:
                    prefill = answer.value if answer is not None else None
                    reopened = self._reopened if answer is not None else None
                    self._begun = walk.later
                    walk.node = node
                    # kept to go on from when this question is answered (see `answer`)
                    self._walk = walk if answer is None else None
                    return State(tuple(path), node, dict(values), prefill, visit, reopened, tuple(rounds))
                values[node.id] = answer.value  # the latest visit's answer is the one that counts
                path.append(Step(node, answer, visit))
                node = step.next(node, answer.value, values)
                answer = None
            else:
                path.append(Step(node, None, visit))
                node = step.next(node, None, values)
            if node is None and walk.later < len(self._continued):  # an outcome: the next round, if any
                node = self.bundle.nodes.get(self._continued[walk.later])
                walk.later += 1
                if node is not None:
                    rounds.append(len(path))
        self._begun = walk.later
        self._walk = None
        return State(tuple(path), None, dict(values), rounds=tuple(rounds))

    # ------------------------------------------------------------ changing

    def answer(self, node_id: str, raw: Any, visit: int | None = None) -> State:
        """Answer the current question, or one answered earlier on the path (which changes it):
        the visit given, else the latest one on the path."""
        node = self.bundle.nodes.get(node_id)
        if node is None or not node.is_question:
            raise AnswerError(N_("Den frågan finns inte här."))
        state = self.state
        asked = {(step.node.id, step.visit) for step in state.path if step.answer is not None}
        if state.current is not None:
            asked.add((state.current.id, state.visit))
        if visit is None:
            visit = max((v for n, v in asked if n == node_id), default=None)
        if (node_id, visit) not in asked:
            raise AnswerError(N_("Den frågan finns inte här."))
        value = parse_answer(node, raw)
        self._check(node, value, state)
        answer = self._answers[(node_id, visit)] = Answer(node.id, node.kind, value)
        walk = self._walk
        # the question being asked, answered for the first time: the path up to it stays as it
        # is, so the walk goes on from there instead of replaying the whole conversation
        going_on = walk is not None and self._reopened is None and state.current is node and state.visit == visit
        self._reopened = None
        self._invalidate()  # first: a walk that fails halfway must not be gone on from again
        if going_on:
            self._state = self._go_on(walk, answer)
        return self.state

    def _check(self, node: Node, value: Any, state: State) -> None:
        """The node's `checks` read the answer with the ones before it; one that holds refuses it."""
        if not node.checks or value is None:
            return
        values = {**state.values, node.id: value}
        for index, check in enumerate(node.checks, 1):
            if expressions.evaluate(check.condition, values) is True:
                error = AnswerError(check.say)
                error.context = check_id(node.flow, node.id, index)
                raise error

    def skip(self, node_id: str) -> State:
        return self.answer(node_id, None)

    def reopen(self, node_id: str, visit: int | None = None) -> State:
        """Go back to an earlier question to answer it again (the visit given, else the latest on
        the path); its answer is kept as prefill, and later answers stay in the log until the new
        answer shows which are still on the path."""
        answered = [step.visit for step in self.state.path if step.answer is not None and step.node.id == node_id]
        if not answered or (visit is not None and visit not in answered):
            raise KeyError(node_id)
        self._reopened = (node_id, answered[-1] if visit is None else visit)
        self._invalidate()
        return self.state

    def back(self) -> State:
        """One step back: out of a round just begun at the menu (back to the outcome before it),
        else reopen the last answered question (nothing to go back to: the state as it is)."""
        state = self.state
        just_begun = bool(state.rounds) and all(step.answer is None for step in state.path[state.rounds[-1] :])
        if self._continued and just_begun and state.current is not None and self._begun == len(self._continued):
            self._continued.pop()
            self._left.pop()
            self._reopened = None
            self._invalidate()
            return self.state
        answered = state.answered_steps()
        if not answered:
            return self.state
        return self.reopen(answered[-1].node.id, answered[-1].visit)

    def cancel_reopen(self) -> State:
        self._reopened = None
        self._invalidate()
        return self.state

    def remove(self, node_id: str, visit: int | None = None) -> State:
        """Forget an answer (from the summary screen): the visit given, else the latest on the
        path. A skippable question counts as skipped; a required one is asked again."""
        node = self.bundle.nodes[node_id]
        if visit is None:
            visit = max((step.visit for step in self.state.path if step.node.id == node_id), default=0)
        if node.skippable:
            self._answers[(node_id, visit)] = Answer(node.id, node.kind, None)
        else:
            self._answers.pop((node_id, visit), None)
        self._invalidate()
        return self.state

    def continue_at(self, node_id: str) -> State:
        """At an outcome, go on at another node (the menu): a new round after everything said so
        far. Nothing earlier is reopened or lost; questions asked again get answers of their own."""
        if node_id not in self.bundle.nodes:
            raise KeyError(node_id)
        if self.state.current is not None:
            raise ValueError("a conversation goes on from an outcome only")
        self._later_round(node_id, None)
        self._reopened = None
        self._invalidate()
        return self.state

    def jump(self, node_id: str) -> State:
        """Go on at any node now (the counsellor's jump list): a new round after everything said
        so far, like `continue_at`, but from anywhere. A question waiting for an answer stays
        unanswered on the path (asked again if the path comes back to it); an answer being
        changed is left as it was. Every answer given stays."""
        if node_id not in self.bundle.nodes:
            raise KeyError(node_id)
        if self._reopened is not None:
            self.cancel_reopen()
        state = self.state
        if state.current is None:
            return self.continue_at(node_id)
        self._later_round(node_id, (state.current.id, state.visit))
        self._invalidate()
        return self.state

    def _later_round(self, node_id: str, left: tuple[str, int] | None) -> None:
        """Begin a round after the ones the path reaches now. Rounds it no longer reaches (an
        earlier answer changed the way) are let go, or they would begin first; their answers
        stay in the log."""
        _ = self.state  # a fresh replay counts the rounds begun
        del self._continued[self._begun :]
        del self._left[self._begun :]
        self._continued.append(node_id)
        self._left.append(left)

    def note(self, topic: str, text: str) -> str:
        """Keep the counsellor's note on a topic of the intake document (Swedish; empty text
        removes it) and return it as kept. Cleaned and checked by `clean_note`: an AnswerError
        leaves the note as it was. Raises KeyError for a topic the guide does not have."""
        if topic not in self.bundle.topics:
            raise KeyError(topic)
        cleaned = clean_note(text)
        if cleaned:
            self.notes[topic] = cleaned
        else:
            self.notes.pop(topic, None)
        return cleaned

    def forget(self) -> None:
        """Drop every answer and everything worked out from them (the app then makes a new
        session; this makes sure the old one holds nothing, whoever still refers to it)."""
        self._answers.clear()
        self._continued.clear()
        self._left.clear()
        self.notes.clear()
        self._reopened = None
        self._invalidate()
        self.omitted.clear()
        self.transitions.forget()

    def omit(self, item: str, omitted: bool = True) -> None:
        """Leave a part of the intake document out (or take it back in): see export/document.py."""
        if omitted:
            self.omitted.add(item)
        else:
            self.omitted.discard(item)

    # ------------------------------------------------------------ export and storage

    def exported(self) -> list[Step]:
        """The answered steps on the path that a flow marked for the intake export."""
        return [step for step in self.state.path if step.answer is not None and step.node.export]

    def to_json(self) -> dict:
        answers = []
        for (_node_id, visit), answer in self._answers.items():
            item = answer.to_json()
            if visit:  # only where a loop came back: files without loops look as they always did
                item["visit"] = visit
            answers.append(item)
        data = {"version": SESSION_VERSION, "lang": self.lang, "flow": self.flow, "answers": answers}
        # each only where it happened: other files look as they always did
        if self._continued:
            data["continued"] = [
                node_id if left is None else {"node": node_id, "left": left[0], "visit": left[1]}
                for node_id, left in zip(self._continued, self._left)
            ]
        if self.omitted:
            data["omitted"] = sorted(self.omitted)
        if self.notes:
            order = list(self.bundle.topics)
            data["notes"] = {topic: self.notes[topic] for topic in sorted(self.notes, key=order.index)}
        return data

    @classmethod
    def from_json(
        cls, bundle: Bundle, data: Any, as_of: date | None = None
    ) -> tuple["Session", list[Problem]]:
        """Resume a saved session. Answers that no longer fit the flow are reported one by one
        and left out; every other answer is kept. Raises SessionFormatError for a file that is not a
        session at all."""
        if not isinstance(data, Mapping):
            raise SessionFormatError("the file is not a session: expected a JSON object")
        version = data.get("version")
        if version != SESSION_VERSION:
            raise SessionFormatError(f"session version {quoted(version)} is not supported; this imguide reads version {SESSION_VERSION}")
        flow = data.get("flow")
        if not isinstance(flow, str) or flow not in bundle.flows:
            raise SessionFormatError(f"the session is for the flow {quoted(flow)}, which this guide does not have")
        # The language the answers were given in; one the guide does not have (any more) is only
        # a preference, so the session goes on in Swedish rather than being refused.
        found = bundle.languages.resolve(data["lang"]) if isinstance(data.get("lang"), str) else None
        lang = found.code if found is not None else SOURCE_LANGUAGE
        answers = data.get("answers")
        if not isinstance(answers, list):
            raise SessionFormatError("the session has no 'answers' list")
        session = cls(bundle, flow, lang, as_of)
        omitted = data.get("omitted", [])
        if isinstance(omitted, list):
            session.omitted = {item for item in omitted if isinstance(item, str)}
        problems: list[Problem] = []
        continued = data.get("continued", [])
        for item in continued if isinstance(continued, list) else [continued]:
            node_id, left = item, None
            if isinstance(item, Mapping):  # a counsellor's jump: {"node", "left", "visit"}
                node_id, left = item.get("node"), (item.get("left"), item.get("visit", 0))
                if not (isinstance(left[0], str) and isinstance(left[1], int) and not isinstance(left[1], bool)):
                    left = None  # what was left is unclear: the round still begins, at an outcome
            if isinstance(node_id, str) and node_id in bundle.nodes:
                session._continued.append(node_id)
                session._left.append(left)
            else:
                problems.append(
                    Problem(str(node_id)[:80], "the conversation went on at a node this guide does not have; that round was left out", part="round")
                )
        notes = data.get("notes", {})
        if isinstance(notes, Mapping):
            for topic, text in notes.items():
                problem = session._restore_note(topic, text)
                if problem is not None:
                    problems.append(problem)
        elif notes is not None:
            problems.append(Problem("notes", "the notes are not a list of topics and texts; they were left out", part="note"))
        for item in answers:
            problem = session._restore(item)
            if problem is not None:
                problems.append(problem)
        session._invalidate()
        return session, problems

    def _restore_note(self, topic: Any, text: Any) -> Problem | None:
        name = NOTE_PREFIX + str(topic)[:80]
        if not isinstance(topic, str) or topic not in self.bundle.topics:
            return Problem(name, "the guide has no such topic any more; the note was left out", part="note")
        if not isinstance(text, str):
            return Problem(name, "the note is not text; it was left out", part="note")
        try:
            self.note(topic, text)
        except AnswerError as error:
            if error.private:
                return Problem(name, "the note looked like a personal identity number, which the guide never keeps; it was left out", private=True, part="note")
            return Problem(name, f"the note no longer fits: {error}", part="note")
        return None

    def _restore(self, item: Any) -> Problem | None:
        if not isinstance(item, Mapping) or not isinstance(item.get("node"), str):
            return Problem("?", "an answer without a node id was left out")
        node_id = item["node"]
        node = self.bundle.nodes.get(node_id)
        if node is None:
            return Problem(node_id, "the flow has no such question any more; the answer was left out")
        if not node.is_question:
            return Problem(node_id, "this is no longer a question; the answer was left out")
        kind = item.get("kind")
        if kind is not None and kind != node.kind:
            return Problem(node_id, f"the question is now of kind '{node.kind}', not '{kind}'; the answer was left out")
        visit = item.get("visit", 0)
        if not isinstance(visit, int) or isinstance(visit, bool) or visit < 0:
            return Problem(node_id, f"the visit {visit!r} is not a whole number from 0 up; the answer was left out")
        try:
            value = parse_answer(node, item.get("value"))
        except AnswerError as error:
            if error.private:
                return Problem(node_id, "the answer looked like a personal identity number, which the guide never keeps; it was left out", private=True)
            return Problem(node_id, f"the answer no longer fits: {error}")
        self._answers[(node_id, visit)] = Answer(node.id, node.kind, value)
        return None

    def replay_script(self, answers: Mapping[str, Any] | list) -> Iterator[Problem]:
        """Feed scripted answers in order of the path (for `walk`): each question on the way takes
        its scripted answer; a question with none stops the walk. In a list, a node may come more
        than once: one answer for each time a loop brings the path back to it."""
        script: dict[str, list[Any]] = {}
        if isinstance(answers, Mapping):
            script = {node: [value] for node, value in answers.items()}
        else:
            for item in answers:
                if isinstance(item, Mapping) and "node" in item:
                    script.setdefault(item["node"], []).append(item.get("value"))
        while True:
            current = self.state.current
            if current is None or not script.get(current.id):
                break
            try:
                self.answer(current.id, script[current.id].pop(0))
            except AnswerError as error:
                yield Problem(current.id, str(error))
                return
        on_path = {step.node.id for step in self.state.path}
        for leftover, values in script.items():
            if not values:
                continue
            if leftover not in self.bundle.nodes:
                yield Problem(leftover, "no question has this id")
            elif leftover not in on_path:
                yield Problem(leftover, "this question is not on the path taken; the answer was not used")
            else:
                yield Problem(leftover, "the path did not come back to this question; the answer was not used")


def quoted(value: Any, limit: int = 60) -> str:
    """A value from a file, for a one-line message: safe to print and cut short."""
    # reprlib: a list nested a thousand deep or a million long costs nothing to show
    text = repr(safe_text(value[: limit * 2])) if isinstance(value, str) else reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SessionFormatError(ValueError):
    pass
