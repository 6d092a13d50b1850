"""Wrong-but-plausible answers the Privacy checks must reject, and natural correct alternatives
they must accept (issue 15)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import privacy as P


def outcome(name):
    return check.passed(name)


# -- check_extraction_rate ---------------------------------------------------------------------
RATE_WRONG = {
    "<= instead of <": lambda d, t: float((np.asarray(d) <= t).mean()),
    "count, not fraction": lambda d, t: int((np.asarray(d) < t).sum()),
    "farther, not closer": lambda d, t: float((np.asarray(d) > t).mean()),
    "percentage": lambda d, t: 100 * float((np.asarray(d) < t).mean()),
    "one-element list": lambda d, t: [float((np.asarray(d) < t).mean())],
    "returns None": lambda d, t: None,
}
RATE_RIGHT = {
    "np.mean": lambda d, t: np.mean(np.asarray(d) < t),
    "sum / len": lambda d, t: sum(x < t for x in d) / len(d),
    "count_nonzero": lambda d, t: np.count_nonzero(np.asarray(d) < t) / np.size(d),
}


@pytest.mark.parametrize("name", RATE_WRONG)
def test_extraction_rate_rejects(name, capsys):
    P.check_extraction_rate(RATE_WRONG[name])
    assert outcome("check_extraction_rate") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", RATE_RIGHT)
def test_extraction_rate_accepts(name):
    P.check_extraction_rate(RATE_RIGHT[name])
    assert outcome("check_extraction_rate") is True


# -- check_tpr_at_fpr --------------------------------------------------------------------------
def _by_sorting(rule):
    def f(scores, labels, fpr):
        s, y = np.asarray(scores, float), np.asarray(labels, bool)
        neg = np.sort(s[~y])[::-1]
        k = rule(fpr, neg.size)
        t = neg[k] if k < neg.size else -np.inf
        return float((s[y] >= t).mean())
    return f


def _right_by_sorting(scores, labels, fpr):
    s, y = np.asarray(scores, float), np.asarray(labels, bool)
    neg = np.sort(s[~y])[::-1]
    k = int(np.floor(fpr * neg.size + 1e-9))
    t = np.nextafter(neg[k], np.inf) if k < neg.size else -np.inf    # just above the (k+1)-th
    return float((s[y] >= t).mean())


def _sklearn(scores, labels, fpr):
    from sklearn.metrics import roc_curve
    f, t, _ = roc_curve(labels, scores)
    return float(t[f <= fpr].max())


TPR_WRONG = {
    "(k+1)-th score counted with >=": _by_sorting(lambda fpr, n: int(np.floor(fpr * n))),
    "ceil": lambda s, y, fpr: _right_by_sorting(s, y, np.ceil(fpr * (~np.asarray(y, bool)).sum()) / (~np.asarray(y, bool)).sum() + 1e-12),
    "np.quantile threshold": lambda s, y, fpr: float((np.asarray(s)[np.asarray(y, bool)]
                                                      >= np.quantile(np.asarray(s)[~np.asarray(y, bool)], 1 - fpr)).mean()),
    "FPR < instead of <=": lambda s, y, fpr: max([float((np.asarray(s)[y] >= t).mean()) for t in np.r_[np.unique(s), np.inf]
                                                  if (np.asarray(s)[~y] >= t).mean() < fpr] or [0.0]),
    "flipped sign": lambda s, y, fpr: _sklearn(-np.asarray(s), y, fpr),
    "one-element array": lambda s, y, fpr: np.array([_sklearn(s, y, fpr)]),
    "returns the threshold": lambda s, y, fpr: float(np.sort(np.asarray(s)[~np.asarray(y, bool)])[::-1][int(fpr * (~np.asarray(y, bool)).sum())]),
}
TPR_RIGHT = {"scikit-learn roc_curve": _sklearn, "sorting, just above the (k+1)-th": _right_by_sorting}


@pytest.mark.parametrize("name", TPR_WRONG)
def test_tpr_at_fpr_rejects(name, capsys):
    P.check_tpr_at_fpr(TPR_WRONG[name])
    assert outcome("check_tpr_at_fpr") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", TPR_RIGHT)
def test_tpr_at_fpr_accepts(name):
    P.check_tpr_at_fpr(TPR_RIGHT[name])
    assert outcome("check_tpr_at_fpr") is True


def test_tpr_at_fpr_names_the_extra_false_positive(capsys):
    P.check_tpr_at_fpr(TPR_WRONG["(k+1)-th score counted with >="])
    assert "at most" in capsys.readouterr().out.lower()


# -- check_threshold_choice --------------------------------------------------------------------
PAIRS = np.random.default_rng(0).gamma(4.0, 0.1, 2000)


@pytest.mark.parametrize("name,value", [
    ("5th percentile", np.quantile(PAIRS, 0.05)),
    ("99th percentile (high, not low)", np.quantile(PAIRS, 0.99)),
    ("percentile given a fraction", np.percentile(PAIRS, 0.01)),
    ("zero", 0.0),
    ("median", np.median(PAIRS)),
    ("one-element list", [np.quantile(PAIRS, 0.01)]),
    ("a string", "0.25"),
])
def test_threshold_choice_rejects(name, value, capsys):
    P.check_threshold_choice(value, PAIRS)
    assert outcome("check_threshold_choice") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name,value", [
    ("np.quantile 0.01", np.quantile(PAIRS, 0.01)),
    ("np.percentile 1", np.percentile(PAIRS, 1)),
    ("sorted list index", sorted(PAIRS)[len(PAIRS) // 100]),
    ("numpy scalar, 0.5 %", np.float32(np.quantile(PAIRS, 0.005))),
])
def test_threshold_choice_accepts(name, value):
    P.check_threshold_choice(value, PAIRS)
    assert outcome("check_threshold_choice") is True


def test_high_percentile_is_named(capsys):
    P.check_threshold_choice(np.quantile(PAIRS, 0.99), PAIRS)
    assert "HIGH percentile" in capsys.readouterr().out


# -- check_membership_inference (lesson 11: AUC of a loss attack) -------------------------------
def _pairs(m, n):
    return np.asarray(m, float)[:, None], np.asarray(n, float)[None, :]


MIA_WRONG = {
    "higher loss = member (flipped)": lambda m, n: float((_pairs(m, n)[0] > _pairs(m, n)[1]).mean()
                                                         + 0.5 * (_pairs(m, n)[0] == _pairs(m, n)[1]).mean()),
    "ties count as a miss": lambda m, n: float((_pairs(m, n)[0] < _pairs(m, n)[1]).mean()),
    "ties count as a hit": lambda m, n: float((_pairs(m, n)[0] <= _pairs(m, n)[1]).mean()),
    "percentage": lambda m, n: 100 * float((_pairs(m, n)[0] < _pairs(m, n)[1]).mean()
                                           + 0.5 * (_pairs(m, n)[0] == _pairs(m, n)[1]).mean()),
    "difference of mean losses": lambda m, n: float(np.mean(n) - np.mean(m)),
    "per-pair array": lambda m, n: (_pairs(m, n)[0] < _pairs(m, n)[1]).astype(float),
    "number copied from the lesson": lambda m, n: 0.62,
    "returns None": lambda m, n: None,
}


def _auc_sklearn(m, n):
    from sklearn.metrics import roc_auc_score
    return roc_auc_score(np.r_[np.ones(len(m)), np.zeros(len(n))], -np.r_[m, n])


def _auc_loops(m, n):
    wins = sum(1.0 if a < b else 0.5 if a == b else 0.0 for a in m for b in n)
    return wins / (len(m) * len(n))


MIA_RIGHT = {"sklearn on -loss": _auc_sklearn, "double loop": _auc_loops,
             "course auc on -loss": lambda m, n: __import__("aigc_ethics.core.stats", fromlist=["auc"]).auc(
                 -np.r_[m, n], np.r_[np.ones(len(m)), np.zeros(len(n))])}


@pytest.mark.parametrize("name", MIA_WRONG)
def test_membership_inference_rejects(name, capsys):
    P.check_membership_inference(MIA_WRONG[name])
    assert outcome("check_membership_inference") is False
    assert "your code raised" not in capsys.readouterr().out


def test_membership_inference_names_the_convention(capsys):
    P.check_membership_inference(MIA_WRONG["higher loss = member (flipped)"])
    assert "LOWER loss" in capsys.readouterr().out


@pytest.mark.parametrize("name", MIA_RIGHT)
def test_membership_inference_accepts(name):
    P.check_membership_inference(MIA_RIGHT[name])
    assert outcome("check_membership_inference") is True


def test_membership_inference_blank():
    P.check_membership_inference(...)
    assert outcome("check_membership_inference") is False


# -- check_privacy_mitigations (lesson 12: what epsilon promises) -------------------------------
def _both(eps, fpr, delta):
    return min(np.exp(eps) * fpr + delta, 1 - np.exp(-eps) * (1 - delta - fpr))


DP_WRONG = {
    "epsilon without exp": lambda eps, fpr, delta: min(1.0, eps * fpr + delta),
    "first inequality only": lambda eps, fpr, delta: min(1.0, np.exp(eps) * fpr + delta),
    "not capped at 1": lambda eps, fpr, delta: np.exp(eps) * fpr + delta,
    "delta left out": lambda eps, fpr, delta: min(1.0, _both(eps, fpr, 0.0)),
    "divided by e^eps": lambda eps, fpr, delta: min(1.0, fpr / np.exp(eps) + delta),
    "one-element array": lambda eps, fpr, delta: np.array([min(1.0, _both(eps, fpr, delta))]),
    "returns None": lambda eps, fpr, delta: None,
}
DP_RIGHT = {
    "np.minimum chain": lambda eps, fpr, delta: np.minimum(np.minimum(np.exp(eps) * fpr + delta, 1.0),
                                                           1 - np.exp(-eps) * (1 - delta - fpr)),
    "math and clip": lambda eps, fpr, delta: float(np.clip(_both(eps, fpr, delta), 0, 1)),
}


@pytest.mark.parametrize("name", DP_WRONG)
def test_privacy_mitigations_rejects(name, capsys):
    P.check_privacy_mitigations(DP_WRONG[name])
    assert outcome("check_privacy_mitigations") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", DP_RIGHT)
def test_privacy_mitigations_accepts(name):
    P.check_privacy_mitigations(DP_RIGHT[name])
    assert outcome("check_privacy_mitigations") is True


def test_privacy_mitigations_blank():
    P.check_privacy_mitigations(...)
    assert outcome("check_privacy_mitigations") is False
