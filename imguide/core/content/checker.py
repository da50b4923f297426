"""Cross-file checks of a whole bundle: targets, reachability, dead ends, cycles, the types of
conditions, glossary links, placeholders, facts and readability. Each finding is a Diagnostic with
a code from diagnostics.CATALOGUE."""

from __future__ import annotations

from typing import Iterable

from imguide.core.content import expressions as expr
from imguide.core.content import markup
from imguide.core.content.answers import AnswerError
from imguide.core.content.calculators import CALCULATORS
from imguide.core.content.diagnostics import Diagnostic
from imguide.core.content.expressions import Type
from imguide.core.content.kinds import KINDS, parse_answer
from imguide.core.content.model import Bundle, Flow, Node
from imguide.core.content.positions import Pos

MAX_TEXT = 400
MAX_LABEL = 80
MAX_LIX = 45


def _diag(code: str, message: str, pos: Pos | None, node: str = "") -> Diagnostic:
    if pos is None:
        return Diagnostic(code, message, node=node)
    return Diagnostic(code, message, pos.file, pos.line, pos.column, node)


def scope_of(bundle: Bundle) -> dict[str, Type]:
    """The type of every name a condition can use: each answer's, and each computed value's."""
    scope: dict[str, Type] = {}
    for node in bundle.nodes.values():
        make = KINDS[node.kind].answer_type  # None for a node that takes no answer
        if make is not None:
            scope[node.id] = make(node)
    for computed_id, (_, computed) in bundle.computed.items():
        calculator = CALCULATORS.get(computed.calculator)
        if calculator is not None:
            scope[computed_id] = calculator.result
    return scope


def check_bundle(bundle: Bundle) -> list[Diagnostic]:
    # Where each node leads, and the type of each answer: worked out once, used by several checks
    graph = {node_id: bundle.successors(node) for node_id, node in bundle.nodes.items()}
    scope = scope_of(bundle)
    out: list[Diagnostic] = []
    out += _check_ids(bundle)
    out += _check_targets(bundle)
    out += _check_dead_ends(bundle)
    out += _check_reachability(bundle, graph)
    out += _check_cycles(bundle, graph)
    out += _check_conditions(bundle, scope)
    out += _check_text(bundle, scope)
    out += _check_facts(bundle)
    out += _check_samples(bundle)
    out += _check_topics(bundle)
    return out


def _check_ids(bundle: Bundle) -> Iterable[Diagnostic]:
    seen: dict[str, Node] = {}
    for flow in bundle.flows.values():
        for node in flow.nodes.values():
            first = seen.get(node.id)
            if first is not None and first is not node:
                yield _diag("IMG002", f"the node id '{node.id}' is also used in {first.pos.file}:{first.pos.line}; node ids are unique in the whole bundle", node.pos, node.id)
            else:
                seen[node.id] = node
        for computed in flow.computed:
            if computed.id in seen:
                yield _diag("IMG002", f"the computed value '{computed.id}' has the same id as a node", computed.pos, computed.id)


def _check_targets(bundle: Bundle) -> Iterable[Diagnostic]:
    for flow in bundle.flows.values():
        if flow.start not in flow.nodes:
            yield _diag("IMG001", f"the flow starts at '{flow.start}', but the flow has no node with that id", flow.pos)
        if flow.menu is not None and flow.menu not in flow.nodes:
            yield _diag("IMG001", f"the menu is '{flow.menu}', but the flow has no node with that id", flow.pos)
        for node in flow.nodes.values():
            if node.kind == "jump" and node.jump_flow not in bundle.flows:
                known = ", ".join(sorted(bundle.flows))
                yield _diag("IMG001", f"the jump goes to the flow '{node.jump_flow}', which does not exist (flows: {known})", node.where("flow"), node.id)
            for option in node.options:
                if option.goto and option.goto not in flow.nodes:
                    yield _wrong_target(bundle, option.goto, option.pos, node.id)
            for rule in node.rules:
                if rule.goto not in flow.nodes:
                    yield _wrong_target(bundle, rule.goto, rule.pos, node.id)


