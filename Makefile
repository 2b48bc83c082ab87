# The archive's commands. `make run` and `make test` are all a new user needs;
# `make check` is the quick tier to run while editing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# An empty PORT= or WORKERS= (as .env.example has, exported) means the default, as unset does.
override PORT := $(or $(strip $(PORT)),8000)
# gunicorn workers for `make serve`: 2 x cores + 1 unless given (gunicorn's own advice).
override WORKERS := $(or $(strip $(WORKERS)),$(shell echo $$((2 * $$(nproc) + 1))))
MANAGE := $(BIN)/python manage.py

.PHONY: run serve indexer alerts check test system-test-packages test-sqlite test-postgres lint fmt migrations-check ci bench bench-corpus bench-import bench-search bench-relevance bench-after-edit bench-open-web bench-load bench-load-mixed bench-engines bench-entities bench-scale clean

# Install the runtime dependencies once, and again whenever requirements.txt changes.
$(BIN)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The name finder compiled to C by mypyc (articles/names/native.py), again whenever a file
# of its package changes (native.MODULES says which are compiled). Only a speed-up: without mypy (no index to install it from) or a C
# compiler, compile_finder says so and the finder runs as plain Python (hence the "-").
COMPILED_FINDER := var/native/manifest.json
$(COMPILED_FINDER): $(BIN)/.runtime-installed requirements-compile.txt $(wildcard articles/names/*.py) | var
	-$(BIN)/python -m pip install --quiet -r requirements-compile.txt
	NEWSARCHIVE_COMPILED_FINDER=false $(MANAGE) compile_finder

$(BIN)/.dev-installed: $(BIN)/.runtime-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium), and Node's
# npm to install axe-core. Only what is missing, so a machine whose Node.js came with its own
# npm keeps it; installing needs root (or sudo), and says so plainly where neither is there.
system-test-packages:
	@packages=""; \
	[ -x /usr/bin/chromium ] || packages="chromium fonts-dejavu-core"; \
	command -v npm >/dev/null || packages="$$packages nodejs npm"; \
	if [ -n "$$packages" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null; then sudo="sudo"; \
		else echo "make test needs Debian's$$packages: run as root: apt-get install$$packages"; exit 1; fi; \
		echo "Installing Debian's$$packages for the browser tests"; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$packages >/dev/null; \
	fi

# axe-core for the accessibility checks of the browser tests, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json | system-test-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var:
	mkdir -p var

## Set up everything (venv, database, seed articles, search index) and serve on PORT,
## with DEBUG on (development: no DJANGO_SECRET_KEY needed).
run: $(BIN)/.runtime-installed $(COMPILED_FINDER) | var
	$(MANAGE) migrate --no-input
	$(MANAGE) rebuild_index --if-missing
	$(MANAGE) import_articles seeds --source "Seed articles"
	@echo "Serving the archive on http://127.0.0.1:$(PORT)/ (admin: /admin/)"
	DJANGO_DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

## The same archive as in production: gunicorn with WORKERS workers, static files by
## WhiteNoise, DEBUG off. Put it behind a TLS proxy with the production variables of
## .env.example set (docs/operating.md, Deployment).
serve: $(BIN)/.runtime-installed $(COMPILED_FINDER) | var
	$(MANAGE) migrate --no-input
	DJANGO_STATIC_MANIFEST=true $(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) rebuild_index --if-missing
	$(MANAGE) import_articles seeds --source "Seed articles"
	@echo "Serving the archive with $(WORKERS) gunicorn workers on http://127.0.0.1:$(PORT)/"
	exec env DJANGO_STATIC_MANIFEST=true DJANGO_DEBUG=false $(BIN)/gunicorn newsarchive.wsgi \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --timeout 60 --no-control-socket \
		--access-logfile - --max-requests 10000 --max-requests-jitter 1000

## The long-lived indexer to run beside `make serve`: drains the index queue as work arrives.
indexer: $(BIN)/.runtime-installed | var
	$(MANAGE) update_index --watch

## Mail the saved searches' due alerts once (docs/accounts.md); cron or a timer runs it
## daily in production. Without EMAIL_HOST the mails are printed here.
alerts: $(BIN)/.runtime-installed | var
	$(MANAGE) send_alerts

# The PostgreSQL server the suite also runs against; pytest-django creates and drops its
# own test database there (test_newsarchive_<folder>, so two clones never share one), so
# this database need not exist.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/newsarchive_$(subst -,_,$(subst .,_,$(notdir $(CURDIR))))
PG_REACHABLE = $(BIN)/python -c "import socket; socket.create_connection(('$(PG_HOST)', $(PG_PORT)), 3).close()" 2>/dev/null
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432

## The fast tier for the edit loop: lint, then the suite on SQLite without the browser,
## live-process and PostgreSQL tests (markers in pyproject.toml). `make test` runs them all.
check: lint $(COMPILED_FINDER)
	DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3 $(BIN)/python -m pytest -m "not browser and not live"

## Run the whole test suite on SQLite, then on PostgreSQL when it is reachable.
## REQUIRE_POSTGRES=1 (as .ci/run sets) makes an unreachable PostgreSQL an error.
test: test-sqlite
	@if $(PG_REACHABLE); then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$(REQUIRE_POSTGRES)" ]; then \
		echo "PostgreSQL is not reachable on $(PG_HOST):$(PG_PORT), and REQUIRE_POSTGRES is set."; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL run: nothing answers on $(PG_HOST):$(PG_PORT)."; \
	fi

test-sqlite: $(BIN)/.dev-installed $(COMPILED_FINDER) node_modules/.installed system-test-packages
	@echo "== The suite on SQLite =="
	DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3 $(BIN)/python -m pytest

test-postgres: $(BIN)/.dev-installed $(COMPILED_FINDER) node_modules/.installed system-test-packages
	@echo "== The suite on PostgreSQL ($(PG_TEST_URL)) =="
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest --create-db

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(BIN)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(BIN)/.runtime-installed
	$(MANAGE) makemigrations --check --dry-run

## Both search engines side by side: import and query speed on one PostgreSQL (bench/engines.py),
## on the 24k and the 100k corpus. BENCH_ARGS="--corpus PATH" measures one corpus of your own.
bench-engines: bench-corpus
ifdef BENCH_ARGS
	$(BIN)/python -m bench.engines $(BENCH_ARGS)
else
	$(BIN)/python -m bench.engines --corpus var/bench/corpus-24k.jsonl
	$(BIN)/python -m bench.engines --corpus var/bench/corpus-100k.jsonl --rounds 5
endif

## A million articles: import, rebuild_index and the pages that search, list or count, at
## 100k and 1M on both engines (bench/scale.py; hours). BENCH_ARGS="--sizes 100k 300k" for less.
bench-scale: $(BIN)/.runtime-installed $(COMPILED_FINDER) | var
	$(BIN)/python -W ignore -m bench.scale $(BENCH_ARGS)

ci: lint migrations-check test

## The import benchmark: the archive's import against raw Whoosh on the 24k and 100k corpora.
bench-import: bench-corpus
	$(BIN)/python -m bench.import_bench --procs 2 1

## Names and who said it: precision and recall per kind of the names found in the text
## (bench/entities_judged.json), then of the quotes' speakers (bench/quotes_judged.json),
## against BBC articles judged by hand; each skips without ../shared/corpora.
bench-entities: $(BIN)/.runtime-installed $(COMPILED_FINDER)
	$(BIN)/python -m bench.entities
	$(BIN)/python -m bench.quotes

## Write the benchmark corpora (var/bench/*.jsonl) from ../shared/corpora; see bench/README.md.
bench-corpus: $(BIN)/.runtime-installed $(COMPILED_FINDER) | var
	$(BIN)/python -m bench.corpus

## The open-web benchmark: results page with chart, API and export beside plain search.
bench-open-web: bench-corpus
	$(BIN)/python -W ignore -m bench.open_web

## Time searches and the results page at 100,000 articles, beside plain Whoosh; see bench/README.md.
bench-search: bench-corpus
	$(BIN)/python -W ignore -m bench.search --size 100k

## The first search after an admin edit, at 100,000 articles (bench/README.md).
bench-after-edit: bench-corpus
	$(BIN)/python -W ignore -m bench.after_edit --size 100k

## Ranking quality: nDCG@10, MAP and P@10 on five judged sets of questions, both engines.
bench-relevance: $(BIN)/.runtime-installed $(COMPILED_FINDER) | var
	$(BIN)/python -W ignore -m bench.relevance

## Load: results pages for 30 clients from 5 gunicorn workers over the 24k corpus, the code
## before issue 15's load work and this code side by side (docs/benchmarks.md).
bench-load: bench-corpus
	$(BIN)/python -W ignore -m bench.load

## The whole site under load: 50 readers, an editor and an import at once (bench/README.md).
bench-load-mixed: bench-corpus
	$(BIN)/python -W ignore -m bench.load --mixed

## Every benchmark (bench/README.md); they need ../shared/corpora and skip without it.
bench: bench-import bench-relevance bench-search bench-after-edit bench-open-web bench-load bench-engines

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
