"""Resumable training states without pickles (issue 20).

A state is two files: ``state.pt`` holds only tensors and containers of tensors and plain
numbers (module and optimizer state dicts, random-generator states), read back with
``torch.load(weights_only=True)`` so a planted file cannot run code; ``state.json`` next to it
holds everything else (step, losses, configuration, vocabulary) as JSON. Both are written to
temporary files first and then moved into place, JSON last, and each records the step so that
a half-written pair is noticed.

>>> import tempfile, torch
>>> d = tempfile.mkdtemp()
>>> save_state(f"{d}/state.pt", {"w": torch.ones(2)}, {"step": 3})
>>> tensors, meta = load_state(f"{d}/state.pt")
>>> meta["step"], tensors["w"].tolist()
(3, [1.0, 1.0])
"""

from __future__ import annotations

import json
from pathlib import Path

import torch


def meta_path(path) -> Path:
    """The JSON file that goes with the tensor file ``path`` (``state.pt`` -> ``state.json``)."""
    return Path(path).with_suffix(".json")


def save_state(path, tensors: dict, meta: dict) -> None:
    """Write ``tensors`` (torch-serialisable without custom classes) to ``path`` and ``meta``
    (JSON-serialisable) to :func:`meta_path`; ``meta`` must contain ``step``."""
    path = Path(path)
    if "step" not in meta:
        raise ValueError("meta must contain 'step'")
    text = json.dumps(meta)                         # fails early on non-JSON values
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"step": int(meta["step"]), "tensors": tensors}, tmp)
    tmp.replace(path)
    jtmp = meta_path(path).with_name(meta_path(path).name + ".tmp")
    jtmp.write_text(text)
    jtmp.replace(meta_path(path))


def load_state(path) -> tuple[dict, dict]:
    """``(tensors, meta)`` written by :func:`save_state`. Tensors are loaded with
    ``weights_only=True`` onto the CPU; a state in the old pickled format, without its JSON, or
    from a half-finished save raises ``ValueError`` saying how to start over."""
    path = Path(path)
    mp = meta_path(path)
    if not mp.is_file():
        raise ValueError(f"{path} has no {mp.name} next to it: it is an old pickled state or was not written by "
                         "this course's trainer, and is not loaded (pickles can run code); delete it, or start "
                         "over with a fresh output folder")
    try:
        blob = torch.load(path, weights_only=True, map_location="cpu")
    except Exception as err:
        raise ValueError(f"{path} is not a tensor-only training state ({type(err).__name__}: "
                         f"{str(err).splitlines()[0][:160]}); delete it to start over") from None
    try:
        meta = json.loads(mp.read_text())
    except ValueError as err:
        raise ValueError(f"{mp} is not valid JSON ({err}); delete {path.name} and {mp.name} to start over") from None
    if not isinstance(blob, dict) or "tensors" not in blob or not isinstance(meta, dict) or "step" not in meta:
        raise ValueError(f"{path} / {mp.name} do not look like a training state written by save_state")
    if blob.get("step") != meta["step"]:
        raise ValueError(f"{path} (step {blob.get('step')}) and {mp.name} (step {meta['step']}) do not match: a save "
                         "was interrupted; delete both to start over")
    return blob["tensors"], meta
