"""Turn the YAML files of a bundle into the model, collecting every problem as a Diagnostic.

The loader checks the shape of each file (known keys, types, YAML 1.1 traps) and parses every
condition; the cross-file checks (targets, reachability, types of conditions, text) are in
checker.py. `load_bundle` runs both and refuses a bundle with errors.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from imguide.core import expr
from imguide.core.diagnostics import ContentError, Diagnostic
from imguide.core.grading import SUBJECTS
from imguide.core.model import (
    FORMAT_VERSION,
    LOCAL_TOPICS,
    NODE_KINDS,
    Bundle,
    Computed,
    Fact,
    Flow,
    GlossaryTerm,
    Node,
    Option,
    Profile,
    ProfileEntry,
    Rule,
)
from imguide.core.positions import Pos
from imguide.core.yaml_source import Located, YamlBool, YamlProblem, load_yaml, plain

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FLOWS_DIR = PACKAGE_DIR / "flows"
CONTENT_DIR = PACKAGE_DIR / "content"
GLOSSARY_FILE = CONTENT_DIR / "glossary.yaml"
FACTS_DIR = CONTENT_DIR / "facts"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")

_COMMON_NODE_KEYS = {"id", "kind", "text", "note", "sources", "export", "skippable", "local", "next"}
_KIND_KEYS = {
    "message": set(),
    "term": {"term"},
    "choice": {"options"},
    "multi": {"options", "min", "max"},
    "text": {"max_length", "samples"},
    "number": {"min", "max", "integer", "samples"},
    "date": {"min", "max", "samples"},
    "grades": {"subjects", "samples"},
    "jump": {"flow"},
    "outcome": set(),
}
_NO_NEXT = {"jump", "outcome"}


@dataclass
class Reader:
    """Reads typed values out of located mappings and records what is wrong with them."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, code: str, message: str, pos: Pos | None, node: str = "") -> None:
        if pos is None:
            self.diagnostics.append(Diagnostic(code, message, node=node))
        else:
            self.diagnostics.append(Diagnostic(code, message, pos.file, pos.line, pos.column, node))

    def keys(self, data: Located, allowed: set[str], required: Iterable[str], what: str, node: str = "") -> None:
        for key in data:
            if key not in allowed:
                hint = _closest(key, allowed)
                extra = f"; did you mean '{hint}'?" if hint else f"; allowed here: {', '.join(sorted(allowed))}"
                self.report("IMG011", f"unknown key '{key}' in {what}{extra}", data.key_pos[key], node)
        for key in required:
            if key not in data:
                self.report("IMG011", f"{what} needs the key '{key}'", data.pos, node)

    def string(self, data: Located, key: str, node: str = "", required: bool = False) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, YamlBool):
            self.report(
                "IMG012",
                f"'{key}: {value.raw}' is read as a boolean by YAML 1.1; write it in quotes: {key}: \"{value.raw}\"",
                data.value_pos[key],
                node,
            )
            return value.raw
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.report("IMG011", f"'{key}' must be text", data.value_pos[key], node)
            return None
        return value

    def boolean(self, data: Located, key: str, node: str = "") -> bool:
        value = data.get(key, False)
        if isinstance(value, YamlBool):
            return value.value
        if isinstance(value, bool):
            return value
        self.report("IMG011", f"'{key}' must be true or false", data.value_pos[key], node)
        return False

    def integer(self, data: Located, key: str, node: str = "") -> int | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.report("IMG011", f"'{key}' must be a whole number", data.value_pos[key], node)
        return None

    def string_list(self, data: Located, key: str, node: str = "") -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        if not isinstance(value, list):
            self.report("IMG011", f"'{key}' must be a list, like [a, b]", data.value_pos[key], node)
            return ()
        out = []
        for item, pos in zip(value, value.item_pos):
            if isinstance(item, YamlBool):
                self.report("IMG012", f"'{item.raw}' in '{key}' is read as a boolean; quote it", pos, node)
                out.append(item.raw)
            elif isinstance(item, str):
                out.append(item)
            else:
                self.report("IMG011", f"the items of '{key}' must be text", pos, node)
        return tuple(out)

    def a_date(self, data: Located, key: str, node: str = "") -> date | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.report("IMG011", f"'{key}' must be a date written YYYY-MM-DD", data.value_pos[key], node)
        return None

    def mappings(self, items: Any, what: str, allowed: set[str], required: list[str], node: str = "") -> Iterable[Located]:
        """The mappings of a list, each checked for its keys; anything else in the list is reported."""
        for item, pos in zip(items, items.item_pos):
            if not isinstance(item, Located):
                self.report("IMG011", f"each item here is {what}: a mapping with {', '.join(required)}", pos, node)
                continue
            self.keys(item, allowed, required, what, node)
            yield item

    def format_version(self, data: Located, what: str) -> bool:
        if "format" not in data:
            self.report("IMG011", f"{what} needs 'format: {FORMAT_VERSION}' at the top", data.pos)
            return False
        if data["format"] != FORMAT_VERSION:
            self.report(
                "IMG023",
                f"format {data['format']!r} is not supported; this imguide reads format {FORMAT_VERSION}",
                data.value_pos["format"],
            )
            return False
        return True


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return match[0] if match else None


