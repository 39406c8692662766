"""The trained event model as shipped: plain arrays (``.npz``) beside a JSON card.

The card holds the classes, the decision thresholds, the feature version the arrays were
trained on, the sha1 of the training data, the held-out scores and the sha256 of the
arrays file. ``load`` checks all of it: a missing, corrupt or mismatched model is an
``EventModelError`` naming the file and the reason, never a silent fallback to rules.
No pickle: the arrays load with ``allow_pickle=False``.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .features import ARGUMENT_WIDTH, FEATURE_VERSION, TRIGGER_WIDTH

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
MODEL_NAME = "events"
ARRAYS = ("trigger_coef", "trigger_intercept", "argument_coef", "argument_intercept")
ARGUMENT_CLASSES = ("none", "actor", "recipient")


class EventModelError(RuntimeError):
    """The event model cannot be used: missing, corrupt, or made for other features."""


@dataclass
class EventModel:
    trigger_classes: list[str]  # "NONE" first, then PLOVER types
    trigger_coef: np.ndarray  # (classes, TRIGGER_WIDTH + tensor width)
    trigger_intercept: np.ndarray
    argument_coef: np.ndarray  # (3, ARGUMENT_WIDTH)
    argument_intercept: np.ndarray
    thresholds: dict[str, float]
    # raw confidence → probability the event is right, per source ("model", "rules"):
    # isotonic regression on out-of-fold predictions, as points to interpolate between
    calibration: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    card: dict = field(default_factory=dict)

    def calibrated(self, raw: float, source: str) -> float:
        table = self.calibration.get(source)
        if not table or not table.get("x"):
            return raw
        return float(np.interp(raw, table["x"], table["y"]))

    @property
    def id(self) -> str:
        """Names the model in every event's ``rule``: name, version and arrays hash."""
        return f"model:{MODEL_NAME}-v{FEATURE_VERSION}@{self.card.get('arrays_sha256', '')[:8]}"

    def save(self, directory: Path = MODEL_DIR) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = directory / f"{MODEL_NAME}.npz"
        tmp = directory / f"{MODEL_NAME}.part.npz"
        _write_npz(tmp, {k: getattr(self, k).astype(np.float32) for k in ARRAYS})
        digest = _sha256(tmp)
        tmp.replace(arrays)
        card = dict(self.card, feature_version=FEATURE_VERSION,
                    trigger_classes=self.trigger_classes,
                    argument_classes=list(ARGUMENT_CLASSES), thresholds=self.thresholds,
                    calibration=self.calibration,
                    arrays=arrays.name, arrays_sha256=digest)
        self.card = card
        tmp_card = directory / f"{MODEL_NAME}.json.part"
        tmp_card.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp_card.replace(directory / f"{MODEL_NAME}.json")


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` stamps each member with the current time; a fixed stamp makes
    the same training give the same bytes, so `eventwire train` reproduces the shipped hash."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            zf.writestr(info, buf.getvalue())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_dir() -> Path:
    """The package's model, or the one ``EVENTWIRE_MODEL_DIR`` names (a model the user
    trained with ``eventwire train --out DIR``)."""
    return Path(os.environ.get("EVENTWIRE_MODEL_DIR") or MODEL_DIR)


def load(directory: Path | None = None) -> EventModel:
    directory = directory if directory is not None else model_dir()
    card_path = directory / f"{MODEL_NAME}.json"
    arrays_path = directory / f"{MODEL_NAME}.npz"
    for p in (card_path, arrays_path):
        if not p.is_file():
            raise EventModelError(f"{p}: event model missing; run `eventwire train` "
                                  "(or reinstall the package)")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EventModelError(f"{card_path}: unreadable model card: {e}") from None
    if not isinstance(card, dict):
        raise EventModelError(f"{card_path}: model card is not a JSON object")
    if card.get("feature_version") != FEATURE_VERSION:
        raise EventModelError(
            f"{card_path}: trained on feature version {card.get('feature_version')}, the code "
            f"computes version {FEATURE_VERSION}; retrain with `eventwire train`")
    if _sha256(arrays_path) != card.get("arrays_sha256"):
        raise EventModelError(f"{arrays_path}: sha256 differs from the model card "
                              "(corrupt or replaced file)")
    try:
        with np.load(arrays_path, allow_pickle=False) as z:
            arrays = {k: np.asarray(z[k], dtype=np.float32) for k in ARRAYS}
    except Exception as e:  # zip, npy header or missing-key errors all mean the same here
        raise EventModelError(f"{arrays_path}: unreadable arrays: {e}") from None
    classes = card.get("trigger_classes") or []
    tw, aw = arrays["trigger_coef"].shape, arrays["argument_coef"].shape
    if tw[0] != len(classes) or tw[1] < TRIGGER_WIDTH or aw != (3, ARGUMENT_WIDTH) \
            or arrays["trigger_intercept"].shape != (len(classes),):
        raise EventModelError(f"{arrays_path}: array shapes {tw}, {aw} do not fit the card's "
                              f"{len(classes)} classes and the feature widths")
    thresholds = card.get("thresholds") or {}
    for key in ("trigger", "actor", "recipient", "unplaced", "beside_rule"):
        if not isinstance(thresholds.get(key), (int, float)):
            raise EventModelError(f"{card_path}: threshold {key!r} missing")
    calibration = card.get("calibration")
    if not isinstance(calibration, dict) or not all(
            isinstance(calibration.get(k), dict) and len(calibration[k].get("x") or []) ==
            len(calibration[k].get("y") or []) for k in ("model", "rules")):
        raise EventModelError(f"{card_path}: confidence calibration missing or malformed")
    return EventModel(trigger_classes=list(classes), thresholds=thresholds,
                      calibration=calibration, card=card, **arrays)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
