"""Every path through a flow, for the every-path test and for `imguide paths`.

A path is a walk from the flow's start, answering each question with one of its candidate answers
(every option, the declared samples, a skip where allowed), until an outcome, or until a jump hands
over to another flow (whose own paths are enumerated from its start). To stay finite on real
flows, answers that no condition ever reads are tried only once per distinct next node, and a state
(node + the answers conditions can see) is explored once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from imguide.core import expr
from imguide.core.answers import parse_answer
from imguide.core.model import Bundle, Node
from imguide.core.session import Session

ALL_SUBJECTS_PASSED = {s: "C" for s in ("SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH", "BL", "HKK", "IDH", "MU", "SL")}
# Grade sheets of typical students, for grades nodes that declare no samples of their own.
DEFAULT_GRADE_SAMPLES: tuple[dict, ...] = (
    ALL_SUBJECTS_PASSED,
    {**ALL_SUBJECTS_PASSED, "EN": "F"},
    {**ALL_SUBJECTS_PASSED, "EN": "F", "MA": "F"},
    {"SV": "E", "EN": "E", "MA": "E", "BI": "E", "HKK": "D", "IDH": "C", "BL": "E", "GE": "F", "HI": "F"},
    {"SVA": "E", "EN": "F", "MA": "E", "IDH": "E", "BL": "E", "MU": "E", "ML": "A"},
    {"SV": "F", "EN": "-", "MA": "F", "IDH": "E"},
    {},
)


@dataclass(frozen=True)
class WalkedPath:
    nodes: tuple[str, ...]
    answers: tuple[tuple[str, Any], ...]
    outcome: str | None  # the outcome reached, or None
    jumps_to: str | None = None  # the path hands over to the start of another flow
    loops_to: str | None = None  # the path turned back to an earlier question (a loop with a way out)
    joins: str | None = None  # the path reached a state already walked from; its endings hold here too
    stuck_at: str | None = None  # a node with no way on: a bug the checker should have caught


def candidate_answers(node: Node) -> list[Any]:
    if node.kind == "choice":
        answers: list[Any] = [option.key for option in node.options]
    elif node.kind == "multi":
        answers = [[option.key] for option in node.options]
        if not node.minimum:
            answers.insert(0, [])
    elif node.kind == "grades":
        answers = list(node.samples) or [dict(sample) for sample in DEFAULT_GRADE_SAMPLES]
    else:
        answers = list(node.samples)
    if node.skippable:
        answers.append(None)
    return answers


def names_read(bundle: Bundle) -> set[str]:
    """Node ids whose answers some condition, computed value or placeholder reads."""
    from imguide.core import text

    names: set[str] = set()

    def visit(tree) -> None:
        if isinstance(tree, expr.Var):
            names.add(tree.path[0])
        for child in getattr(tree, "items", ()) or ():
            visit(child)
        for attr in ("left", "right", "item"):
            if hasattr(tree, attr):
                visit(getattr(tree, attr))
        for arg in getattr(tree, "args", ()) or ():
            visit(arg)

    for node in bundle.nodes.values():
        for rule in node.rules:
            if rule.condition is not None:
                visit(rule.condition)
        names.update(p.split(".")[0] for p in text.placeholders_in(node.text))
    for _, computed in bundle.computed.values():
        names.update(computed.inputs.values())  # a computed value may be shown, so its inputs count
    return names


def enumerate_paths(bundle: Bundle, flow: str, as_of: date | None = None, limit: int = 500_000) -> Iterator[WalkedPath]:
    engine = Session(bundle, flow, as_of=as_of)  # used for its stepping rules only
    read = names_read(bundle)
    explored: set[tuple] = set()
    produced = 0

    def signature(node: Node, values: dict) -> tuple:
        return (node.id, tuple(sorted((k, repr(values[k])) for k in values if k in read)))

    def walk(node: Node | None, values: dict, trail: list[str], given: list, on_path: set[str]):
        nonlocal produced
        while node is not None:
            if produced >= limit:
                return
            if node.id in on_path:
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), None, loops_to=node.id)
                return
            key = signature(node, values)
            if key in explored:
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), None, joins=node.id)
                return
            explored.add(key)
            engine._compute(node, values)
            if node.is_question:
                seen_next: set[str] = set()
                for answer in candidate_answers(node):
                    branch = dict(values)
                    value = parse_answer(node, answer)
                    branch[node.id] = value
                    following = engine._next(node, value, branch)
                    marker = following.id if following else ""
                    if node.id not in read:
                        if marker in seen_next:
                            continue
                        seen_next.add(marker)
                    if following is None:
                        produced += 1
                        yield WalkedPath(tuple(trail + [node.id]), tuple(given + [(node.id, value)]), None, stuck_at=node.id)
                        continue
                    yield from walk(following, branch, trail + [node.id], given + [(node.id, value)], on_path | {node.id})
                return
            trail = trail + [node.id]
            on_path = on_path | {node.id}
            if node.kind == "outcome":
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), node.id)
                return
            if node.kind == "jump":
                # The target flow's paths are enumerated from its own start; following the jump here
                # would multiply every path of this flow by every path of that one.
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), None, jumps_to=node.jump_flow)
                return
            following = engine._next(node, None, values)
            if following is None:
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), None, stuck_at=node.id)
                return
            node = following

    yield from walk(bundle.flows[flow].start_node, {}, [], [], set())
