"""The registry of node kinds: everything the guide knows about a kind, in one place.

For each kind: the keys a node of it may and must have, how the loader reads its own fields, the
parser and the expression type of its answer, the answers the every-path walk tries, how an
answer is said in words, and the note a translator sees. The loader, the checker, the session,
the walks, the resolver, the export and the catalog extractor all ask here; the UI maps a kind to
its answer panel in one place of its own (imguide/ui/widgets/panels.py).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

from imguide.core.content import answers, expressions
from imguide.core.content.answers import AnswerError
from imguide.core.content.ids import option_id
from imguide.core.content.model import Option
from imguide.core.eligibility.explain import subject_name
from imguide.core.eligibility.grading import CORE_SUBJECTS, SUBJECT_CODES
from imguide.core.i18n.translator import N_, Translator
from imguide.core.records import Record

if TYPE_CHECKING:  # the readers run only while content is loaded; the guide starts without YAML
    from imguide.core.content.reader import Reader
    from imguide.core.content.yaml_source import Located

COMMON_KEYS = frozenset({"id", "kind", "text", "note", "sources", "export", "skippable", "local", "next", "checks"})


class Kind(Record):
    name: str
    note: str  # what a translator should know about a node of this kind
    keys: frozenset[str] = frozenset()  # its own keys, beside COMMON_KEYS
    required: tuple[str, ...] = ()
    takes_answer: bool = False
    has_next: bool = True  # jumps and outcomes end a flow's path: no `next`
    read: Callable[[Reader, Located, str], dict[str, Any]] | None = None  # its own fields for Node
    parse: Callable[[Any, Any], Any] | None = None  # (node, raw) -> the stored answer
    answer_type: Callable[[Any], expressions.Type] | None = None  # the answer's type in conditions
    candidates: Callable[[Any], list[Any]] = lambda node: []  # answers a walk tries
    say: Callable[[Any, Any, Translator], str] = lambda node, value, t: str(value)

    @cached_property
    def what(self) -> str:
        """How diagnostics name a node of this kind."""
        return f"a {self.name} node"

    @cached_property
    def allowed_keys(self) -> frozenset[str]:
        keys = COMMON_KEYS | self.keys
        return keys if self.has_next else keys - {"next"}


def parse_answer(node, raw: Any) -> Any:
    """The stored value for `raw` as an answer to `node`; None means skipped."""
    kind = KINDS[node.kind]
    if raw is None:
        if node.skippable:
            return None
        raise AnswerError(N_("Den här frågan behöver ett svar."))
    if kind.parse is None:
        raise AnswerError(N_("Här behövs inget svar."))
    return kind.parse(node, raw)


def say_answer(node, value: Any, t: Translator) -> str:
    """An answer as the user would say it, in the language t speaks ("(hoppade över)" if skipped)."""
    if value is None:
        return t.gettext("(hoppade över)")
    return KINDS[node.kind].say(node, value, t)


def option_label(node, key: str, t: Translator) -> str:
    option = node.option(key)
    return t.string(option_id(node.flow, node.id, key), option.label) if option else key


# ---------------------------------------------------------------- reading a kind's own fields


KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_OPTION_KEYS = frozenset({"key", "label", "goto", "note"})


def _read_options(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    options = data.get("options")
    if not isinstance(options, list) or not options:
        if "options" in data:
            reader.report("IMG011", "'options' must be a non-empty list of {key, label}", data.value_pos["options"], node_id)
        return {"options": ()}
    seen: set[str] = set()
    read: list[Option] = []
    for item in reader.mappings(options, "an option", _OPTION_KEYS, ("key", "label"), node_id):
        key = reader.string(item, "key", node_id) or ""
        if key and not KEY_PATTERN.match(key):
            reader.report("IMG011", f"the option key '{key}' must be lower case letters, digits and _", item.value_pos["key"], node_id)
        if key in seen:
            reader.report("IMG002", f"the option key '{key}' is used twice in this node", item.value_pos.get("key", item.pos), node_id)
            continue
        seen.add(key)
        if key:
            read.append(
                Option(
                    key=key,
                    label=reader.string(item, "label", node_id) or key,
                    goto=reader.string(item, "goto", node_id),
                    note=reader.string(item, "note", node_id),
                    pos=item.value_pos["key"],  # a key was read, so it has a position
                )
            )
    return {"options": tuple(read)}


def _read_multi(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    fields = _read_options(reader, data, node_id)
    fields["minimum"] = reader.integer(data, "min", node_id)
    fields["maximum"] = reader.integer(data, "max", node_id)
    return fields


def _read_samples(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    from imguide.core.content.yaml_source import YamlBool, plain

    if "samples" not in data:
        return {}
    samples = data["samples"]
    if not isinstance(samples, list) or not samples:
        reader.report("IMG024", "'samples' must be a non-empty list of example answers", data.value_pos["samples"], node_id)
        return {}
    return {"samples": tuple(s.raw if isinstance(s, YamlBool) else plain(s) for s in samples)}


def _read_text(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    fields = _read_samples(reader, data, node_id)
    fields["max_length"] = reader.integer(data, "max_length", node_id)
    if fields["max_length"] is not None and fields["max_length"] < 1:
        reader.report("IMG011", "'max_length' must be at least 1", data.value_pos["max_length"], node_id)
    return fields


def _read_number(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    fields = _read_samples(reader, data, node_id)
    for key, name in (("min", "minimum"), ("max", "maximum")):
        if key in data:
            value = data[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                fields[name] = value
            else:
                reader.report("IMG011", f"'{key}' must be a number", data.value_pos[key], node_id)
    fields["integer"] = reader.boolean(data, "integer", node_id) if "integer" in data else False
    return fields


def _read_date(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    fields = _read_samples(reader, data, node_id)
    for key, name in (("min", "minimum"), ("max", "maximum")):
        # "today": a birth date cannot be in the future, whenever the guide is used
        fields[name] = "today" if data.get(key) == "today" else reader.a_date(data, key, node_id)
    return fields


def _read_grades(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    fields = _read_samples(reader, data, node_id)
    subjects = reader.string_list(data, "subjects", node_id)
    for subject in subjects:
        if subject not in SUBJECT_CODES:
            reader.report("IMG011", f"unknown subject '{subject}' (subjects: {', '.join(SUBJECT_CODES)})", data.value_pos["subjects"], node_id)
    fields["subjects"] = tuple(s for s in subjects if s in SUBJECT_CODES) or SUBJECT_CODES
    return fields


def _read_term(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    return {"term": reader.string(data, "term", node_id)}


def _read_jump(reader: Reader, data: Located, node_id: str) -> dict[str, Any]:
    return {"jump_flow": reader.string(data, "flow", node_id)}


# ---------------------------------------------------------------- answers: walks and words


def _choice_candidates(node) -> list[Any]:
    return [option.key for option in node.options]


def _multi_candidates(node) -> list[Any]:
    answers_ = [[option.key] for option in node.options]
    if not node.minimum:
        answers_.insert(0, [])
    return answers_


_ALL_PASSED = {code: "C" for code in CORE_SUBJECTS}
# Grade sheets of typical pupils, for grades nodes that declare no samples of their own.
DEFAULT_GRADE_SAMPLES: tuple[dict, ...] = (
    _ALL_PASSED,
    {**_ALL_PASSED, "EN": "F"},
    {**_ALL_PASSED, "EN": "F", "MA": "F"},
    {"SV": "E", "EN": "E", "MA": "E", "BI": "E", "HKK": "D", "IDH": "C", "BL": "E", "GE": "F", "HI": "F"},
    {"SVA": "E", "EN": "F", "MA": "E", "IDH": "E", "BL": "E", "MU": "E", "ML": "A"},
    {"SV": "F", "EN": "-", "MA": "F", "IDH": "E"},
    {},
)


def _grades_candidates(node) -> list[Any]:
    return list(node.samples) or [dict(sample) for sample in DEFAULT_GRADE_SAMPLES]


def _samples(node) -> list[Any]:
    return list(node.samples)


def _say_choice(node, value: Any, t: Translator) -> str:
    return option_label(node, value, t)


def _say_multi(node, value: Any, t: Translator) -> str:
    return t.join([option_label(node, key, t) for key in value]) if value else t.gettext("inget valt")


def _say_grades(node, value: Any, t: Translator) -> str:
    if not value:
        return t.gettext("inga betyg ifyllda")
    return ", ".join(f"{subject_name(code, t)} {grade}" for code, grade in value.items())


def _say_date(node, value: Any, t: Translator) -> str:
    return t.date(value) if isinstance(value, date) else str(value)


def _say_number(node, value: Any, t: Translator) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return t.number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _key_type(node) -> expressions.Type:
    return expressions.Type("key", keys=frozenset(o.key for o in node.options), origin=node.id)


def _keys_type(node) -> expressions.Type:
    return expressions.Type("keys", keys=frozenset(o.key for o in node.options), origin=node.id)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("message", "a message from the guide", required=("text",)),
        Kind("term", "explains a glossary term in the chat", frozenset({"term"}), ("term",), read=_read_term),
        Kind(
            "choice", "a question: the user picks one option", frozenset({"options"}), ("text", "options"),
            takes_answer=True, read=_read_options, parse=answers.parse_choice, answer_type=_key_type,
            candidates=_choice_candidates, say=_say_choice,
        ),
        Kind(
            "multi", "a question: the user picks one or more options", frozenset({"options", "min", "max"}),
            ("text", "options"), takes_answer=True, read=_read_multi, parse=answers.parse_multi,
            answer_type=_keys_type, candidates=_multi_candidates, say=_say_multi,
        ),
        Kind(
            "text", "a question: the user types an answer", frozenset({"max_length", "samples"}),
            ("text", "max_length", "samples"), takes_answer=True, read=_read_text, parse=answers.parse_text,
            answer_type=lambda node: expressions.STR, candidates=_samples,
        ),
        Kind(
            "number", "a question: the user types a number", frozenset({"min", "max", "integer", "samples"}),
            ("text", "samples"), takes_answer=True, read=_read_number, parse=answers.parse_number,
            answer_type=lambda node: expressions.NUM, candidates=_samples, say=_say_number,
        ),
        Kind(
            "date", "a question: the user types a date", frozenset({"min", "max", "samples"}), ("text", "samples"),
            takes_answer=True, read=_read_date, parse=answers.parse_date,
            answer_type=lambda node: expressions.DATE, candidates=_samples, say=_say_date,
        ),
        Kind(
            "grades", "a question: the user fills in their grades", frozenset({"subjects", "samples"}), ("text",),
            takes_answer=True, read=_read_grades, parse=answers.parse_grades_answer,
            answer_type=lambda node: expressions.Type("grades"), candidates=_grades_candidates, say=_say_grades,
        ),
        Kind("jump", "continues in another flow", frozenset({"flow"}), ("flow",), has_next=False, read=_read_jump),
        Kind("outcome", "the end of a path: the guide's last message", required=("text",), has_next=False),
    )
}  # fmt: skip
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
QUESTION_KINDS: frozenset[str] = frozenset(name for name, kind in KINDS.items() if kind.takes_answer)
