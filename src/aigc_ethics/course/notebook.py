"""What the setup cell of every notebook calls: seeds, threads, device, plot style.

>>> from aigc_ethics.notebook import setup
>>> device = setup(seed=0)
"""

from __future__ import annotations

import os
import random
import sys

import numpy as np

from aigc_ethics.core.generate import default_device
from aigc_ethics.core.images import OKABE_ITO


def in_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules


def setup(seed: int = 0, threads: int | None = None):
    """Seed Python, NumPy and PyTorch, pick the device, and set a colour-blind-safe plot style.

    Returns the ``torch.device`` to use (``cuda`` when a GPU is visible, e.g. on Colab).
    """
    import matplotlib as mpl
    import torch
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
