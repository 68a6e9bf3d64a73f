# MeterField: the two commands of the README quick start, and their parts.
#   make run   install everything (system packages, .venv, Python packages), start the demo
#   make test  install everything, run the whole suite (pytest, ruff, mypy, import contracts)
# Re-running either is fast: each install step is skipped when it is already done.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := $(shell cat packaging/apt-packages.txt | grep -v '^\#')

.PHONY: run test install system-packages venv lint typecheck contracts pytest capture bench clean

# Exit status 2 is "no display here": the app has already said so and how to go on.
run: install
	@$(PY) main.py --demo; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 2 ]

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

install: system-packages venv

# System packages (Debian 12): only the missing ones are installed.
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml packaging/constraints.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c packaging/constraints.txt -e '.[dev]'
	touch $@

lint: install
	$(VENV)/bin/ruff check .
typecheck: install
	$(VENV)/bin/mypy
contracts: install
	$(VENV)/bin/lint-imports
pytest: install
	$(PY) -m pytest

capture: install
	QT_QPA_PLATFORM=offscreen $(PY) main.py --demo --capture docs/screens

bench: install
	for b in benches/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache var
