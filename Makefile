# RVASE portal. `make run`: set everything up on SQLite and serve http://127.0.0.1:8000/.
# `make test`: the whole suite on PostgreSQL, Redis and Chromium.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
MANAGE := $(PY) manage.py

.PHONY: run setup install migrate messages static data demo test lint check-deploy lock makemessages clean node-tools bench lighthouse

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

setup: install migrate messages static data demo

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(INSTALLED)

# The outside checkers the suite runs (axe-core, vnu-jar, ical.js), pinned in package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

node-tools: node_modules/.installed

# Lighthouse 12 (mobile) on the eight main pages, on a throw-away database with the 2023 record (not part of `make test`).
lighthouse: install
	$(PY) tools/lighthouse.py

migrate: install
	mkdir -p var/mail
	$(MANAGE) migrate --no-input

messages: install
	$(MANAGE) compilemessages --ignore=.venv -v 0

static: install
	$(MANAGE) collectstatic --no-input -v 0

data: migrate
	$(MANAGE) load_rvase_2023

demo: data
	$(MANAGE) create_demo_accounts

# The suite runs in parallel, one worker per core (pytest-xdist; TEST_WORKERS=0 runs it in one process); tests that
# share one costly module fixture are marked xdist_group and run on one worker.
TEST_WORKERS ?= auto

test: install messages lint check-deploy node-tools
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=rvase.settings.test $(MANAGE) makemigrations --check --dry-run

# The benchmark (not part of `make test`): production settings under gunicorn on a throw-away PostgreSQL database
# and Redis database, 1x then 10x data, wrk against each page alternated with /healthz; prints one table and leaves
# nothing running (tools/bench.py). BENCH_SECONDS=5 per measurement by default.
bench: install messages
	$(PY) tools/bench.py

# Production settings with throw-away values: `check --deploy` must report nothing.
check-deploy: install
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/rvase REDIS_URL=redis://127.0.0.1:6379/0 \
	ALLOWED_HOSTS=rvase.example EMAIL_URL=smtp://127.0.0.1:1025 \
	DJANGO_SETTINGS_MODULE=rvase.settings.production $(MANAGE) check --deploy --fail-level WARNING

makemessages: install
	$(MANAGE) makemessages -l fr -l en --ignore=.venv --ignore=var --no-obsolete
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po.tmp && mv locale/en/LC_MESSAGES/django.po.tmp locale/en/LC_MESSAGES/django.po

# Regenerate the pinned lock file from pyproject.toml (needs network access to PyPI).
lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var staticfiles node_modules
