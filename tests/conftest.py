import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Maintenance tools (benches, card writers, trainers) live in tools/, outside the package.
sys.path.insert(0, str(ROOT / "tools"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def tiny_pipe():
    """The shipped checkpoint, on the CPU."""
    from aigc_ethics.generate import load_pipeline
    return load_pipeline("tiny", device="cpu")
