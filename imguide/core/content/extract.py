"""The Babel extraction method for imguide's content: flows, the glossary, topics, facts and
sources (named in pyproject.toml's `[tool.babel.extractors]`).

A content string's gettext context (msgctxt) is its stable id (see imguide.core.content.ids),
which is what `Translator.string` looks up. Local profiles are never extracted: a profile is a
municipality's own words.
"""

from __future__ import annotations

import re
from typing import Iterator

import yaml

from imguide.core.content.ids import (
    check_id,
    fact_text_id,
    flow_description_id,
    flow_title_id,
    option_id,
    term_ids,
    text_id,
    topic_title_id,
)
from imguide.core.content.kinds import KINDS

_LINK = re.compile(r"\[\[([a-z0-9_]+)(?:\|[^\]]*)?\]\]")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")

Extracted = tuple[int, str, tuple[str, str], list[str]]


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """Babel extraction method for imguide's flow files, the glossary, the topics and the facts.

    Yields `(lineno, "pgettext", (string_id, swedish_text), comments)`. The kind of file is told by
    its shape: a mapping with `nodes` is a flow, one with `terms` the glossary, `topics` the topics,
    `facts` a facts file; anything else (profiles) yields nothing. Empty strings are skipped.
    """
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode):
        return
    top = _pairs(root)
    if isinstance(top.get("nodes"), yaml.SequenceNode):
        yield from _extract_flow(top)
    elif isinstance(top.get("terms"), yaml.SequenceNode):
        yield from _extract_glossary(top)
    elif isinstance(top.get("topics"), yaml.SequenceNode):
        yield from _extract_topics(top)
    elif isinstance(top.get("facts"), yaml.SequenceNode):
        yield from _extract_facts(top)


def _extract_flow(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    flow_id = _scalar(top.get("id"))
    if not flow_id:
        return
    yield from _emit(top.get("title"), flow_title_id(flow_id), ["The title of a flow, shown in the progress line and the menus."])
    yield from _emit(top.get("description"), flow_description_id(flow_id), ["One sentence about a flow, shown in the menus."])
    for item in top["nodes"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        node = _pairs(item)
        node_id, kind = _scalar(node.get("id")), _scalar(node.get("kind"))
        if not node_id:
            continue
        question = _scalar(node.get("text"))
        comments = [f"Node kind: {kind} ({KINDS[kind].note})." if kind in KINDS else f"Node kind: {kind}."]
        yield from _emit(node.get("text"), text_id(flow_id, node_id), comments + _note(node))
        checks = node.get("checks")
        if isinstance(checks, yaml.SequenceNode):
            for index, check_item in enumerate(checks.value, 1):
                if isinstance(check_item, yaml.MappingNode):
                    about = [f"The guide's reply when an answer to this question is refused: {_oneline(question)}"]
                    yield from _emit(_pairs(check_item).get("say"), check_id(flow_id, node_id, index), about)
        options = node.get("options")
        if not isinstance(options, yaml.SequenceNode):
            continue
        for option_item in options.value:
            if not isinstance(option_item, yaml.MappingNode):
                continue
            option = _pairs(option_item)
            key = _scalar(option.get("key"))
            if not key:
                continue
            about = f"An answer button ({kind}) for the question: {_oneline(question)}" if question else f"An answer button ({kind})."
            yield from _emit(option.get("label"), option_id(flow_id, node_id, key), [about] + _note(option))


def _extract_glossary(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    for item in top["terms"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        entry = _pairs(item)
        term_id = _scalar(entry.get("id"))
        if not term_id:
            continue
        term = _scalar(entry.get("term"))
        note = _note(entry)
        yield from _emit(
            entry.get("term"),
            term_ids(term_id)[0],
            ["A glossary term. Keep the Swedish word and add the meaning in brackets, e.g. \"behörighet (eligibility)\"."] + note,
        )
        yield from _emit(entry.get("explanation"), term_ids(term_id)[1], [f"Explains the glossary term: {term}"] + note)


def _extract_topics(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    for item in top["topics"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        entry = _pairs(item)
        topic_id = _scalar(entry.get("id"))
        if topic_id:
            about = ["A heading of the intake document and of the summary screen, above the answers on one topic."]
            yield from _emit(entry.get("title"), topic_title_id(topic_id), about + _note(entry))


def _extract_facts(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    for item in top["facts"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        entry = _pairs(item)
        fact_id = _scalar(entry.get("id"))
        if fact_id:
            about = [
                "A fact the guide rests on, shown when the reader asks where a message comes from "
                "(\"Källa\"). Keep Swedish names of laws, authorities and programmes, explained."
            ]
            yield from _emit(entry.get("text"), fact_text_id(fact_id), about + _note(entry))


def _emit(value: yaml.Node | None, string_id: str, comments: list[str]) -> Iterator[Extracted]:
    text = _scalar(value)
    if not text or not text.strip():
        return
    comments = list(comments)
    if _LINK.search(text):
        comments.append("Keep each [[term_id]] link with the same id; in [[term_id|words]] translate only the words.")
    if _PLACEHOLDER.search(text):
        comments.append("Keep each {placeholder} exactly as it is.")
    assert value is not None
    yield value.start_mark.line + 1, "pgettext", (string_id, text), comments


def _pairs(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _scalar(node: yaml.Node | None) -> str:
    """The text of a scalar as the loader reads it (quoted `"yes"` and unquoted `yes` alike)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return ""
    return node.value


def _note(mapping: dict[str, yaml.Node]) -> list[str]:
    note = _oneline(_scalar(mapping.get("note")))
    return [f"Note: {note}"] if note else []


def _oneline(text: str) -> str:
    return " ".join(text.split())
