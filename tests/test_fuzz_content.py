"""Content fuzzing: the shipped content, copied and mutated, always ends in coded diagnostics (or,
for a session file, LeftOut entries or one clean refusal): never an uncaught exception, never a
hang.

Every file the guide reads is mutated here: the flows, the glossary, the facts, the sources, the
topics, the eligibility rules, the language list, the health words, the example profile, the
gettext catalogs and saved sessions. A mutation changes the YAML's structure (a scalar for a list
or a mapping, a key deleted, duplicated or misspelt, a value of another type), writes raw YAML that
PyYAML treats specially (tags such as `!!python/object`, `!!timestamp x`, huge numbers, NaN,
impossible dates, aliases that refer to themselves or multiply), or damages the bytes (a file cut at
any offset, invalid UTF-8, a BOM, NUL and control characters, lines deleted, doubled or moved).

The examples are derandomized, so CI sees the same ones on every run; IMGUIDE_SOAK=N multiplies
their number by N (`make soak`).
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import shutil
import signal
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from imguide.core.content.diagnostics import CATALOGUE
from imguide.core.content.loader import ContentFiles, read_bundle

from hostile import HOSTILE, unsafe_on_screen

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "imguide"
SOAK = max(1, int(os.environ.get("IMGUIDE_SOAK", "1") or "1"))
HANG_SECONDS = 20  # one example: far more than any read takes (about 0.1 s)


def fuzz_settings(examples: int) -> settings:
    """The same examples on every run (derandomized, no example database), no deadline (a busy CI
    machine), and IMGUIDE_SOAK times as many for `make soak`."""
    return settings(
        max_examples=examples * SOAK,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        phases=(Phase.explicit, Phase.generate),  # a failure is reported as found: shrinking can take minutes
        suppress_health_check=list(HealthCheck),
    )


@contextlib.contextmanager
def no_hang(what: str, seconds: int = HANG_SECONDS):
    """Fail instead of hanging: SIGALRM interrupts a read that takes far too long."""

    def expired(signum, frame):
        raise AssertionError(f"{what} took more than {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- mutations


# Raw YAML a value can be replaced with: tags PyYAML treats specially, numbers and dates it builds
# itself, aliases, and syntax that is not YAML at all.
YAML_TOKENS = [
    "!!python/object:os.system x",
    "!!python/object/apply:os.system ['ls']",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!!timestamp x",
    "!!timestamp 2026-13-01",
    "!!int x",
    "!!int ''",
    "!!float abc",
    "!!bool maybe",
    "!!binary '###'",
    "!!null x",
    "!!str",
    "!!seq x",
    "!!map x",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!merge x",
    "!!value x",
    "!custom x",
    "!<tag:evil.example,2026:x> y",
    "2026-13-01",
    "2026-02-30",
    "2026-01-01T25:61:61",
    "2026-01-01 10:00:00",
    "0000-01-01",
    "12:30:00",
    "9" * 5000,
    "-" + "9" * 400,
    "0x" + "F" * 100,
    "0o777",
    "0b101",
    "1_000",
    "190:20:30",
    "+.5e10",
    "1e400",
    "-1e400",
    ".nan",
    ".inf",
    "-.inf",
    ".NaN",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "&a [*a]",
    "&b {x: *b}",
    "*nowhere",
    "&a x",
    "{",
    "[",
    "]",
    "}",
    "'unterminated",
    '"unterminated',
    '"\\xZZ bad escape"',
    "|",
    ">",
    "? a",
    "<<: *x",
    "{a: 1, a: 2}",
    "[a, b, [c, {d: e}]]",
    "\t tab",
    "@reserved",
    "`backtick",
    "%",
    "- - - -",
    "[" * 60 + "]" * 60,
    "'" + "x" * 20_000 + "'",
    "\"\\u202e\\x1b[31m\\0\"",
]

# Whole files that stand for a file someone emptied, overwrote or crafted.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)
SPECIAL_FILES = [
    "",
    "\n",
    "# only a comment\n",
    "---\n...\n",
    "---\na: 1\n---\nb: 2\n",
    "- a\n- b\n",
    "just some text\n",
    "42\n",
    "null\n",
    "[]\n",
    "{}\n",
    "format: 1\n",
    "format: 2\n",
    BOMB,
    "format: 1\nx: &a [*a]\n",
    "format: 1\nx: &a {y: *a}\n",
    "format: 1\nx: " + "[" * 500 + "]" * 500 + "\n",
    "format: 1\nx: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "format: 1\n" + "".join("  " * i + f"k{i}:\n" for i in range(300)),
    "format: 1\nx: " + "9" * 900_000 + "\n",
    "format: 1\nx: " + "y" * 1_100_000 + "\n",
    "%YAML 1.1\n%TAG ! tag:evil.example,2026:\n---\n!x {a: 1}\n",
    "? [a, b]\n: c\n",
    "? {a: b}\n: c\n",
    "!!python/object/new:os.system [echo]\n",
    "\ufeff\ufeffformat: 1\n",
    "format: 1\n\x00\n",
]

BYTE_JUNK = [
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\x00",
    b"\xef\xbb\xbf",  # a BOM in the middle
    b"\x1b[31m",
    b"\r",
    b"\t",
    b"\x7f\x85\x9b",
    b"\n  - ",
    b": ",
    b"&x ",
    b"*x ",
    b"!!timestamp ",
    b"#",
    b"'",
    b'"',
    b"\\",
]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a YAML value: a tuple of keys and indexes from the root (to a depth of 40:
    an alias may have made the value refer to itself)."""
    found = [prefix]
    if len(prefix) > 40:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, prefix + (index,))
    return found


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


