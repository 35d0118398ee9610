# The joint Integraal Veiligheidsplan: `make` builds the site, `make test` runs the tests.
# Both create the virtual environment from requirements.lock first when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SRC    := docs
OUT    := _build
SPHINX := $(BIN)/sphinx-build -c .
SPHINXOPTS ?=
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := all
.PHONY: all html pdf check lint a11y test serve clean lock system-deps bench changes hooks release

all: html pdf

# poppler-utils for the PDF tests, Enchant and hunspell-nl for spelling (scripts/system-deps).
system-deps:
	@scripts/system-deps

$(STAMP): requirements.lock pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

html: $(STAMP)
	$(SPHINX) -b html $(SPHINXOPTS) $(SRC) $(OUT)/html
	@echo "Site: $(OUT)/html/index.html"

# The full plan and one edition per council: $(OUT)/pdf/*.pdf
# With CHANGES=_build/changes/wijzigingen.json (from make changes) every PDF
# ends with "Wijzigingen ten opzichte van versie <BASE>".
pdf: $(STAMP) system-deps
	$(SPHINX) -b pdf $(SPHINXOPTS) $(if $(CHANGES),-D jointplan_pdf_changes=$(CHANGES)) $(SRC) $(OUT)/pdf
	$(BIN)/python -m jointplan.pdf.check $(OUT)/pdf/*.pdf
	@# The site links the PDFs from its pdf/ folder (jointplan.site).
	mkdir -p $(OUT)/html/pdf && cp $(OUT)/pdf/*.pdf $(OUT)/html/pdf/

# Strict: every warning fails; a fresh environment so cached documents cannot hide one.
# Then the code: ruff and mypy (configured in pyproject.toml).
check: $(STAMP) system-deps lint
	$(SPHINX) -E -W --keep-going -n -b html -d $(OUT)/check/.doctrees $(SPHINXOPTS) $(SRC) $(OUT)/check
	$(SPHINX) -E -W --keep-going -b spelling -t spelling -d $(OUT)/spelling/.doctrees $(SRC) $(OUT)/spelling

# The extension's code, tests and scripts: lint (ruff) and types (mypy, strict for the plan).
lint: $(STAMP)
	$(BIN)/ruff check ext tests scripts bench
	$(BIN)/mypy
	$(BIN)/mypy --strict --follow-imports=silent ext/jointplan/plan/model.py ext/jointplan/plan/views.py

# Every page of the site in headless Chromium with axe-core (WCAG 2.1 AA).
a11y: $(STAMP)
	@scripts/system-deps a11y
	@# With a change report against the previous commit, so that page is checked too.
	$(SPHINX) -E -b html -d $(OUT)/a11y/.doctrees \
	  $(if $(shell git rev-parse -q --verify HEAD~1 2>/dev/null),-D jointplan_compare_with=HEAD~1) \
	  $(SRC) $(OUT)/a11y
	$(BIN)/python scripts/a11y.py $(OUT)/a11y

test: $(STAMP) system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . --port 8000 --watch ext $(SRC) $(OUT)/serve

# Whole-process benchmark (about 15 minutes); writes bench/results.md.
bench: $(STAMP) system-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BIN)/python bench/run.py
	$(BIN)/python bench/serve_latency.py

# What changed since an earlier version, for reviewers: make changes BASE=<git ref>
changes: $(STAMP)
	@test -n "$(BASE)" || { echo "usage: make changes BASE=<git ref, e.g. main or a tag>"; exit 2; }
	$(BIN)/python scripts/changes.py --base "$(BASE)" --out $(OUT)/changes

# A tagged commit (git tag -a v1.1 -m "Versie 1.1") as a release, strictly built:
# _build/release/<tag>/ with the PDFs, priorities.json, release-notes.md,
# SHA256SUMS and the site. The release workflow publishes it on a pushed tag.
release: $(STAMP) system-deps
	$(BIN)/python scripts/release.py --out $(OUT)/release

# Install the pre-commit hooks (.pre-commit-config.yaml) into this clone.
hooks: $(STAMP)
	$(BIN)/pre-commit install

clean:
	rm -rf $(OUT) bench/out

# Re-resolve requirements.in into exact versions (needs network access to PyPI).
lock:
	rm -rf $(OUT)/lockenv && $(PYTHON) -m venv $(OUT)/lockenv
	$(OUT)/lockenv/bin/python -m pip install --quiet -r requirements.in
	{ echo "# Pinned versions of everything the plan is built and tested with."; \
	  echo "# Regenerate with 'make lock' after changing requirements.in."; \
	  $(OUT)/lockenv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf $(OUT)/lockenv
