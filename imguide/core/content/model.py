"""The loaded, validated content: flows, nodes, glossary, facts, topics, eligibility rules,
languages and a local profile.

Everything here is built once by the loader and not changed afterwards; sessions and the UI only
read it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from imguide.core.content.positions import Pos
from imguide.core.eligibility.rules import RuleSet, rules_in_force
from imguide.core.i18n.languages import Language, Languages
from imguide.core.records import Factory, Record

LOCAL_TOPICS = ("im_schools", "reception", "application_dates", "local_routines", "contact")


class Option(NamedTuple):
    """One answer a choice or multi question offers, and where it leads."""

    key: str
    label: str
    goto: str | None
    note: str | None
    pos: Pos


class Rule(NamedTuple):
    """Where a node goes next: the first rule whose condition holds (None: the default rule)."""

    condition: Any  # a parsed expression tree, or None for the default rule
    source: str | None  # the condition as written
    goto: str
    pos: Pos


class Check(NamedTuple):
    """A condition on an answer together with the answers before it: when it holds, the answer
    is refused with `say` (a start date that makes the pupil 12, say)."""

    condition: Any  # a parsed expression tree; the node's own id names the answer being given
    source: str  # the condition as written
    say: str  # Swedish, what the guide replies
    pos: Pos


class Node(Record):
    """One step of a flow: a message, a question, a glossary term, a jump or an outcome."""

    id: str
    kind: str
    flow: str
    pos: Pos
    text: str = ""
    note: str | None = None
    sources: tuple[str, ...] = ()
    export: str | None = None
    skippable: bool = False
    local: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    rules: tuple[Rule, ...] = ()
    checks: tuple[Check, ...] = ()
    minimum: Any = None
    maximum: Any = None
    integer: bool = False
    max_length: int | None = None
    samples: tuple = ()
    subjects: tuple[str, ...] = ()
    term: str | None = None
    jump_flow: str | None = None
    is_question: bool = False  # it takes an answer (set from the kind's entry in kinds.py)
    key_pos: Any = Factory(dict)  # key -> Pos of its value
    _uncompared = frozenset({"key_pos"})

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    def where(self, key: str) -> Pos:
        return self.key_pos.get(key, self.pos)


class Computed(NamedTuple):
    """A value a calculator derives from earlier answers (eligibility from the grades)."""

    id: str
    calculator: str
    inputs: Mapping[str, str]
    pos: Pos


class Flow(Record):
    """One conversation: its nodes by id, where it starts and what it computes."""

    id: str
    title: str
    start: str
    nodes: Mapping[str, Node]
    computed: tuple[Computed, ...]
    path: Path
    pos: Pos
    description: str = ""
    menu: str | None = None  # the node "to the menu" goes back to, if this flow is the menu

    @property
    def start_node(self) -> Node:
        return self.nodes[self.start]


class GlossaryTerm(NamedTuple):
    """A Swedish school word and its plain explanation, with the facts behind it."""

    id: str
    term: str
    explanation: str
    facts: tuple[str, ...]
    pos: Pos


class Source(NamedTuple):
    """A document facts rest on: a web page or one of the documents the project started from."""

    id: str
    publisher: str
    title: str
    as_of: date | None  # the document's own date; None when it is not known
    url: str | None  # a web address, or None for a document
    document: str | None  # "sources/NNN" for a document the project started from
    pos: Pos


class Fact(NamedTuple):
    """A rule of the school system as the content states it, with its source and how sure it is."""

    id: str
    text: str
    source: str  # the id of a Source
    confidence: str  # high, medium or low, as the fact sheet marks it
    scope: str  # national, or local (it varies: the guide says to ask the SYV)
    pos: Pos


class ProfileEntry(NamedTuple):
    """One piece of local information from a municipality's profile."""

    topic: str
    text: str
    url: str | None
    pos: Pos


class Profile(Record):
    """A municipality's local information: schools, dates, routines, contacts."""

    id: str
    name: str
    example: bool
    as_of: date | None
    entries: tuple[ProfileEntry, ...]
    root: Path
    templates_dir: Path | None = None

    def entries_for(self, topic: str) -> list[ProfileEntry]:
        return [entry for entry in self.entries if entry.topic == topic]


class Topic(NamedTuple):
    """A heading of the intake document: the summary screen and every export use the same ones,
    in the order of the topics file."""

    id: str
    title: str  # Swedish
    pos: Pos


class Bundle(Record):
    """Everything the guide shows and decides by: flows, glossary, facts, topics, eligibility
    rules, languages, and an optional local profile."""

    flows: Mapping[str, Flow]
    glossary: Mapping[str, GlossaryTerm]
    facts: Mapping[str, Fact]
    topics: Mapping[str, Topic]
    rules: tuple[RuleSet, ...]
    languages: Languages
    sources: Mapping[str, Source] = Factory(dict)
    health_words: tuple[str, ...] = ()  # free text with these gets a reminder (content/health_words.yaml)
    profile: Profile | None = None

    @property
    def nodes(self) -> Mapping[str, Node]:
        """Every node of every flow by id (ids are unique in the bundle)."""
        return self._node_index

    def __post_init__(self):
        index = {}
        for flow in self.flows.values():
            for node in flow.nodes.values():
                index.setdefault(node.id, node)
        object.__setattr__(self, "_node_index", MappingProxyType(index))
        computed = {c.id: (flow, c) for flow in self.flows.values() for c in flow.computed}
        object.__setattr__(self, "_computed", MappingProxyType(computed))

    @property
    def computed(self) -> Mapping[str, tuple[Flow, Computed]]:
        return self._computed

    @property
    def menu(self) -> Node | None:
        """Where "to the menu" goes at the end of a path: the menu of the start flow (or of the
        first flow that has one)."""
        flows = sorted(self.flows.values(), key=lambda flow: flow.id != "start")
        for flow in flows:
            if flow.menu in flow.nodes:
                return flow.nodes[flow.menu]
        return None

    def rules_for(self, as_of: date | None = None) -> RuleSet:
        """The eligibility rules in force on `as_of` (default today)."""
        return rules_in_force(self.rules, as_of)

    def source_of(self, fact_id: str) -> Source | None:
        """The document a fact rests on."""
        fact = self.facts.get(fact_id)
        return self.sources.get(fact.source) if fact is not None else None

    def language(self, code: str | None) -> Language:
        """The shipped language a code means (UnknownLanguage if none)."""
        return self.languages.require(code)

    def successors(self, node: Node) -> list[str]:
        """Where a node can lead: its rule and option targets, or the start of a jumped-to flow."""
        if node.kind == "jump":
            flow = self.flows.get(node.jump_flow or "")
            return [flow.start] if flow and flow.start in flow.nodes else []
        # (plain loops: a large bundle asks this for every node, and most have one or two ways)
        index = self._node_index
        out: list[str] = []
        for option in node.options:
            target = option.goto
            if target and target not in out and target in index:
                out.append(target)
        for rule in node.rules:
            target = rule.goto
            if target not in out and target in index:
                out.append(target)
        return out

    def __reduce__(self):
        # Pickled as its fields (see compiled.py); the read-only indexes are rebuilt on load.
        return (
            Bundle,
            (
                self.flows, self.glossary, self.facts, self.topics, self.rules, self.languages, self.sources,
                self.health_words, self.profile,
            ),  # fmt: skip
        )
