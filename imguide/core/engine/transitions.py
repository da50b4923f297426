"""How the path moves: the computed values at a node, and the node that follows an answer.

The one public transition API: a Session replays its log with it, and the every-path walk
(walks.py) branches with it, so both move by the same rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from imguide.core.content import expressions
from imguide.core.content.calculators import CALCULATORS
from imguide.core.content.model import Bundle, Node


class Transitions:
    """The stepping rules of one bundle, with the eligibility rules in force on `as_of`.

    Calculators are pure, so their results are kept by their inputs (`forget()` empties that
    memory, which holds answers)."""

    def __init__(self, bundle: Bundle, as_of: date | None = None):
        self.bundle = bundle
        self.as_of = as_of
        self._rules = None
        self._results: dict[tuple, Any] = {}

    def compute(self, node: Node, values: dict[str, Any]) -> None:
        """Work out the computed values of the node's flow into `values`: when the path enters
        a flow and again after every answer, so they always reflect the answers given so far."""
        for computed in self.bundle.flows[node.flow].computed:
            calculator = CALCULATORS[computed.calculator]
            inputs = {name: values.get(node_id) for name, node_id in computed.inputs.items()}
            key = (computed.id, repr(sorted(inputs.items())))
            if key not in self._results:
                if self._rules is None:
                    self._rules = self.bundle.rules_for(self.as_of)
                self._results[key] = calculator.compute(inputs, self._rules)
            values[computed.id] = self._results[key]

    def next(self, node: Node, value: Any, values: dict[str, Any]) -> Node | None:
        """The node after `node`, answered with `value` (None for a node that takes no answer),
        or None at an outcome."""
        if node.kind == "outcome":
            return None
        if node.kind == "jump":
            return self.bundle.flows[node.jump_flow].start_node
        self.compute(node, values)
        if node.kind == "choice" and value is not None:
            option = node.option(value)
            if option is not None and option.goto:
                return self.bundle.nodes[option.goto]
        for rule in node.rules:
            if rule.condition is None or expressions.evaluate(rule.condition, values) is True:
                return self.bundle.nodes[rule.goto]
        return None  # the checker refuses bundles where this can happen

    def forget(self) -> None:
        """Drop the memory of calculator results (it holds answers)."""
        self._results.clear()
