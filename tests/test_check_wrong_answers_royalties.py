"""Wrong-but-plausible answers the lesson-38 checks must reject, and natural correct alternatives
they must accept (issue 18)."""
import heapq
import math

import numpy as np
import pandas as pd
import pytest

from aigc_ethics import check
from aigc_ethics.check import royalties as R


def _k(x, f):
    return math.ceil(f * len(x) - 1e-9)


TOP_WRONG = {
    "bottom instead of top": lambda x, f: np.sort(x)[:_k(x, f)].sum() / np.sum(x),
    "rounds the count down": lambda x, f: np.sort(x)[::-1][:max(1, int(f * len(x)))].sum() / np.sum(x),
    "money, not a share": lambda x, f: np.sort(x)[::-1][:_k(x, f)].sum(),
    "no sorting": lambda x, f: np.asarray(x)[:_k(x, f)].sum() / np.sum(x),
    "returns the top payouts": lambda x, f: np.sort(x)[::-1][:_k(x, f)],
    "top contributor only": lambda x, f: np.max(x) / np.sum(x),
    "returns None": lambda x, f: None,
}
TOP_RIGHT = {
    "heapq": lambda x, f: sum(heapq.nlargest(math.ceil(f * len(x)), list(x))) / sum(x),
    "pandas nlargest": lambda x, f: float(pd.Series(x).nlargest(int(np.ceil(f * len(x)))).sum() / pd.Series(x).sum()),
}


@pytest.mark.parametrize("name", TOP_WRONG)
def test_top_share_rejects(name, capsys):
    R.check_top_share(TOP_WRONG[name])
    assert check.passed("check_top_share") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", TOP_RIGHT)
def test_top_share_accepts(name):
    R.check_top_share(TOP_RIGHT[name])
    assert check.passed("check_top_share") is True


SPLIT_WRONG = {
    "equal split": lambda pool, w: pd.Series(pool / len(w), index=w.index),
    "shares, not money": lambda pool, w: w / w.sum(),
    "drops the artist with no works": lambda pool, w: (pool * w / w.sum())[w > 0],
    "plain list": lambda pool, w: list(pool * w / w.sum()),
    "by works squared": lambda pool, w: pool * w ** 2 / (w ** 2).sum(),
    "returns None": lambda pool, w: None,
}
SPLIT_RIGHT = {
    "series arithmetic": lambda pool, w: pool * w / w.sum(),
    "dict comprehension": lambda pool, w: pd.Series({k: pool * v / sum(w.values) for k, v in w.items()}),
}


@pytest.mark.parametrize("name", SPLIT_WRONG)
def test_split_by_training_rejects(name, capsys):
    R.check_split_by_training(SPLIT_WRONG[name])
    assert check.passed("check_split_by_training") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", SPLIT_RIGHT)
def test_split_by_training_accepts(name):
    R.check_split_by_training(SPLIT_RIGHT[name])
    assert check.passed("check_split_by_training") is True


def test_blank_answers_are_not_attempted():
    R.check_top_share(...)
    R.check_split_by_training(...)
    assert check.passed("check_top_share") is False and check.passed("check_split_by_training") is False


def test_discussion_exists():
    check.discuss("which-royalty-rule", "training share pays the tail but attribution pays use and naming pays fame, "
                                        "so I would mix training share with attribution")
    assert check.passed("discuss:which-royalty-rule") is True
