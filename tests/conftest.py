"""Shared fixtures: the spaCy model and the pipeline load once per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TXT = SAMPLES / "tass-2019-12-26-libya.txt"


@pytest.fixture(scope="session")
def pipeline():
    from eventwire import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def resources(pipeline):
    """The pipeline's loaded resources (KB, gazetteer, lexicons, model)."""
    return pipeline.resources


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The TASS seed article's text, exactly as in the gold file."""
    body = SEED_TXT.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return body.rstrip("\n")


@pytest.fixture(scope="session")
def seed_record(pipeline, seed_text):
    """The seed article processed by the full pipeline."""
    return pipeline.process(seed_text, date="2019-12-26", source="TASS",
                            id="tass-2019-12-26-libya")


def process_sentence(pipeline, text: str, date: str = "2019-12-26"):
    """Run the full pipeline on one real sentence or paragraph."""
    return pipeline.process(text, date=date, source="test")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