def _read_mapping_file(reader: Reader, path: Path, what: str, display: str | None = None) -> Located | None:
    try:
        data = load_yaml(path, display)
    except YamlProblem as problem:
        reader.diagnostics.append(problem.diagnostic)
        return None
    name = display or str(path)
    if data is None:
        reader.report("IMG011", f"{what} is empty", Pos(name, 1, 1))
        return None
    if not isinstance(data, Located):
        kind = "a list" if isinstance(data, list) else "a single value"
        reader.report("IMG011", f"{what} must be a mapping of keys (like 'id: ...'), but the file holds {kind}", data.pos if hasattr(data, "pos") else Pos(name, 1, 1))
        return None
    return data


# ---------------------------------------------------------------- flows


def read_flow(reader: Reader, path: Path, display: str | None = None) -> Flow | None:
    data = _read_mapping_file(reader, path, "a flow file", display)
    if data is None:
        return None
    reader.keys(data, {"format", "id", "title", "start", "nodes", "computed", "description"}, ["id", "title", "start", "nodes"], "a flow")
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
    for item, pos in zip(nodes_data, nodes_data.item_pos):
        node = read_node(reader, item, pos, flow_id)
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


def read_node(reader: Reader, data: Any, pos: Pos, flow_id: str) -> Node | None:
    if not isinstance(data, Located):
        reader.report("IMG011", "each node is a mapping that starts with '- id: ...'", pos)
        return None
    node_id = reader.string(data, "id") or ""
    if not node_id:
        reader.report("IMG011", "a node needs an 'id'", data.pos)
        return None
    if not ID_PATTERN.match(node_id):
        reader.report("IMG011", f"the node id '{node_id}' must be lower case letters, digits and _", data.value_pos["id"], node_id)
    kind = reader.string(data, "kind", node_id)
    if kind not in NODE_KINDS:
        where = data.value_pos.get("kind", data.pos)
        if kind is None:
            reader.report("IMG011", f"the node needs a 'kind' (one of: {', '.join(NODE_KINDS)})", where, node_id)
        else:
            hint = _closest(kind, NODE_KINDS)
            extra = f"; did you mean '{hint}'?" if hint else f" (kinds: {', '.join(NODE_KINDS)})"
            reader.report("IMG011", f"unknown kind '{kind}'{extra}", where, node_id)
        return None
    allowed = _COMMON_NODE_KEYS | _KIND_KEYS[kind]
    if kind in _NO_NEXT:
        allowed = allowed - {"next"}
    required = ["text"] if kind in ("message", "outcome", "choice", "multi", "text", "number", "date", "grades") else []
    if kind == "text":
        required += ["max_length", "samples"]
    if kind in ("number", "date"):
        required += ["samples"]
    if kind == "jump":
        required += ["flow"]
    if kind == "term":
        required += ["term"]
    if kind in ("choice", "multi"):
        required += ["options"]
    reader.keys(data, allowed, required, f"a {kind} node", node_id)

    fields: dict[str, Any] = dict(
        id=node_id,
        kind=kind,
        flow=flow_id,
        pos=data.pos,
        key_pos=data.value_pos,
        text=reader.string(data, "text", node_id) or "",
        note=reader.string(data, "note", node_id),
        sources=reader.string_list(data, "sources", node_id),
        export=reader.string(data, "export", node_id),
        skippable=reader.boolean(data, "skippable", node_id) if "skippable" in data else False,
        local=reader.string_list(data, "local", node_id),
    )
    for topic in fields["local"]:
        if topic not in LOCAL_TOPICS:
            reader.report("IMG022", f"unknown local topic '{topic}' (topics: {', '.join(LOCAL_TOPICS)})", data.value_pos["local"], node_id)
    if kind in ("choice", "multi"):
        fields["options"] = tuple(read_options(reader, data, node_id))
    if kind == "multi":
        fields["minimum"] = reader.integer(data, "min", node_id)
        fields["maximum"] = reader.integer(data, "max", node_id)
    if kind == "text":
        fields["max_length"] = reader.integer(data, "max_length", node_id)
        if fields["max_length"] is not None and fields["max_length"] < 1:
            reader.report("IMG011", "'max_length' must be at least 1", data.value_pos["max_length"], node_id)
    if kind == "number":
        for key, name in (("min", "minimum"), ("max", "maximum")):
            if key in data:
                value = data[key]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    fields[name] = value
                else:
                    reader.report("IMG011", f"'{key}' must be a number", data.value_pos[key], node_id)
        fields["integer"] = reader.boolean(data, "integer", node_id) if "integer" in data else False
    if kind == "date":
        fields["minimum"] = reader.a_date(data, "min", node_id)
        fields["maximum"] = reader.a_date(data, "max", node_id)
    if kind == "grades":
        subjects = reader.string_list(data, "subjects", node_id)
        for subject in subjects:
            if subject not in SUBJECTS:
                reader.report("IMG011", f"unknown subject '{subject}' (subjects: {', '.join(SUBJECTS)})", data.value_pos["subjects"], node_id)
        fields["subjects"] = subjects or SUBJECTS  # by default the subjects the rules know
    if "samples" in data:
        samples = data["samples"]
        if not isinstance(samples, list) or not samples:
            reader.report("IMG024", "'samples' must be a non-empty list of example answers", data.value_pos["samples"], node_id)
        else:
            fields["samples"] = tuple(s.raw if isinstance(s, YamlBool) else plain(s) for s in samples)
    if kind == "term":
        fields["term"] = reader.string(data, "term", node_id)
    if kind == "jump":
        fields["jump_flow"] = reader.string(data, "flow", node_id)
    fields["rules"] = tuple(read_rules(reader, data, node_id)) if kind not in _NO_NEXT else ()
    return Node(**fields)