def _wrong_target(bundle: Bundle, target: str, pos: Pos, node_id: str) -> Diagnostic:
    other = bundle.nodes.get(target)
    if other is not None:
        return _diag("IMG001", f"'{target}' is in the flow '{other.flow}'; to go to another flow, use a jump node", pos, node_id)
    return _diag("IMG001", f"the target '{target}' is not a node of this flow", pos, node_id)


def _check_dead_ends(bundle: Bundle) -> Iterable[Diagnostic]:
    for node in bundle.nodes.values():
        if node.kind in ("outcome", "jump"):
            continue
        if _has_default(node.rules):
            continue
        if node.kind == "choice" and node.options and not node.skippable and all(o.goto for o in node.options):
            continue  # every option is routed
        if not node.rules and not any(o.goto for o in node.options):
            message = "a dead end: this node is not an outcome and has no 'next'"
        else:
            message = "a possible dead end: no rule without 'if' follows the conditions; add a last '- goto: ...'"
        yield _diag("IMG004", message, node.pos, node.id)


def _has_default(rules) -> bool:
    """Whether one of the rules has no condition (a loop: called for every node)."""
    for rule in rules:
        if rule.condition is None:
            return True
    return False


def _reachable(bundle: Bundle, flow: Flow, graph: dict[str, list[str]]) -> set[str]:
    """Nodes of one flow reachable from its start. A jump leaves the flow, so it is not followed:
    the flow it leads to is checked from its own start."""
    seen, stack = set(), [flow.start]
    index = bundle.nodes
    while stack:
        current = stack.pop()
        if current in seen or current not in flow.nodes:
            continue
        seen.add(current)
        node = flow.nodes[current]
        if node.kind != "jump":
            # the graph knows the bundle's node by this id; a second node with the same id (an
            # error reported on its own) is followed by its own ways
            stack.extend(graph[current] if index.get(current) is node else bundle.successors(node))
    return seen


