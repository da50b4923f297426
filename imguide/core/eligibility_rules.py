"""Eligibility rules as dated data: the types, and the loader for content/rules/eligibility.yaml.

Why apart from the engine: a law change should be a data edit with a new `valid_from`, so the file is
checked strictly here (every rule names its source URL, totals must add up) and every error names
the file and the key, for whoever edits it. The engine (imguide.core.eligibility) only reads RuleSet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from imguide.core.grading import GRADES, PASSING, SUBJECTS

HE_PREP: tuple[str, ...] = ("EK", "ES", "HU", "NA", "SA", "TE")
NATIONAL_TARGETS: tuple[str, ...] = ("vocational", *HE_PREP)
TARGETS: tuple[str, ...] = (*NATIONAL_TARGETS, "IMV")
GROUPS: tuple[str, ...] = ("vocational", "he_prep")
RULES_PATH = Path(__file__).resolve().parent.parent / "content" / "rules" / "eligibility.yaml"


class EligibilityError(ValueError):
    """Bad input or bad rules data. The message is one line naming the bad token or file."""


@dataclass(frozen=True)
class Requirement:
    """One way to meet a target: named subjects, maybe one of a group, and a number of others."""

    required: tuple[str, ...]
    others: int
    source: str
    one_of: tuple[str, ...] = ()
    group: str = ""

    @property
    def total(self) -> int:
        return len(self.required) + (1 if self.one_of else 0) + self.others


@dataclass(frozen=True)
class EnglishExemption:
    """Dispens i engelska: what "otherwise eligible" means, per programme group."""

    subject: str
    otherwise_passes: Mapping[str, int]
    must_include: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class AgeRules:
    """Latest start: a day in the year one turns `turns`; asylum seekers: before `asylum_before`."""

    turns: int
    month: int
    day: int
    asylum_before: int
    source: str
    asylum_source: str


@dataclass(frozen=True)
class RuleSet:
    """All eligibility rules in force from `valid_from`, read from one file."""

    valid_from: date
    national: Mapping[str, Requirement]
    imv: tuple[Requirement, ...]
    equivalents: Mapping[str, str]
    english_exemption: EnglishExemption
    age: AgeRules
    path: str = ""


class _Reader:
    """Reads one rule set and names the file and key in every error, so data editors find it."""

    def __init__(self, path: str, where: str) -> None:
        self.path, self.where = path, where

    def fail(self, what: str) -> EligibilityError:
        return EligibilityError(f"{self.path}: {self.where}: {what}")

    def mapping(self, raw: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            raise self.fail(f"{key} must be a mapping")
        return raw

    def get(self, raw: Mapping[str, Any], key: str, kind: type, label: str = "") -> Any:
        value = raw.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            raise self.fail(f"{label or key} must be a {kind.__name__}, got {value!r}")
        return value

    def source(self, raw: Mapping[str, Any], label: str) -> str:
        url: str = self.get(raw, "source", str, f"{label}.source")
        if not re.match(r"https?://\S+$", url):
            raise self.fail(f"{label}.source must be a URL, got {url!r}")
        return url

    def codes(self, raw: Mapping[str, Any], key: str, label: str) -> tuple[str, ...]:
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v in SUBJECTS for v in values):
            raise self.fail(f"{label}.{key} must be a list of subject codes, got {values!r}")
        return tuple(values)

    def requirement(self, raw: Any, label: str, grouped: bool) -> Requirement:
        raw = self.mapping(raw, label)
        others = self.get(raw, "others", int, f"{label}.others")
        req = Requirement(
            required=self.codes(raw, "required", label),
            one_of=self.codes(raw, "one_of", label),
            others=others,
            source=self.source(raw, label),
            group=self.get(raw, "group", str, f"{label}.group") if grouped else "",
        )
        if others < 0 or (grouped and req.group not in GROUPS):
            raise self.fail(f"{label}: bad others or group")
        if self.get(raw, "total", int, f"{label}.total") != req.total:
            raise self.fail(f"{label}.total is {raw['total']} but the subjects add up to {req.total}")
        return req

    def valid_from(self, raw: Mapping[str, Any]) -> date:
        value = raw.get("valid_from")
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.fail(f"valid_from must be a YYYY-MM-DD date, got {value!r}")
        return value

    def rule_set(self, raw: Any) -> RuleSet:
        raw = self.mapping(raw, "rule set")
        national_raw = self.mapping(raw.get("national"), "national")
        if set(national_raw) != set(NATIONAL_TARGETS):
            raise self.fail(f"national must name exactly {', '.join(NATIONAL_TARGETS)}")
        national = {t: self.requirement(national_raw[t], f"national.{t}", True) for t in NATIONAL_TARGETS}
        imv_raw = raw.get("imv")
        if not isinstance(imv_raw, list) or not imv_raw:
            raise self.fail("imv must be a non-empty list of alternatives")
        imv = tuple(self.requirement(alt, f"imv[{i}]", False) for i, alt in enumerate(imv_raw))
        return RuleSet(
            valid_from=self.valid_from(raw),
            national=national,
            imv=imv,
            equivalents=self.equivalents(raw.get("equivalents", {})),
            english_exemption=self.exemption(raw.get("english_exemption")),
            age=self.age(raw.get("age_limit"), raw.get("asylum_age_limit")),
            path=self.path,
        )

    def equivalents(self, raw: Any) -> dict[str, str]:
        result = {}
        for code, spec in self.mapping(raw, "equivalents").items():
            spec = self.mapping(spec, f"equivalents.{code}")
            target = spec.get("counts_as")
            if code not in SUBJECTS or target not in SUBJECTS or target == code:
                raise self.fail(f"equivalents.{code} must map a subject code to another one")
            self.source(spec, f"equivalents.{code}")
            result[code] = target
        return result

    def exemption(self, raw: Any) -> EnglishExemption:
        raw = self.mapping(raw, "english_exemption")
        passes = self.mapping(raw.get("otherwise_passes"), "english_exemption.otherwise_passes")
        if set(passes) != set(GROUPS) or not all(isinstance(n, int) and n > 0 for n in passes.values()):
            raise self.fail(f"english_exemption.otherwise_passes needs a positive count for {GROUPS}")
        subject = self.get(raw, "subject", str, "english_exemption.subject")
        if subject not in SUBJECTS:
            raise self.fail(f"english_exemption.subject {subject!r} is not a subject code")
        return EnglishExemption(
            subject=subject,
            otherwise_passes=dict(passes),
            must_include=self.codes(raw, "must_include", "english_exemption"),
            source=self.source(raw, "english_exemption"),
        )

    def age(self, raw: Any, asylum: Any) -> AgeRules:
        raw = self.mapping(raw, "age_limit")
        asylum = self.mapping(asylum, "asylum_age_limit")
        start_by = self.get(raw, "start_by", str, "age_limit.start_by")
        try:
            month, day = (int(part) for part in start_by.split("-"))
            date(2001, month, day)  # a common year: 29 February would not exist every year
        except ValueError:
            raise self.fail(f"age_limit.start_by must be MM-DD, got {start_by!r}") from None
        return AgeRules(
            turns=self.get(raw, "turns", int, "age_limit.turns"),
            month=month,
            day=day,
            asylum_before=self.get(asylum, "start_before_age", int, "asylum_age_limit.start_before_age"),
            source=self.source(raw, "age_limit"),
            asylum_source=self.source(asylum, "asylum_age_limit"),
        )


@lru_cache(maxsize=8)
def _read_rule_sets(path: str, _mtime_ns: int) -> tuple[RuleSet, ...]:
    import yaml  # here, not at the top: the guide starts without the YAML parser (compiled.py)

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise EligibilityError(f"{path}: cannot read the rules file ({error.strerror})") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise EligibilityError(f"{path}: the rules file is not valid YAML{line}") from None
    except ValueError as error:  # PyYAML builds dates itself: 2019-13-01 fails here
        raise EligibilityError(f"{path}: the rules file has an impossible value ({error})") from None
    sets_raw = data.get("rule_sets") if isinstance(data, Mapping) else None
    if not isinstance(sets_raw, list) or not sets_raw:
        raise EligibilityError(f"{path}: expected a top-level 'rule_sets' list with at least one rule set")
    sets = [_Reader(path, f"rule_sets[{i}]").rule_set(raw) for i, raw in enumerate(sets_raw)]
    dates = [s.valid_from for s in sets]
    if len(set(dates)) != len(dates):
        raise EligibilityError(f"{path}: two rule sets have the same valid_from")
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def load_rule_sets(path: str | Path | None = None) -> tuple[RuleSet, ...]:
    """All rule sets in the file, oldest first (cached until the file changes)."""
    source = Path(path) if path is not None else RULES_PATH
    try:
        mtime = source.stat().st_mtime_ns
    except OSError:
        mtime = 0  # _read_rule_sets reports the missing file with its name
    return _read_rule_sets(str(source), mtime)


def load_rules(as_of: date | None = None, path: str | Path | None = None) -> RuleSet:
    """The newest rule set in force on `as_of` (default today)."""
    day = as_of or date.today()
    sets = load_rule_sets(path)
    in_force = [s for s in sets if s.valid_from <= day]
    if not in_force:
        raise EligibilityError(
            f"no eligibility rules for {day.isoformat()}: the earliest rule set starts "
            f"{sets[0].valid_from.isoformat()} ({sets[0].path})"
        )
    return in_force[-1]
