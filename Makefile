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
# Each build prints a short Dutch summary (scripts/quiet.py): what was built,
# where, and every warning as file:line: message. Sphinx's full output is in
# $(OUT)/logs/<step>.log; V=1 prints it instead.
AT     := $(if $(V),,@)
quiet   = $(if $(V),,$(BIN)/python scripts/quiet.py --log $(OUT)/logs/$(1).log --what "$(2)" --result "$(3)" $(4) --)

.DEFAULT_GOAL := all
.PHONY: all html pdf check lint a11y test serve clean lock system-deps bench changes hooks release ids amendementen vastgesteld

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
	$(AT)$(call quiet,html,De website,Open $(OUT)/html/index.html in je browser.) \
	  $(SPHINX) -b html $(SPHINXOPTS) $(SRC) $(OUT)/html
	$(if $(V),@echo "Site: $(OUT)/html/index.html")

# The full plan and one edition per council: $(OUT)/pdf/*.pdf
# With CHANGES=_build/changes/wijzigingen.json (from make changes) every PDF
# ends with "Wijzigingen ten opzichte van versie <BASE>".
pdf: $(STAMP) system-deps
	$(AT)$(call quiet,pdf,De pdf's,Ze staan in $(OUT)/pdf/ (en in de website onder pdf/).) \
	  $(SPHINX) -b pdf $(SPHINXOPTS) $(if $(CHANGES),-D jointplan_pdf_changes=$(CHANGES)) $(SRC) $(OUT)/pdf
	$(AT)$(call quiet,pdf-check,Controle van de pdf's,) \
	  $(BIN)/python -m jointplan.pdf.check --results $(OUT)/pdf/measurements.json $(OUT)/pdf/*.pdf
	@# The site links the PDFs from its pdf/ folder (jointplan.site).
	$(AT)mkdir -p $(OUT)/html/pdf && cp $(OUT)/pdf/*.pdf $(OUT)/html/pdf/

# Each amendment as a PDF of its own (dictum, change, explanation): $(OUT)/pdf/amendement-*.pdf
amendementen: $(STAMP) system-deps
	$(SPHINX) -b pdf $(SPHINXOPTS) -D jointplan_pdf_editions=amendementen $(SRC) $(OUT)/pdf
	@set -- $(OUT)/pdf/amendement-*.pdf; if [ -e "$$1" ]; then \
	  $(BIN)/python -m jointplan.pdf.check "$$@"; else echo "The plan records no amendments."; fi

# The text a council adopted (its release with its amendments), built from git:
# make vastgesteld RAAD=<gemeente-id> [DATUM=YYYY-MM-DD] -> $(OUT)/vastgesteld/<id>/
vastgesteld: $(STAMP) system-deps
	@test -n "$(RAAD)" || { echo "usage: make vastgesteld RAAD=<gemeente-id> [DATUM=YYYY-MM-DD]"; exit 2; }
	$(BIN)/python scripts/build_adopted.py $(RAAD) $(SRC) -c . $(if $(DATUM),--date $(DATUM)) --out $(OUT)/vastgesteld

# Strict: every warning fails; a fresh environment so cached documents cannot hide one.
# Both steps run, so the spelling is checked even when the first step fails.
# Then the code: ruff and mypy (configured in pyproject.toml).
check: $(STAMP) system-deps lint
	@# First, advice on sentence length and uncommon words (scripts/readability.py):
	@# printed at file:line, never fails the build.
	-$(AT)$(BIN)/python scripts/readability.py $(SRC) --names $(SRC)/spelling_wordlist.txt
	$(AT)status=0; \
	$(call quiet,check,Strikte controle van de website,) \
	  $(SPHINX) -E -W --keep-going -n -b html -d $(OUT)/check/.doctrees $(SPHINXOPTS) $(SRC) $(OUT)/check \
	  || status=1; \
	$(call quiet,spelling,Spellingcontrole,,--only spelling) \
	  $(SPHINX) -E -W --keep-going -b spelling -t spelling -d $(OUT)/spelling/.doctrees $(SRC) $(OUT)/spelling \
	  || status=1; \
	exit $$status

# The extension's code, tests and scripts: lint (ruff) and types (mypy, strict for the plan).
lint: $(STAMP)
	$(BIN)/ruff check ext tests scripts bench
	$(BIN)/mypy
	$(BIN)/mypy --strict --follow-imports=silent ext/jointplan/plan/model.py ext/jointplan/plan/views.py

# Every page of the site in headless Chromium with axe-core (WCAG 2.1 AA), and
# no request to another host, no cookie, no storage but the colour mode.
# The measurement goes into the accessibility statement (jointplan_measurements
# in conf.py): the site is built again with it, and the pages that changed
# (the statement) are checked again.
A11Y_BUILD = $(SPHINX) -b html -d $(OUT)/a11y/.doctrees \
	  $(if $(shell git rev-parse -q --verify HEAD~1 2>/dev/null),-D jointplan_compare_with=HEAD~1) \
	  $(SRC) $(OUT)/a11y
a11y: $(STAMP)
	@scripts/system-deps a11y
	@# With a change report against the previous commit, so that page is checked too.
	$(A11Y_BUILD) -E
	$(BIN)/python scripts/a11y.py $(OUT)/a11y --results $(OUT)/a11y/measurements.json
	$(A11Y_BUILD)
	$(BIN)/python scripts/a11y.py $(OUT)/a11y --changed-since $(OUT)/a11y/measurements.json

# Chromium too: a test drives it to prove the request check catches another host.
test: $(STAMP) system-deps
	@scripts/system-deps a11y
	$(BIN)/pytest $(PYTEST_ARGS)

# Live preview, rebuilt in one process on every save (scripts/serve.py, with
# sphinx-autobuild's server); every page shows its own warnings at the top (only here).
# The same pages as make html (tests/test_serve.py), so the general index too.
SERVEOPTS := -D jointplan_live_warnings=1
serve: $(STAMP)
	$(BIN)/python scripts/serve.py --port 8000 $(SERVEOPTS) . $(SRC) $(OUT)/serve

# Give every paragraph, list item and table row of the chapters an id ({#p-...});
# existing ids are never changed, and a second run changes nothing.
ids: $(STAMP)
	$(BIN)/python scripts/stamp_ids.py -c . $(SRC)

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
