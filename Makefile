# Two commands for a newcomer: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

# Each folder of tests/ is one stage of `make test`: its own pytest run, timed.
PYTEST_STAGES := unit integration app e2e faults cluster
STAGE_NAME_e2e := browser (e2e)
TIMES := $(VENV)/stage-times

.PHONY: run test unit install system-deps _system-deps mypy ruff check-stages reset-times clean \
	$(addprefix pytest-,$(PYTEST_STAGES))

# `make run PORT=8600` for another port, `ADDRESS=192.168.1.20` to listen on one network address only.
run: $(VENV)/.app
	$(PY) -m streamlit run app.py $(if $(PORT),--server.port $(PORT)) $(if $(ADDRESS),--server.address $(ADDRESS))

# Stops at the first failing stage; `make -k test` (as .ci/run does) runs every stage, then fails.
test: reset-times check-stages install system-deps mypy ruff $(addprefix pytest-,$(PYTEST_STAGES))
	@echo "Stage times:" && cat $(TIMES)

unit: pytest-unit

# $(call timed,name,command): run the command, print and keep how long it took, fail as it failed.
# pytest's exit 5 (no tests ran) fails the stage like any other failure.
define timed
	@start=$$(date +%s); $(2); status=$$?; took=$$(($$(date +%s) - start)); \
	case $$status in 0) result=ok;; 5) result="FAILED: no tests ran";; *) result="FAILED (exit $$status)";; esac; \
	mkdir -p $(VENV); printf '  %-16s %5s s  %s\n' "$(1)" "$$took" "$$result" | tee -a $(TIMES); \
	exit $$status
endef

reset-times:
	@rm -f $(TIMES)

install:
	$(call timed,install,$(MAKE) --no-print-directory $(VENV)/.dev)

system-deps:
	$(call timed,system packages,$(MAKE) --no-print-directory _system-deps)

mypy: install
	$(call timed,mypy,$(PY) -m mypy)

ruff: install
	$(call timed,ruff,$(PY) -m ruff check sipr_core benchmarks)

# A static pattern rule: make skips implicit rules for phony targets.
$(addprefix pytest-,$(PYTEST_STAGES)): pytest-%: install system-deps
	$(call timed,$(or $(STAGE_NAME_$*),$*),$(PY) -m pytest tests/$*)

# A folder of tests that is no stage would silently never run in CI.
check-stages:
	@for folder in tests/*/; do \
	  name=$$(basename $$folder); \
	  case " $(PYTEST_STAGES) " in *" $$name "*) continue;; esac; \
	  if ls $$folder/test_*.py >/dev/null 2>&1; then \
	    echo "$$folder holds tests but is no stage of make test: add it to PYTEST_STAGES in the Makefile"; \
	    exit 1; \
	  fi; \
	done

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.app
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's Chromium (browser tests), PostgreSQL (store tests on a second engine) and nginx (the
# cluster tests: app servers behind the proxy of deploy/). Installed when missing and we may;
# otherwise those tests skip and say how to install them.
_system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages chromium, postgresql and nginx ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql nginx >/dev/null; \
	  else \
	    echo "Note: chromium, postgresql or nginx is missing; browser, PostgreSQL or cluster tests will skip."; \
	    echo "      Install them with: sudo apt-get install chromium postgresql nginx"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis
