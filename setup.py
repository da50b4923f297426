"""Builds compile the translation catalogs into the package, so any install speaks every language.

The catalogs' sources are `locales/<code>/LC_MESSAGES/imguide.po` (for translators and tools);
a wheel carries them compiled, as `imguide/locales/<code>/LC_MESSAGES/imguide.mo`. An editable
install gets the same files from `make setup`. Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in sorted((ROOT / "locales").glob("*/LC_MESSAGES/imguide.po")):
            code = source.parent.parent.name
            target = Path(self.build_lib) / "imguide" / "locales" / code / "LC_MESSAGES" / "imguide.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=code)
            with target.open("wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
