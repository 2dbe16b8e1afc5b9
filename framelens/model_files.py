"""The files of a packaged model: ``model.json`` (metadata, settings, figures) and ``weights.npz``
(plain arrays, never a pickle).  The tone head, the technique model and the stance model
are stored and read this way; one reader gives one clear error for a missing or broken file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from framelens.errors import FramelensError

WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """What a model folder holds, with where it was read from (for error messages)."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    meta_path: Any
    weights_path: Any


def read_model_files(
    what: str, folder: str, directory: Path | None, retrain: str, parse: Callable[[ModelFiles], T]
) -> T:
    """``parse`` of the files in ``directory`` (default: the packaged ``resources/<folder>``).

    A file that is missing or unreadable, or a key or array that ``parse`` does not find, is
    a FramelensError saying how to mend it (reinstall, or ``retrain``), never a traceback.
    """
    base: Any = directory if directory is not None else resources.files("framelens.resources") / folder
    meta_path, weights_path = base / META_FILE, base / WEIGHTS_FILE
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        with weights_path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return parse(ModelFiles(meta, arrays, meta_path, weights_path))
    except (OSError, ValueError, KeyError) as exc:
        raise FramelensError(
            f"the {what} in {base} cannot be read ({exc}); reinstall framelens or retrain it ({retrain})"
        ) from None


def write_model_files(directory: Path, arrays: Mapping[str, Any], meta: Mapping[str, Any]) -> None:
    """Write ``arrays`` (compressed) and ``meta`` (sorted, indented JSON) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / WEIGHTS_FILE, **arrays)
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")
