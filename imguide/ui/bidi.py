"""Right-to-left text for terminals that show cells as they are given (xterm, kitty, Windows
Terminal, xterm.js in the browser, and VTE once told to): the guide shapes and reorders each line
itself.

One wrapped line at a time (wrapping the logical text first, so the first words stay on the first
line): Arabic letters are shaped into their joined forms (arabic-reshaper), then the line is put in
visual order by the Unicode bidirectional algorithm (python-bidi's own implementation, which gives
the level of every character, so styles and mirrored brackets follow each character). Numbers, dates and phone numbers are kept whole, as isolates would keep them; invisible controls are dropped after
reordering. Everything here works on plain strings with a logical index per character, so the
caller can carry styles across.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Numbers are kept whole in their own order (the algorithm alone would turn "2026-08-17" into
# "17-08-2026" and "+46" into "46+" after Arabic letters): from a digit (of any script, an optional
# sign before it) to the last digit, with what stands between digits in a date, a time, a phone
# number or a sum ("08 123 45 67", "10:30", "1 500,50"), and a per cent sign after it. Latin words
# (IMV, SYV) need no help: the algorithm keeps a left-to-right run together.
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_NUMBER = rf"[+\u2212]?[{_DIGIT}](?:[ .,:/\-\u2013]?[{_DIGIT}])*(?:\u00a0?[ ]?[%\u066a])?"
# Text in an isolate (LRI, RLI or FSI ... PDI: a path, a pickup code, a language's name in a list
# of languages) is ordered on its own, in its own direction, and then kept whole, as the algorithm
# has it; the Python engine has no isolates of its own. Isolates do not nest here.
_ISOLATE = "[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069"
_ISLAND = re.compile(f"{_ISOLATE}|{_NUMBER}")
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Invisible formatting characters: they did their work (shaping, ordering) and terminals disagree
# about their width, so none reaches the screen.
_CONTROLS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_EXPLICIT = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ARABIC_MARK = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]")
# What stands for a kept-whole number while the algorithm runs: a strong mark of the direction of
# the words before it, or a neutral (OBJECT REPLACEMENT CHARACTER) at the start of a paragraph.
_PLACEHOLDERS = {"L": "\u200e", "R": "\u200f", None: "\ufffc"}


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def has_controls(text: str) -> bool:
    return any(ord(ch) in _CONTROLS for ch in text)


@lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper

    # harakat are kept (and put after their letter below); lam-alef and friends become ligatures
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def shape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms; other text as it is."""
    return _reshaper().reshape(text) if has_rtl(text) else text


def visual_order(text: str, rtl: bool) -> list[tuple[str, int]]:
    """One line in the order its cells show it: (character, index of the character in `text` it
    comes from), mirrored where it reads right to left, controls left out."""
    return _marks_after_letters(_ordered(text, rtl))


def _ordered(text: str, rtl: bool) -> list[tuple[str, int]]:
    if not has_rtl(text) and not rtl:
        return [(ch, i) for i, ch in enumerate(text) if ord(ch) not in _CONTROLS]
    from bidi import algorithm as uba

    islands: list[tuple[int, int]] = []
    chars: list[str] = []  # what the algorithm is given
    outer: list[int] = []  # for each of them: where it comes from in `text` (negative: an island)
    position = 0
    for match in [*_ISLAND.finditer(text), None]:
        end = match.start() if match else len(text)
        for index in range(position, end):
            # embeddings and isolates other than ours are left out: the Python engine has no
            # isolates, and what they would do is done by the islands here
            if text[index] not in _EXPLICIT:
                chars.append(text[index])
                outer.append(index)
        if match is None:
            break
        # a number goes with the words before it ("17 kap. 3 §", "هاتف 12"), as the algorithm's own
        # rules W2 and W7 would have it: it stands in as a mark of their direction
        isolate = match.group()[0] in (LRI, RLI, FSI)
        chars.append(_PLACEHOLDERS[None if isolate else _last_strong(text, match.start())])
        outer.append(-1 - len(islands))  # a negative index names the island
        islands.append(match.span())
        position = match.end()
    line = "".join(chars)

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(line, storage)
    for index, char in enumerate(storage["chars"]):
        char["at"] = outer[index]
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)

    cells: list[tuple[str, int]] = []
    for char in storage["chars"]:
        at = char["at"]
        if at < 0:  # a kept-whole run: a number as written, an isolate in its own order
            start, end = islands[-1 - at]
            opener = text[start]
            if opener in (LRI, RLI, FSI):
                inner = text[start + 1 : end - 1]
                inner_rtl = opener == RLI or (opener == FSI and _first_strong(inner) == "R")
                cells.extend((ch, start + 1 + i) for ch, i in _ordered(inner, inner_rtl))
            else:
                cells.extend((text[i], i) for i in range(start, end) if ord(text[i]) not in _CONTROLS)
        elif ord(char["ch"]) not in _CONTROLS:
            cells.append((char["ch"], at))
    return cells


def _strong(chars) -> str | None:
    """The direction ("L" or "R") of the first strong character among `chars`, if any."""
    for ch in chars:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return None


def _last_strong(text: str, before: int) -> str | None:
    """The direction of the last strong character before `before`, if any."""
    return _strong(reversed(text[:before]))


def _first_strong(text: str) -> str | None:
    return _strong(text)


def isolate(text: str) -> str:
    """`text` ordered on its own, in the direction of its first strong letter, wherever it stands."""
    return f"{FSI}{text}{PDI}"


def _marks_after_letters(cells: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Reversing a right-to-left run puts each vowel mark before its letter; put it back after."""
    out: list[tuple[str, int]] = []
    waiting: list[tuple[str, int]] = []
    for cell in cells:
        if _ARABIC_MARK.match(cell[0]):
            waiting.append(cell)
            continue
        out.append(cell)
        if waiting:
            out.extend(waiting)
            waiting = []
    return out + waiting


def visual(text: str, rtl: bool) -> str:
    """A line as its cells show it (shaped and reordered)."""
    return "".join(ch for ch, _ in visual_order(shape(text), rtl))


def paragraph_is_rtl(text: str, language_rtl: bool) -> bool:
    """The base direction of a paragraph: right to left in a right-to-left language wherever it has
    right-to-left letters; elsewhere by its first strong letter (a pupil's own Arabic words in a
    Swedish session read right to left too)."""
    if not has_rtl(text):
        return False
    if language_rtl:
        return True
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False
