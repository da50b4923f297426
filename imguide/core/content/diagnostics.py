"""Diagnostics: what `imguide check` and the loader report, each with a code from one catalogue."""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Code(NamedTuple):
    code: str
    severity: Severity
    title: str


# The catalogue. docs/diagnostics.md explains each one with a failing example, and every code has
# a test in tests/test_checker.py that triggers it.
CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        Code("IMG001", Severity.ERROR, "unknown target"),
        Code("IMG002", Severity.ERROR, "duplicate id"),
        Code("IMG003", Severity.ERROR, "unreachable node"),
        Code("IMG004", Severity.ERROR, "dead end"),
        Code("IMG005", Severity.ERROR, "cycle with no way out"),
        Code("IMG006", Severity.ERROR, "outcome no path reaches"),
        Code("IMG007", Severity.ERROR, "condition on an unknown name or of the wrong type"),
        Code("IMG008", Severity.WARNING, "option key no rule uses"),
        Code("IMG009", Severity.ERROR, "message text too long for a chat bubble"),
        Code("IMG010", Severity.ERROR, "malformed YAML"),
        Code("IMG011", Severity.ERROR, "unknown key, missing key or wrong type"),
        Code("IMG012", Severity.ERROR, "unquoted yes/no/on/off read as a boolean"),
        Code("IMG013", Severity.ERROR, "file is not UTF-8"),
        Code("IMG014", Severity.ERROR, "file too large"),
        Code("IMG015", Severity.ERROR, "empty bundle"),
        Code("IMG016", Severity.ERROR, "condition does not parse"),
        Code("IMG017", Severity.ERROR, "unknown glossary term"),
        Code("IMG018", Severity.ERROR, "unknown placeholder"),
        Code("IMG019", Severity.ERROR, "unknown fact"),
        Code("IMG020", Severity.ERROR, "fact without a source or confidence"),
        Code("IMG021", Severity.WARNING, "text hard to read (LIX above 45)"),
        Code("IMG022", Severity.ERROR, "unknown local topic"),
        Code("IMG023", Severity.ERROR, "unsupported format version"),
        Code("IMG024", Severity.ERROR, "sample answers missing or not fitting"),
        Code("IMG025", Severity.ERROR, "file cannot be read"),
        Code("IMG026", Severity.ERROR, "eligibility rule that does not hold together"),
        Code("IMG027", Severity.ERROR, "unknown or repeated language"),
        Code("IMG028", Severity.ERROR, "unknown export topic"),
        Code("IMG029", Severity.ERROR, "unknown source"),
        Code("IMG030", Severity.WARNING, "source that no fact uses"),
        Code("IMG031", Severity.ERROR, "YAML that expands too far (aliases, nesting)"),
    ]
}


class Diagnostic(NamedTuple):
    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    node: str = ""

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if not self.file:
            return "-"
        if not self.line:
            return visible(self.file)
        return f"{visible(self.file)}:{self.line}:{self.column}"

    def format(self) -> str:
        """One line for a terminal: a control character quoted from the file is shown escaped,
        never sent (an ESC would steer the terminal, a newline or a bidi override garble the line)."""
        node = f" [{visible(self.node)}]" if self.node else ""
        return f"{self.location()}: {self.severity.value} {self.code}{node}: {visible(self.message)}"

    def to_json(self) -> dict:
        data = self._asdict()
        data["severity"] = self.severity.value
        data["title"] = CATALOGUE[self.code].title
        return data


# C0 and C1 controls (ESC, newline, CSI ...), the line and paragraph separators, and the
# bidirectional controls that would reorder the rest of the line.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character written as an escape (\\x1b, \\u202e)."""
    return _UNSHOWABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


class ContentError(Exception):
    """Raised when a bundle has errors and must not reach a user."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        first = errors[0].format() if errors else "no details"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"the content has errors: {first}{more}")
