"""Read YAML with positions, so every later error can name file, line and column.

PyYAML's composer keeps a mark on every node; we turn the node tree into dicts and lists that
remember where each value stood. Only the safe tags are honoured (it is the safe loader's
constructor that builds every scalar), and YAML 1.1's unquoted yes/no/on/off are kept recognisable
so the schema can refuse them where a string is expected.
"""

from __future__ import annotations

import functools
import gc
import stat
from pathlib import Path

import yaml

from imguide.core.content.diagnostics import Diagnostic
from imguide.core.content.positions import Pos, Positions, new_pos

MAX_FILE_BYTES = 1_000_000
# A content file is read into at most this many values, nested at most this deep: an alias that
# refers to itself, or aliases of aliases (a "billion laughs"), end in a diagnostic, not a hang.
MAX_VALUES = 250_000
MAX_DEPTH = 100


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Composer(_Loader):
    """The safe loader, with libyaml's composer where installed (about ten times faster than the
    pure-Python one, and it keeps the same marks).

    For every value the composer calls three Python hooks. This loader has no path resolvers, so
    the tag of a value depends on its kind, text and quoting alone: worked out by `_tag` (what
    PyYAML's resolve does, without the path rules and their bookkeeping) and remembered once per
    file; the path hooks, which would do nothing, are builtins that do nothing faster."""

    # The implicit resolvers by first character, with the ones for any character after them
    _by_first = {
        first: tuple(resolvers) + tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
        for first, resolvers in _Loader.yaml_implicit_resolvers.items()
        if first is not None
    }
    _any_first = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))

    def __init__(self, stream):
        super().__init__(stream)
        self.resolve = functools.lru_cache(maxsize=None)(self._tag)
        self.descend_resolver = {}.get  # (parent, index) -> None
        self.ascend_resolver = tuple  # () -> ()

    def _tag(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:  # a plain scalar: yes, 12 or 2026-01-01 may be more than text
                for tag, pattern in self._by_first.get(value[:1], self._any_first):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def dispose(self):
        # yaml.compose ends here: the remembered tags (which refer back to this loader) go now
        super().dispose()
        del self.resolve


_STR_TAG = "tag:yaml.org,2002:str"
_TAG_WORDS = {"timestamp": "date or time", "int": "whole number", "float": "number", "bool": "yes/no value", "binary": "base64 value"}


class YamlBool:
    """An unquoted boolean word. Truthy like the bool, but remembers how it was written."""

    def __init__(self, value: bool, raw: str):
        self.value = value
        self.raw = raw

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, YamlBool) else other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"YamlBool({self.raw!r})"


class Located(dict):
    """A mapping that knows where it and each of its values stood."""

    # Slots, and a position made only when asked for: a large bundle has tens of thousands.
    __slots__ = ("_file", "_mark", "key_pos", "value_pos")

    @property
    def pos(self) -> Pos:
        return new_pos(Pos, (self._file, self._mark.line + 1, self._mark.column + 1))


class LocatedList(list):
    __slots__ = ("_file", "_mark", "item_pos")

    @property
    def pos(self) -> Pos:
        return new_pos(Pos, (self._file, self._mark.line + 1, self._mark.column + 1))


