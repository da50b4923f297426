"""What many tests share: the shipped content (read once per test process) and its languages."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from imguide.core.content.loader import SHIPPED, load_bundle
from imguide.core.engine.walks import WalkedPath, enumerate_paths
from imguide.core.i18n.translator import translator

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2025, 8, 1)

_bundle = None


def shipped_bundle():
    """The shipped content read and checked from its YAML (not the compiled cache), once."""
    global _bundle
    if _bundle is None:
        _bundle = load_bundle()
    return _bundle


@cache
def paths_of(flow_id: str) -> tuple[WalkedPath, ...]:
    """Every path through a shipped flow, enumerated once per test process (the eligibility flow
    has thousands, and several tests walk them)."""
    return tuple(enumerate_paths(shipped_bundle(), flow_id))


def lang(code: str):
    """A shipped language by code."""
    return shipped_bundle().language(code)


def t(code: str):
    """The translator of a shipped language."""
    return translator(lang(code))


def rules(as_of: date = AS_OF):
    return shipped_bundle().rules_for(as_of)


RULES_PATH = SHIPPED.rules


@pytest.fixture
def bundle():
    return shipped_bundle()
