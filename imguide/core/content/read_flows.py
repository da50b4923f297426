"""Reading flow files: a flow's header, its nodes (each kind's own fields are read as kinds.py
says) and their `next` rules, whose conditions are parsed here so a syntax error names its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from imguide.core.content import expressions
from imguide.core.content.kinds import KIND_NAMES, KINDS
from imguide.core.content.model import LOCAL_TOPICS, Check, Computed, Flow, Node, Rule
from imguide.core.content.positions import Pos
from imguide.core.content.reader import Reader, closest, read_mapping_file
from imguide.core.content.yaml_source import Located, YamlBool

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_KEYS = frozenset({"if", "goto"})
_CHECK_KEYS = frozenset({"if", "say"})


def read_flow(reader: Reader, path: Path, display: str | None = None) -> Flow | None:
    data = read_mapping_file(reader, path, "a flow file", display)
    if data is None:
        return None
    reader.keys(data, {"format", "id", "title", "start", "nodes", "computed", "description", "menu"}, ["id", "title", "start", "nodes"], "a flow")
    if not reader.format_version(data, "a flow file"):
        return None
    flow_id = reader.string(data, "id") or ""
    if flow_id and not ID_PATTERN.match(flow_id):
        reader.report("IMG011", f"the flow id '{flow_id}' must be lower case letters, digits and _", data.value_pos["id"])
    nodes_data = data.get("nodes")
    if not isinstance(nodes_data, list):
        if "nodes" in data:
            reader.report("IMG011", "'nodes' must be a list of nodes (each starting with '- id: ...')", data.value_pos["nodes"])
        return None
    nodes: dict[str, Node] = {}
    for index, item in enumerate(nodes_data):
        if not isinstance(item, Located):
            reader.report("IMG011", "each node is a mapping that starts with '- id: ...'", nodes_data.item_pos[index])
            continue
        node = read_node(reader, item, flow_id)
        if node is None:
            continue
        if node.id in nodes:
            first = nodes[node.id].pos
            reader.report("IMG002", f"the node id '{node.id}' is used twice (first at line {first.line})", node.pos, node.id)
            continue
        nodes[node.id] = node
    computed = tuple(read_computed(reader, data))
    return Flow(
        id=flow_id,
        title=reader.string(data, "title", required=True) or flow_id,
        start=reader.string(data, "start") or "",
        nodes=nodes,
        computed=computed,
        path=path,
        pos=data.key_pos.get("start", data.pos) if "start" in data else data.pos,
        description=reader.string(data, "description") or "",
        menu=reader.string(data, "menu"),
    )


def read_computed(reader: Reader, data: Located) -> Iterable[Computed]:
    items = data.get("computed")
    if items is None:
        return
    if not isinstance(items, list):
        reader.report("IMG011", "'computed' must be a list", data.value_pos["computed"])
        return
    for item in reader.mappings(items, "a computed value", {"id", "calculator", "inputs"}, ["id", "calculator", "inputs"]):
        inputs = item.get("inputs")
        mapped = {}
        if isinstance(inputs, Located):
            for key, value in inputs.items():
                if isinstance(value, str):
                    mapped[key] = value
                else:
                    reader.report("IMG011", f"input '{key}' must name a node id", inputs.value_pos[key])
        elif inputs is not None:
            reader.report("IMG011", "'inputs' must map calculator inputs to node ids", item.value_pos["inputs"])
        yield Computed(
            id=reader.string(item, "id") or "",
            calculator=reader.string(item, "calculator") or "",
            inputs=mapped,
            pos=item.pos,
        )


def read_node(reader: Reader, data: Located, flow_id: str) -> Node | None:
    node_id = reader.string(data, "id") or ""
    if not node_id:
        reader.report("IMG011", "a node needs an 'id'", data.pos)
        return None
    if not ID_PATTERN.match(node_id):
        reader.report("IMG011", f"the node id '{node_id}' must be lower case letters, digits and _", data.value_pos["id"], node_id)
    kind_name = reader.string(data, "kind", node_id)
    kind = KINDS.get(kind_name or "")
    if kind is None:
        where = data.value_pos.get("kind", data.pos)
        if kind_name is None:
            reader.report("IMG011", f"the node needs a 'kind' (one of: {', '.join(KIND_NAMES)})", where, node_id)
        else:
            hint = closest(kind_name, KIND_NAMES)
            extra = f"; did you mean '{hint}'?" if hint else f" (kinds: {', '.join(KIND_NAMES)})"
            reader.report("IMG011", f"unknown kind '{kind_name}'{extra}", where, node_id)
        return None
    reader.keys(data, kind.allowed_keys, kind.required, kind.what, node_id)

    # Only the keys the node has are read; the others keep Node's defaults. (A large bundle has
    # ten thousand nodes, and most have few of the keys.)
    fields: dict[str, Any] = {
        "id": node_id,
        "kind": kind.name,
        "flow": flow_id,
        "pos": data.pos,
        "key_pos": data.value_pos,
        "is_question": kind.takes_answer,
        "text": reader.string(data, "text", node_id) or "",
    }
    if "note" in data:
        fields["note"] = reader.string(data, "note", node_id)
    if "sources" in data:
        fields["sources"] = reader.string_list(data, "sources", node_id)
    if "export" in data:
        fields["export"] = reader.string(data, "export", node_id)
    if "skippable" in data:
        fields["skippable"] = reader.boolean(data, "skippable", node_id)
    if "local" in data:
        fields["local"] = local = reader.string_list(data, "local", node_id)
        for topic in local:
            if topic not in LOCAL_TOPICS:
                reader.report("IMG022", f"unknown local topic '{topic}' (topics: {', '.join(LOCAL_TOPICS)})", data.value_pos["local"], node_id)
    if kind.read is not None:
        fields.update(kind.read(reader, data, node_id))
    if kind.has_next and "next" in data:
        fields["rules"] = tuple(read_rules(reader, data, node_id))
    if "checks" in data:
        fields["checks"] = tuple(read_checks(reader, data, node_id))
    return Node(**fields)


def read_checks(reader: Reader, data: Located, node_id: str) -> Iterable[Check]:
    items = data.get("checks")
    if items is None:
        return
    if not isinstance(items, list):
        reader.report("IMG011", "'checks' must be a list of {if: CONDITION, say: TEXT}", data.value_pos["checks"], node_id)
        return
    for item in reader.mappings(items, "a check", _CHECK_KEYS, ("if", "say"), node_id):
        source, say = item.get("if"), reader.string(item, "say", node_id, required=True)
        if not isinstance(source, str) or say is None:
            if "if" in item and not isinstance(source, str):
                reader.report("IMG016", f"the condition must be text, not {source!r}", item.value_pos["if"], node_id)
            continue
        where = item.value_pos["if"]
        try:
            tree = expressions.parse(source)
        except expressions.ExprSyntaxError as error:
            reader.report("IMG016", f"the condition '{source}' does not parse: {error}", Pos(where.file, where.line, where.column + error.offset), node_id)
            continue
        yield Check(tree, source, say, where)


def read_rules(reader: Reader, data: Located, node_id: str) -> Iterable[Rule]:
    if "next" not in data:
        return
    value = data["next"]
    if isinstance(value, str):
        yield Rule(None, None, value, data.value_pos["next"])
        return
    if not isinstance(value, list):
        reader.report("IMG011", "'next' must be a node id or a list of {if, goto} rules", data.value_pos["next"], node_id)
        return
    positions = value.item_pos  # a rule's position is made only when it is needed
    for index, item in enumerate(value):
        if isinstance(item, str):
            yield Rule(None, None, item, positions[index])
            continue
        if not isinstance(item, Located):
            reader.report("IMG011", "each rule is {if: CONDITION, goto: NODE} or {goto: NODE}", positions[index], node_id)
            continue
        reader.keys(item, _RULE_KEYS, ("goto",), "a next rule", node_id)
        goto = reader.string(item, "goto", node_id) or ""
        source = item.get("if")
        if source is None:
            if index != len(value) - 1:
                reader.report("IMG011", "only the last rule may leave out 'if' (the rules after it would never run)", positions[index], node_id)
            yield Rule(None, None, goto, positions[index])
            continue
        if isinstance(source, YamlBool) or isinstance(source, bool):
            source = "true" if source else "false"
        if not isinstance(source, str):
            reader.report("IMG016", f"the condition must be text, not {source!r}", item.value_pos["if"], node_id)
            continue
        cond_pos = item.value_pos["if"]
        try:
            tree = expressions.parse(source)
        except expressions.ExprSyntaxError as error:
            column = cond_pos.column + error.offset
            reader.report("IMG016", f"the condition '{source}' does not parse: {error}", Pos(cond_pos.file, cond_pos.line, column), node_id)
            continue
        yield Rule(tree, source, goto, cond_pos)