WILD_VALUES: list[Callable[[], Any]] = [
    lambda: None,
    lambda: True,
    lambda: False,
    lambda: 0,
    lambda: -1,
    lambda: 2**70,
    lambda: 10**400,
    lambda: 1.5,
    lambda: float("nan"),
    lambda: float("inf"),
    lambda: -float("inf"),
    lambda: "",
    lambda: " ",
    lambda: "x" * 5000,
    lambda: [],
    lambda: {},
    lambda: [1, [2, [3]]],
    lambda: {"a": {"b": None}},
    lambda: {1: "number key", None: "null key", True: "bool key"},
    lambda: date(2026, 1, 1),
    lambda: datetime(2026, 1, 1, 10, 0),
    lambda: "2026-13-01",
    lambda: _nested(150),
    lambda: _nested(20),
]


def structural(draw, text: str) -> str:
    """A change to the YAML's structure: one value replaced, deleted, wrapped or unwrapped."""
    try:
        data = yaml.safe_load(text)
    except Exception:  # noqa: BLE001 - the fuzzer's own step: PyYAML fails in many ways on what an earlier mutation left
        return text  # no YAML to change the structure of
    places = _paths(data)
    path = places[draw(st.integers(0, len(places) - 1))]
    value = _get(data, path) if path else data
    operation = draw(st.sampled_from(["replace", "hostile", "delete", "wrap", "unwrap", "to_list", "to_mapping", "double", "rename"]))
    if operation == "replace":
        new = draw(st.sampled_from(WILD_VALUES))()
    elif operation == "hostile":
        new = draw(st.sampled_from(HOSTILE))
    elif operation == "wrap":
        new = [value]
    elif operation == "unwrap":
        new = (list(value.values())[0] if isinstance(value, dict) and value else value[0] if isinstance(value, list) and value else value)
    elif operation == "to_list":
        new = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else [value, value]
    elif operation == "to_mapping":
        new = {str(i): item for i, item in enumerate(value)} if isinstance(value, list) else {"value": value}
    elif operation == "double":
        new = value + value if isinstance(value, list) else {**value, **{f"{k}_2": v for k, v in value.items()}} if isinstance(value, dict) else str(value) * 2
    elif operation == "rename" and path and isinstance(path[-1], str):
        parent = _get(data, path[:-1])
        typo = draw(st.sampled_from([path[-1] + "s", path[-1][:-1], path[-1].upper(), "", " " + path[-1]]))
        parent[typo] = parent.pop(path[-1])
        new = None
        path = ()  # done in place
    else:  # delete (or a rename of a list item)
        if path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        else:
            data = None
        return _dump(data, text)
    if operation != "rename":
        if path:
            _get(data, path[:-1])[path[-1]] = new
        else:
            data = new
    return _dump(data, text)


def _dump(data: Any, text: str) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    except Exception:  # noqa: BLE001 - the fuzzer's own step: a value an alias made refer to itself
        return text


