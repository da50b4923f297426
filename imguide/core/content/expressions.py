"""The condition language of `next` rules: parsed and type-checked when the bundle loads, then
evaluated against a session's answers. No `eval`: a hand-written tokenizer and recursive-descent
parser build a small tree, and only the operators and functions listed here exist.
"""

from __future__ import annotations

import operator
import re
from datetime import date
from typing import Any, Callable, Mapping, NamedTuple

from imguide.core.eligibility import grading
from imguide.core.eligibility.ages import age_on
from imguide.core.records import Record


class ExprSyntaxError(Exception):
    def __init__(self, message: str, offset: int):
        self.offset = offset
        super().__init__(message)


class ExprTypeError(Exception):
    pass


# ---------------------------------------------------------------- types


class Type(Record):
    """A value's type. `keys` lists the allowed option keys of a choice or multi answer;
    `fields` the fields of a record (a computed value, a grades table)."""

    name: str  # bool num str date key keys grades list record null any
    keys: frozenset[str] | None = None
    fields: Mapping[str, "Type"] | None = None
    origin: str = ""  # the node id a key/keys type belongs to, for messages and key-use tracking
    _uncompared = frozenset({"fields"})

    def __str__(self) -> str:
        labels = {
            "key": "an option key",
            "keys": "a list of option keys",
            "num": "a number",
            "str": "text",
            "date": "a date",
            "bool": "true/false",
            "grades": "a grades table",
            "list": "a list",
            "record": "a computed value",
            "null": "null",
            "any": "a value",
        }
        return labels.get(self.name, self.name)


BOOL, NUM, STR, DATE, NULL, ANY = (Type(n) for n in ("bool", "num", "str", "date", "null", "any"))
LIST = Type("list")
GRADE_LETTERS = frozenset(grading.GRADES)
GRADE = Type("key", keys=GRADE_LETTERS, origin="grade")


# ---------------------------------------------------------------- tree


class Lit(NamedTuple):
    """A literal: a number, text, true, false or null."""

    value: Any


class Var(NamedTuple):
    """A name, maybe with fields after dots: an answer, or a field of a computed value."""

    path: tuple[str, ...]
    offset: int = 0


class Call(NamedTuple):
    """A call of one of FUNCTIONS."""

    name: str
    args: tuple
    offset: int = 0


class ListLit(NamedTuple):
    """A list written out: `[a, b]`."""

    items: tuple


class Compare(NamedTuple):
    """A comparison: == != < <= > >= in, not in."""

    op: str
    left: Any
    right: Any
    offset: int = 0


class BoolOp(NamedTuple):
    """`and` or `or` over two or more items."""

    op: str  # and / or
    items: tuple


class Not(NamedTuple):
    """`not` of an item."""

    item: Any


# ---------------------------------------------------------------- tokenizer and parser

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d+)?)
    | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\.)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_ESCAPE = re.compile(r"\\(.)")


