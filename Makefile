# Two commands set everything up on a fresh machine:
#   make run    the app on the embedded SQLite store with sample data, http://localhost:8501
#   make test   lint + every test, on SQLite and on a real Apache Cassandra 5.0 node it starts
# Both install the locked, tested package set (requirements*.lock) with uv (scripts/venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLOORS := .venv-floors
PORT   ?= 8501
# `make test-floors` runs the tests that need no Cassandra node (stores and pages on SQLite,
# settings, CLI, Chromium); `make test-floors FLOORS_ALL=1` runs the whole suite.
FLOORS_ALL ?=
# CI narrows it further (FLOORS_MARK="not cassandra and not browser") to stay fast.
FLOORS_MARK ?= not cassandra
# Test processes beside each other (pytest-xdist): empty is two per core (scripts/test: the
# tests mostly wait for Chromium, the app's server and the node), `auto` one per core.
WORKERS ?=
# A pytest mark expression that narrows `make test`, e.g. MARK="pages and not cassandra".
MARK ?=

.PHONY: autopilot autopilot-kills run run-cassandra test test-fast test-properties test-floors lint lock lock-check cassandra-up cassandra-down \
	cluster-up cluster-down test-cluster chromium bench bench-import bench-users nginx replicas smoke-test clean

# Runtime set for `make run`; the dev set below includes it, so `make run` after `make test`
# installs nothing.
# Both install this checkout into the venv too (editable: `interview-autopilot` runs there).
$(VENV)/.runtime: requirements.lock pyproject.toml
	PYTHON=$(PYTHON) scripts/venv install $(VENV) requirements.lock
	touch $@

# Exactly the dev lock (runtime + test and lint tools): what `make test` tests.
$(VENV)/.dev: requirements-dev.lock pyproject.toml
	PYTHON=$(PYTHON) scripts/venv sync $(VENV) requirements-dev.lock
	touch $@

# The oldest versions requirements*.txt allow (uv --resolution lowest-direct), in their own venv.
$(FLOORS)/.floors: requirements-floors.lock pyproject.toml
	PYTHON=$(PYTHON) scripts/venv sync $(FLOORS) requirements-floors.lock
	touch $@

run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

# The app on the local node: start it, apply the schema, load the sample data, serve.
run-cassandra: $(VENV)/.runtime cassandra-up
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m interview_autopilot schema apply
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m interview_autopilot load-sample
	DB_BACKEND=cassandra CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(VENV)/bin/streamlit run serve.py --server.port $(PORT)

cassandra-up: $(VENV)/.runtime
	PYTHON=$(PY) scripts/cassandra up

cassandra-down:
	scripts/cassandra down

# Three nodes on 127.0.0.1-3 (scripts/cassandra-cluster). Next to the single node of
# cassandra-up, give the cluster other ports: CASSANDRA_CLUSTER_PORT=9142
# CASSANDRA_CLUSTER_STORAGE_PORT=7100 (the defaults, 9042 / 7000, collide on 127.0.0.1).
cluster-up: $(VENV)/.runtime
	PYTHON=$(PY) scripts/cassandra-cluster up

cluster-down:
	scripts/cassandra-cluster down

# The fault tests on the cluster: starts it unless it runs, stops it after if it started it.
test-cluster: $(VENV)/.dev
	PYTHON=$(PY) scripts/test-cluster $(ARGS)

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

# Every test, in parallel where safe (scripts/test), with the slowest listed. Starts the node
# unless CASSANDRA_CONTACT_POINTS names one, stops it after if it started it. Tests carry their
# tier as a mark (unit, store, pages, browser; cassandra when they need the node), so
# `make test MARK="pages and not cassandra"` runs one tier.
test: $(VENV)/.dev chromium nginx lint
	MARK="$(MARK)" WORKERS=$(WORKERS) PYTHON=$(PY) scripts/test $(ARGS)

# Every test that needs neither the node nor a browser (unit, stores and pages on SQLite), in
# parallel, with the serial ones (the races on SQLite) beside them; no lint, no node started (a
# test that needs one fails). The lane you run while editing: its races and kill trials run
# shorter (a few seconds of stress, 3 random kills) and its properties draw fewer cases than in
# `make test`, which runs them whole.
test-fast: $(VENV)/.dev
	NO_NODE=1 MARK="not cassandra and not browser" WORKERS=$(WORKERS) PYTHON=$(PY) \
	  KILL_TRIALS=$${KILL_TRIALS:-3} RACES_STRESS_SECONDS=$${RACES_STRESS_SECONDS:-3} \
	  BOOKING_STRESS_SECONDS=$${BOOKING_STRESS_SECONDS:-2} FEW_CASES=$${FEW_CASES:-1} \
	  scripts/test $(ARGS)

