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


def status(languages: Languages, locales: Path | None = None) -> list[Status]:
    """Each catalog measured against the template: an entry counts as translated only when every
    plural form is filled and it is not fuzzy (compile would use a half-translated plural)."""
    from babel.messages.pofile import read_po

    with open(pot_path(locales), "rb") as fh:
        template = read_po(fh)
    wanted = {_key(m) for m in template if m.id}
    result = []
    for lang in languages:
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
