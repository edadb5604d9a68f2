# Two commands set everything up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
# pyenv reads .python-version (3.12); elsewhere take the newest python3.1x on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

# Python caches compiled modules in __pycache__ (ignored by git). A machine that sets
# PYTHONDONTWRITEBYTECODE (the python-svc machines, CI's too, do) would compile every module
# again in each process the suite starts (xdist workers, Celery workers, gunicorn, pytest
# subprocesses): collecting the tests took 10 s instead of 3.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-s3 install install-dev system-packages-run system-packages-test lint \
	format lock check-compose clean bench-report bench

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt

install-dev: $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/dev.txt

# WeasyPrint's libraries (and Chromium for the tests): installed when run as root on
# Debian/Ubuntu, else one line says which apt-get command to run (scripts/system-packages.sh).
system-packages-run:
	@scripts/system-packages.sh run

system-packages-test:
	@scripts/system-packages.sh test

run: system-packages-run install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
		$(PY) manage.py runserver 127.0.0.1:8000

# Tests run with DEBUG off, as in production, over plain HTTP.
TEST_ENV := SECRET_KEY=tests-only-secret ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=false TESTING=true

# The whole suite runs in parallel (pytest-xdist; one test database per worker, a module's
# tests on the same worker), one worker more than the cores: measured on 2 cores, 3 workers
# take 5:27 on PostgreSQL against 7:17 for 2 and 5:44 for 4 (the database server and the
# subprocesses the tests start wait on each other). With PYTEST_ARGS, only what is asked,
# in one process: `make test PYTEST_ARGS="tests/foo/test_bar.py -q -x"`.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PARALLEL := -n $(TEST_WORKERS) --dist loadscope

test: system-packages-test install-dev
	$(TEST_ENV) $(PY) -m pytest $(if $(PYTEST_ARGS),$(PYTEST_ARGS),$(PARALLEL))

# The tests that store files, again on a local S3 server the tests start (moto); CI runs
# it after `make test`. The whole suite on S3: `make test PYTEST_ARGS=--storage=s3`.
STORAGE_TESTS := tests/storage tests/investigations/test_logs_attachments.py \
	tests/intrapreneurs/test_attachments.py tests/reports tests/privacy tests/audit/test_downloads.py \
	tests/security/test_uploads_hardening.py tests/security/test_report_status.py
test-s3: install-dev
	$(TEST_ENV) $(PY) -m pytest --storage=s3 $(STORAGE_TESTS) $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Not part of `make test`: renders the demo report and one with ten times more logs.
bench-report: install-dev
	$(PY) bench/report.py

# Not part of `make test`: pages, report, reminders and a load test at N = 1, 300 and 3,000
# programmes (BENCH_SIZES=1,300 to choose), on PostgreSQL (BENCH_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432); drops, recreates and keeps the databases
# $(BENCH_DB_PREFIX)_N (default incubateur_bench_N: on a shared server, set your own prefix).
# See BENCHMARKS.md.
bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# Regenerate the lock files after a change in pyproject.toml.
lock: $(PY)
	$(UV) pip compile --quiet pyproject.toml --python-version 3.12 -o requirements/base.txt
	$(UV) pip compile --quiet pyproject.toml --extra dev --python-version 3.12 -o requirements/dev.txt

check-compose:
	docker-compose -f docker-compose.yml config -q

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