def token(draw, text: str) -> str:
    """A value on one line replaced by raw YAML (a tag, a number or date PyYAML builds, an alias,
    broken syntax), or such a line added."""
    lines = text.splitlines(keepends=True) or ["\n"]
    index = draw(st.integers(0, len(lines) - 1))
    raw = draw(st.sampled_from(YAML_TOKENS))
    line = lines[index]
    if ": " in line and draw(st.booleans()):
        head = line.split(": ", 1)[0]
        lines[index] = f"{head}: {raw}\n"
    elif line.lstrip().startswith("- ") and draw(st.booleans()):
        indent = line[: len(line) - len(line.lstrip())]
        lines[index] = f"{indent}- {raw}\n"
    else:
        indent = line[: len(line) - len(line.lstrip())]
        lines.insert(index, f"{indent}{draw(st.sampled_from(['id', 'format', 'text', 'x', 'nodes', 'code']))}: {raw}\n")
    return "".join(lines)


def lines_changed(draw, text: str) -> str:
    """A line deleted, doubled (a duplicated key), moved, indented or dedented."""
    lines = text.splitlines(keepends=True) or ["\n"]
    index = draw(st.integers(0, len(lines) - 1))
    operation = draw(st.sampled_from(["delete", "double", "swap", "indent", "dedent", "crlf", "tabs"]))
    if operation == "delete":
        del lines[index]
    elif operation == "double":
        lines.insert(index, lines[index])
    elif operation == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif operation == "indent":
        lines[index] = "  " + lines[index]
    elif operation == "dedent":
        lines[index] = lines[index][2:] if lines[index].startswith("  ") else lines[index].lstrip()
    elif operation == "crlf":
        lines = [line.replace("\n", "\r\n") for line in lines]
    else:
        lines[index] = lines[index].replace("  ", "\t")
    return "".join(lines)


def damaged(draw, data: bytes) -> bytes:
    """The bytes damaged: cut at an offset, junk inserted, a range removed, or a BOM in front."""
    operation = draw(st.sampled_from(["truncate", "insert", "remove", "bom", "random"]))
    offset = draw(st.integers(0, len(data)))
    if operation == "truncate":
        return data[:offset]
    if operation == "insert":
        return data[:offset] + draw(st.sampled_from(BYTE_JUNK)) + data[offset:]
    if operation == "remove":
        return data[:offset] + data[offset + draw(st.integers(1, 200)):]
    if operation == "bom":
        return b"\xef\xbb\xbf" + data
    return data[:offset] + draw(st.binary(min_size=1, max_size=16)) + data[offset:]


def mutate(draw, original: bytes) -> bytes:
    """One to three mutations of a YAML file's bytes, of any of the kinds above."""
    family = draw(st.sampled_from(["structural", "token", "lines", "bytes", "special", "mixed"]))
    if family == "special":
        return draw(st.sampled_from(SPECIAL_FILES)).encode("utf-8")
    text = original.decode("utf-8")
    if family == "structural":
        text = structural(draw, text)
    elif family == "token":
        text = token(draw, text)
    elif family == "lines":
        text = lines_changed(draw, text)
    elif family == "mixed":
        for _ in range(draw(st.integers(2, 3))):
            text = draw(st.sampled_from([structural, token, lines_changed]))(draw, text)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate in a value: not UTF-8 any more
    if family in ("bytes", "mixed") and draw(st.booleans()) or family == "bytes":
        data = damaged(draw, data)
    return data


# ---------------------------------------------------------------- the copied content


@dataclass
class Tree:
    root: Path
    files: ContentFiles
    flows: Path
    profile: Path

    def read(self):
        return read_bundle([self.flows], profile=self.profile, files=self.files)


def copy_content(root: Path) -> Tree:
    shutil.copytree(PACKAGE / "flows", root / "flows")
    shutil.copytree(PACKAGE / "content", root / "content")
    content = root / "content"
    files = ContentFiles(
        glossary=content / "glossary.yaml",
        facts=content / "facts",
        sources=content / "sources.yaml",
        health_words=content / "health_words.yaml",
        topics=content / "topics.yaml",
        rules=content / "rules" / "eligibility.yaml",
        languages=content / "languages.yaml",
    )
    return Tree(root, files, root / "flows", content / "profiles" / "example")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Tree:
    return copy_content(tmp_path_factory.mktemp("content"))