def read_options(reader: Reader, data: Located, node_id: str) -> Iterable[Option]:
    options = data.get("options")
    if not isinstance(options, list) or not options:
        if "options" in data:
            reader.report("IMG011", "'options' must be a non-empty list of {key, label}", data.value_pos["options"], node_id)
        return
    seen: set[str] = set()
    for item in reader.mappings(options, "an option", {"key", "label", "goto", "note"}, ["key", "label"], node_id):
        pos = item.pos
        key = reader.string(item, "key", node_id) or ""
        if key and not KEY_PATTERN.match(key):
            reader.report("IMG011", f"the option key '{key}' must be lower case letters, digits and _", item.value_pos["key"], node_id)
        if key in seen:
            reader.report("IMG002", f"the option key '{key}' is used twice in this node", item.value_pos.get("key", pos), node_id)
            continue
        seen.add(key)
        if not key:
            continue
        yield Option(
            key=key,
            label=reader.string(item, "label", node_id) or key,
            goto=reader.string(item, "goto", node_id),
            note=reader.string(item, "note", node_id),
            pos=item.value_pos.get("key", pos),
        )


def read_rules(reader: Reader, data: Located, node_id: str) -> Iterable[Rule]:
    if "next" not in data:
        return
    value = data["next"]
    pos = data.value_pos["next"]
    if isinstance(value, str):
        yield Rule(None, None, value, pos)
        return
    if not isinstance(value, list):
        reader.report("IMG011", "'next' must be a node id or a list of {if, goto} rules", pos, node_id)
        return
    for index, (item, item_pos) in enumerate(zip(value, value.item_pos)):
        if isinstance(item, str):
            yield Rule(None, None, item, item_pos)
            continue
        if not isinstance(item, Located):
            reader.report("IMG011", "each rule is {if: CONDITION, goto: NODE} or {goto: NODE}", item_pos, node_id)
            continue
        reader.keys(item, {"if", "goto"}, ["goto"], "a next rule", node_id)
        goto = reader.string(item, "goto", node_id) or ""
        source = item.get("if")
        if source is None:
            if index != len(value) - 1:
                reader.report("IMG011", "only the last rule may leave out 'if' (the rules after it would never run)", item_pos, node_id)
            yield Rule(None, None, goto, item_pos)
            continue
        if isinstance(source, YamlBool) or isinstance(source, bool):
            source = "true" if source else "false"
        if not isinstance(source, str):
            reader.report("IMG016", f"the condition must be text, not {source!r}", item.value_pos["if"], node_id)
            continue
        cond_pos = item.value_pos["if"]
        try:
            tree = expr.parse(source)
        except expr.ExprSyntaxError as error:
            column = cond_pos.column + error.offset
            reader.report("IMG016", f"the condition '{source}' does not parse: {error}", Pos(cond_pos.file, cond_pos.line, column), node_id)
            continue
        yield Rule(tree, source, goto, cond_pos)


