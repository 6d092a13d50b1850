"""Wrong-but-plausible answers the lesson-60 checks must reject, and correct alternatives they accept."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import personalisation as P
from aigc_ethics.likeness import identity_match

MATCH_WRONG = {
    "mean probability": lambda proba, c: float(proba[:, c].mean()),
    "count, not share": lambda proba, c: int((proba.argmax(1) == c).sum()),
    "threshold 0.5": lambda proba, c: float((proba[:, c] > 0.5).mean()),
    "argmin": lambda proba, c: float((proba.argmin(1) == c).mean()),
    "everyone else": lambda proba, c: float((proba.argmax(1) != c).mean()),
    "argmax over images": lambda proba, c: float(proba.argmax(0)[c] / len(proba)),
    "returns the hits": lambda proba, c: proba.argmax(1) == c,
    "returns None": lambda proba, c: None,
    "blank": ...,
}
MATCH_RIGHT = {
    "numpy mean": lambda proba, c: float((np.argmax(proba, axis=1) == c).mean()),
    "loop": lambda proba, c: sum(int(max(range(16), key=lambda j: row[j]) == c) for row in proba) / len(proba),
}


@pytest.mark.parametrize("name", MATCH_WRONG)
def test_match_rate_rejects(name, capsys):
    P.check_match_rate(MATCH_WRONG[name])
    assert check.passed("check_match_rate") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", MATCH_RIGHT)
def test_match_rate_accepts(name):
    P.check_match_rate(MATCH_RIGHT[name])
    assert check.passed("check_match_rate") is True


def _m(model, images, person, key="top1"):
    return identity_match(model, images, person)[key]


GAIN_WRONG = {
    "training photos": lambda model, s, p: _m(model, s["training photos"], p) - _m(model, s["base model, new contexts"], p),
    "training photos, no baseline": lambda model, s, p: _m(model, s["training photos"], p),
    "no baseline": lambda model, s, p: _m(model, s["fine-tuned, new contexts"], p),
    "mean probability": lambda model, s, p: (_m(model, s["fine-tuned, new contexts"], p, "prob")
                                             - _m(model, s["base model, new contexts"], p, "prob")),
    "baseline from training photos": lambda model, s, p: (_m(model, s["fine-tuned, new contexts"], p)
                                                          - _m(model, s["training photos"], p)),
    "reversed": lambda model, s, p: _m(model, s["base model, new contexts"], p) - _m(model, s["fine-tuned, new contexts"], p),
    "returns None": lambda model, s, p: None,
    "blank": ...,
}
GAIN_RIGHT = {
    "identity_match": lambda model, s, p: (_m(model, s["fine-tuned, new contexts"], p)
                                           - _m(model, s["base model, new contexts"], p)),
    "predict": lambda model, s, p: float(np.mean(model.predict(s["fine-tuned, new contexts"]) == p)
                                         - np.mean(model.predict(s["base model, new contexts"]) == p)),
}


@pytest.mark.parametrize("name", GAIN_WRONG)
def test_likeness_gain_rejects(name, capsys):
    P.check_likeness_gain(GAIN_WRONG[name])
    assert check.passed("check_likeness_gain") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", GAIN_RIGHT)
def test_likeness_gain_accepts(name):
    P.check_likeness_gain(GAIN_RIGHT[name])
    assert check.passed("check_likeness_gain") is True


def test_cases_separate_the_wrong_answers():
    # the stand-in sets give distinct numbers for each misconception (otherwise a check could not tell them apart)
    from aigc_ethics.likeness import load_identity_model
    model = load_identity_model()
    s = P._gain_sets()
    values = [_m(model, s[k], "P07") for k in s]
    assert len(set(np.round(values, 6))) == 3
