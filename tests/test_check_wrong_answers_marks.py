"""Wrong-but-plausible answers the lesson-36 checks must reject, and natural correct alternatives
they must accept (issue 18)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import marks as C
from aigc_ethics.quiz import wilson_interval

ERR_WRONG = {
    "false positives on the marked set": lambda n, p, t: (np.mean(p >= t), np.mean(p < t)),
    "swapped pair": lambda n, p, t: (np.mean(p < t), np.mean(n >= t)),
    "counts": lambda n, p, t: (int(np.sum(n >= t)), int(np.sum(p < t))),
    "true-positive rate": lambda n, p, t: (np.mean(n >= t), np.mean(p >= t)),
    "strict threshold": lambda n, p, t: (np.mean(n > t), np.mean(p <= t)),
    "one number": lambda n, p, t: np.mean(n >= t) + np.mean(p < t),
    "returns None": lambda n, p, t: None,
}
ERR_RIGHT = {
    "numpy means": lambda n, p, t: (float(np.mean(n >= t)), float(np.mean(p < t))),
    "python sums": lambda n, p, t: [sum(s >= t for s in n) / len(n), sum(s < t for s in p) / len(p)],
}


@pytest.mark.parametrize("name", ERR_WRONG)
def test_detector_errors_rejects(name, capsys):
    C.check_detector_errors(ERR_WRONG[name])
    assert check.passed("check_detector_errors") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", ERR_RIGHT)
def test_detector_errors_accepts(name):
    C.check_detector_errors(ERR_RIGHT[name])
    assert check.passed("check_detector_errors") is True


def _wald(f):
    p = f.mean()
    se = np.sqrt(p * (1 - p) / len(f))
    return p, max(0.0, p - 1.96 * se), min(1.0, p + 1.96 * se)


RATE_WRONG = {
    "rate without interval": lambda f: float(f.mean()),
    "wald interval": _wald,
    "percentage": lambda f: (100 * f.mean(), *wilson_interval(int(f.sum()), len(f))),
    "count": lambda f: (int(f.sum()), *wilson_interval(int(f.sum()), len(f))),
    "interval only": lambda f: wilson_interval(int(f.sum()), len(f)),
    "68 % interval": lambda f: (f.mean(), *wilson_interval(int(f.sum()), len(f), level=0.68)),
    "returns None": lambda f: None,
}
RATE_RIGHT = {
    "wilson from the library": lambda f: (f.mean(), *wilson_interval(int(f.sum()), len(f))),
    "library helper": lambda f: tuple(__import__("aigc_ethics.marks", fromlist=["x"]).rate_with_interval(
        np.asarray(f, bool))[k] for k in ("rate", "low", "high")),
}


@pytest.mark.parametrize("name", RATE_WRONG)
def test_rate_rejects(name, capsys):
    C.check_rate_with_interval(RATE_WRONG[name])
    assert check.passed("check_rate_with_interval") is False
    assert "your code raised" not in capsys.readouterr().out


def test_rate_accepts_exact_wilson():
    C.check_rate_with_interval(RATE_RIGHT["wilson from the library"])
    assert check.passed("check_rate_with_interval") is True


def test_rate_accepts_rounded_library_helper():
    C.check_rate_with_interval(RATE_RIGHT["library helper"])
    assert check.passed("check_rate_with_interval") is True


SHARE_WRONG = {
    "share of the training set": lambda a, x: (a[a.artist == x].stamped.sum()) / len(a),
    "share of all stamped works": lambda a, x: a[a.artist == x].stamped.sum() / max(1, a.stamped.sum()),
    "share of all artworks": lambda a, x: a[a.artist == x].stamped.sum() / (a.artist != "").sum(),
    "count": lambda a, x: int(a[a.artist == x].stamped.sum()),
    "percentage": lambda a, x: 100 * a[a.artist == x].stamped.mean(),
    "returns None": lambda a, x: None,
}
SHARE_RIGHT = {
    "mean": lambda a, x: a[a.artist == x].stamped.mean(),
    "groupby": lambda a, x: float(a.groupby("artist").stamped.mean()[x]),
}


@pytest.mark.parametrize("name", SHARE_WRONG)
def test_share_rejects(name, capsys):
    C.check_share_of_works(SHARE_WRONG[name])
    assert check.passed("check_share_of_works") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", SHARE_RIGHT)
def test_share_accepts(name):
    C.check_share_of_works(SHARE_RIGHT[name])
    assert check.passed("check_share_of_works") is True


def test_blank_answers_are_not_attempted():
    C.check_detector_errors(...)
    C.check_rate_with_interval(...)
    C.check_share_of_works(...)
    assert not any(check.passed(n) for n in ("check_detector_errors", "check_rate_with_interval",
                                             "check_share_of_works"))


def test_discussion_exists():
    check.discuss("marks-judge", "the mark shows the training data contained the agency's works, which supports "
                                 "a trade mark claim more than a copyright one")
    assert check.passed("discuss:marks-judge") is True