def plain(value):
    """The same value as ordinary dicts and lists, for keeping in the model (it is pickled)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


class _Builder:
    def __init__(self, file: str, anchors: bool = True):
        self.file = file
        self.constructor = yaml.SafeLoader("")  # used only to construct scalars safely
        self.built = 0
        # Only a file with anchors (&name) can make an alias stand inside what it names.
        self.anchors = anchors
        self.open: set[int] = set()  # the collections being built now

    def build(self, node: yaml.Node, depth: int = 0):
        self.built += 1
        if self.built > MAX_VALUES:
            self._too_far(node, f"the file expands to more than {MAX_VALUES:,} values; aliases (*name) repeat too much")
        if depth > MAX_DEPTH:
            self._too_far(node, f"values are nested more than {MAX_DEPTH} levels deep")
        kind = node.__class__
        if kind is not yaml.MappingNode and kind is not yaml.SequenceNode:
            return node.value if node.tag == _STR_TAG else self._scalar(node)
        collection = self._mapping if kind is yaml.MappingNode else self._list
        if not self.anchors:
            return collection(node, depth)
        if id(node) in self.open:
            self._too_far(node, "an alias (*name) stands inside the value it names (&name)")
        self.open.add(id(node))
        try:
            return collection(node, depth)
        finally:
            self.open.discard(id(node))

    def _list(self, node: yaml.SequenceNode, depth: int) -> LocatedList:
        out = LocatedList()
        out._file, out._mark = self.file, node.start_mark
        out.item_pos = Positions(self.file, [item.start_mark for item in node.value])
        for item in node.value:
            out.append(self.build(item, depth + 1))
        return out

    def _too_far(self, node: yaml.Node, problem: str):
        raise YamlProblem(Diagnostic("IMG031", problem, self.file, *_line_col(node)))

    def _scalar(self, node: yaml.ScalarNode):
        """A value that YAML did not read as text (build() takes text itself): bool, number, date..."""
        if node.tag == "tag:yaml.org,2002:bool" and not node.style:
            value = self.constructor.bool_values.get(node.value.lower())  # what construct_yaml_bool reads
            if value is not None:
                return YamlBool(value, node.value)
            # `!!bool maybe`: the constructor below fails on it, and the diagnostic says why
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            # PyYAML builds dates and numbers itself: 2026-13-01 or 25:61:61 fail with ValueError
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            if "digits" in problem and "limit" in problem.lower():  # int() refuses over 4,300 digits
                problem = "the number has far too many digits"
            raise YamlProblem(
                Diagnostic("IMG010", f"cannot read the value {_short(node.value)}: {problem}", self.file, *_line_col(node))
            ) from None
        except (ArithmeticError, AttributeError, TypeError, IndexError, KeyError):
            # a tag forced on a value it does not fit (`!!timestamp x`) fails deep inside PyYAML
            tag = node.tag.rsplit(":", 1)[-1]
            problem = f"it is not a {_TAG_WORDS.get(tag, tag)}"
            raise YamlProblem(
                Diagnostic("IMG010", f"cannot read the value {_short(node.value)}: {problem}", self.file, *_line_col(node))
            ) from None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Located:
        out = Located()
        out._file, out._mark = self.file, node.start_mark
        key_marks, value_marks = {}, {}
        out.key_pos, out.value_pos = Positions(self.file, key_marks), Positions(self.file, value_marks)
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise YamlProblem(Diagnostic("IMG011", "a key must be a plain word", self.file, *_line_col(key_node)))
            key = key_node.value if key_node.tag == _STR_TAG else self._key(key_node)
            if key in out:
                raise YamlProblem(
                    Diagnostic(
                        "IMG002",
                        f"the key '{key}' appears twice in the same mapping; keep one",
                        self.file,
                        *_line_col(key_node),
                    )
                )
            if (
                value_node.__class__ is yaml.ScalarNode
                and value_node.tag == _STR_TAG
                and depth < MAX_DEPTH
                and self.built < MAX_VALUES
            ):
                self.built += 1  # most values are text: taken here, without a call to build()
                out[key] = value_node.value  # (build() says when a limit is reached)
            else:
                out[key] = self.build(value_node, depth + 1)
            key_marks[key] = key_node.start_mark
            value_marks[key] = value_node.start_mark
        return out

    def _key(self, key_node: yaml.ScalarNode) -> str:
        """A key that YAML did not read as text: a number is kept as its text, anything else refused."""
        key = self._scalar(key_node)
        if isinstance(key, YamlBool):
            raise YamlProblem(
                Diagnostic(
                    "IMG012",
                    f"the key {key.raw} is read as a boolean by YAML 1.1; write it in quotes: \"{key.raw}\"",
                    self.file,
                    *_line_col(key_node),
                )
            )
        if not isinstance(key, (str, int)):
            raise YamlProblem(Diagnostic("IMG011", f"a key must be a plain word, not {key!r}", self.file, *_line_col(key_node)))
        return str(key)


def _short(value: str) -> str:
    """A value as a one-line message quotes it (a 5,000-digit number is shortened)."""
    return repr(value if len(value) <= 40 else value[:30] + "…" + value[-5:])


def _line_col(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _line_col_at(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of the character at `index`."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, display: str | None = None) -> str:
    """Read a content file as UTF-8, refusing huge or undecodable files with a clear diagnostic."""
    name = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or a device would block or never end: only plain files are read
            raise YamlProblem(Diagnostic("IMG025", "not a plain file (a pipe, a device or a folder): give a YAML file", name))
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(
                Diagnostic(
                    "IMG014",
                    f"the file is {size:,} bytes; content files are at most {MAX_FILE_BYTES:,} bytes — split it",
                    name,
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise YamlProblem(Diagnostic("IMG025", f"cannot read the file: {error.strerror or error}", name)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlProblem(
            Diagnostic("IMG013", "the file is not UTF-8; save it as UTF-8 text", name, line, column)
        ) from None


def load_yaml(path: Path, display: str | None = None):
    """Parse one YAML file into Located/LocatedList values. Raises YamlProblem."""
    name = display or str(path)
    return parse_yaml(read_text(path, name), name)


def parse_yaml(text: str, name: str):
    """Parse YAML text (from the file `name`) into Located/LocatedList values, with the caps on
    nesting and aliases. Raises YamlProblem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Composing and building make many small objects that can never form a cycle; the cyclic GC
    # would run over them again and again for nothing, so it is paused meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = yaml.compose(text, Loader=_Composer)
        if node is None:
            return None
        return _Builder(name, anchors="&" in text).build(node)
    except yaml.reader.ReaderError as error:
        # a character YAML does not allow (NUL, ESC and the other controls): no mark, a position
        line, column = _line_col_at(text, error.position)
        raise YamlProblem(
            Diagnostic("IMG010", f"malformed YAML: {error.reason}; remove the character here", name, line, column)
        ) from None
    except UnicodeEncodeError as error:
        # text decoded with surrogates escaped (never by read_text): libyaml takes only UTF-8
        line, column = _line_col_at(text, error.start)
        raise YamlProblem(Diagnostic("IMG013", "the text is not UTF-8; save it as UTF-8 text", name, line, column)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = error.problem or "syntax error"
        raise YamlProblem(
            Diagnostic("IMG010", f"malformed YAML: {problem}; check indentation and quotes", name, line, column)
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem(Diagnostic("IMG010", f"malformed YAML: {error}", name)) from None
    finally:
        if was_enabled:
            gc.enable()
