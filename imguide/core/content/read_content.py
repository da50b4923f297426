"""Reading the content beside the flows: the glossary, the facts and the sources they rest on, the
topics of the intake document and a municipality's local profile. Problems become coded
diagnostics with file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from imguide.core.content.model import LOCAL_TOPICS, Fact, GlossaryTerm, Profile, ProfileEntry, Source, Topic
from imguide.core.content.positions import Pos
from imguide.core.content.read_flows import ID_PATTERN
from imguide.core.content.reader import Reader, read_mapping_file
from imguide.core.content.yaml_source import Located

URL = re.compile(r"^https?://\S+$")
DOCUMENT = re.compile(r"^sources/\d{3}$")


def read_glossary(reader: Reader, path: Path) -> dict[str, GlossaryTerm]:
    data = read_mapping_file(reader, path, "the glossary")
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
        data = read_mapping_file(reader, path, "a facts file")
        if data is None:
            continue
        reader.keys(data, {"format", "facts"}, ["facts"], "a facts file")
        reader.format_version(data, "a facts file")
        items = data.get("facts")
        if not isinstance(items, list):
            continue
        allowed = {"id", "text", "source", "confidence", "scope", "note"}
        for item in reader.mappings(items, "a fact", allowed, ["id", "text", "source", "confidence"]):
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
        data = read_mapping_file(reader, file, "a profile file")
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
        if "entries" not in data:
            continue  # a file of the folder may hold only the header
        items = data["entries"]
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


def read_topics(reader: Reader, path: Path) -> dict[str, Topic]:
    """The topics of the intake document, in the order the summary and the exports show them."""
    data = read_mapping_file(reader, path, "the topics file")
    if data is None:
        return {}
    reader.keys(data, {"format", "topics"}, ["topics"], "the topics file")
    reader.format_version(data, "the topics file")
    items = data.get("topics")
    topics: dict[str, Topic] = {}
    if not isinstance(items, list):
        if "topics" in data:
            reader.report("IMG011", "'topics' must be a list of {id, title}", data.value_pos["topics"])
        return topics
    for item in reader.mappings(items, "a topic", {"id", "title", "note"}, ["id", "title"]):
        topic_id = reader.string(item, "id") or ""
        if topic_id and not ID_PATTERN.match(topic_id):
            reader.report("IMG011", f"the topic id '{topic_id}' must be lower case letters, digits and _", item.value_pos["id"], topic_id)
        if topic_id in topics:
            reader.report("IMG002", f"the topic '{topic_id}' is defined twice", item.pos, topic_id)
            continue
        if topic_id:
            topics[topic_id] = Topic(topic_id, reader.string(item, "title", topic_id, required=True) or topic_id, item.pos)
    return topics


def read_sources(reader: Reader, path: Path) -> dict[str, Source]:
    """The documents facts rest on, each with its own date (or `unknown`)."""
    data = read_mapping_file(reader, path, "the sources file")
    if data is None:
        return {}
    reader.keys(data, {"format", "sources"}, ["sources"], "the sources file")
    reader.format_version(data, "the sources file")
    items = data.get("sources")
    sources: dict[str, Source] = {}
    if not isinstance(items, list):
        if "sources" in data:
            reader.report("IMG011", "'sources' must be a list of {id, url or document, publisher, title, as_of}", data.value_pos["sources"])
        return sources
    allowed = {"id", "url", "document", "publisher", "title", "as_of", "note"}
    for item in reader.mappings(items, "a source", allowed, ["id", "publisher", "title", "as_of"]):
        source_id = reader.string(item, "id") or ""
        if source_id and not ID_PATTERN.match(source_id):
            reader.report("IMG011", f"the source id '{source_id}' must be lower case letters, digits and _", item.value_pos["id"], source_id)
        if source_id in sources:
            reader.report("IMG002", f"the source '{source_id}' is listed twice", item.pos, source_id)
            continue
        url, document = reader.string(item, "url", source_id), reader.string(item, "document", source_id)
        if (url is None) == (document is None):
            reader.report("IMG011", "a source has either a 'url' or a 'document' (sources/NNN)", item.pos, source_id)
        elif url is not None and not URL.match(url):
            reader.report("IMG011", f"'{url}' is not a web address (https://...)", item.value_pos["url"], source_id)
        elif document is not None and not DOCUMENT.match(document):
            reader.report("IMG011", f"'{document}' is not a document of the project (sources/NNN)", item.value_pos["document"], source_id)
        as_of = None
        if item.get("as_of") != "unknown":
            as_of = reader.a_date(item, "as_of", source_id)
        if source_id:
            sources[source_id] = Source(
                id=source_id,
                publisher=reader.string(item, "publisher", source_id, required=True) or "",
                title=reader.string(item, "title", source_id, required=True) or "",
                as_of=as_of,
                url=url,
                document=document,
                pos=item.pos,
            )
    return sources


def read_health_words(reader: Reader, path: Path) -> tuple[str, ...]:
    """The words that earn free text a reminder about health details, of every language."""
    data = read_mapping_file(reader, path, "the health words file")
    if data is None:
        return ()
    reader.keys(data, {"format", "words"}, ["words"], "the health words file")
    reader.format_version(data, "the health words file")
    by_language = data.get("words")
    if not isinstance(by_language, Located):
        reader.report("IMG011", "'words' must map language codes to lists of words", data.value_pos.get("words", data.pos))
        return ()
    words: list[str] = []
    for code in by_language:
        words += [word.casefold() for word in reader.string_list(by_language, code) if word.strip()]
    return tuple(dict.fromkeys(words))