def _check_reachability(bundle: Bundle, graph: dict[str, list[str]]) -> Iterable[Diagnostic]:
    for flow in bundle.flows.values():
        if flow.start not in flow.nodes:
            continue
        reached = _reachable(bundle, flow, graph)
        for node in flow.nodes.values():
            if node.id in reached:
                continue
            if node.kind == "outcome":
                yield _diag("IMG006", "no path reaches this outcome", node.pos, node.id)
            else:
                yield _diag("IMG003", f"no path from the start of '{flow.id}' reaches this node", node.pos, node.id)


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that a long flow cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            current, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[current] = min(low[current], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
            if low[current] == index[current]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == current:
                        break
                components.append(component)
    return components


def _cannot_end(graph: dict[str, list[str]]) -> set[str]:
    """The nodes from which no path reaches a node that leads nowhere (an outcome, a dead end).
    Only these can be in, or lead into, a cycle with no way out; in a sound bundle there are none."""
    comes_from: dict[str, list[str]] = {node: [] for node in graph}
    for node, targets in graph.items():
        for target in targets:
            comes_from[target].append(node)
    can_end = {node for node, targets in graph.items() if not targets}
    stack = list(can_end)
    while stack:
        for earlier in comes_from[stack.pop()]:
            if earlier not in can_end:
                can_end.add(earlier)
                stack.append(earlier)
    return graph.keys() - can_end


def _check_cycles(bundle: Bundle, graph: dict[str, list[str]]) -> Iterable[Diagnostic]:
    # A cycle with no way out is a strongly connected part no edge leaves. Its nodes cannot end,
    # and every way on from a node that cannot end stays among such nodes: the parts are looked
    # for among those alone.
    trapped = _cannot_end(graph)
    if not trapped:
        return
    for component in _strongly_connected({node: targets for node, targets in graph.items() if node in trapped}):
        members = set(component)
        looping = len(component) > 1 or component[0] in graph[component[0]]
        if not looping:
            continue
        leaves = any(target not in members for member in component for target in graph[member])
        if not leaves:
            ordered = sorted(component, key=lambda n: (bundle.nodes[n].pos.file, bundle.nodes[n].pos.line))
            start = bundle.nodes[ordered[0]]
            yield _diag("IMG005", f"a cycle with no way out: {' -> '.join(ordered)} -> {ordered[0]}", start.pos, start.id)


def _check_conditions(bundle: Bundle, scope: dict[str, Type]) -> Iterable[Diagnostic]:
    checker = expr.TypeChecker(scope)
    for flow in bundle.flows.values():
        yield from _check_computed(bundle, flow)
        for node in flow.nodes.values():
            if node.checks and not node.is_question:
                yield _diag("IMG011", "only a question has 'checks' (they are about its answer)", node.where("checks"), node.id)
            for rule in node.rules:
                if rule.condition is not None and (problem := _condition_problem(checker, rule, node.id)):
                    yield problem
            for check in node.checks:
                if problem := _condition_problem(checker, check, node.id):
                    yield problem
    yield from _check_unused_keys(bundle, checker.used_keys)


def _condition_problem(checker: expr.TypeChecker, rule, node_id: str) -> Diagnostic | None:
    """What is wrong with the condition of a rule or a check, if anything."""
    try:
        result = checker.check(rule.condition)
    except expr.ExprTypeError as error:
        return _diag("IMG007", f"in '{rule.source}': {error}", rule.pos, node_id)
    if result.name not in ("bool", "null", "any"):
        return _diag("IMG007", f"the condition '{rule.source}' gives {result}, not true/false", rule.pos, node_id)
    return None


def _check_computed(bundle: Bundle, flow: Flow) -> Iterable[Diagnostic]:
    for computed in flow.computed:
        calculator = CALCULATORS.get(computed.calculator)
        if calculator is None:
            known = ", ".join(sorted(CALCULATORS))
            yield _diag("IMG007", f"unknown calculator '{computed.calculator}' (calculators: {known})", computed.pos, computed.id)
            continue
        for name, node_id in computed.inputs.items():
            wanted = calculator.inputs.get(name)
            if wanted is None:
                yield _diag("IMG007", f"the calculator '{computed.calculator}' has no input '{name}' (inputs: {', '.join(calculator.inputs)})", computed.pos, computed.id)
                continue
            node = bundle.nodes.get(node_id)
            if node is None:
                yield _diag("IMG007", f"input '{name}' names '{node_id}', which is not a node", computed.pos, computed.id)
            elif node.kind != wanted:
                yield _diag("IMG007", f"input '{name}' needs a {wanted} node, but '{node_id}' is a {node.kind} node", computed.pos, computed.id)


def _check_unused_keys(bundle: Bundle, used: set[tuple[str, str]]) -> Iterable[Diagnostic]:
    """A choice that branches on its answer but leaves several keys to the default way has
    probably forgotten a rule. One key left to the default is the usual "yes, or else" shape."""
    branching = {node_id for node_id, _ in used}
    for node in bundle.nodes.values():
        if node.kind != "choice":
            continue
        routed = {o.key for o in node.options if o.goto}
        if node.id not in branching and not routed:
            continue  # a question whose answer is only collected, never branched on
        if routed and not _has_default(node.rules):
            continue  # unrouted keys there are dead ends, reported as such
        unused = [o for o in node.options if o.key not in routed and (node.id, o.key) not in used]
        if len(unused) < 2:
            continue
        for option in unused:
            yield _diag("IMG008", f"no rule uses the option key '{option.key}'; it takes the default way like {len(unused) - 1} other key(s) — add a rule if it should differ", option.pos, node.id)


def _check_text(bundle: Bundle, scope: dict[str, Type]) -> Iterable[Diagnostic]:
    term_words = {t.id: t.term for t in bundle.glossary.values()}
    for node in bundle.nodes.values():
        # (the text's position is looked up only for a finding: most texts have none)
        if len(node.text) > MAX_TEXT:
            yield _diag("IMG009", f"the text has {len(node.text)} characters; a chat bubble holds at most {MAX_TEXT}: split it into two messages", node.where("text"), node.id)
        words = node.text
        if markup.has_markup(words):
            segments = markup.parse(words)
            yield from _check_markup(bundle, scope, segments, node.where("text"), node.id)
            words = markup.plain_of(segments, term_words)
        if len(words) > 60 and (score := markup.lix(words)) > MAX_LIX:  # too short to judge below 60
            yield _diag("IMG021", f"LIX {score:.0f} is above {MAX_LIX}: use shorter sentences and shorter words", node.where("text"), node.id)
        for check in node.checks:
            if len(check.say) > MAX_TEXT:
                yield _diag("IMG009", f"what the check says has {len(check.say)} characters; at most {MAX_TEXT} fit", check.pos, node.id)
        for option in node.options:
            if len(option.label) > MAX_LABEL:
                yield _diag("IMG009", f"the label of '{option.key}' has {len(option.label)} characters; a button holds at most {MAX_LABEL}", option.pos, node.id)
        if node.kind == "term" and node.term not in bundle.glossary:
            yield _diag("IMG017", f"the glossary has no term '{node.term}'", node.where("term"), node.id)
        for fact_id in node.sources:
            if fact_id not in bundle.facts:
                yield _diag("IMG019", f"the fact '{fact_id}' is not in imguide/content/facts/", node.where("sources"), node.id)
    for term in bundle.glossary.values():
        yield from _check_markup(bundle, {}, markup.parse(term.explanation), term.pos, term.id)
        for fact_id in term.facts:
            if fact_id not in bundle.facts:
                yield _diag("IMG019", f"the fact '{fact_id}' is not in imguide/content/facts/", term.pos, term.id)


def _check_markup(bundle: Bundle, scope: dict[str, Type], segments: list[markup.Segment], pos: Pos, owner: str) -> Iterable[Diagnostic]:
    for segment in segments:
        if segment.kind == "term" and segment.ref not in bundle.glossary:
            yield _diag("IMG017", f"[[{segment.ref}]] is not in the glossary", pos, owner)
        elif segment.kind == "value":
            try:
                expr.TypeChecker(scope).check(expr.Var(tuple(segment.ref.split("."))))
            except expr.ExprTypeError as error:
                yield _diag("IMG018", f"the placeholder {{{segment.ref}}}: {error}", pos, owner)


def _check_facts(bundle: Bundle) -> Iterable[Diagnostic]:
    for fact in bundle.facts.values():
        missing = [name for name, value in (("source", fact.source), ("confidence", fact.confidence)) if not value]
        if missing:
            yield _diag("IMG020", f"the fact has no {' and no '.join(missing)}; every fact names where it comes from and how sure it is", fact.pos, fact.id)
        elif fact.source not in bundle.sources:
            yield _diag("IMG029", f"the source '{fact.source}' is not in imguide/content/sources.yaml", fact.pos, fact.id)
    used = {fact.source for fact in bundle.facts.values()}
    for source in bundle.sources.values():
        if source.id not in used:
            yield _diag("IMG030", "no fact rests on this source; remove it, or name it in a fact", source.pos, source.id)


def _check_samples(bundle: Bundle) -> Iterable[Diagnostic]:
    for node in bundle.nodes.values():
        if "samples" in KINDS[node.kind].required and not node.samples:
            continue  # the loader already reported the missing key
        for sample in node.samples:
            try:
                parse_answer(node, sample)
            except AnswerError as error:
                yield _diag("IMG024", f"the sample {sample!r} does not fit: {error}", node.where("samples"), node.id)


def _check_topics(bundle: Bundle) -> Iterable[Diagnostic]:
    for node in bundle.nodes.values():
        if node.export is not None and node.export not in bundle.topics:
            known = ", ".join(bundle.topics) or "none: the topics file is missing"
            yield _diag("IMG028", f"the export topic '{node.export}' is not in imguide/content/topics.yaml (topics: {known})", node.where("export"), node.id)
        if node.export is not None and not node.is_question:
            yield _diag("IMG028", "only a question's answer can go into the export", node.where("export"), node.id)