TARGETS: dict[str, Callable[[Tree], list[Path]]] = {
    "flow": lambda tree: sorted(tree.flows.glob("*.yaml")),
    "glossary": lambda tree: [tree.files.glossary],
    "facts": lambda tree: sorted(tree.files.facts.glob("*.yaml")),
    "sources": lambda tree: [tree.files.sources],
    "topics": lambda tree: [tree.files.topics],
    "rules": lambda tree: [tree.files.rules],
    "languages": lambda tree: [tree.files.languages],
    "health_words": lambda tree: [tree.files.health_words],
    "profile": lambda tree: sorted(tree.profile.glob("*.yaml")),
}

# Diagnostics about a whole file, or the whole bundle, that have no line to name.
NO_LINE = {"IMG014", "IMG015", "IMG025"}


def diagnostics_problems(diagnostics, mutated: Path) -> list[str]:
    """What is wrong with the diagnostics themselves: an unknown code, no file, no line where the
    problem is inside a file, or more than one line of text (or terminal controls) in the output."""
    problems = []
    for d in diagnostics:
        if d.code not in CATALOGUE:
            problems.append(f"unknown code {d.code}: {d.format()!r}")
            continue
        if not d.file:
            problems.append(f"no file named: {d.format()!r}")
        if d.line < 1 and d.code not in NO_LINE:
            problems.append(f"no line named: {d.format()!r}")
        shown = d.format()
        if unsafe_on_screen(shown):
            problems.append(f"control characters in the diagnostic: {shown[:200]!r}")
        json.dumps(d.to_json())
    return problems


def check_mutation(tree: Tree, target: Path, mutated: bytes) -> list:
    """Write the mutated file, read the whole bundle, restore the file. Returns the diagnostics;
    raises (the test fails) on an exception, a hang or a diagnostic that is not fit to show."""
    original = target.read_bytes()
    target.write_bytes(mutated)
    try:
        with no_hang(f"reading the bundle with {target.name} mutated"):
            bundle, diagnostics = tree.read()
    finally:
        target.write_bytes(original)
    problems = diagnostics_problems(diagnostics, target)
    assert not problems, problems[:5]
    return diagnostics


@pytest.mark.parametrize("kind", list(TARGETS))
def test_mutated_content_ends_in_coded_diagnostics(tree, kind):
    @fuzz_settings(examples=30)
    @given(st.data())
    def run(data):
        target = data.draw(st.sampled_from(TARGETS[kind](tree)), label="file")
        mutated = mutate(data.draw, target.read_bytes())
        check_mutation(tree, target, mutated)

    run()


def test_the_copied_content_is_clean(tree):
    """The starting point: what the fuzzer mutates is the shipped content, read without a problem."""
    bundle, diagnostics = tree.read()
    assert [d.format() for d in diagnostics] == []
    assert bundle.profile is not None and len(bundle.flows) >= 7


@pytest.mark.parametrize("special", range(len(SPECIAL_FILES)))
def test_every_special_file_in_every_place(tree, special):
    """Each crafted file (empty, a bomb, self-reference, deep nesting, over a megabyte, ...) as
    each kind of content file."""
    for kind, files in TARGETS.items():
        target = files(tree)[0]
        diagnostics = check_mutation(tree, target, SPECIAL_FILES[special].encode("utf-8"))
        if SPECIAL_FILES[special].strip() not in ("format: 1", "{}"):
            assert any(d.is_error for d in diagnostics), (kind, SPECIAL_FILES[special][:80])


@pytest.mark.parametrize("raw", YAML_TOKENS, ids=[f"t{i}" for i in range(len(YAML_TOKENS))])
def test_every_yaml_token_as_a_value(tree, raw):
    """Each raw token as the value of a flow's `title` and of a glossary term's `term`."""
    flow = tree.flows / "start.yaml"
    text = flow.read_text(encoding="utf-8").replace("title: Start", f"title: {raw}", 1)
    check_mutation(tree, flow, text.encode("utf-8"))
    glossary = tree.files.glossary
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("term:"))
    lines[first] = lines[first].split("term:")[0] + f"term: {raw}\n"
    check_mutation(tree, glossary, "".join(lines).encode("utf-8"))


# ---------------------------------------------------------------- gettext catalogs


