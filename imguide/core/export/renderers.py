"""Rendering the export context as HTML, Markdown or JSON.

Safety rules, all enforced here rather than trusted to each template:
* HTML autoescapes every `{{ }}`; Markdown escapes every `{{ }}` through `finalize`, so a value can
  never become markup in either, whatever template prints it.
* User text is only ever a value: no template is ever made from a string of the session.
* Templates from a local profile run in jinja2's immutable sandbox; the shipped ones are trusted.
* StrictUndefined: a misspelt field in a template is an error, not an empty string.
Environments (and so compiled templates) are cached, so rendering a session costs milliseconds.
The shipped templates are also compiled to Python ahead of time (`make setup` runs this module):
the first export in a process then skips jinja2's compiler.

    python -m imguide.core.export.renderers    compile the shipped templates if they changed
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from imguide.core.export.context import ExportContext, to_json

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
COMPILED_DIR = Path(__file__).resolve().parents[2] / "compiled" / "templates"
FORMATS = ("html", "md", "json")
TEMPLATE_NAMES = {"html": "intake.html.j2", "md": "intake.md.j2"}
SHIPPED_PREFIX = "imguide"  # a profile template may `{% extends "imguide/intake.html.j2" %}`


class ExportError(Exception):
    """An export could not be rendered (a profile's template is broken or unsafe). One line."""


# ---------------------------------------------------------------- Markdown escaping

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=]|#{1,6}(?=\s|$))")
_MD_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def md_escape(value: Any) -> str:
    """Plain text that stays plain text in any Markdown (CommonMark, GitHub, school systems):
    characters that start markup get a backslash, a line that would start a list, quote or heading
    has its marker escaped, and line breaks become hard breaks within the same block (blank lines,
    which would end the block, are dropped)."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    first, *rest = text.split("\n")
    escaped = []
    for line in [first, *(line.strip() for line in rest if line.strip())]:
        line = _MD_INLINE.sub(r"\\\1", line)
        line = _MD_BLOCK_START.sub(r"\1\\\2", line)
        line = _MD_ORDERED.sub(r"\1\\\2", line)
        escaped.append(line)
    return "  \n  ".join(escaped)


def _md_finalize(value: Any) -> Any:
    return md_escape(value)


# ---------------------------------------------------------------- environments


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["md"] = lambda value: Markup(md_escape(value))
    env.filters["tojson_pretty"] = lambda value: json.dumps(value, ensure_ascii=False, indent=2)
    return env


def _loader(profile_dir: Path | None, fmt: str, precompiled: bool = True) -> jinja2.BaseLoader:
    shipped = jinja2.FileSystemLoader(str(TEMPLATES_DIR))
    prefixed = jinja2.PrefixLoader({SHIPPED_PREFIX: shipped})
    if profile_dir is None:
        compiled = _compiled_folder(fmt) if precompiled else None
        loaders = [jinja2.ModuleLoader(str(compiled))] if compiled else []
        return jinja2.ChoiceLoader([*loaders, shipped, prefixed])
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(profile_dir)), prefixed, shipped])


@lru_cache(maxsize=32)
def environment(fmt: str, profile_dir: Path | None = None, precompiled: bool = True) -> jinja2.Environment:
    """One cached Environment per format (and per profile template folder). Profile templates run
    sandboxed; so does everything rendered through a profile environment."""
    cls = ImmutableSandboxedEnvironment if profile_dir is not None else jinja2.Environment
    options: dict[str, Any] = {
        "loader": _loader(profile_dir, fmt, precompiled),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": profile_dir is not None,
    }
    if fmt == "html":
        options["autoescape"] = True
    elif fmt == "md":
        options["autoescape"] = False
        options["finalize"] = _md_finalize
    else:
        raise ValueError(f"no template format {fmt!r}")
    return _common(cls(**options))


# ---------------------------------------------------------------- templates compiled ahead of time


def _made_from() -> str:
    """What compiled templates were made from: the template files (size and time), jinja2 and
    the interpreter. Compiled templates that do not match are not used."""
    files = sorted((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in TEMPLATES_DIR.glob("*.j2"))
    return json.dumps([sys.version, jinja2.__version__, str(TEMPLATES_DIR), files])


def _compiled_folder(fmt: str) -> Path | None:
    try:
        if (COMPILED_DIR / "made-from.json").read_text(encoding="utf-8") != _made_from():
            return None
    except OSError:
        return None
    folder = COMPILED_DIR / fmt
    return folder if folder.is_dir() else None


def compile_templates() -> bool:
    """Compile the shipped templates into COMPILED_DIR unless they are current; True if written.
    Written into a new folder that then takes the old one's place."""
    if all(_compiled_folder(fmt) for fmt in TEMPLATE_NAMES):
        return False
    temporary = COMPILED_DIR.with_name(f".templates.{os.getpid()}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        for fmt, name in TEMPLATE_NAMES.items():
            # compiled with the very options it is rendered with (autoescape, finalize...)
            env = environment.__wrapped__(fmt, None, precompiled=False)
            env.compile_templates(str(temporary / fmt), filter_func=lambda found, name=name: found == name, zip=None, ignore_errors=False)
        (temporary / "made-from.json").write_text(_made_from(), encoding="utf-8")
        shutil.rmtree(COMPILED_DIR, ignore_errors=True)
        os.replace(temporary, COMPILED_DIR)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    environment.cache_clear()
    return True


def warm_up() -> None:
    """Load what the first export needs (jinja2, the compiled templates), so that exporting later
    costs only the rendering. The app calls this in a thread once the chat is on screen."""
    for fmt, name in TEMPLATE_NAMES.items():
        environment(fmt).get_template(name)


def profile_template_dir(profile_dir: Path | None, fmt: str) -> Path | None:
    """The profile's template folder if it overrides this format's template, else None."""
    if profile_dir is None or fmt not in TEMPLATE_NAMES:
        return None
    return profile_dir if (Path(profile_dir) / TEMPLATE_NAMES[fmt]).is_file() else None


def render(context: ExportContext, fmt: str, profile_dir: Path | None = None) -> str:
    """The export in one format. `profile_dir` is a local profile's templates/ folder (or None)."""
    if fmt == "json":
        return json.dumps(to_json(context), ensure_ascii=False, indent=2) + "\n"
    if fmt not in TEMPLATE_NAMES:
        raise ValueError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    override = profile_template_dir(profile_dir, fmt)
    env = environment(fmt, Path(override).resolve() if override else None)
    try:
        template = env.get_template(TEMPLATE_NAMES[fmt])
        return template.render(context.as_template_vars())
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise ExportError(f"{where}: template error: {error.message}") from None
    except SecurityError as error:
        raise ExportError(f"{TEMPLATE_NAMES[fmt]}: the template tried something unsafe: {error}") from None
    except jinja2.UndefinedError as error:
        raise ExportError(f"{TEMPLATE_NAMES[fmt]}: the template uses a field that does not exist: {error}") from None
    except jinja2.TemplateError as error:
        raise ExportError(f"{TEMPLATE_NAMES[fmt]}: template error: {error}") from None


if __name__ == "__main__":
    try:
        written = compile_templates()
    except (OSError, jinja2.TemplateError) as error:  # a read-only install: exports compile at run time
        print(f"export templates: not compiled ({error})", file=sys.stderr)
        raise SystemExit(0)
    if written:
        print(f"export templates: compiled ({COMPILED_DIR})")
