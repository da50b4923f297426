"""The gettext catalogs around the guide: the template, one catalog per language, and how complete
each is. `imguide i18n extract|init|status` (and `make i18n`) drive these.

Swedish is the source language of every string, so there is no Swedish catalog. The catalogs'
sources live in `locales/` at the repository root (`imguide.pot`, `<code>/LC_MESSAGES/imguide.po`);
compiled `.mo` files go into the package (`imguide/locales/`), see imguide.core.i18n.translator.
The mapping from files to extraction methods is in pyproject.toml (`[tool.babel]`), so
`pybabel extract -F pyproject.toml .` from the repository root gives the same template.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imguide.core.i18n.languages import SOURCE_LANGUAGE, Languages
from imguide.core.i18n.translator import DOMAIN

REPO_ROOT = Path(__file__).resolve().parents[3]
SOURCE_DIR = REPO_ROOT / "locales"  # the .pot and .po files, for translators and tools
POT_NAME = f"{DOMAIN}.pot"
PROJECT = "imguide"
BUGS_ADDRESS = "https://github.com/imguide/imguide/issues"
COPYRIGHT = "the imguide developers"


# --- extract, init, status -------------------------------------------------------------------


def pot_path(locales: Path | None = None) -> Path:
    return (locales or SOURCE_DIR) / POT_NAME


def po_path(code: str, locales: Path | None = None) -> Path:
    return (locales or SOURCE_DIR) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str, locales: Path) -> Path:
    return locales / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


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
        sys.path.insert(0, str(root))  # the extractor is named as imguide.core.content.extract
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


def catalog_languages(languages: Languages) -> list[str]:
    """Every shipped language that needs a catalog (all but the Swedish source)."""
    return [lang.code for lang in languages if lang.code != SOURCE_LANGUAGE]


def init_missing(languages: Languages, locales: Path | None = None) -> list[str]:
    """Create an empty catalog for each shipped language that has none yet."""
    from babel.messages.frontend import CommandLineInterface

    created = []
    for code in catalog_languages(languages):
        if po_path(code, locales).exists():
            continue
        argv = ["pybabel", "init", "--domain", DOMAIN, "--input-file", str(pot_path(locales)),
                "--output-dir", str(locales or SOURCE_DIR), "--locale", code]  # fmt: skip
        if CommandLineInterface().run(argv):
            raise SystemExit(f"could not create the catalog for {code}")
        created.append(code)
    return created


@dataclass(frozen=True)
class Status:
    """How complete and how sound one language's catalog is."""

    code: str
    total: int
    translated: int
    missing: int
    fuzzy: int
    obsolete: int
    reviewed: bool
    exists: bool = True
    errors: tuple[str, ...] = ()  # placeholders, links or markup that differ; plurals; msgfmt

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.exists and self.translated == self.total and not self.errors

    def to_json(self) -> dict[str, Any]:
        """The contract of `imguide i18n status --json`."""
        return {
            "coverage": round(self.percent, 1),
            "missing": self.missing,
            "fuzzy": self.fuzzy,
            "errors": len(self.errors),
            "reviewed": self.reviewed,
        }


_PYFORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACED = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_.]*)\}(?!\})")
_LINK = re.compile(r"\[\[([a-z0-9_]+)(?:\|[^\]]*)?\]\]")
_JINJA = re.compile(r"\{\{\s*(.*?)\s*\}\}|\{%\s*(.*?)\s*%\}")


def _tokens(text: str) -> tuple[list, list, list, list]:
    """What a translation must carry over unchanged: format fields, placeholders, glossary links
    (their ids; the words after | are translated) and template syntax."""
    return (
        sorted(match.group(0) for match in _PYFORMAT.finditer(text) if match.group(0) != "%%"),
        sorted(_BRACED.findall(text)),
        sorted(_LINK.findall(text)),
        sorted(m.group(0) for m in _JINJA.finditer(text)),
    )


