"""Wrong-but-plausible answers the likeness checks must reject, and natural correct alternatives
they must accept (issue 17, lesson 63)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import likeness as L


def _largest(d, f, cmp=np.less_equal):
    return max(t for t in range(257) if cmp(np.asarray(d), t).mean() <= f)


WRONG = {
    "< instead of <= (off by one)": lambda d, f: _largest(d, f, np.less),
    "smallest threshold": lambda d, f: min(t for t in range(257) if (np.asarray(d) <= t).mean() <= f),
    "rate instead of threshold": lambda d, f: float((np.asarray(d) <= _largest(d, f)).mean()) or 0.005,
    "all acceptable thresholds": lambda d, f: [t for t in range(257) if (np.asarray(d) <= t).mean() <= f],
    "literature's 31": lambda d, f: 31,
    "count instead of share": lambda d, f: max([t for t in range(257) if (np.asarray(d) <= t).sum() <= f] or [-1]),
    "flipped comparison": lambda d, f: max([t for t in range(257) if (np.asarray(d) > t).mean() <= f] or [0]),
    "quantile without the equality": lambda d, f: int(np.quantile(d, f)),
    "returns None": lambda d, f: None,
}
RIGHT = {
    "loop down from 256": lambda d, f: next((t for t in range(256, -1, -1) if np.mean(np.asarray(d) <= t) <= f), -1),
    "sorted distances": lambda d, f: (lambda s, k: int(s[k] - 1) if k < len(s) else 256)(
        np.sort(d), int(np.floor(f * len(d) + 1e-9))),
}


@pytest.mark.parametrize("name", WRONG)
def test_threshold_rejects(name, capsys):
    L.check_takedown_by_hashing(WRONG[name])
    assert check.passed("check_takedown_by_hashing") is False, name
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", RIGHT)
def test_threshold_accepts(name, capsys):
    L.check_takedown_by_hashing(RIGHT[name])
    assert check.passed("check_takedown_by_hashing") is True, capsys.readouterr().out


def test_threshold_blank():
    L.check_takedown_by_hashing(...)
    assert check.passed("check_takedown_by_hashing") is False


def test_discussion_registered():
    assert "takedown-threshold" in check.DISCUSSIONS
