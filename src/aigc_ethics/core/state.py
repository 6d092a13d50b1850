"""Resumable training: states without pickles (issue 20), the one training loop and EMA.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm


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


# --------------------------------------------------------------------------------------------
# The one resumable training loop
# --------------------------------------------------------------------------------------------

def ema_update(ema: torch.nn.Module, live: torch.nn.Module, *, rate: float) -> None:
    """Move every parameter of ``ema`` the fraction ``rate`` of the way towards ``live``'s (an
    exponential moving average of the weights, ``rate = 1 - decay``).

    >>> a, b = torch.nn.Linear(1, 1), torch.nn.Linear(1, 1)
    >>> with torch.no_grad():
    ...     _ = a.weight.fill_(0.0), b.weight.fill_(1.0)
    >>> ema_update(a, b, rate=0.25)
    >>> float(a.weight)
    0.25
    """
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be in (0, 1], got {rate!r}")
    with torch.no_grad():
        for pe, p in zip(ema.parameters(), live.parameters()):
            pe.lerp_(p, rate)


def run_steps(step_fn: Callable[[], float], *, steps: int, start: int = 0, save: Callable[[int], None] | None = None,
              save_every: int = 50, desc: str = "training", progress: bool = True,
              on_step: Callable[[int, float, Any], None] | None = None,
              stop: Callable[[], bool] | None = None, mininterval: float = 5.0) -> int:
    """The course's one training loop (the diffusion trainer, DP-SGD and the VAE use it): call
    ``step_fn()`` (one optimiser step; returns its loss) from step ``start`` until ``steps``, with a
    progress bar; ``on_step(step, loss, bar)`` after each step (logging); ``save(step)`` every
    ``save_every`` steps and at the last one, so a run killed in between resumes from the last
    save; after each save, ``stop()`` may end the run early (a time limit). Returns the step reached.

    >>> losses = []
    >>> run_steps(lambda: 1.0, steps=3, save=losses.append, save_every=2, progress=False)
    3
    >>> losses
    [2, 3]
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    if isinstance(save_every, bool) or not isinstance(save_every, int) or save_every < 1:
        raise ValueError(f"save_every must be a positive integer, got {save_every!r}")
    step = int(start)
    bar = tqdm(total=steps, initial=step, desc=desc, disable=not progress, mininterval=mininterval)
    try:
        while step < steps:
            loss = step_fn()
            step += 1
            bar.update(1)
            if on_step is not None:
                on_step(step, loss, bar)
            if save is not None and (step % save_every == 0 or step == steps):
                save(step)
                if stop is not None and stop():
                    break
    finally:
        bar.close()
    return step
