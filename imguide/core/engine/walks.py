"""Every path through a flow, for the every-path test.

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

from imguide.core.content import expressions, markup
from imguide.core.content.kinds import KINDS, parse_answer
from imguide.core.content.model import Bundle, Node
from imguide.core.engine.transitions import Transitions


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
    """The answers a walk tries at a question: the kind's candidates, and a skip where allowed."""
    answers = KINDS[node.kind].candidates(node)
    if node.skippable:
        answers.append(None)
    return answers


def names_read(bundle: Bundle) -> set[str]:
    """Node ids whose answers some condition, computed value or placeholder reads."""
    names: set[str] = set()

    def visit(tree) -> None:
        if isinstance(tree, expressions.Var):
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
        names.update(p.split(".")[0] for p in markup.placeholders_in(node.text))
    for _, computed in bundle.computed.values():
        names.update(computed.inputs.values())  # a computed value may be shown, so its inputs count
    return names


def enumerate_paths(bundle: Bundle, flow: str, as_of: date | None = None, limit: int = 500_000) -> Iterator[WalkedPath]:
    step = Transitions(bundle, as_of)
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
            step.compute(node, values)
            if node.is_question:
                seen_next: set[str] = set()
                for answer in candidate_answers(node):
                    branch = dict(values)
                    value = parse_answer(node, answer)
                    branch[node.id] = value
                    following = step.next(node, value, branch)
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
            following = step.next(node, None, values)
            if following is None:
                produced += 1
                yield WalkedPath(tuple(trail), tuple(given), None, stuck_at=node.id)
                return
            node = following

    yield from walk(bundle.flows[flow].start_node, {}, [], [], set())
