# The two set-up commands of README.md, plus what CI and developers use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test processes (pytest-xdist); the suite also runs with 1.
TEST_WORKERS ?= 2

.PHONY: run test install migrate demo messages lint format ci clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compile_translations

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

demo: migrate messages
	$(PY) manage.py load_demo

# daphne in the foreground and one task worker beside it (e-mail, live notices,
# scheduled announcements); Ctrl-C stops both.
run: demo
	@echo "Serving HTTP and WebSockets on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Task worker: manage.py db_worker (log in var/worker.log)"
	@$(PY) manage.py db_worker --no-reload >>var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) portal.asgi:application

test: messages
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var static .pytest_cache .ruff_cache
