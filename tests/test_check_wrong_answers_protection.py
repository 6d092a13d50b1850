"""Wrong-but-plausible answers the lesson-61 checks must reject, and correct alternatives they must accept."""
import pytest

from aigc_ethics import check
from aigc_ethics.check import likeness as L
from aigc_ethics.core.stats import wilson_interval


def _points(ha, na, hb, nb):
    return "lower" if hb / nb < ha / na else "higher" if hb / nb > ha / na else "not decidable"


def _point_vs_interval(ha, na, hb, nb):
    low, high = wilson_interval(ha, na)
    return "lower" if hb / nb < low else "higher" if hb / nb > high else "not decidable"


def _swapped(ha, na, hb, nb):
    return L._verdict(hb, nb, ha, na)


VERDICT_WRONG = {
    "point estimates only": _points,
    "one point against one interval": _point_vs_interval,
    "direction swapped": _swapped,
    "always lower": lambda ha, na, hb, nb: "lower",
    "a boolean": lambda ha, na, hb, nb: hb / nb < ha / na,
    "always not decidable": lambda ha, na, hb, nb: "not decidable",
    "returns None": lambda ha, na, hb, nb: None,
}


def _right_loop(ha, na, hb, nb):
    (al, ah), (bl, bh) = wilson_interval(ha, na), wilson_interval(hb, nb)
    if bh < al:
        return "Lower "
    return "higher" if bl > ah else "not decidable"


VERDICT_RIGHT = {"solution": L._verdict, "case and spaces": _right_loop}


@pytest.mark.parametrize("name", VERDICT_WRONG)
def test_verdict_rejects(name, capsys):
    L.check_protection_verdict(VERDICT_WRONG[name])
    assert check.passed("check_protection_verdict") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", VERDICT_RIGHT)
def test_verdict_accepts(name):
    L.check_protection_verdict(VERDICT_RIGHT[name])
    assert check.passed("check_protection_verdict") is True


SURVIVE_WRONG = {
    "no control": lambda u, p, ut, pt: (u - pt) / (u - p),
    "ratio of protected matches": lambda u, p, ut, pt: pt / p,
    "the drop, not the share": lambda u, p, ut, pt: ut - pt,
    "share removed": lambda u, p, ut, pt: 1 - (ut - pt) / (u - p),
    "percent": lambda u, p, ut, pt: 100 * (ut - pt) / (u - p),
    "returns None": lambda u, p, ut, pt: None,
}
SURVIVE_RIGHT = {"solution": lambda u, p, ut, pt: (ut - pt) / (u - p),
                 "written out": lambda u, p, ut, pt: -(pt - ut) / -(p - u)}


@pytest.mark.parametrize("name", SURVIVE_WRONG)
def test_surviving_rejects(name, capsys):
    L.check_surviving_effect(SURVIVE_WRONG[name])
    assert check.passed("check_surviving_effect") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", SURVIVE_RIGHT)
def test_surviving_accepts(name):
    L.check_surviving_effect(SURVIVE_RIGHT[name])
    assert check.passed("check_surviving_effect") is True


def test_blank_answers_fail():
    L.check_protection_verdict(...)
    assert check.passed("check_protection_verdict") is False
    L.check_surviving_effect(None)
    assert check.passed("check_surviving_effect") is False