def message_errors(message, num_plurals: int) -> list[str]:
    """What is wrong with one translated entry (nothing for an untranslated one)."""
    if not message.id or not message.string:
        return []
    where = f"{message.context + ' ' if message.context else ''}{(message.id if isinstance(message.id, str) else message.id[0])[:60]!r}"
    if isinstance(message.id, (list, tuple)):
        forms = list(message.string)
        if not any(forms):
            return []
        problems = [] if len(forms) == num_plurals and all(forms) else [f"{where}: {len([f for f in forms if f])} of {num_plurals} plural forms"]
        wanted = [_tokens(message.id[0]), _tokens(message.id[1])]
        for form in forms:
            # a form may leave out the number where the language says it in words ("one", "two")
            if form and not any(_tokens(form)[1:] == w[1:] and set(_tokens(form)[0]) <= set(w[0]) for w in wanted):
                problems.append(f"{where}: placeholders or links differ in {form[:60]!r}")
        return problems
    if _tokens(message.string) != _tokens(message.id):
        return [f"{where}: placeholders, links or markup differ in {message.string[:60]!r}"]
    return []


def msgfmt_errors(path: Path) -> list[str]:
    """What GNU msgfmt --check finds (format strings, headers, plural forms), one line each. An
    empty list when msgfmt is not installed: the checks above still run."""
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    done = subprocess.run([msgfmt, "--check", "--output-file", "/dev/null", str(path)], capture_output=True, text=True)
    if done.returncode == 0:
        return []
    return [line for line in done.stderr.splitlines() if line.strip() and "fatal error" not in line] or ["msgfmt --check failed"]


def terms_path(code: str, locales: Path | None = None) -> Path:
    """A language's term list: the Swedish school terms it keeps, and the words explaining them."""
    return (locales or SOURCE_DIR) / code / "terms.yaml"


def read_terms(path: Path) -> dict[str, str]:
    """{Swedish term: its explanation in the language}; empty when there is no list."""
    import yaml

    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = data.get("terms") if isinstance(data, dict) else None
    return {str(term): str(words) for term, words in (terms or {}).items()}


def term_errors(catalog, terms: dict[str, str]) -> list[str]:
    """Where a translation drops a kept Swedish term, or the glossary explains one in other words
    than the language's term list: families hear these words at the meeting, so every screen keeps
    them, explained the same way."""
    problems = []
    patterns = {term: re.compile(rf"(?<!\w){re.escape(term)}(?!\w)") for term in terms}
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, (list, tuple)):
            continue
        for term, pattern in patterns.items():
            if pattern.search(message.id) and not pattern.search(message.string):
                problems.append(f"{message.context or message.id[:40]!r}: the term {term} is not kept")
            glossary_word = (message.context or "").startswith("glossary.") and (message.context or "").endswith(".term")
            if glossary_word and (message.id == term or message.id.endswith(f"({term})")):
                if f"({terms[term]})" not in message.string:
                    problems.append(f"{message.context}: {term} is to be explained as ({terms[term]})")
    return problems


