"""Read every content file into the model, collecting every problem as a Diagnostic, then check
the whole bundle. `load_bundle` refuses a bundle with errors: a broken bundle never reaches a user.

What is read: the flows (`imguide/flows/*.yaml`, or the paths given), the glossary, the facts and
the sources they rest on, the topics of the intake document, the dated eligibility rules, the
language list, and a local profile when one is given. The cross-file checks are in checker.py.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterable

from imguide.core.content.checker import check_bundle
from imguide.core.content.diagnostics import ContentError, Diagnostic
from imguide.core.content.model import Bundle, Flow
from imguide.core.content.positions import Pos
from imguide.core.content.read_content import (
    read_facts,
    read_glossary,
    read_health_words,
    read_profile,
    read_sources,
    read_topics,
)
from imguide.core.content.read_flows import read_flow
from imguide.core.content.read_rules import read_languages, read_rules
from imguide.core.content.reader import Reader
from imguide.core.records import Record

PACKAGE_DIR = Path(__file__).resolve().parents[2]
FLOWS_DIR = PACKAGE_DIR / "flows"
CONTENT_DIR = PACKAGE_DIR / "content"


class ContentFiles(Record):
    """Where the content beside the flows is read from (the shipped files unless a test says)."""

    glossary: Path = CONTENT_DIR / "glossary.yaml"
    facts: Path = CONTENT_DIR / "facts"
    sources: Path = CONTENT_DIR / "sources.yaml"
    health_words: Path = CONTENT_DIR / "health_words.yaml"
    topics: Path = CONTENT_DIR / "topics.yaml"
    rules: Path = CONTENT_DIR / "rules" / "eligibility.yaml"
    languages: Path = CONTENT_DIR / "languages.yaml"


SHIPPED = ContentFiles()


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
    files: ContentFiles = SHIPPED,
    describe_languages: bool = True,
) -> tuple[Bundle, list[Diagnostic]]:
    """Read every file and check the whole bundle; returns the bundle and all diagnostics.
    `describe_languages=False` (for `imguide check`, which only reports): the language codes are
    checked, their names and directions are not looked up in Babel."""
    # Reading makes hundreds of thousands of small objects and no reference cycles; pausing the
    # cyclic GC meanwhile roughly halves the time on large bundles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_bundle(paths, profile, files, describe_languages)
    finally:
        if was_enabled:
            gc.enable()


def _read_bundle(paths, profile, files: ContentFiles, describe_languages: bool = True) -> tuple[Bundle, list[Diagnostic]]:
    reader = Reader()
    flows: dict[str, Flow] = {}
    named = flow_files(list(paths) if paths else None)
    for path in named:
        flow = read_flow(reader, path, display(path))
        if flow is None or not flow.id:
            continue
        if flow.id in flows:
            reader.report("IMG002", f"the flow id '{flow.id}' is also used by {display(flows[flow.id].path)}", flow.pos)
            continue
        flows[flow.id] = flow
    if not flows and not any(d.is_error for d in reader.diagnostics):
        reader.report("IMG015", "the bundle has no flows: give at least one flow file", Pos(", ".join(map(str, named)) or "(no files)", 0, 0))
    bundle = Bundle(
        flows=flows,
        glossary=read_glossary(reader, files.glossary) if files.glossary.exists() else {},
        facts=read_facts(reader, sorted(files.facts.glob("*.yaml")) if files.facts.is_dir() else []),
        topics=read_topics(reader, files.topics),
        rules=read_rules(reader, files.rules, display(files.rules)),
        languages=read_languages(reader, files.languages, display(files.languages), describe_languages),
        sources=read_sources(reader, files.sources) if files.sources.exists() else {},
        health_words=read_health_words(reader, files.health_words) if files.health_words.exists() else (),
        profile=read_profile(reader, profile) if profile is not None else None,
    )
    return bundle, reader.diagnostics + check_bundle(bundle)


def load_bundle(paths: Iterable[Path] | None = None, profile: Path | None = None, files: ContentFiles = SHIPPED) -> Bundle:
    """The bundle the app and the commands use: checked once, refused if it has errors."""
    bundle, diagnostics = read_bundle(paths, profile, files)
    if any(d.is_error for d in diagnostics):
        raise ContentError(diagnostics)
    return bundle


def display(path: Path) -> str:
    """A path as a person would write it: relative to where they are, when it is below."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
