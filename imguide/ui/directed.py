"""Text that needs more than Textual's own line breaking: right-to-left paragraphs, Ethiopic text
whose words are parted by the wordspace `፡`, and non-breaking spaces that must not break.

`directed(content, rtl, mode)` gives the plain `Content` back when none of that applies (nearly all
Swedish and English text), so ordinary widgets keep Textual's fast path and text selection.
Otherwise it gives a `DirectedText` visual that, for every width it is drawn at:

1. shapes Arabic letters (per style run, so a bold term keeps its style),
2. wraps the logical text (first words on the first line), breaking after spaces and after `፡`,
   never at U+00A0, U+2007 or U+202F,
3. puts each line in visual order with its paragraph's direction (`bidi.visual_order`), styles
   following their characters, and
4. aligns right-to-left lines to the right.

The bidi mode is the terminal's: `app` (the guide orders the text), `terminal` and `off` (the text
goes out in logical order, unshaped: for terminals that order it themselves, and for screen readers
and braille displays, which read logical order).
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from imguide.ui import bidi

BIDI_MODES = ("app", "terminal", "off")

ETHIOPIC_WORDSPACE = "\u1361"
_UNBREAKABLE_SPACES = "\u00a0\u2007\u202f"
# where a line may end: after a run of ordinary white space, or after the Ethiopic wordspace
_BREAK_AFTER = re.compile(rf"[^\S{_UNBREAKABLE_SPACES}\n]+|{ETHIOPIC_WORDSPACE}")
_TRAILING_SPACE = re.compile(rf"[^\S{_UNBREAKABLE_SPACES}\n]+$")
_NEEDS_US = re.compile(rf"[{_UNBREAKABLE_SPACES}{ETHIOPIC_WORDSPACE}]")


def needs_direction(text: str, mode: str = "app") -> bool:
    """Does this text need `DirectedText` (rather than Textual's own wrapping)? Also text with
    invisible direction marks, which the app takes out before the terminal gets it."""
    return bool(_NEEDS_US.search(text)) or (mode == "app" and (bidi.has_rtl(text) or bidi.has_controls(text)))


def directed(content: Content | str, rtl: bool, mode: str = "app") -> Content | "DirectedText":
    """What a widget shows for `content` in a language that reads right to left (`rtl`) or not."""
    if isinstance(content, str):
        content = Content(content)
    if not needs_direction(content.plain, mode):
        return content
    return DirectedText(content, rtl, mode)


def one_line(content: Content | str, rtl: bool, mode: str = "app") -> Content:
    """A single line (a table cell, a language name) shaped and in visual order, for widgets that
    draw their own lines; unchanged when nothing in it reads right to left."""
    if isinstance(content, str):
        content = Content(content)
    if mode != "app" or not bidi.has_rtl(content.plain):
        return content
    shaped = shape_content(content)
    return _reorder(shaped, bidi.paragraph_is_rtl(shaped.plain, rtl))


def shape_content(content: Content) -> Content:
    """Arabic letters in their joined forms, one style run at a time; spans stay on their text."""
    text = content.plain
    if not bidi.has_rtl(text):
        return content
    cuts = sorted({0, len(text), *(edge for span in content.spans for edge in (span.start, span.end) if 0 <= edge <= len(text))})
    moved = {0: 0}
    pieces: list[str] = []
    length = 0
    for start, end in zip(cuts, cuts[1:]):
        piece = _shape_run(text, start, end)
        pieces.append(piece)
        length += len(piece)
        moved[end] = length
    spans = [Span(moved[min(max(s.start, 0), len(text))], moved[min(s.end, len(text))], s.style) for s in content.spans]
    return Content("".join(pieces), spans)


_JOINING = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_LAM = "\u0644"
_ALEFS = "\u0622\u0623\u0625\u0627"


def _shape_run(text: str, start: int, end: int) -> str:
    """Shape text[start:end] as it joins with the letters around it (a style edge inside a word
    must not break the joining). Ligatures across the edge are left out: they would swallow the
    neighbour."""
    run = text[start:end]
    if not bidi.has_rtl(run):
        return run
    before = text[start - 1] if start > 0 and _JOINING.match(text[start - 1]) else ""
    after = text[end] if end < len(text) and _JOINING.match(text[end]) else ""
    if before == _LAM and run[:1] in _ALEFS:
        before = ""
    if after in _ALEFS and run[-1:] == _LAM:
        after = ""
    shaped = bidi.shape(before + run + after)
    return shaped[len(before) : len(shaped) - len(after)]


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """The lines of one paragraph at `width` cells, as (start, end) into `text`, trailing spaces
    left out. Breaks after white space and after `፡`; a word wider than the line is folded."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    start = 0  # where the current line starts
    used = 0  # cells on the current line, spaces included
    position = 0
    chunks = [m.end() for m in _BREAK_AFTER.finditer(text) if not _inside_number(text, m)]
    if not chunks or chunks[-1] != len(text):
        chunks.append(len(text))
    for chunk_end in chunks:
        chunk = text[position:chunk_end]
        word = _TRAILING_SPACE.sub("", chunk)
        if used and used + cell_len(word) > width:
            lines.append((start, position))
            start, used = position, 0
        if cell_len(word) > width:  # fold a word that no line can hold
            for ch_index, ch in enumerate(chunk, position):
                size = get_character_cell_size(ch)
                if used + size > width and used:
                    lines.append((start, ch_index))
                    start, used = ch_index, 0
                used += size
        else:
            used += cell_len(chunk)
        position = chunk_end
    lines.append((start, len(text)))
    return [(a, a + len(_TRAILING_SPACE.sub("", text[a:b]))) for a, b in lines]


def _inside_number(text: str, space: re.Match) -> bool:
    """A single space between digits groups a number ("10 000", "08 123 45 67"): no break there."""
    start, end = space.span()
    return space.group() == " " and 0 < start and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def _reorder(line: Content, rtl: bool) -> Content:
    """One line in visual order; each style stays on the characters it was on."""
    cells = bidi.visual_order(line.plain, rtl)
    text = "".join(ch for ch, _ in cells)
    spans: list[Span] = []
    for span in line.spans:
        run_start: int | None = None
        for position, (_ch, logical) in enumerate(cells):
            inside = span.start <= logical < span.end
            if inside and run_start is None:
                run_start = position
            elif not inside and run_start is not None:
                spans.append(Span(run_start, position, span.style))
                run_start = None
        if run_start is not None:
            spans.append(Span(run_start, len(cells), span.style))
    return Content(text, spans)


class DirectedText(Visual):
    """A visual for text with right-to-left paragraphs or Ethiopic wordspaces (see the module)."""

    def __init__(self, content: Content, rtl: bool, mode: str = "app") -> None:
        self.rtl = rtl
        self.mode = mode
        self.content = shape_content(content) if mode == "app" else content
        self._paragraphs = self.content.split("\n", allow_blank=True)
        self._directions = [bidi.paragraph_is_rtl(p.plain, rtl) for p in self._paragraphs]
        self._lines_at: tuple[int, list[tuple[Content, bool]]] | None = None

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:  # as Content does: the text (shaped, in logical order)
        return self.content.plain

    def lines(self, width: int) -> list[tuple[Content, bool]]:
        """The wrapped lines at `width` in logical order, with their direction (right to left?)."""
        if self._lines_at is not None and self._lines_at[0] == width:
            return self._lines_at[1]
        lines: list[tuple[Content, bool]] = []
        for paragraph, rtl in zip(self._paragraphs, self._directions):
            for start, end in wrap_offsets(paragraph.plain, width):
                lines.append((paragraph[start:end], rtl))
        self._lines_at = (width, lines)
        return lines

    def get_optimal_width(self, rules, container_width: int) -> int:
        return max((p.cell_length for p in self._paragraphs), default=0)

    def get_minimal_width(self, rules) -> int:
        words = (w for p in self._paragraphs for w in _BREAK_AFTER.split(p.plain) if w.strip())
        return max((cell_len(w) for w in words), default=0)

    def get_height(self, rules, width: int) -> int:
        return len(self.lines(width))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not width:
            return []
        align = options.rules.get("text_align", "left")
        get_style = options.get_style
        strips: list[Strip] = []
        for line, rtl in self.lines(width)[:height]:
            if self.mode == "app" and (rtl or bidi.has_rtl(line.plain) or bidi.has_controls(line.plain)):
                line = _reorder(line, rtl)
            spare = max(0, width - line.cell_length)
            if align == "center":
                left = spare // 2
            elif align in ("right", "end") or (rtl and self.mode == "app" and align in ("left", "start")):
                left = spare
            else:
                left = 0
            segments: list[Segment] = [Segment(" " * left, style.background_style.rich_style)] if left else []
            segments += [Segment(text, (style + text_style).rich_style) for text, text_style in line.render(style, end="", parse_style=get_style)]
            strips.append(Strip(segments, line.cell_length + left))
        return strips


def visual_lines(content: Content | str, width: int, rtl: bool, mode: str = "app") -> list[str]:
    """The lines as a terminal shows them at `width` cells (for tests and previews)."""
    shown = directed(content, rtl, mode)
    if isinstance(shown, Content):
        return [line.plain for line in shown.wrap(width)]
    rules: dict = {}
    options = RenderOptions(Style.parse, rules)
    return [strip.text for strip in shown.render_strips(width, None, Style(), options)]

