"""Right-to-left and Ethiopic text as the terminal gets it: shaped, wrapped on the logical text,
each line in visual order, numbers and Latin terms whole, brackets mirrored, nothing invisible
left, and never a break at a non-breaking space."""

from __future__ import annotations

import unicodedata

import pytest
from textual.content import Content

from imguide.ui import bidi
from imguide.ui.directed import DirectedText, directed, one_line, visual_lines, wrap_offsets

SALAAM = "السلام عليكم"


def forms(text: str) -> set[str]:
    """The forms of the presentation-form letters in `text` (ISOLATED, INITIAL, MEDIAL, FINAL)."""
    return {unicodedata.name(ch).split()[-2] for ch in text if "\ufb50" <= ch <= "\ufeff"}


def test_arabic_letters_are_joined_and_the_line_reads_right_to_left():
    shown = bidi.visual(SALAAM, rtl=True)
    # the first word (السلام) ends up on the right, its letters in presentation forms
    assert shown.split(" ")[-1] == bidi.shape("السلام")[::-1]
    assert all("\ufb50" <= ch <= "\ufeff" or ch == " " for ch in shown)
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms(shown)


def test_lam_alef_becomes_one_ligature():
    assert bidi.shape("لا") == "\ufefb"


def test_numbers_dates_and_phone_numbers_keep_their_order():
    line = bidi.visual("اتصل على 08 123 45 67 قبل 2026-08-17 أو +46 8 1", rtl=True)
    for number in ("08 123 45 67", "2026-08-17", "+46 8 1"):
        assert number in line
    # and they stand where the sentence puts them: the first one right of the second
    assert line.index("2026-08-17") < line.index("08 123 45 67")


def test_latin_terms_stay_whole_and_readable():
    line = bidi.visual("تحدث مع SYV عن IMV اليوم", rtl=True)
    assert "SYV" in line and "IMV" in line
    assert line.index("IMV") < line.index("SYV")  # IMV comes later in the sentence: further left


def test_brackets_are_mirrored_so_they_still_enclose():
    line = bidi.visual("برنامج (IMV) جيد", rtl=True)
    assert "(IMV)" in line
    arabic_only = bidi.visual("نص (مهم) هنا", rtl=True)
    inner = bidi.shape("مهم")[::-1]
    assert f"({inner})" in arabic_only


def test_invisible_controls_never_reach_the_screen():
    line = bidi.visual("\u200fمرحبا\u200e \u2067IMV\u2069 \u061c\ufeff", rtl=True)
    assert not any(ord(ch) in bidi._CONTROLS for ch in line)


def test_vowel_marks_follow_their_letter():
    line = bidi.visual("مَدْرَسَة", rtl=True)
    # every mark comes right after a letter in the cells, never first
    assert not unicodedata.combining(line[0])
    for before, mark in zip(line, line[1:]):
        if unicodedata.combining(mark):
            assert not unicodedata.combining(before) or before in "\u0651"


def test_paragraph_direction_follows_the_first_strong_letter_outside_rtl_languages():
    assert bidi.paragraph_is_rtl("مرحبا Hej", language_rtl=False)
    assert not bidi.paragraph_is_rtl("Hej مرحبا", language_rtl=False)
    assert bidi.paragraph_is_rtl("IMV هو برنامج", language_rtl=True)
    assert not bidi.paragraph_is_rtl("IMV", language_rtl=True)


def test_isolated_paths_stay_whole():
    path = "/home/syv/imguide/outbox/K7Q2/intake.html"
    line = bidi.visual(f"حُفظ: \u2066{path}\u2069", rtl=True)
    assert path in line


# ------------------------------------------------------------------ wrapping


def lines_at(text: str, width: int) -> list[str]:
    return [text[a:b] for a, b in wrap_offsets(text, width)]


def test_wrapping_never_breaks_at_a_non_breaking_space():
    text = "Läs 17\u00a0kap. 3\u00a0§ skollagen och 10\u202f000\u00a0kr noga"
    for width in range(8, 30):
        for line in lines_at(text, width):
            assert not line.startswith(("kap.", "§", "000", "kr"))


def test_ethiopic_wordspace_is_a_place_to_break():
    text = "ትምህርቲ፡ቤት፡ናይ፡ምድላው፡ፕሮግራም፡ኣብ፡ስዊድን፡ንመንእሰያት፡ዝኸውን፡እዩ።"
    for width in (10, 14, 20, 30):
        lines = lines_at(text, width)
        assert len(lines) > 1
        assert all(len(line) <= width for line in lines)
        for line in lines[:-1]:
            assert line.endswith("፡")  # whole words only


def test_numbers_grouped_with_spaces_are_not_broken():
    text = "ring 08 123 45 67 nu"
    for width in range(12, 20):
        assert any("08 123 45 67" in line for line in lines_at(text, width)), width


def test_a_word_wider_than_the_line_is_folded_not_lost():
    text = "a " + "x" * 25 + " b"
    lines = lines_at(text, 10)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(len(line) <= 10 for line in lines)


@pytest.mark.parametrize("width", [20, 30, 40])
def test_first_words_stay_on_the_first_line_and_lines_are_right_aligned(width):
    text = "مرحبا بك في الدليل. هنا تقرأ عن برامج المقدمة في المدرسة الثانوية وعن ما يأتي بعدها."
    lines = visual_lines(text, width, rtl=True)
    assert len(lines) > 1
    first_word = bidi.shape("مرحبا")[::-1]
    assert lines[0].rstrip().endswith(first_word)
    for line in lines:  # each line ends at the right edge
        assert len(line) == width and not line.endswith(" ")


def test_styles_follow_their_characters_after_reordering():
    content = Content.assemble("اقرأ عن ", ("IMV", "bold"), " هنا")
    line = one_line(content, rtl=True)
    bold = [span for span in line.spans if "bold" in str(span.style)]
    assert bold and line.plain[bold[0].start : bold[0].end] == "IMV"


def test_plain_swedish_keeps_textuals_own_text():
    content = Content("Hej! Vad roligt att du är här.")
    assert directed(content, rtl=False) is content


def test_off_and_terminal_modes_leave_logical_order():
    for mode in ("off", "terminal"):
        shown = directed(SALAAM, rtl=True, mode=mode)
        assert isinstance(shown, Content) and shown.plain == SALAAM
    assert visual_lines(SALAAM, 20, rtl=True, mode="off") == [SALAAM]


def test_directed_text_measures_what_it_draws():
    text = DirectedText(Content("ትምህርቲ፡ቤት፡ናይ፡ምድላው፡ፕሮግራም"), rtl=False)
    assert text.get_height({}, 12) == len(text.lines(12)) > 1
    assert str(text) == "ትምህርቲ፡ቤት፡ናይ፡ምድላው፡ፕሮግራም"
