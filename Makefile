# Two commands set everything up on a fresh machine:
#   make run    the app on the embedded SQLite store with sample data, http://localhost:8501
#   make test   lint + every test, on SQLite and on a real Apache Cassandra 5.0 node it starts
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run run-cassandra test lint cassandra-up cassandra-down chromium bench smoke-test clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# The app on the local node: start it, apply the schema, load the sample data, serve.
run-cassandra: $(VENV)/.runtime cassandra-up
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m interview_autopilot schema apply
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m interview_autopilot load-sample
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(VENV)/bin/streamlit run app.py --server.port $(PORT)

cassandra-up: $(VENV)/.runtime
	PYTHON=$(PY) scripts/cassandra up

cassandra-down:
	scripts/cassandra down

# Debian's Chromium for the browser tests (no browser download); needs root or sudo.
chromium:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@/usr/bin/chromium --version

# Style, formatting, the layer rules (import-linter contracts in pyproject.toml) and types.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Starts the node unless CASSANDRA_CONTACT_POINTS names one, stops it after if it started it.
test: $(VENV)/.dev chromium lint
	PYTHON=$(PY) scripts/test $(ARGS)

# The scale benchmark (README, "Benchmark"): SIZES=10k,100k,1M; figures in bench-results.json.
SIZES ?= 10k
bench: $(VENV)/.dev
	$(PY) scripts/bench.py --sizes $(SIZES)

smoke-test: $(VENV)/.runtime
	$(PY) -m interview_autopilot smoke-test

clean:
	rm -rf $(VENV) data/autopilot.db data/autopilot.db-*
