"""What the setup cell of every notebook calls: seeds, threads, device, plot style.

>>> from aigc_ethics.notebook import setup
>>> device = setup(seed=0)
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys

import numpy as np
import torch

from aigc_ethics.core.generate import HubUnavailableError, default_device, load_pipeline
from aigc_ethics.core.images import OKABE_ITO


def in_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules


def setup(seed: int = 0, *, threads: int | None = None):
    """Seed Python, NumPy and PyTorch, pick the device, and set a colour-blind-safe plot style.

    Returns the ``torch.device`` to use (``cuda`` when a GPU is visible, e.g. on Colab).
    """
    import matplotlib as mpl
    from cycler import cycler

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if threads is None:
        threads = int(os.environ.get("AIGC_THREADS", "0")) or min(2, os.cpu_count() or 1)
    torch.set_num_threads(threads)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO))
    mpl.rcParams["figure.dpi"] = 100
    mpl.rcParams["image.interpolation"] = "nearest"
    return default_device()


def hub_pipeline(model: str, *, device=None):
    """Open the Stable-Diffusion-format model of a "real model" appendix, or say what is missing.

    ``model`` is a Hugging Face Hub id (one of ``aigc_ethics.generate.HUB_MODELS``) or a local
    folder holding a diffusers pipeline saved with ``save_pretrained``. A Hub id needs internet
    access and a CUDA GPU (Colab: *Runtime -> Change runtime type -> GPU*); a local folder loads
    offline on any device (slowly on a CPU for a full-size model). The progress bar of the
    pipeline is switched off (``generate_many`` has its own).

    Raises :class:`~aigc_ethics.core.generate.HubUnavailableError` with a message naming what the
    appendix needs (a GPU, internet, the ``hub`` extra); the appendices turn it into a stop.

    >>> from aigc_ethics.generate import HUB_MODELS
    >>> pipe = hub_pipeline(HUB_MODELS["fast"])          # doctest: +SKIP  (Colab with a GPU)
    """
    if isinstance(model, os.PathLike):
        model = os.fspath(model)
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"model must be a Hugging Face Hub id such as 'owner/model' or a folder, got {model!r}")
    dev = default_device() if device is None else torch.device(device)
    local = os.path.isdir(model)
    if local and not os.path.isfile(os.path.join(model, "model_index.json")):
        raise ValueError(f"the folder {model!r} holds no diffusers pipeline (no model_index.json); "
                         "save one with pipe.save_pretrained(folder)")
    if not local and dev.type != "cuda":
        raise HubUnavailableError(
            f"this appendix needs a GPU for '{model}' (found {dev.type}). On Colab: Runtime -> Change runtime "
            "type -> a GPU, then run all cells again. To try the code without one, set the environment "
            "variable AIGC_HUB_MODEL to a folder holding a saved diffusers pipeline.")
    if importlib.util.find_spec("transformers") is None:
        raise HubUnavailableError("this appendix needs the hub extra: pip install 'aigc-ethics[colab,hub]' "
                                  "(transformers, accelerate)")
    pipe = load_pipeline(model, device=dev)
    if hasattr(pipe, "set_progress_bar_config"):
        pipe.set_progress_bar_config(disable=True)
    return pipe