PO_LINES = [
    'msgstr "%(name)s %d {x} [[nowhere]]"',
    'msgstr ""',
    'msgid ""',
    "msgid_plural \"%(n)s saker\"",
    'msgstr[0] "x"',
    'msgstr[7] "x"',
    'msgstr[-1] "x"',
    "msgctxt \"x\"",
    "#, fuzzy",
    "#, python-format, no-python-format",
    "#~ msgid \"gammal\"",
    "#| msgid \"förr\"",
    '"Plural-Forms: nplurals=abc; plural=(n>;\\n"',
    '"Plural-Forms: nplurals=0; plural=0;\\n"',
    '"Plural-Forms: nplurals=99999999999999999999; plural=n;\\n"',
    '"Plural-Forms: nplurals=2; plural=__import__(\'os\').system(\'ls\');\\n"',
    '"Content-Type: text/plain; charset=KOI8-R\\n"',
    '"Content-Type: text/plain; charset=nonexistent-charset\\n"',
    '"Content-Type: text/plain; charset=utf-16\\n"',
    '"Language: xx_YY\\n"',
    '"unterminated',
    '"\\x"',
    '"\\',
    "msgstr",
    "msgid",
    "x" * 10_000,
    '"' + "\\n" * 5000 + '"',
    "\x00",
    "\ufeff",
]


def mutate_po(draw, original: bytes) -> bytes:
    family = draw(st.sampled_from(["line", "lines", "bytes", "header"]))
    if family == "bytes":
        return damaged(draw, original)
    text = original.decode("utf-8")
    if family == "lines":
        return lines_changed(draw, text).encode("utf-8")
    lines = text.splitlines(keepends=True)
    if family == "header":
        index = draw(st.integers(0, min(30, len(lines) - 1)))
    else:
        index = draw(st.integers(0, len(lines) - 1))
    new = draw(st.sampled_from(PO_LINES + [f'msgstr "{h}"' for h in HOSTILE[:40]]))
    if draw(st.booleans()):
        lines[index] = new + "\n"
    else:
        lines.insert(index, new + "\n")
    return "".join(lines).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    from babel.messages.pofile import read_po

    from imguide.core.i18n.catalogs import pot_path

    root = tmp_path_factory.mktemp("locales")
    with open(pot_path(), "rb") as fh:
        template = read_po(fh)
    copies = {}
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/imguide.po")):
        code = po.parent.parent.name
        target = root / code / "LC_MESSAGES" / "imguide.po"
        target.parent.mkdir(parents=True)
        shutil.copy(po, target)
        copies[code] = target
    return template, copies


def test_mutated_catalogs_are_measured_not_crashed_on(catalogs):
    from io import StringIO

    from imguide.core.i18n.catalogs import check_catalog, print_status

    template, copies = catalogs

    @fuzz_settings(examples=40)
    @given(st.data())
    def run(data):
        code = data.draw(st.sampled_from(sorted(copies)), label="language")
        path = copies[code]
        original = path.read_bytes()
        mutated = mutate_po(data.draw, original)
        path.write_bytes(mutated)
        try:
            with no_hang(f"checking the mutated {code} catalog"):
                status = check_catalog(code, False, path, template)
                out = StringIO()
                print_status([status], out=out)
        finally:
            path.write_bytes(original)
        if not status.complete:
            assert status.errors or status.missing or status.fuzzy or status.translated < status.total
        for problem in status.errors:
            assert "\n" not in problem and "\x1b" not in problem, problem[:200]

    run()


# ---------------------------------------------------------------- saved sessions


def _json_values() -> list[Any]:
    return [
        None,
        True,
        False,
        0,
        -1,
        10**100,
        -(10**30),
        1.5,
        -0.0,
        1e308,
        float("nan"),
        float("inf"),
        "",
        "x" * 20_000,
        "2026-13-01",
        "0000-00-00",
        "9999-12-31",
        "start",
        "student",
        [],
        {},
        [None, 1, "a", [], {}],
        {"node": "nowhere", "value": 1},
        {"node": None, "kind": None, "value": None},
        _nested(30),
        json.loads("[" * 400 + "]" * 400),
    ]


JSON_VALUES = _json_values()


