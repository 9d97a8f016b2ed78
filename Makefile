# Two commands a newcomer needs: `make run` and `make test`. Everything else is here for them.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
VENDOR_STAMP := static/vendor/.stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup audit format bench backup restore clean

setup: $(STAMP) $(VENDOR_STAMP)

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock ".[test]"
	touch $@

# Front-end libraries come from the npm registry (package-lock.json) and are served from static/vendor/.
$(VENDOR_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/chartjs static/vendor/axe
	cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	# Source-map comments point at files we do not ship; collectstatic would fail on them.
	sed -i '/sourceMappingURL/d' static/vendor/bootstrap/*.css static/vendor/bootstrap/*.js static/vendor/chartjs/*.js
	touch $@

# The web server and, beside it, a worker for the background jobs (imports, emails, periodic
# housekeeping); stopping the server stops the worker.
run: setup
	bin/with-db sh -c 'set -e; $(PY) manage.py migrate --no-input; \
		$(PY) manage.py seed_demo --if-empty; \
		$(PY) manage.py demo_logins; \
		$(PY) manage.py procrastinate worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		echo "Serving Partnership at http://$(HOST):$(PORT)/ (jobs worker: process $$worker)"; \
		$(PY) manage.py runserver $(HOST):$(PORT)'

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	bin/with-db sh -c '$(PY) manage.py makemigrations --check --dry-run && \
		$(PY) manage.py check && \
		$(VENV)/bin/pytest -n 2 --dist loadfile'

# Known vulnerabilities in the pinned packages. Needs PyPI's per-release JSON API (or OSV), so it is
# kept out of `make test`, which must also pass on machines that reach only the package index.
audit: $(STAMP)
	$(VENV)/bin/pip-audit --progress-spinner off --strict -r requirements.lock --disable-pip --no-deps

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	DB_NAME=partnership_bench bin/with-db $(PY) -m bench.run

# A compressed pg_dump (custom format) of DATABASE_URL's database into var/backups/.
backup: $(STAMP)
	@mkdir -p var/backups
	bin/with-db sh -c 'file="var/backups/partnership-$$(date +%Y%m%d-%H%M%S).dump" && \
		pg_dump --format=custom --no-owner --no-privileges --dbname="$$DATABASE_URL" --file="$$file" && \
		echo "Backed up to $$file"'

# Replaces the contents of DATABASE_URL's database with a backup: make restore FILE=var/backups/...
# Asks for "yes" first; CONFIRM=yes skips the question (scripts, tests).
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/<name>.dump"; exit 2; }
	@test -f "$(FILE)" || { echo "No such backup file: $(FILE)"; exit 2; }
	bin/with-db sh -c 'echo "WARNING: this replaces every table in $${DATABASE_URL##*/} with $(FILE)."; \
		if [ "$(CONFIRM)" != "yes" ]; then printf "Type yes to continue: "; read answer; \
			[ "$$answer" = yes ] || { echo "Restore cancelled."; exit 1; }; fi; \
		pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
			--exit-on-error --dbname="$$DATABASE_URL" "$(FILE)" && echo "Restored $(FILE)."'

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
