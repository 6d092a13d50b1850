"""Wrong-but-plausible answers the check of lesson 64 (video and voice) must reject, and natural
correct alternatives it must accept (issue 17)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import media as M


def outcome(name):
    return check.passed(name)


WRONG = {
    "accuracy instead of precision": lambda se, sp, p: se * p + sp * (1 - p),
    "the prevalence": lambda se, sp, p: p,
    "the sensitivity": lambda se, sp, p: se,
    "prevalence ignored": lambda se, sp, p: se / (se + 1 - sp),
    "specificity as false-positive rate": lambda se, sp, p: se * p / (se * p + sp * (1 - p)),
    "a percentage": lambda se, sp, p: 100 * se * p / (se * p + (1 - sp) * (1 - p)),
    "share of alarms that are false": lambda se, sp, p: (1 - sp) * (1 - p) / (se * p + (1 - sp) * (1 - p)),
    "a list": lambda se, sp, p: [se * p, (1 - sp) * (1 - p)],
    "None": lambda se, sp, p: None,
}
RIGHT = {
    "Bayes": lambda se, sp, p: se * p / (se * p + (1 - sp) * (1 - p)),
    "counts per million": lambda se, sp, p: (lambda tp, fp: tp / (tp + fp))(round(se * p * 1e9), round((1 - sp) * (1 - p) * 1e9)),
    "odds form": lambda se, sp, p: 1 / (1 + ((1 - sp) / se) * ((1 - p) / p)),
    "numpy scalar": lambda se, sp, p: np.float64(se) * p / np.sum([se * p, (1 - sp) * (1 - p)]),
}


@pytest.mark.parametrize("name", WRONG)
def test_flagged_share_rejects(name, capsys):
    M.check_flagged_share(WRONG[name])
    assert outcome("check_flagged_share") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", RIGHT)
def test_flagged_share_accepts(name):
    M.check_flagged_share(RIGHT[name])
    assert outcome("check_flagged_share") is True


def test_flagged_share_names_the_misconception(capsys):
    M.check_flagged_share(WRONG["accuracy instead of precision"])
    assert "accuracy" in capsys.readouterr().out
    M.check_flagged_share(WRONG["the prevalence"])
    assert "that is the prevalence" in capsys.readouterr().out
    M.check_flagged_share(WRONG["prevalence ignored"])
    assert "ignores the prevalence" in capsys.readouterr().out
    M.check_flagged_share(WRONG["the sensitivity"])
    assert "that is the sensitivity" in capsys.readouterr().out


def test_blank_is_not_attempted():
    M.check_flagged_share(...)
    assert outcome("check_flagged_share") is False


def test_discussion_registered():
    assert "detector-on-every-call" in check.DISCUSSIONS
