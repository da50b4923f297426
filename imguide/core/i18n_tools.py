"""Translation tooling: the Babel extractor for the flow and glossary YAML, and the commands that
`make i18n` runs.

    python -m imguide.core.i18n_tools extract   # all strings -> locales/imguide.pot
    python -m imguide.core.i18n_tools init      # a catalog for each language in languages.yaml that lacks one
    python -m imguide.core.i18n_tools status    # per language: translated %, missing, fuzzy, obsolete, reviewed

Swedish is the source language of every string, so there is no Swedish catalog. A content string's
gettext context (msgctxt) is its stable id (`FLOW.NODE.text`, `FLOW.NODE.option.KEY`, `FLOW.title`,
`FLOW.description`, `glossary.TERM.term`, `glossary.TERM.explanation`, see imguide.core.render),
which is what `Translator.string` looks up. Facts and local profiles are never extracted: facts are
the Swedish reference, a profile is a municipality's own words.

The mapping from files to extraction methods lives in pyproject.toml (`[tool.babel]`), so
`pybabel extract -F pyproject.toml .` run from the repository root gives the same template.
Adding a language is one line in imguide/content/languages.yaml; `make i18n` then creates its
catalog.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from imguide.core.i18n import DOMAIN, SOURCE_LANGUAGE, languages, locales_dir

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
POT_NAME = f"{DOMAIN}.pot"
PROJECT = "imguide"
BUGS_ADDRESS = "https://github.com/imguide/imguide/issues"
COPYRIGHT = "the imguide developers"

# What a translator should know about each node kind (a `#.` comment above the node's text).
KIND_NOTES = {
    "message": "a message from the guide",
    "term": "explains a glossary term in the chat",
    "choice": "a question: the user picks one option",
    "multi": "a question: the user picks one or more options",
    "text": "a question: the user types an answer",
    "number": "a question: the user types a number",
    "date": "a question: the user types a date",
    "grades": "a question: the user fills in their grades",
    "outcome": "the end of a path: the guide's last message",
    "jump": "continues in another flow",
}

_LINK = re.compile(r"\[\[([a-z0-9_]+)(?:\|[^\]]*)?\]\]")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")

Extracted = tuple[int, str, tuple[str, str], list[str]]


# --- the extractor ---------------------------------------------------------------------------


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    """Babel extraction method for imguide's flow files and the glossary.

    Yields `(lineno, "pgettext", (string_id, swedish_text), comments)`. The kind of file is told by
    its shape: a mapping with `nodes` is a flow, one with `terms` is the glossary; anything else
    (facts, profiles) yields nothing. Empty strings are skipped.
    """
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode):
        return
    top = _pairs(root)
    if isinstance(top.get("nodes"), yaml.SequenceNode):
        yield from _extract_flow(top)
    elif isinstance(top.get("terms"), yaml.SequenceNode):
        yield from _extract_glossary(top)


def _extract_flow(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    flow_id = _scalar(top.get("id"))
    if not flow_id:
        return
    yield from _emit(top.get("title"), f"{flow_id}.title", ["The title of a flow, shown in the progress line and the menus."])
    yield from _emit(top.get("description"), f"{flow_id}.description", ["One sentence about a flow, shown in the menus."])
    for item in top["nodes"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        node = _pairs(item)
        node_id, kind = _scalar(node.get("id")), _scalar(node.get("kind"))
        if not node_id:
            continue
        question = _scalar(node.get("text"))
        comments = [f"Node kind: {kind} ({KIND_NOTES[kind]})." if kind in KIND_NOTES else f"Node kind: {kind}."]
        yield from _emit(node.get("text"), f"{flow_id}.{node_id}.text", comments + _note(node))
        options = node.get("options")
        if not isinstance(options, yaml.SequenceNode):
            continue
        for option_item in options.value:
            if not isinstance(option_item, yaml.MappingNode):
                continue
            option = _pairs(option_item)
            key = _scalar(option.get("key"))
            if not key:
                continue
            about = f"An answer button ({kind}) for the question: {_oneline(question)}" if question else f"An answer button ({kind})."
            yield from _emit(option.get("label"), f"{flow_id}.{node_id}.option.{key}", [about] + _note(option))


def _extract_glossary(top: dict[str, yaml.Node]) -> Iterator[Extracted]:
    for item in top["terms"].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        entry = _pairs(item)
        term_id = _scalar(entry.get("id"))
        if not term_id:
            continue
        term = _scalar(entry.get("term"))
        note = _note(entry)
        yield from _emit(
            entry.get("term"),
            f"glossary.{term_id}.term",
            ["A glossary term. Keep the Swedish word and add the meaning in brackets, e.g. \"behörighet (eligibility)\"."] + note,
        )
        yield from _emit(entry.get("explanation"), f"glossary.{term_id}.explanation", [f"Explains the glossary term: {term}"] + note)


def _emit(value: yaml.Node | None, string_id: str, comments: list[str]) -> Iterator[Extracted]:
    text = _scalar(value)
    if not text or not text.strip():
        return
    comments = list(comments)
    if _LINK.search(text):
        comments.append("Keep each [[term_id]] link with the same id; in [[term_id|words]] translate only the words.")
    if _PLACEHOLDER.search(text):
        comments.append("Keep each {placeholder} exactly as it is.")
    assert value is not None
    yield value.start_mark.line + 1, "pgettext", (string_id, text), comments


def _pairs(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _scalar(node: yaml.Node | None) -> str:
    """The text of a scalar as the loader reads it (quoted `"yes"` and unquoted `yes` alike)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return ""
    return node.value