# ---------------------------------------------------------------- glossary, facts, profile


def read_glossary(reader: Reader, path: Path) -> dict[str, GlossaryTerm]:
    data = _read_mapping_file(reader, path, "the glossary")
    if data is None:
        return {}
    reader.keys(data, {"format", "terms"}, ["terms"], "the glossary")
    reader.format_version(data, "the glossary")
    terms: dict[str, GlossaryTerm] = {}
    items = data.get("terms")
    if not isinstance(items, list):
        return terms
    for item in reader.mappings(items, "a glossary term", {"id", "term", "explanation", "facts", "note"}, ["id", "term", "explanation"]):
        term_id = reader.string(item, "id") or ""
        if term_id in terms:
            reader.report("IMG002", f"the glossary term '{term_id}' is defined twice", item.pos, term_id)
            continue
        terms[term_id] = GlossaryTerm(
            id=term_id,
            term=reader.string(item, "term", term_id, required=True) or term_id,
            explanation=reader.string(item, "explanation", term_id, required=True) or "",
            facts=reader.string_list(item, "facts", term_id),
            pos=item.pos,
        )
    return terms


def read_facts(reader: Reader, paths: Iterable[Path]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for path in paths:
        data = _read_mapping_file(reader, path, "a facts file")
        if data is None:
            continue
        reader.keys(data, {"format", "facts"}, ["facts"], "a facts file")
        reader.format_version(data, "a facts file")
        items = data.get("facts")
        if not isinstance(items, list):
            continue
        allowed = {"id", "text", "source", "as_of", "confidence", "scope", "note"}
        for item in reader.mappings(items, "a fact", allowed, ["id", "text"]):
            fact_id = reader.string(item, "id") or ""
            if fact_id in facts:
                reader.report("IMG002", f"the fact '{fact_id}' is defined twice (also in {facts[fact_id].pos.file})", item.pos, fact_id)
                continue
            confidence = reader.string(item, "confidence", fact_id) or ""
            if confidence and confidence not in ("high", "medium", "low"):
                reader.report("IMG011", "'confidence' is high, medium or low", item.value_pos["confidence"], fact_id)
            scope = reader.string(item, "scope", fact_id) or "national"
            if scope not in ("national", "local"):
                reader.report("IMG011", "'scope' is national or local", item.value_pos["scope"], fact_id)
            facts[fact_id] = Fact(
                id=fact_id,
                text=reader.string(item, "text", fact_id) or "",
                source=(reader.string(item, "source", fact_id) or "").strip(),
                as_of=reader.a_date(item, "as_of", fact_id),
                confidence=confidence,
                scope=scope,
                pos=item.pos,
            )
    return facts


def read_profile(reader: Reader, path: Path) -> Profile | None:
    """A profile is one YAML file, or a folder of them (merged) that may hold templates/."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.y*ml") if p.is_file())
        root, templates = path, (path / "templates" if (path / "templates").is_dir() else None)
    else:
        files, root, templates = [path], path.parent, None
    if not files:
        reader.report("IMG025", "the profile folder holds no .yaml file", Pos(str(path), 0, 0))
        return None
    header: dict[str, Any] = {}
    entries: list[ProfileEntry] = []
    for file in files:
        data = _read_mapping_file(reader, file, "a profile file")
        if data is None:
            continue
        reader.keys(data, {"format", "id", "name", "example", "as_of", "entries"}, [], "a local profile")
        if "format" in data:
            reader.format_version(data, "a profile file")
        for key in ("id", "name"):
            if key in data:
                header[key] = reader.string(data, key)
        if "example" in data:
            header["example"] = reader.boolean(data, "example")
        if "as_of" in data:
            header["as_of"] = reader.a_date(data, "as_of")
        items = data.get("entries", [])
        if not isinstance(items, list):
            reader.report("IMG011", "'entries' must be a list of {topic, text, url}", data.value_pos["entries"])
            continue
        for item in reader.mappings(items, "a profile entry", {"topic", "text", "url"}, ["topic", "text"]):
            topic = reader.string(item, "topic") or ""
            if topic not in LOCAL_TOPICS:
                reader.report("IMG022", f"unknown local topic '{topic}' (topics: {', '.join(LOCAL_TOPICS)})", item.value_pos.get("topic", item.pos))
            entries.append(ProfileEntry(topic, reader.string(item, "text") or "", reader.string(item, "url"), item.pos))
    for key in ("id", "name"):
        if key not in header:
            reader.report("IMG011", f"the profile needs '{key}'", Pos(str(files[0]), 1, 1))
    return Profile(
        id=header.get("id") or "profile",
        name=header.get("name") or "",
        example=bool(header.get("example", False)),
        as_of=header.get("as_of"),
        entries=tuple(entries),
        root=root,
        templates_dir=templates,
    )


# ---------------------------------------------------------------- the bundle


def flow_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The YAML files named, with folders expanded; by default the shipped flows."""
    if not paths:
        return sorted(FLOWS_DIR.glob("*.yaml"))
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.y*ml")))
        else:
            files.append(path)
    return files


def read_bundle(
    paths: Iterable[Path] | None = None,
    profile: Path | None = None,
    glossary: Path = GLOSSARY_FILE,
    facts_dir: Path = FACTS_DIR,
) -> tuple[Bundle, list[Diagnostic]]:
    """Read every file and check the whole bundle; returns the bundle and all diagnostics."""
    # Reading makes hundreds of thousands of small objects and no reference cycles; pausing the
    # cyclic GC meanwhile roughly halves the time on large bundles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_bundle(paths, profile, glossary, facts_dir)
    finally:
        if was_enabled:
            gc.enable()


def _read_bundle(paths, profile, glossary, facts_dir) -> tuple[Bundle, list[Diagnostic]]:
    from imguide.core.checker import check_bundle  # the checker needs the model this module builds

    reader = Reader()
    flows: dict[str, Flow] = {}
    files = flow_files(list(paths) if paths else None)
    for path in files:
        flow = read_flow(reader, path, _display(path))
        if flow is None or not flow.id:
            continue
        if flow.id in flows:
            reader.report("IMG002", f"the flow id '{flow.id}' is also used by {_display(flows[flow.id].path)}", flow.pos)
            continue
        flows[flow.id] = flow
    if not flows and not any(d.is_error for d in reader.diagnostics):
        reader.report("IMG015", "the bundle has no flows: give at least one flow file", Pos(", ".join(map(str, files)) or "(no files)", 0, 0))
    terms = read_glossary(reader, glossary) if glossary.exists() else {}
    fact_files = sorted(facts_dir.glob("*.yaml")) if facts_dir.is_dir() else []
    facts = read_facts(reader, fact_files)
    local = read_profile(reader, profile) if profile is not None else None
    bundle = Bundle(flows=flows, glossary=terms, facts=facts, profile=local)
    return bundle, reader.diagnostics + check_bundle(bundle)


def load_bundle(paths: Iterable[Path] | None = None, profile: Path | None = None) -> Bundle:
    """The bundle the app and the commands use: checked once, refused if it has errors."""
    bundle, diagnostics = read_bundle(paths, profile)
    if any(d.is_error for d in diagnostics):
        raise ContentError(diagnostics)
    return bundle


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