# Every generated case of the property tests on the node as on SQLite (make test runs fewer there).
test-properties: $(VENV)/.dev cassandra-up
	ALL_CASES=1 REQUIRE_CASSANDRA=1 CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m pytest tests/test_store_properties.py tests/test_decision_schedule_properties.py \
	  -m cassandra -n 2 --durations=10 $(ARGS)

# The autopilot's 100 random kill -9 trials of a worker on SQLite and on the node
# (docs/autopilot.md; make test runs 10 per store). KILL_SEED=S repeats a run.
autopilot-kills: $(VENV)/.dev cassandra-up
	KILL_TRIALS=100 REQUIRE_CASSANDRA=1 CASSANDRA_USERNAME=cassandra CASSANDRA_PASSWORD=cassandra \
	  $(PY) -m pytest tests/test_autopilot_kills.py -k random_kills -p no:randomly -n 0 -s --timeout=0 $(ARGS)

# The suite on the floors of requirements*.txt: are the declared floors true?
test-floors: $(FLOORS)/.floors chromium
	$(if $(FLOORS_ALL),,NO_NODE=1 MARK="$(FLOORS_MARK)") WORKERS=$(WORKERS) \
	  PYTHON=$(FLOORS)/bin/python scripts/test $(ARGS)

# Recompiles the locks after an edit of requirements*.txt, keeping every other pin;
# `make lock UPGRADE=1` moves every pin to the newest allowed version.
lock:
	PYTHON=$(PYTHON) scripts/venv lock $(if $(UPGRADE),--upgrade)

# Fails when a lock no longer matches requirements*.txt (CI).
lock-check:
	PYTHON=$(PYTHON) scripts/venv lock --check

# The autopilot's worker (docs/autopilot.md): sends the invites and reminders that are due, a
# pass every AUTOPILOT_INTERVAL_SECONDS; `make autopilot ARGS=--once` runs one pass.
autopilot: $(VENV)/.runtime
	$(PY) -m interview_autopilot autopilot run $(ARGS)

# The scale benchmark (docs/benchmarks.md): SIZES=10k,100k,1M; figures in bench-results.json.
SIZES ?= 10k
bench: $(VENV)/.dev
	$(PY) scripts/bench.py --sizes $(SIZES)
	$(PY) scripts/bench_import.py --rows $(ROWS)

# CSV import (scripts/bench_import.py): ROWS people and candidates through the app's import, on
# SQLite and the node; figures in bench-import-results.json. Also run by `make bench`.
ROWS ?= 10000
bench-import: $(VENV)/.dev
	$(PY) scripts/bench_import.py --rows $(ROWS)

# Many users at once (scripts/bench_users.py): N users replaying a browser's websocket messages
# against an app it starts on loopback; BASE=<checkout> alternates with another checkout's app,
# REPLICAS=1,2 measures replicas behind nginx instead (installs nginx first). DURATION: seconds
# per step; THINK: mean think time between a user's actions. N: 10 unless given. CONFIGURED=1:
# the configured backend (e.g. DB_BACKEND=cassandra) instead of a throwaway SQLite file.
DURATION ?= 20
THINK ?= 1
bench-users: $(VENV)/.dev $(if $(REPLICAS),nginx)
	$(PY) scripts/bench_users.py --users $(or $(N),10) --seconds $(DURATION) --think $(THINK) \
	  $(if $(BASE),--base $(BASE)) $(if $(REPLICAS),--replicas $(REPLICAS)) $(if $(JSON),--json $(JSON)) \
	  $(if $(CONFIGURED),--configured-store)

# Debian's nginx for the replicas (only the binary is used: never started as a service).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    nginx >/dev/null; \
	  $$SUDO service nginx stop >/dev/null 2>&1 || true; }  # a fresh install may start one
	@$$(command -v nginx || echo /usr/sbin/nginx) -v

# N app replicas (ports PORT+1..) behind nginx on PORT with sticky sessions, in the foreground
# until Ctrl-C; the nginx configuration is generated into a temporary directory.
replicas: $(VENV)/.runtime nginx
	$(PY) scripts/replicas.py --replicas $(or $(N),2) --port $(PORT)

smoke-test: $(VENV)/.runtime
	$(PY) -m interview_autopilot smoke-test

clean:
	rm -rf $(VENV) $(FLOORS) data/autopilot.db data/autopilot.db-*
