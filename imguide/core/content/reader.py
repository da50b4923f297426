"""Reading typed values out of located YAML mappings, recording what is wrong with them as coded
diagnostics with file, line and column: what every content reader (flows, glossary, facts, rules,
languages, topics, profiles) builds on."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from imguide.core.content.diagnostics import Diagnostic
from imguide.core.content.positions import Pos
from imguide.core.content.yaml_source import Located, YamlBool, YamlProblem, load_yaml

FORMAT_VERSION = 1


class Reader:
    """Reads typed values out of located mappings and records what is wrong with them."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, pos: Pos | None, node: str = "") -> None:
        if pos is None:
            self.diagnostics.append(Diagnostic(code, message, node=node))
        else:
            self.diagnostics.append(Diagnostic(code, message, pos.file, pos.line, pos.column, node))

    def keys(self, data: Located, allowed: set[str], required: Iterable[str], what: str, node: str = "") -> None:
        if not allowed.issuperset(data):  # (the usual case, all keys known, in one call)
            for key in data:
                if key not in allowed:
                    hint = closest(key, allowed)
                    extra = f"; did you mean '{hint}'?" if hint else f"; allowed here: {', '.join(sorted(allowed))}"
                    self.report("IMG011", f"unknown key '{key}' in {what}{extra}", data.key_pos[key], node)
        for key in required:
            if key not in data:
                self.report("IMG011", f"{what} needs the key '{key}'", data.pos, node)

    def string(self, data: Located, key: str, node: str = "", required: bool = False) -> str | None:
        value = data.get(key)
        if value.__class__ is str and (not required or value.strip()):
            return value  # the usual case, first: a large bundle asks this a hundred thousand times
        if value is None and key not in data:
            return None
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
        if all(item.__class__ is str for item in value):
            return tuple(value)
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
        for index, item in enumerate(items):
            if not isinstance(item, Located):
                where = items.item_pos[index]  # made only when needed: most lists are all mappings
                self.report("IMG011", f"each item here is {what}: a mapping with {', '.join(required)}", where, node)
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


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, for "did you mean ...?"."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return match[0] if match else None


def read_mapping_file(reader: Reader, path: Path, what: str, display: str | None = None) -> Located | None:
    """A YAML file that must hold a mapping; problems go into the reader, and None comes back."""
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
        where = getattr(data, "pos", None) or Pos(name, 1, 1)
        reader.report("IMG011", f"{what} must be a mapping of keys (like 'id: ...'), but the file holds {kind}", where)
        return None
    return data
