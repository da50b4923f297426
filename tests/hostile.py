"""Hostile text, in one place: what a careless or malicious user could type, paste, save in a file or
give on the command line. The monkey tests paste it (test_monkey.py), the entry-point test sends
each string through the chat, session files, profiles, arguments and exports
(test_hostile_inputs.py), and the content fuzzer writes it into YAML (test_fuzz_content.py).

The export's injection payloads (tests/test_export_html.py's PAYLOADS) are the first part of the
list; the rest adds what a terminal, a parser or a file system could take for something else.
"""

from __future__ import annotations

import re
import unicodedata

from test_export_html import PAYLOADS

# A megabyte: a whole document pasted, or a file of junk. Not in HOSTILE (every entry point would
# take it many times over); tests add it where size is the point.
MEGABYTE = ("1 MB av text utan slut, " * 45_000)[:1_000_000]

TERMINAL = [
    "\x1b[2J\x1b[H\x1b[31mskärmen rensad",  # clear screen, cursor home, colour
    "\x1b]0;pwned\x07 titel",  # OSC: the window title
    "\x1b]8;;https://evil.example/\x1b\\länk\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;cm0gLXJmIH4=\x07 urklipp",  # OSC 52: write the clipboard
    "\x1bP+q544e\x1b\\ DCS",  # device control string (terminfo query)
    "\x9b31mC1 CSI\x9b0m \x9d0;title\x9c",  # the 8-bit C1 forms of CSI and OSC
    "\x1b[6n\x1b[c frågar terminalen",  # cursor position and device attribute reports
    "rad\rskriv över\x08\x08\x7f",  # carriage return, backspace, DEL
    "\x1b[?1049h\x1b[?25l alt screen, no cursor",
    "\x1b[1000;1000H\x1b[K",
    "\x07\x07\x07 bell",
]

BIDI = [
    "\u202eevil\u202c kram \u202dLTR override\u202c",
    "\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069 unbalanced \u2067\u2067\u2067",
    "abc\u200fdef\u200eghi\u061cjkl",
    "\u202a\u202b\u202c\u202d\u202e" * 20,
    "مرحبا \u202eabc\u202c بالعالم 123",
]

INVISIBLE = [
    "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom",
    "\u200b" * 500,
    "\u00ad\u034f\u180e\u2061\u2062\u2063\u2064",  # soft hyphen, grapheme joiner, invisible operators
    "\ufff9annotation\ufffa\ufffb \ufffc\ufffd",
]

ODD_UNICODE = [
    "\ud800 lone high surrogate",
    "lone low surrogate \udfff",
    "\udbff\udfff\ud800",
    "e\u0301" * 200 + "Z\u0335\u0336\u0337\u0338" * 50,  # combining marks, zalgo
    "👩\u200d👩\u200d👧\u200d👦 🇸🇪 🏳️\u200d🌈 " * 30,  # emoji sequences
    "漢字かなカナ한국어" * 40,  # wide characters
    "\uffff\ufffe\U0010ffff\U000e0001\ue000",  # non-characters, tag, private use
    "line\u2028separator\u2029paragraph\x85NEL\x0bVT\x0cFF",
    "\t\t\ttabs\t\t",
    "ሰላም ፡ ዓለም። " * 30,  # Ethiopic wordspace
]

TEMPLATE = [
    "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %}",
    "{{ self.__init__.__globals__ }}",
    "{# comment #}{%- raw -%}",
    "${7*7} #{7*7} <%= 7*7 %> %(name)s %s %d {0} {name}",
    "[[syv]] [[im|IM]] [[nowhere]] {fit_age} {no.such.value}",  # the content's own markup
    "[b]fet[/b] [link=https://evil.example]länk[/link] [@click=app.quit]klick[/]",  # Rich/Textual markup
    "[/] [/b] [[/]] \\[escaped]",
    "*kursiv* _under_ `kod` # rubrik | tabell |",
]

PATHS = [
    "../../../../etc/passwd",
    "..\\..\\windows\\system32",
    "/",
    "C:\\Users\\x\\AppData",
    "CON",
    "file:///etc/shadow",
    "~/.ssh/id_rsa",
    "a/b/../../../c",
]

NULS = [
    "\x00",
    "före\x00efter",
    "\x00" * 100,
    "".join(chr(c) for c in range(32)),  # every C0 control
    "".join(chr(c) for c in range(0x7F, 0xA0)),  # DEL and every C1 control
]

DATA_LOOKALIKES = [
    "!!python/object/apply:os.system ['ls']",
    "&a [*a, *a]",
    '{"__proto__": {"admin": true}}',
    "19900101-1234",  # looks like a personal identity number
    "NaN -Infinity 1e309 " + "9" * 5000,
    "yes no on off ~ null",
    "",
    " ",
    "\n\n\n",
]

LONG = [
    "x" * 5000,
    "ord " * 3000,
    "a" * 100_000,
]

HOSTILE: list[str] = list(
    dict.fromkeys(PAYLOADS + TERMINAL + BIDI + INVISIBLE + ODD_UNICODE + TEMPLATE + PATHS + NULS + DATA_LOOKALIKES + LONG)
)


def hostile_ids() -> list[str]:
    """Short ids for parametrize: the index and the first readable characters."""
    ids = []
    for index, text in enumerate(HOSTILE):
        readable = re.sub(r"[^A-Za-z0-9]+", "_", text[:20]).strip("_")[:16]
        ids.append(f"h{index}-{readable or 'x'}")
    return ids


# ---------------------------------------------------------------- what may never reach a screen

# Characters that would steer a terminal or reorder text if they reached the screen as they are.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def unsafe_on_screen(text: str) -> list[str]:
    """The characters in `text` (a rendered screen line) that no screen should show: C0 and C1
    controls (ESC, BEL, CSI ...) and the bidirectional controls."""
    found = [f"U+{ord(ch):04X}" for ch in _TERMINAL_CONTROL.findall(text)]
    found += [f"U+{ord(ch):04X}" for ch in text if ch in BIDI_CONTROLS]
    found += [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cs"]  # a lone surrogate
    return found


def screen_lines(app) -> list[str]:
    """Every cell of the screen on top, one string a line, as the compositor would send it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
