"""The grading scale and the subjects of Swedish compulsory school: the one list the eligibility
rules, the answer parser, the expressions and the content checker all use.

Kept apart from the eligibility engine so that reading grades does not load the rules.
"""

from __future__ import annotations

SUBJECTS: tuple[str, ...] = (
    "SV", "SVA", "EN", "MA",
    "BI", "FY", "KE", "TK",
    "GE", "HI", "RE", "SH",
    "BL", "HKK", "IDH", "MU", "SL",
    "M1", "M2", "ML",
)  # fmt: skip
GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "-")
PASSING: frozenset[str] = frozenset("ABCDE")