def _tokenize(source: str) -> list[tuple[str, Any, int]]:
    tokens, pos = [], 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            bad = source[pos:].lstrip()[:1]
            raise ExprSyntaxError(f"unexpected character {bad!r}", pos)
        start = match.start(match.lastgroup)
        kind, text = match.lastgroup, match.group(match.lastgroup)
        if kind == "num":
            tokens.append(("num", float(text) if "." in text else int(text), start))
        elif kind == "str":
            text = text[1:-1]
            tokens.append(("str", _ESCAPE.sub(r"\1", text) if "\\" in text else text, start))
        elif kind == "name" and text in _KEYWORDS:
            tokens.append(("kw", text, start))
        else:
            tokens.append((kind, text, start))
        pos = match.end()
    tokens.append(("end", None, len(source)))
    return tokens


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class _Parser:
    def __init__(self, source: str):
        self.tokens = _tokenize(source)
        self.i = 0

    def peek(self, kind: str, value: Any = None) -> bool:
        k, v, _ = self.tokens[self.i]
        return k == kind and (value is None or v == value)

    def take(self, kind: str, value: Any = None):
        if not self.peek(kind, value):
            k, v, off = self.tokens[self.i]
            wanted = value if value is not None else kind
            got = "the end" if k == "end" else repr(v)
            raise ExprSyntaxError(f"expected {wanted!r} but found {got}", off)
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self):
        tree = self.or_()
        if not self.peek("end"):
            _, v, off = self.tokens[self.i]
            raise ExprSyntaxError(f"unexpected {v!r}", off)
        return tree

    # The levels below look at the next token directly rather than through peek(): every
    # condition passes through all of them, and a large bundle has thousands.

    def or_(self):
        items = [self.and_()]
        while self.tokens[self.i][1] == "or" and self.tokens[self.i][0] == "kw":
            self.i += 1
            items.append(self.and_())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def and_(self):
        items = [self.not_()]
        while self.tokens[self.i][1] == "and" and self.tokens[self.i][0] == "kw":
            self.i += 1
            items.append(self.not_())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def not_(self):
        if self.tokens[self.i][1] == "not" and self.tokens[self.i][0] == "kw":
            self.i += 1
            return Not(self.not_())
        return self.comparison()

    def comparison(self):
        left = self.primary()
        kind, value, offset = self.tokens[self.i]
        if kind == "op" and value in _COMPARISONS:
            self.i += 1
            return Compare(value, left, self.primary(), offset)
        if kind == "kw" and value == "in":
            self.i += 1
            return Compare("in", left, self.primary(), offset)
        if kind == "kw" and value == "not" and self.tokens[self.i + 1][:2] == ("kw", "in"):
            self.i += 2
            return Compare("not in", left, self.primary(), offset)
        return left

    def primary(self):
        kind, value, offset = self.tokens[self.i]
        if kind in ("num", "str"):
            self.i += 1
            return Lit(value)
        if kind == "kw" and value in ("true", "false", "null"):
            self.i += 1
            return Lit({"true": True, "false": False, "null": None}[value])
        if kind == "op" and value == "(":
            self.i += 1
            inner = self.or_()
            self.take("op", ")")
            return inner
        if kind == "op" and value == "[":
            self.i += 1
            items = []
            while not self.peek("op", "]"):
                items.append(self.primary())
                if not self.peek("op", "]"):
                    self.take("op", ",")
            self.take("op", "]")
            return ListLit(tuple(items))
        if kind == "name":
            self.i += 1
            if self.peek("op", "("):
                self.i += 1
                args = []
                while not self.peek("op", ")"):
                    args.append(self.or_())
                    if not self.peek("op", ")"):
                        self.take("op", ",")
                self.take("op", ")")
                return Call(value, tuple(args), offset)
            path = [value]
            while self.peek("op", "."):
                self.i += 1
                path.append(self.take("name")[1])
            return Var(tuple(path), offset)
        got = "the end" if kind == "end" else repr(value)
        raise ExprSyntaxError(f"expected a value but found {got}", offset)


def parse(source: str):
    if not isinstance(source, str) or not source.strip():
        raise ExprSyntaxError("the condition is empty", 0)
    return _Parser(source).parse()


# ---------------------------------------------------------------- functions


def _passed(grades, subject):
    if not isinstance(grades, Mapping) or not isinstance(subject, str):
        return False
    return grading.passed(grades, subject)


def _count(value):
    return len(value) if isinstance(value, (list, tuple, set, frozenset)) else 0


def _age_on(born, when):
    if not isinstance(born, date) or not isinstance(when, date):
        return None
    return age_on(born, when)


def _age_in_year(born, day):
    """The age one turns in the year of `day` (school years go by the year one turns an age)."""
    if not isinstance(born, date) or not isinstance(day, date):
        return None
    return day.year - born.year