def _complete(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return bool(strings) and all(s for s in strings)


def _key(message) -> tuple[str | None, Any]:
    return message.context, message.id


# Arabic has the most plural forms of any language: six. Babel makes a list of `nplurals` strings
# for every plural entry, so a header saying nplurals=99999999999 would never finish reading.
MAX_PLURAL_FORMS = 6


class CatalogProblem(Exception):
    """A catalog that cannot be read at all; the message names the file and the line."""


def _bounded_catalog(locale: str | None):
    from babel.messages.catalog import Catalog

    class BoundedCatalog(Catalog):
        @property
        def num_plurals(self) -> int:
            count = super().num_plurals
            if not 1 <= count <= MAX_PLURAL_FORMS:
                raise ValueError(f"the Plural-Forms header says nplurals={count}; a language has 1 to {MAX_PLURAL_FORMS} plural forms")
            return count

    return BoundedCatalog(locale=locale)


def read_catalog(path: Path, locale: str | None = None):
    """A .po file read with Babel, strictly: a line Babel cannot parse, bytes that are not in the
    charset the header names, an unknown charset or an impossible Plural-Forms header raise
    CatalogProblem naming the file and the line (instead of a warning on stdout, or a hang)."""
    from babel.messages.pofile import PoFileError, PoFileParser

    catalog = _bounded_catalog(locale)
    parser = PoFileParser(catalog, abort_invalid=True)
    try:
        with open(path, "rb") as fh:
            parser.parse(fh)
        catalog.num_plurals  # noqa: B018 - the header's plural forms checked even without a plural entry
    except PoFileError as error:
        message = str(error.args[0]).rsplit(" on ", 1)[0] if error.args else "not a valid catalog"
        raise CatalogProblem(f"{path}:{error.lineno + 1}: {message}") from None
    except UnicodeDecodeError as error:
        line = _line_where(path, lambda raw: _decodes(raw, error.encoding))
        raise CatalogProblem(f"{path}:{line}: not {error.encoding} text, which the header says the catalog is") from None
    except LookupError as error:  # the header's charset is one Python does not know
        line = _line_where(path, lambda raw: b"charset=" not in raw)
        raise CatalogProblem(f"{path}:{line}: the header names a charset no one knows ({error})") from None
    except ValueError as error:  # Babel reads the Plural-Forms header and msgstr[N] with int()
        header = _line_where(path, lambda raw: not _bad_plural_forms(raw))
        if header:
            raise CatalogProblem(f"{path}:{header}: the Plural-Forms header is not valid ({error})") from None
        raise CatalogProblem(f"{path}:{parser.offset + 1}: {error}") from None
    return catalog


def _bad_plural_forms(raw: bytes) -> bool:
    """A Plural-Forms header line whose nplurals is not a number of forms a language has."""
    if not raw.lstrip().startswith(b'"Plural-Forms:'):
        return False
    return not re.search(rb"nplurals\s*=\s*[1-%d]\s*;" % MAX_PLURAL_FORMS, raw)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _line_where(path: Path, fine) -> int:
    """The number of the first line of `path` that is not `fine` (0 when every line is)."""
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        if not fine(raw):
            return number
    return 0


def check_catalog(code: str, reviewed: bool, path: Path, template) -> Status:
    """One catalog measured against the template: an entry counts as translated only when every
    plural form is filled and it is not fuzzy (compile would use a half-translated plural)."""
    wanted = {_key(m) for m in template if m.id}
    if not path.exists():
        return Status(code, len(wanted), 0, len(wanted), 0, 0, reviewed, exists=False)
    try:
        catalog = read_catalog(path, code)
    except CatalogProblem as problem:
        return Status(code, len(wanted), 0, len(wanted), 0, 0, reviewed, errors=(str(problem),))
    present = {_key(m): m for m in catalog if m.id}
    translated = sum(1 for k in wanted if k in present and not present[k].fuzzy and _complete(present[k]))
    fuzzy = sum(1 for k in wanted if k in present and present[k].fuzzy)
    stale = sum(1 for k in present if k not in wanted)
    errors = [problem for k in wanted if k in present for problem in message_errors(present[k], catalog.num_plurals)]
    errors += msgfmt_errors(path)
    return Status(
        code, len(wanted), translated, len(wanted) - translated - fuzzy, fuzzy, len(catalog.obsolete) + stale, reviewed,
        errors=tuple(errors),
    )  # fmt: skip


def status(languages: Languages, locales: Path | None = None) -> list[Status]:
    """Every shipped language but the Swedish source, checked against the template."""
    from babel.messages.pofile import read_po

    with open(pot_path(locales), "rb") as fh:
        template = read_po(fh)
    return [
        check_catalog(lang.code, lang.reviewed, po_path(lang.code, locales), template)
        for lang in languages
        if lang.code != SOURCE_LANGUAGE
    ]


def print_status(rows: list[Status], out=sys.stdout) -> None:
    print(f"{'language':<9} {'translated':>10} {'missing':>8} {'fuzzy':>6} {'errors':>7} {'obsolete':>9}  reviewed", file=out)
    print(f"{SOURCE_LANGUAGE:<9} {'source':>10} {'-':>8} {'-':>6} {'-':>7} {'-':>9}  yes", file=out)
    for row in rows:
        percent = f"{row.percent:.1f}%" if row.exists else "no catalog"
        reviewed = "yes" if row.reviewed else "no (not yet reviewed by a human translator)"
        print(f"{row.code:<9} {percent:>10} {row.missing:>8} {row.fuzzy:>6} {len(row.errors):>7} {row.obsolete:>9}  {reviewed}", file=out)
    for row in rows:
        for problem in row.errors[:20]:
            print(f"{row.code}: {problem}", file=out)
        if len(row.errors) > 20:
            print(f"{row.code}: ... and {len(row.errors) - 20} more", file=out)
    total = rows[0].total if rows else 0
    print(f"{total} strings in {pot_path().relative_to(Path.cwd()) if _under_cwd(pot_path()) else pot_path()}", file=out)


def _under_cwd(path: Path) -> bool:
    try:
        path.resolve().relative_to(Path.cwd().resolve())
        return True
    except ValueError:
        return False
