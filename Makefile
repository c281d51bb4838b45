# Two commands for a newcomer: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test check unit system-deps clean

run: $(VENV)/.app
	$(PY) -m streamlit run app.py

test: $(VENV)/.dev system-deps
	$(PY) -m mypy
	$(PY) -m ruff check sipr_core benchmarks
	$(PY) -m pytest

unit: $(VENV)/.dev
	$(PY) -m pytest tests/unit

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.app
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's Chromium (browser tests) and PostgreSQL (store tests on a second engine).
# Installed when missing and we may; otherwise those tests skip and say how to install them.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages chromium and postgresql ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql >/dev/null; \
	  else \
	    echo "Note: chromium or postgresql is missing; browser or PostgreSQL tests will skip."; \
	    echo "      Install them with: sudo apt-get install chromium postgresql"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis
