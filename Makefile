# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Both create and use .venv in the repo root (through `make setup`, which is idempotent).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PO_FILES := $(wildcard locales/*/LC_MESSAGES/imguide.po)
# Compiled catalogs go inside the package, so any install (editable or a wheel) speaks every language.
MO_FILES := $(patsubst locales/%.po,imguide/locales/%.mo,$(PO_FILES))

.PHONY: setup run test test-fast i18n catalogs bench clean snapshots bytecode content

setup: $(STAMP) $(MO_FILES) bytecode content

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# An editable install gets no byte-code from pip, and where PYTHONDONTWRITEBYTECODE is set Python
# never writes it: every start would compile the whole package again (tens of milliseconds).
# Always rewritten (-f, about 0.3 s): compileall takes a file as up to date when its time matches
# to the second, while Python also compares the size, so a file edited within a second of being
# compiled was compiled again at every start, unnoticed.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -f imguide

# The shipped content read, checked and pickled once, so the guide starts without parsing YAML
# (imguide/core/content/compiled.py), the export templates compiled to Python (the first export
# skips jinja2's compiler), and Textual's parses of the style sheets (imguide/ui/css_build.py).
# Cheap when nothing changed: each compares a fingerprint and returns.
content: $(STAMP) $(MO_FILES)
	@$(BIN)/python -m imguide.core.content.compiled
	@$(BIN)/python -m imguide.core.export.renderers
	@$(BIN)/python -m imguide.ui.css_build

# Compiled catalogs are generated, never committed: each .mo is rebuilt when its .po changes.
imguide/locales/%/LC_MESSAGES/imguide.mo: locales/%/LC_MESSAGES/imguide.po $(STAMP)
	@mkdir -p $(dir $@)
	$(BIN)/pybabel compile --domain imguide --input-file $< --output-file $@ --locale $* --statistics

run: setup
	$(BIN)/imguide

# Every shipped language complete and without errors (exits 1 otherwise), then the suite.
test: setup
	$(BIN)/lint-imports
	$(BIN)/imguide i18n status
	$(BIN)/python -m pytest

# The daily loop: everything but the UI walks, key-mashing and memory checks marked slow.
test-fast: setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "not slow"

# Extract every string (flows, glossary, Python, templates), update the catalogs, compile them.
# A new language: one line in imguide/content/languages.yaml; `init` then creates its catalog.
i18n: setup
	$(BIN)/imguide i18n extract --quiet
	$(BIN)/imguide i18n init
	$(BIN)/pybabel update --domain imguide --input-file locales/imguide.pot --output-dir locales --no-fuzzy-matching --ignore-obsolete
	@$(MAKE) --no-print-directory $(MO_FILES)
	$(BIN)/imguide i18n status

# Every figure against a baseline measured in the same run (see benchmarks/run_all.py); prints a
# table, writes benchmarks/results.json and fails if a figure is not met. About 7-10 minutes.
bench: setup
	$(BIN)/python benchmarks/run_all.py

# Ten times the fuzzing and monkey runs, then the endurance benchmarks at full length (1,000
# visits): benchmarks/results-soak.json.
.PHONY: soak
soak: setup
	IMGUIDE_SOAK=10 $(BIN)/python -m pytest tests/test_fuzz_content.py tests/test_monkey.py
	$(BIN)/python benchmarks/run_all.py --soak

snapshots: setup
	$(BIN)/python -m pytest tests/test_snapshots.py --snapshot-update

clean:
	rm -rf $(VENV) build *.egg-info imguide/locales imguide/compiled
