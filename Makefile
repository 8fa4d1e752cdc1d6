# Two commands from a fresh clone: `make run` (demo on http://127.0.0.1:8000/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo is a local, single-user server: plain HTTP, eager Celery (e-mails delivered after the
# response), SQLite; DEBUG off so that it shows the desk's own error pages (DEMO=true: static files
# by WhiteNoise, logins on the sign-in page); no two-factor enrolment for its demo users unless
# asked for (`make run MFA_REQUIRED_ROLES=operator,admin`; docs/security.md).
MFA_REQUIRED_ROLES ?=
RUN_ENV := DEMO=true DEBUG=false HTTPS=false MFA_REQUIRED_ROLES=$(MFA_REQUIRED_ROLES) \
	NOTIFICATION_DELIVER_AFTER_RESPONSE=true

.PHONY: run test test-fast bench messages messages-todo lint install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@echo "Preparing the demo desk…"
	@$(RUN_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(RUN_ENV) $(BIN)/python manage.py seed_demo --verbosity 0
	@$(RUN_ENV) PYTHON=$(BIN)/python bash scripts/run_demo

# The whole suite: a SQLite pass, then a PostgreSQL + Redis + Celery-worker pass when those
# answer (always under CI=true). See scripts/test.
test: install-dev
	bash scripts/test

test-fast: install-dev
	$(BIN)/pytest -q -m "not postgres and not services and not browser and not processes"

bench: install-dev
	bash scripts/bench

# Extract every gettext string (Python + templates) into locale/<lang>/LC_MESSAGES/django.po for the
# seven languages, then compile the .mo files. Translate, then run it again (docs/i18n.md).
LOCALES := en zh_Hans es fr it pt_BR ru
messages: install-dev
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete --add-location=file \
		--ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=docs
	@# English is the source language: its catalog repeats every msgid (msgen), never fuzzy. msgmerge's
	@# fuzzy guesses carry another string's text, so they are emptied first (--empty), then refilled.
	msgattrib --clear-fuzzy --empty --clear-previous locale/en/LC_MESSAGES/django.po | msgen -o locale/en/LC_MESSAGES/django.po -
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var

# After `make messages`: every untranslated or fuzzy entry per language (exit 1 while any is left).
# `scripts/messages_todo.py --export DIR` / `--import DIR` for a translation round (docs/i18n.md).
messages-todo: install-dev
	$(BIN)/python scripts/messages_todo.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
