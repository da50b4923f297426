"""Reading the dated eligibility rules (`content/rules/eligibility.yaml`) and the language list
(`content/languages.yaml`) into the bundle, with coded diagnostics like every other content file.

The rules are strict on purpose: a law change is a data edit, so every requirement names its
source address, totals must add up, and subject codes must be known; each mistake names the file,
the line and the key, for whoever edits it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from imguide.core.content.positions import Pos
from imguide.core.content.reader import Reader, read_mapping_file
from imguide.core.content.yaml_source import Located, YamlBool
from imguide.core.eligibility.grading import SUBJECT_CODES
from imguide.core.eligibility.rules import (
    GROUPS,
    NATIONAL_TARGETS,
    AgeRules,
    EnglishExemption,
    Requirement,
    RuleSet,
)
from imguide.core.i18n.languages import PICKER_WORDS, SOURCE_LANGUAGE, Language, Languages, UnknownLanguage, describe, undescribed
from imguide.core.i18n.translator import translator
from imguide.core.records import replace

_URL = re.compile(r"https?://\S+$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class _RuleReader:
    """One rule set: every problem is reported at the value it is about."""

    def __init__(self, reader: Reader, where: str):
        self.reader = reader
        self.where = where  # "rule_sets[0]", for messages
        self.ok = True

    def fail(self, message: str, pos: Pos) -> None:
        self.ok = False
        self.reader.report("IMG026", f"{self.where}: {message}", pos)

    def mapping(self, parent: Located, key: str) -> Located | None:
        value = parent.get(key)
        if not isinstance(value, Located):
            self.fail(f"'{key}' must be a mapping", parent.value_pos.get(key, parent.pos))
            return None
        return value

    def integer(self, data: Located, key: str, label: str) -> int | None:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, (bool, YamlBool)):
            return value
        self.fail(f"{label} must be a whole number, not {value!r}", data.value_pos.get(key, data.pos))
        return None

    def text(self, data: Located, key: str, label: str) -> str | None:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
        self.fail(f"{label} must be text, not {value!r}", data.value_pos.get(key, data.pos))
        return None

    def source(self, data: Located, label: str) -> str:
        url = self.text(data, "source", f"{label}.source") or ""
        if url and not _URL.match(url):
            self.fail(f"{label}.source must be an address (https://...), not {url!r}", data.value_pos["source"])
        return url

    def codes(self, data: Located, key: str, label: str) -> tuple[str, ...]:
        values = data.get(key, [])
        where = data.value_pos.get(key, data.pos)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.fail(f"{label}.{key} must be a list of subject codes, like [SV, EN]", where)
            return ()
        unknown = [v for v in values if v not in SUBJECT_CODES]
        if unknown:
            self.fail(f"{label}.{key}: unknown subject {', '.join(unknown)} (subjects: {', '.join(SUBJECT_CODES)})", where)
        return tuple(v for v in values if v in SUBJECT_CODES)

    def requirement(self, data: Any, pos: Pos, label: str, grouped: bool) -> Requirement | None:
        if not isinstance(data, Located):
            self.fail(f"{label} must be a mapping with required, others, total and source", pos)
            return None
        allowed = {"required", "one_of", "others", "total", "source"} | ({"group"} if grouped else set())
        self.reader.keys(data, allowed, ["others", "total", "source"] + (["group"] if grouped else []), label)
        others = self.integer(data, "others", f"{label}.others")
        group = ""
        if grouped:
            group = self.text(data, "group", f"{label}.group") or ""
            if group and group not in GROUPS:
                self.fail(f"{label}.group is {' or '.join(GROUPS)}, not {group!r}", data.value_pos["group"])
        req = Requirement(
            required=self.codes(data, "required", label),
            one_of=self.codes(data, "one_of", label),
            others=others if others is not None else 0,
            source=self.source(data, label),
            group=group,
        )
        if others is not None and others < 0:
            self.fail(f"{label}.others cannot be below 0", data.value_pos["others"])
        total = self.integer(data, "total", f"{label}.total")
        if total is not None and total != req.total:
            self.fail(f"{label}.total is {total}, but the subjects add up to {req.total}", data.value_pos["total"])
        return req

    def valid_from(self, data: Located) -> date | None:
        value = data.get("valid_from")
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail(f"valid_from must be a date written YYYY-MM-DD, not {value!r}", data.value_pos.get("valid_from", data.pos))
            return None
        return value

    def rule_set(self, data: Located) -> RuleSet | None:
        self.reader.keys(
            data,
            {"valid_from", "title", "source", "equivalents", "national", "imv", "english_exemption", "age_limit", "asylum_age_limit"},
            ["valid_from", "national", "imv", "english_exemption", "age_limit", "asylum_age_limit"],
            "a rule set",
        )
        valid_from = self.valid_from(data)
        national: dict[str, Requirement] = {}
        national_data = self.mapping(data, "national")
        if national_data is not None:
            named = set(national_data)
            if named != set(NATIONAL_TARGETS):
                self.fail(f"national must name exactly {', '.join(NATIONAL_TARGETS)}", data.value_pos["national"])
            for target in NATIONAL_TARGETS:
                if target in national_data:
                    req = self.requirement(national_data[target], national_data.value_pos[target], f"national.{target}", True)
                    if req is not None:
                        national[target] = req
        imv: list[Requirement] = []
        imv_data = data.get("imv")
        if not isinstance(imv_data, list) or not imv_data:
            self.fail("imv must be a non-empty list of alternatives", data.value_pos.get("imv", data.pos))
        else:
            for index, (item, pos) in enumerate(zip(imv_data, imv_data.item_pos)):
                req = self.requirement(item, pos, f"imv[{index}]", False)
                if req is not None:
                    imv.append(req)
        equivalents = self.equivalents(data)
        exemption = self.exemption(data)
        age = self.age(data)
        if not self.ok or valid_from is None or exemption is None or age is None:
            return None
        return RuleSet(valid_from, national, tuple(imv), equivalents, exemption, age, data.pos.file)

    def equivalents(self, data: Located) -> dict[str, str]:
        raw = data.get("equivalents", {})
        if not isinstance(raw, Located):
            if "equivalents" in data:
                self.fail("equivalents must be a mapping", data.value_pos["equivalents"])
            return {}
        result = {}
        for code, spec in raw.items():
            where = raw.value_pos[code]
            target = spec.get("counts_as") if isinstance(spec, Located) else None
            if code not in SUBJECT_CODES or target not in SUBJECT_CODES or target == code:
                self.fail(f"equivalents.{code} must map a subject code to another one with counts_as", where)
                continue
            self.source(spec, f"equivalents.{code}")
            result[code] = target
        return result

    def exemption(self, data: Located) -> EnglishExemption | None:
        raw = self.mapping(data, "english_exemption")
        if raw is None:
            return None
        passes = raw.get("otherwise_passes")
        if (
            not isinstance(passes, Located)
            or set(passes) != set(GROUPS)
            or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in passes.values())
        ):
            self.fail(f"english_exemption.otherwise_passes needs a positive count for {', '.join(GROUPS)}", raw.value_pos.get("otherwise_passes", raw.pos))
            return None
        subject = self.text(raw, "subject", "english_exemption.subject")
        if subject is not None and subject not in SUBJECT_CODES:
            self.fail(f"english_exemption.subject {subject!r} is not a subject code", raw.value_pos["subject"])
        return EnglishExemption(
            subject=subject or "EN",
            otherwise_passes=dict(passes),
            must_include=self.codes(raw, "must_include", "english_exemption"),
            source=self.source(raw, "english_exemption"),
        )

    def age(self, data: Located) -> AgeRules | None:
        limit = self.mapping(data, "age_limit")
        asylum = self.mapping(data, "asylum_age_limit")
        if limit is None or asylum is None:
            return None
        start_by = self.text(limit, "start_by", "age_limit.start_by") or ""
        try:
            month, day = (int(part) for part in start_by.split("-"))
            date(2001, month, day)  # a common year: 29 February would not exist every year
        except ValueError:
            self.fail(f"age_limit.start_by must be MM-DD, not {start_by!r}", limit.value_pos.get("start_by", limit.pos))
            return None
        turns = self.integer(limit, "turns", "age_limit.turns")
        before = self.integer(asylum, "start_before_age", "asylum_age_limit.start_before_age")
        if turns is None or before is None:
            return None
        return AgeRules(
            turns=turns,
            month=month,
            day=day,
            asylum_before=before,
            source=self.source(limit, "age_limit"),
            asylum_source=self.source(asylum, "asylum_age_limit"),
        )


def read_rules(reader: Reader, path: Path, display: str | None = None) -> tuple[RuleSet, ...]:
    """Every rule set in the file, oldest first; problems go into the reader (IMG026)."""
    data = read_mapping_file(reader, path, "the eligibility rules", display)
    if data is None:
        return ()
    reader.keys(data, {"format", "rule_sets"}, ["rule_sets"], "the eligibility rules")
    if "format" in data:
        reader.format_version(data, "the eligibility rules")
    items = data.get("rule_sets")
    if not isinstance(items, list) or not items:
        reader.report("IMG026", "the file needs a 'rule_sets' list with at least one rule set", data.value_pos.get("rule_sets", data.pos))
        return ()
    sets: list[RuleSet] = []
    seen: dict[date, Pos] = {}
    for index, (item, pos) in enumerate(zip(items, items.item_pos)):
        if not isinstance(item, Located):
            reader.report("IMG026", f"rule_sets[{index}] must be a mapping", pos)
            continue
        rule_set = _RuleReader(reader, f"rule_sets[{index}]").rule_set(item)
        if rule_set is None:
            continue
        if rule_set.valid_from in seen:
            reader.report("IMG026", f"rule_sets[{index}] has the same valid_from as the rule set at line {seen[rule_set.valid_from].line}", item.value_pos["valid_from"])
            continue
        seen[rule_set.valid_from] = item.value_pos["valid_from"]
        sets.append(rule_set)
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def read_languages(reader: Reader, path: Path, display: str | None = None, describe_names: bool = True) -> Languages:
    """The shipped languages in picker order, described through Babel (IMG027 for a code Babel
    does not know, a duplicate, or a list without Swedish, the source language). Without
    `describe_names` (`imguide check`) the codes are checked but names, directions and the
    picker's words are not looked up."""
    data = read_mapping_file(reader, path, "the language list", display)
    if data is None:
        return Languages(())
    reader.keys(data, {"format", "languages"}, ["languages"], "the language list")
    reader.format_version(data, "the language list")
    items = data.get("languages")
    if not isinstance(items, list):
        if "languages" in data:
            reader.report("IMG011", "'languages' must be a list of {code, reviewed}", data.value_pos["languages"])
        return Languages(())
    wanted: list[tuple[str, bool, tuple[str, ...], Pos]] = []
    for item in reader.mappings(items, "a language", {"code", "reviewed", "aliases"}, ["code", "reviewed"]):
        code = reader.string(item, "code") or ""
        where = item.value_pos.get("code", item.pos)
        if not _LANGUAGE_CODE.match(code):
            reader.report("IMG027", f"'{code}' is not a language code like sv, ar or fa_AF", where)
            continue
        if any(code == other for other, *_ in wanted):
            reader.report("IMG027", f"the language '{code}' is listed twice", where)
            continue
        wanted.append((code, reader.boolean(item, "reviewed"), reader.string_list(item, "aliases"), where))
    codes = [code for code, *_ in wanted]
    found: list[Language] = []
    for code, reviewed, aliases, where in wanted:
        try:
            language = describe(code, reviewed, aliases, codes) if describe_names else undescribed(code, reviewed, aliases)
        except UnknownLanguage as error:
            reader.report("IMG027", str(error), where)
            continue
        if not describe_names:
            found.append(language)
            continue
        words = translator(language)
        found.append(replace(language, picker_words={message: words.gettext(message) for message in PICKER_WORDS}))
    if SOURCE_LANGUAGE not in codes:
        reader.report("IMG027", f"the list must hold {SOURCE_LANGUAGE}, the source language", data.pos)
    return Languages(found)
