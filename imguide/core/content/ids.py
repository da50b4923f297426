"""The stable ids of content strings, used as gettext context (msgctxt): a translation is keyed by
what the string is, not by its Swedish words, so it survives edits elsewhere.

    FLOW.title, FLOW.description, FLOW.NODE.text, FLOW.NODE.option.KEY,
    FLOW.NODE.check.N, glossary.TERM.term, glossary.TERM.explanation, topic.TOPIC.title,
    fact.FACT.text
"""

from __future__ import annotations


def text_id(flow: str, node: str) -> str:
    return f"{flow}.{node}.text"


def option_id(flow: str, node: str, key: str) -> str:
    return f"{flow}.{node}.option.{key}"


def check_id(flow: str, node: str, index: int) -> str:
    """What a question says when its `checks` refuse an answer (the index-th check, from 1)."""
    return f"{flow}.{node}.check.{index}"


def flow_title_id(flow: str) -> str:
    return f"{flow}.title"


def flow_description_id(flow: str) -> str:
    return f"{flow}.description"


def term_ids(term: str) -> tuple[str, str]:
    """(the term's word, its explanation)."""
    return f"glossary.{term}.term", f"glossary.{term}.explanation"


def topic_title_id(topic: str) -> str:
    return f"topic.{topic}.title"


def fact_text_id(fact: str) -> str:
    return f"fact.{fact}.text"
