"""Wrong-but-plausible answers the lesson-37 checks (attribution against a ground truth) must reject,
with the misconception named, and natural correct alternatives they must accept."""
import numpy as np
import pytest
from scipy.stats import spearmanr

from aigc_ethics import check
from aigc_ethics.check import ip as I


def outcome(name):
    return check.passed(name)


TOP1_WRONG = {
    "blank": lambda s, t: ...,
    "argmin": lambda s, t: float(np.mean(np.argmin(s, 1) == np.argmax(t, 1))),
    "per contributor (axis 0)": lambda s, t: float(np.mean(np.argmax(s, 0) == np.argmax(t, 0))),
    "a count, not a share": lambda s, t: int(np.sum(np.argmax(s, 1) == np.argmax(t, 1))),
    "rank correlation instead": lambda s, t: float(np.mean([spearmanr(a, b).statistic for a, b in zip(s, t)])),
    "flattened argmax": lambda s, t: float(np.argmax(s) == np.argmax(t)),
    "returns None": lambda s, t: None,
}
TOP1_RIGHT = {
    "numpy": lambda s, t: float(np.mean(np.argmax(s, 1) == np.argmax(t, 1))),
    "loop": lambda s, t: sum(list(a).index(max(a)) == list(b).index(max(b)) for a, b in zip(s, t)) / len(s),
}


@pytest.mark.parametrize("name", TOP1_WRONG)
def test_top1_rejects(name, capsys):
    I.check_top1_agreement(TOP1_WRONG[name])
    assert outcome("check_top1_agreement") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", TOP1_RIGHT)
def test_top1_accepts(name):
    I.check_top1_agreement(TOP1_RIGHT[name])
    assert outcome("check_top1_agreement") is True


@pytest.mark.parametrize("name,words", [("argmin", "SMALLEST"), ("per contributor (axis 0)", "per contributor"),
                                        ("a count, not a share", "share")])
def test_top1_names_the_slip(name, words, capsys):
    I.check_top1_agreement(TOP1_WRONG[name])
    assert words in capsys.readouterr().out


CLEAR_WRONG = {
    "blank": lambda c, f: ...,
    "mean over contributors": lambda c, f: c.mean(1) > f,
    "inverted": lambda c, f: c.max(1) < f,
    "2-D answer": lambda c, f: c > f[:, None],
    "one global maximum": lambda c, f: np.full(len(c), c.max() > f.mean()),
    "median floor": lambda c, f: c.max(1) > np.median(f),
    "returns None": lambda c, f: None,
}
CLEAR_RIGHT = {
    "numpy": lambda c, f: np.max(c, axis=1) > f,
    "list": lambda c, f: [max(row) > fl for row, fl in zip(c, f)],
}


@pytest.mark.parametrize("name", CLEAR_WRONG)
def test_clear_truth_rejects(name, capsys):
    I.check_clear_truth(CLEAR_WRONG[name])
    assert outcome("check_clear_truth") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", CLEAR_RIGHT)
def test_clear_truth_accepts(name):
    I.check_clear_truth(CLEAR_RIGHT[name])
    assert outcome("check_clear_truth") is True


@pytest.mark.parametrize("name,words", [("mean over contributors", "MEAN"), ("inverted", "wrong way round"),
                                        ("2-D answer", "one True/False per output")])
def test_clear_truth_names_the_slip(name, words, capsys):
    I.check_clear_truth(CLEAR_WRONG[name])
    assert words in capsys.readouterr().out