def mutate_session(draw, data: dict) -> Any:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        places = _paths(data)
        path = places[draw(st.integers(0, len(places) - 1))]
        operation = draw(st.sampled_from(["value", "hostile", "delete", "unknown_node", "wrap", "add_key", "duplicate"]))
        if operation == "delete" and path:
            del _get(data, path[:-1])[path[-1]]
            continue
        if operation == "add_key":
            target = _get(data, path)
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "node", "value", "kind", "visit", "notes", "continued", "omitted", "version", ""]))] = draw(st.sampled_from(JSON_VALUES))
            continue
        if operation == "duplicate":
            target = _get(data, path)
            if isinstance(target, list) and target:
                target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
            continue
        if operation == "value":
            new = copy.deepcopy(draw(st.sampled_from(JSON_VALUES)))
        elif operation == "hostile":
            new = draw(st.sampled_from(HOSTILE))
        elif operation == "unknown_node":
            new = draw(st.sampled_from(["no_such_node", "start_who", "fit_grades", "intake_interests", "start", "../x", "notes:about", "NODE"]))
        else:
            new = [copy.deepcopy(_get(data, path))]
        if path:
            _get(data, path[:-1])[path[-1]] = new
        else:
            data = new
    return data


SESSIONS = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "examples").glob("session-*.json"))}


def check_session(bundle, data: Any, now=datetime(2026, 3, 2, 9, 30)) -> str:
    """restore() a session, then render every export from it: a clean refusal or LeftOut entries,
    never an exception. Returns what happened, for the figures."""
    from imguide.core.engine.restore import restore
    from imguide.core.engine.session import SessionFormatError
    from imguide.core.export.writer import render_all

    with no_hang("restoring and exporting a mutated session"):
        try:
            restored = restore(bundle, data)
        except SessionFormatError as refused:
            message = str(refused)
            assert message and "\n" not in message and len(message) < 400, message[:500]
            return "refused"
        for item in restored.left_out:
            assert isinstance(item.reason, str) and isinstance(item.value_text, str)
        for line in restored.warnings:
            assert "\n" not in line, line[:300]
        rendered = render_all(bundle, restored.session, ("html", "md", "json"), now=now, left_out=restored.left_out)
        json.loads(rendered["json"])
    return "left out" if restored.left_out else "restored"


def test_mutated_sessions_are_restored_or_refused_in_one_line():
    from test_ui_support import bundle

    shipped = bundle()

    @fuzz_settings(examples=120)
    @given(st.data())
    def run(data):
        name = data.draw(st.sampled_from(sorted(SESSIONS)), label="example")
        check_session(shipped, mutate_session(data.draw, SESSIONS[name]))

    run()


@pytest.mark.parametrize("field", ["version", "lang", "flow", "answers", "omitted", "continued", "notes"])
def test_every_json_type_in_every_session_field(field):
    from test_ui_support import bundle

    shipped = bundle()
    for value in JSON_VALUES + HOSTILE[:20]:
        for name, session in SESSIONS.items():
            check_session(shipped, {**session, field: value})
    answer_fields = ["node", "kind", "value", "visit", "round"]
    for value in JSON_VALUES:
        for key in answer_fields:
            data = copy.deepcopy(SESSIONS["session-en"])
            for answer in data["answers"]:
                answer[key] = value
            check_session(shipped, data)


def test_sessions_that_are_not_objects_are_refused():
    from test_ui_support import bundle

    for value in JSON_VALUES:
        assert check_session(bundle(), value) == "refused"


@pytest.mark.slow
def test_mutated_session_files_through_imguide_export(tmp_path, capsys):
    """The whole command, `imguide export SESSION.json --out DIR`: exit 0 or one line with exit 2,
    never a traceback or an internal error."""
    from imguide.cli import main

    counter = iter(range(10**6))

    @fuzz_settings(examples=25)
    @given(st.data())
    def run(data):
        name = data.draw(st.sampled_from(sorted(SESSIONS)), label="example")
        mutated = mutate_session(data.draw, SESSIONS[name])
        number = next(counter)
        path = tmp_path / f"session-{number}.json"
        text = json.dumps(mutated, ensure_ascii=data.draw(st.booleans()))
        if data.draw(st.booleans()):
            cut = data.draw(st.integers(0, len(text)))
            text = text[:cut]
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        with no_hang("imguide export"):
            code = main(["export", str(path), "--out", str(tmp_path / f"out-{number}")])
        said = capsys.readouterr()
        assert "Traceback" not in said.err and "internal error" not in said.err, said.err[-2000:]
        assert code in (0, 2), (code, said.err[-500:])
        if code == 2:
            assert said.err.count("\n") == 1, said.err[-1000:]

    run()


def test_nan_and_huge_numbers_survive_json():
    """The session values above really are what json.loads can give (NaN, 1e308, a 100-digit int)."""
    assert math.isnan(json.loads("NaN")) and json.loads("1e999") == float("inf")
    assert json.loads(json.dumps(10**100)) == 10**100