def _note(mapping: dict[str, yaml.Node]) -> list[str]:
    note = _oneline(_scalar(mapping.get("note")))
    return [f"Note: {note}"] if note else []


def _oneline(text: str) -> str:
    return " ".join(text.split())


# --- extract, init, status -------------------------------------------------------------------


def pot_path(locales: Path | None = None) -> Path:
    return (locales or locales_dir()) / POT_NAME


def po_path(code: str, locales: Path | None = None) -> Path:
    return (locales or locales_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version(PROJECT)
    except Exception:  # not installed: the template still builds
        return "0"


def run_extract(output: Path, root: Path = REPO_ROOT, quiet: bool = False) -> None:
    """Run Babel's own extraction (`pybabel extract -F pyproject.toml .`) from the repository root."""
    from babel.messages.frontend import CommandLineInterface

    argv = ["pybabel"] + (["--quiet"] if quiet else []) + [
        "extract",
        "--mapping-file", "pyproject.toml",
        "--output-file", str(output),
        "--project", PROJECT,
        "--version", _version(),
        "--copyright-holder", COPYRIGHT,
        "--msgid-bugs-address", BUGS_ADDRESS,
        "--add-comments", "TRANSLATORS:",
        "--sort-by-file",
        ".",
    ]  # fmt: skip
    sys_path = list(sys.path)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # the extractor is named as imguide.core.i18n_tools
    try:
        with contextlib.chdir(root):
            status = CommandLineInterface().run(argv)
    finally:
        sys.path[:] = sys_path
    if status:
        raise SystemExit(status)


def extract(output: Path | None = None, root: Path = REPO_ROOT, quiet: bool = False) -> bool:
    """Write the template; returns True when it changed. An unchanged template keeps its creation
    date, so `make i18n` on unchanged sources changes no file."""
    output = output or pot_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / POT_NAME
        run_extract(fresh, root, quiet)
        new = fresh.read_text(encoding="utf-8")
    if output.exists() and _without_date(output.read_text(encoding="utf-8")) == _without_date(new):
        return False
    output.write_text(new, encoding="utf-8")
    return True


def _without_date(pot: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*"$', "", pot, flags=re.MULTILINE)


def catalog_languages() -> list[str]:
    """Every shipped language that needs a catalog (all but the Swedish source)."""
    return [lang.code for lang in languages() if lang.code != SOURCE_LANGUAGE]


def init_missing(locales: Path | None = None) -> list[str]:
    """Create an empty catalog for each language in languages.yaml that has none yet."""
    from babel.messages.frontend import CommandLineInterface

    created = []
    for code in catalog_languages():
        if po_path(code, locales).exists():
            continue
        argv = ["pybabel", "init", "--domain", DOMAIN, "--input-file", str(pot_path(locales)),
                "--output-dir", str(locales or locales_dir()), "--locale", code]  # fmt: skip
        if CommandLineInterface().run(argv):
            raise SystemExit(f"could not create the catalog for {code}")
        created.append(code)
    return created


@dataclass(frozen=True)
class Status:
    code: str
    total: int
    translated: int
    missing: int
    fuzzy: int
    obsolete: int
    reviewed: bool
    exists: bool = True

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _complete(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return bool(strings) and all(s for s in strings)


def _key(message) -> tuple[str | None, Any]:
    return message.context, message.id


def status(locales: Path | None = None) -> list[Status]:
    """Each catalog measured against the template: an entry counts as translated only when every
    plural form is filled and it is not fuzzy (compile would use a half-translated plural)."""
    from babel.messages.pofile import read_po

    with open(pot_path(locales), "rb") as fh:
        template = read_po(fh)
    wanted = {_key(m) for m in template if m.id}
    result = []
    for lang in languages():
        if lang.code == SOURCE_LANGUAGE:
            continue
        path = po_path(lang.code, locales)
        if not path.exists():
            result.append(Status(lang.code, len(wanted), 0, len(wanted), 0, 0, lang.reviewed, exists=False))
            continue
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=lang.code)
        present = {_key(m): m for m in catalog if m.id}
        translated = sum(1 for k in wanted if k in present and not present[k].fuzzy and _complete(present[k]))
        fuzzy = sum(1 for k in wanted if k in present and present[k].fuzzy)
        stale = sum(1 for k in present if k not in wanted)
        obsolete = len(catalog.obsolete) + stale
        result.append(Status(lang.code, len(wanted), translated, len(wanted) - translated - fuzzy, fuzzy, obsolete, lang.reviewed))
    return result


def print_status(rows: list[Status], out=sys.stdout) -> None:
    print(f"{'language':<9} {'translated':>10} {'missing':>8} {'fuzzy':>6} {'obsolete':>9}  reviewed", file=out)
    print(f"{SOURCE_LANGUAGE:<9} {'source':>10} {'-':>8} {'-':>6} {'-':>9}  yes", file=out)
    for row in rows:
        percent = f"{row.percent:.1f}%" if row.exists else "no catalog"
        reviewed = "yes" if row.reviewed else "no (not yet reviewed by a human translator)"
        print(f"{row.code:<9} {percent:>10} {row.missing:>8} {row.fuzzy:>6} {row.obsolete:>9}  {reviewed}", file=out)
    total = rows[0].total if rows else 0
    print(f"{total} strings in {pot_path().relative_to(Path.cwd()) if _under_cwd(pot_path()) else pot_path()}", file=out)


def _under_cwd(path: Path) -> bool:
    try:
        path.resolve().relative_to(Path.cwd().resolve())
        return True
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m imguide.core.i18n_tools", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_extract = sub.add_parser("extract", help="extract every string into locales/imguide.pot")
    p_extract.add_argument("--output", type=Path, help="write the template here instead")
    p_extract.add_argument("--quiet", action="store_true")
    sub.add_parser("init", help="create a catalog for each language in languages.yaml that has none")
    p_status = sub.add_parser("status", help="how complete each catalog is")
    p_status.add_argument("--check", action="store_true", help="exit 1 unless every catalog is complete")
    args = parser.parse_args(argv)

    if args.command == "extract":
        target = args.output or pot_path()
        changed = extract(target, quiet=args.quiet)
        print(f"{target}: {'updated' if changed else 'unchanged'}")
        return 0
    if args.command == "init":
        created = init_missing()
        print("created catalogs: " + (", ".join(created) if created else "none needed"))
        return 0
    rows = status()
    print_status(rows)
    if args.check and any(row.translated < row.total or row.obsolete for row in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
