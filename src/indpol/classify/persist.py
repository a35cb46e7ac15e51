"""Save and load a fitted :class:`DirectionClassifier` without pickle.

The file is a skops archive holding only a dict of numpy arrays, strings and
numbers (vocabularies, idf weights, coefficients, calibration, thresholds); the
estimator is rebuilt from them. Loading passes an explicit, empty ``trusted`` list
and refuses any file that would need to construct another type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from indpol.classify.features import PassageFeaturizer
from indpol.classify.model import THRESHOLD_RANGE, DirectionClassifier
from indpol.errors import ModelError

FORMAT = "indpol-directions"
FORMAT_VERSION = 1
TRUSTED: list[str] = []  # the archive holds builtins and numpy arrays only
ARRAYS = ("coef_", "intercept_", "calibration_", "thresholds_")


def model_state(model: DirectionClassifier, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plain-data state of a fitted model (``meta`` is stored as JSON)."""
    params = model.get_params()
    params["labels"] = [str(label) for label in model.classes_]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
        "meta": json.dumps(meta or {}, ensure_ascii=False, sort_keys=True),
        "classes": np.asarray(model.classes_, dtype=str),
        "featurizer": model.featurizer_.get_state(),
        **{name: np.asarray(getattr(model, name)) for name in ARRAYS},
        "fallback_share_": float(model.fallback_share_),
    }


def model_from_state(state: dict[str, Any]) -> DirectionClassifier:
    """Rebuild a fitted model from :func:`model_state`."""
    if state.get("format") != FORMAT or state.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"not an {FORMAT} v{FORMAT_VERSION} model")
    params = json.loads(state["params"])
    params.setdefault("min_words", 0)  # models saved before these parameters existed
    params.setdefault("min_threshold", THRESHOLD_RANGE[0])
    model = DirectionClassifier(**params)
    model.classes_ = np.asarray(state["classes"], dtype=str)
    model.featurizer_ = PassageFeaturizer.from_state(state["featurizer"])
    for name in ARRAYS:
        setattr(model, name, np.asarray(state[name]))
    model.fallback_share_ = float(
        state.get("fallback_share_", 1.0)
    )  # absent in models saved before it existed
    return model


def save_model(model: DirectionClassifier, path: str | Path, meta: dict[str, Any] | None = None) -> Path:
    """Write the model to ``path`` (a ``.skops`` file); returns the path."""
    path = Path(path)
    import skops.io as sio  # imported on use: it pulls in much of scikit-learn

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model_state(model, meta), path, compression=8)  # zipfile.ZIP_DEFLATED
    return path


def load_model(path: str | Path) -> DirectionClassifier:
    """Read a model written by :func:`save_model`; anything else is a :class:`ModelError`."""
    path = Path(path)
    if not path.is_file():
        raise ModelError("model file not found (train one with `indpol train directions`)", path=path)
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
        if set(untrusted) - set(TRUSTED):
            raise ModelError(f"refusing to load types {', '.join(sorted(untrusted))}", path=path)
        state = sio.load(path, trusted=TRUSTED)
    except ModelError:
        raise
    except Exception as exc:  # a damaged or foreign archive
        raise ModelError(f"cannot read model: {exc}", path=path) from None
    try:
        return model_from_state(state)
    except ModelError as exc:
        raise ModelError(exc.reason, path=path) from None


def load_meta(path: str | Path) -> dict[str, Any]:
    """The metadata stored with a model (training date, data, metrics)."""
    import skops.io as sio

    state = sio.load(Path(path), trusted=TRUSTED)
    return json.loads(state.get("meta", "{}"))
