# Two entry points (see README): `make run` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-fast lint i18n-extract i18n-update i18n-compile bench bundle

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

run: $(STAMP)
	@bash scripts/system-deps.sh run
	$(PY) -m akimdesk $(ARGS)

test: $(STAMP)
	@bash scripts/system-deps.sh test
	@for po in resources/i18n/*/LC_MESSAGES/akimdesk.po; do msgfmt -c -o /dev/null $$po || exit 1; done
	$(PY) -m ruff check akimdesk tests bench
	$(PY) -m ruff format --check akimdesk tests bench
	$(PY) -m mypy
	$(PY) -m pytest $(PYTEST_ARGS)

# The tier for working: no PostgreSQL, browser, bundle or slow tests, on two processes (the
# office PC's and this machine's two cores); about a minute on an idle machine.
test-fast: $(STAMP)
	$(PY) -m ruff check akimdesk tests bench
	$(PY) -m pytest -n 2 -m "not pg and not slow and not browser and not bundle" $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check --fix akimdesk tests bench
	$(PY) -m ruff format akimdesk tests bench

# Translation catalogs: extract the marked strings, merge them into kk/ru, compile the .mo files.
i18n-extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F resources/i18n/babel.cfg -k N_ -k msg -k tr -k t -o resources/i18n/akimdesk.pot \
	  --project=AkimDesk --no-location --sort-output --width 100 akimdesk

i18n-update: i18n-extract
	$(VENV)/bin/pybabel update -i resources/i18n/akimdesk.pot -d resources/i18n -D akimdesk \
	  --no-fuzzy-matching --ignore-obsolete --width 100
	@# The creation date changes on every run and would make every branch's catalogs conflict.
	@sed -i '/^"POT-Creation-Date: /d' resources/i18n/akimdesk.pot resources/i18n/*/LC_MESSAGES/akimdesk.po

i18n-compile: $(STAMP)
	$(VENV)/bin/pybabel compile -d resources/i18n -D akimdesk --statistics

bench: $(STAMP)
	$(PY) bench/startup.py

# The one-folder build of the office app (packaging/README.md).
bundle: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work packaging/akimdesk.spec