def _date(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class Function(Record):
    """What a function takes and returns, and its implementation."""

    params: tuple[str, ...]  # type names; "any" accepts all
    returns: Type
    impl: Callable


FUNCTIONS: dict[str, Function] = {
    "answered": Function(("any",), BOOL, lambda value: value is not None),
    "passed": Function(("grades", "str"), BOOL, _passed),
    "count": Function(("any",), NUM, _count),
    "age_on": Function(("date", "date"), NUM, _age_on),
    "age_in_year": Function(("date", "date"), NUM, _age_in_year),
    "date": Function(("str",), DATE, _date),
}


# ---------------------------------------------------------------- type checking


class TypeChecker:
    """Checks a tree against the types of the names in scope and records which option keys it
    compares with, so the checker can warn about keys no rule uses."""

    def __init__(self, scope: Mapping[str, Type]):
        self.scope = scope
        self.used_keys: set[tuple[str, str]] = set()  # (node id, key)
        self.names: set[str] = set()

    def check(self, tree) -> Type:
        return _CHECKS[tree.__class__](self, tree)

    def _lit(self, tree: Lit) -> Type:
        value = tree.value
        if value is None:
            return NULL
        if isinstance(value, bool):
            return BOOL
        if isinstance(value, (int, float)):
            return NUM
        return STR

    def _listlit(self, tree: ListLit) -> Type:
        for item in tree.items:
            self.check(item)
        return LIST

    def _var(self, tree: Var) -> Type:
        head, *rest = tree.path
        if head not in self.scope:
            raise ExprTypeError(f"unknown name '{head}': no node or computed value has this id")
        self.names.add(head)
        current = self.scope[head]
        walked = head
        for part in rest:
            if current.name == "grades":
                if part.upper() != part:
                    raise ExprTypeError(f"subject codes are upper case: write {walked}.{part.upper()}")
                current = GRADE
            elif current.name == "record" and current.fields is not None:
                if part not in current.fields:
                    known = ", ".join(sorted(current.fields))
                    raise ExprTypeError(f"'{walked}' has no field '{part}' (it has: {known})")
                current = current.fields[part]
            else:
                raise ExprTypeError(f"'{walked}' is {current}, which has no field '{part}'")
            walked += "." + part
        return current

    def _call(self, tree: Call) -> Type:
        function = FUNCTIONS.get(tree.name)
        if function is None:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExprTypeError(f"unknown function '{tree.name}' (known: {known})")
        if len(tree.args) != len(function.params):
            raise ExprTypeError(f"{tree.name}() takes {len(function.params)} argument(s), not {len(tree.args)}")
        for arg, param in zip(tree.args, function.params):
            got = self.check(arg)
            if param != "any" and got.name not in (param, "null", "any") and not (param == "str" and got.name == "key"):
                raise ExprTypeError(f"{tree.name}() wants {Type(param)} but got {got}")
        if tree.name == "date" and isinstance(tree.args[0], Lit) and _date(tree.args[0].value) is None:
            raise ExprTypeError(f"date({tree.args[0].value!r}) is not a real date; write date('YYYY-MM-DD')")
        return function.returns

    def _not(self, tree: Not) -> Type:
        self._want_bool(tree.item, "not")
        return BOOL

    def _boolop(self, tree: BoolOp) -> Type:
        for item in tree.items:
            self._want_bool(item, tree.op)
        return BOOL

    def _want_bool(self, tree, op: str) -> None:
        got = self.check(tree)
        if got.name not in ("bool", "null", "any"):
            raise ExprTypeError(f"'{op}' needs true/false on each side, but one side is {got}")

    def _compare(self, tree: Compare) -> Type:
        left, right = self.check(tree.left), self.check(tree.right)
        if tree.op in ("in", "not in"):
            self._check_membership(tree, left, right)
        elif tree.op in ("==", "!="):
            self._check_equality(tree, left, right)
        else:
            ordered = {"num", "date"}
            if left.name == "key" and left.origin == "grade" and right.name in ("str", "key"):
                raise ExprTypeError("grades are not ordered by '<' or '>'; use passed(grades, 'EN')")
            if left.name not in ordered | {"null", "any"} or right.name not in ordered | {"null", "any"}:
                raise ExprTypeError(f"'{tree.op}' compares numbers or dates, not {left} and {right}")
            if {left.name, right.name} == {"num", "date"}:
                raise ExprTypeError(f"'{tree.op}' cannot compare a number with a date")
        return BOOL

    def _key_literal(self, keyed: Type, literal_tree) -> None:
        if not isinstance(literal_tree, Lit) or not isinstance(literal_tree.value, str):
            return
        value = literal_tree.value
        if keyed.keys is not None and value not in keyed.keys:
            where = f"node '{keyed.origin}'" if keyed.origin != "grade" else "a grade"
            known = ", ".join(sorted(keyed.keys))
            raise ExprTypeError(f"'{value}' is not an option of {where} (options: {known})")
        if keyed.origin and keyed.origin != "grade":
            self.used_keys.add((keyed.origin, value))

    def _check_equality(self, tree: Compare, left: Type, right: Type) -> None:
        names = {left.name, right.name}
        if "null" in names or "any" in names:
            return
        if left.name == "key" and right.name == "str":
            return self._key_literal(left, tree.right)
        if right.name == "key" and left.name == "str":
            return self._key_literal(right, tree.left)
        compatible = [{"num"}, {"str"}, {"date"}, {"bool"}, {"key"}, {"keys", "list"}, {"list"}, {"keys"}]
        if names not in compatible:
            raise ExprTypeError(f"'{tree.op}' compares {left} with {right}, which can never be equal")

    def _check_membership(self, tree: Compare, left: Type, right: Type) -> None:
        if right.name == "keys":
            if left.name not in ("str", "key", "any", "null"):
                raise ExprTypeError(f"'in' looks for text in {right}, not {left}")
            self._key_literal(right, tree.left)
        elif right.name == "list":
            if isinstance(tree.right, ListLit) and left.name == "key":
                for item in tree.right.items:
                    self._key_literal(left, item)
        elif right.name not in ("any", "null"):
            raise ExprTypeError(f"'in' needs a list on the right, not {right}")


_CHECKS = {
    Lit: TypeChecker._lit,
    ListLit: TypeChecker._listlit,
    Var: TypeChecker._var,
    Call: TypeChecker._call,
    Not: TypeChecker._not,
    BoolOp: TypeChecker._boolop,
    Compare: TypeChecker._compare,
}


# ---------------------------------------------------------------- evaluation


def evaluate(tree, values: Mapping[str, Any]) -> Any:
    """Evaluate against answers and computed values. Unanswered names are null; comparisons with
    null are false except `== null`, so a skipped question never crashes a rule."""
    if isinstance(tree, Lit):
        return tree.value
    if isinstance(tree, ListLit):
        return [evaluate(item, values) for item in tree.items]
    if isinstance(tree, Var):
        current = values.get(tree.path[0])
        for part in tree.path[1:]:
            if isinstance(current, Mapping):
                current = current.get(part)
            else:
                current = getattr(current, part, None) if current is not None else None
        return current
    if isinstance(tree, Call):
        return FUNCTIONS[tree.name].impl(*(evaluate(arg, values) for arg in tree.args))
    if isinstance(tree, Not):
        return not _truthy(evaluate(tree.item, values))
    if isinstance(tree, BoolOp):
        if tree.op == "and":
            return all(_truthy(evaluate(item, values)) for item in tree.items)
        return any(_truthy(evaluate(item, values)) for item in tree.items)
    if isinstance(tree, Compare):
        left, right = evaluate(tree.left, values), evaluate(tree.right, values)
        if tree.op == "==":
            return left == right
        if tree.op == "!=":
            return left != right
        if tree.op in ("in", "not in"):
            found = isinstance(right, (list, tuple, set, frozenset)) and left in right
            return found if tree.op == "in" else not found
        if left is None or right is None or type(left) is bool or type(right) is bool:
            return False
        try:
            return _ORDER[tree.op](left, right)
        except TypeError:
            return False
    raise TypeError(f"not an expression tree: {tree!r}")


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _truthy(value: Any) -> bool:
    return value is True
