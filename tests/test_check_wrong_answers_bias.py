"""Wrong-but-plausible answers the Bias checks must reject, and natural correct alternatives
they must accept (issue 15)."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import check
from aigc_ethics.check import bias as B


def outcome(name):
    return check.passed(name)


def tv(p, r):
    return 0.5 * np.abs(p - r).sum()


AMP_WRONG = {
    "flipped sign": lambda o, t, r: tv(t, r) - tv(o, r),
    "no half": lambda o, t, r: np.abs(o - r).sum() - np.abs(t - r).sum(),
    "largest gap, not TV": lambda o, t, r: np.abs(o - r).max() - np.abs(t - r).max(),
    "output vs training": lambda o, t, r: tv(o, t),
    "abs of the difference": lambda o, t, r: abs(tv(o, r) - tv(t, r)),
    "ratio": lambda o, t, r: tv(o, r) / max(tv(t, r), 1e-9),
    "per-category array": lambda o, t, r: np.abs(o - r) - np.abs(t - r),
    "returns None": lambda o, t, r: None,
}
AMP_RIGHT = {
    "loop over categories": lambda o, t, r: sum(abs(a - c) for a, c in zip(o, r)) / 2 - sum(abs(b - c) for b, c in zip(t, r)) / 2,
    "positive parts": lambda o, t, r: np.clip(o - r, 0, None).sum() - np.clip(t - r, 0, None).sum(),
}


@pytest.mark.parametrize("name", AMP_WRONG)
def test_bias_amplification_rejects(name, capsys):
    B.check_bias_amplification(AMP_WRONG[name])
    assert outcome("check_bias_amplification") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", AMP_RIGHT)
def test_bias_amplification_accepts(name):
    B.check_bias_amplification(AMP_RIGHT[name])
    assert outcome("check_bias_amplification") is True


def _boot(level=0.95, size=None, replace=True, use_seed=True, as_array=False):
    def f(labels, category, n_boot=2000, seed=0):
        x = np.array([lab == category for lab in labels], float)
        rng = np.random.default_rng(seed if use_seed else 0)
        m = size or len(x)
        shares = np.array([rng.choice(x, m, replace=replace).mean() for _ in range(n_boot)])
        q = np.quantile(shares, [(1 - level) / 2, 1 - (1 - level) / 2])
        return q if as_array else (float(q[0]), float(q[1]))
    return f


def _wald(labels, category, n_boot=2000, seed=0):
    p = np.mean([lab == category for lab in labels])
    se = np.sqrt(p * (1 - p) / len(labels))
    return p - 1.96 * se, p + 1.96 * se


BOOT_WRONG = {"90 % interval": _boot(0.90), "99 % interval": _boot(0.99), "formula (Wald), no bootstrap": _wald,
              "half-size resamples": _boot(size=64), "without replacement": _boot(replace=False),
              "seed ignored": _boot(use_seed=False), "swapped (high, low)": lambda *a: _boot()(*a)[::-1],
              "returns a scalar": lambda *a: 0.5}
BOOT_RIGHT = {"np.quantile array": _boot(as_array=True),
              "np.percentile": lambda l, c, n_boot=2000, seed=0: tuple(np.percentile(
                  np.random.default_rng(seed).choice(np.array([x == c for x in l], float), (n_boot, len(l))).mean(1),
                  [2.5, 97.5])),
              "list of two": lambda *a: list(_boot()(*a))}


@pytest.mark.parametrize("name", BOOT_WRONG)
def test_bootstrap_ci_rejects(name, capsys):
    B.check_bootstrap_ci(BOOT_WRONG[name])
    assert outcome("check_bootstrap_ci") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", BOOT_RIGHT)
def test_bootstrap_ci_accepts(name):
    B.check_bootstrap_ci(BOOT_RIGHT[name])
    assert outcome("check_bootstrap_ci") is True


TABLE = pd.DataFrame({"lighter share": [0.62, 0.56, 0.03]},
                     index=["plain prompt", "diversified 50/50", "always 'with dark skin'"])


@pytest.mark.parametrize("answer", ["plain prompt", "always 'with dark skin'", 0.56, 1, ["diversified 50/50"]])
def test_mitigation_choice_rejects(answer, capsys):
    B.check_mitigation_choice(answer, TABLE)
    assert outcome("check_mitigation_choice") is False
    assert "your code raised" not in capsys.readouterr().out


def test_mitigation_choice_accepts_computed_name():
    B.check_mitigation_choice((TABLE["lighter share"] - 0.5).abs().sort_values().index[0], TABLE)
    assert outcome("check_mitigation_choice") is True


PLAIN = "a portrait of an engineer"


@pytest.fixture(scope="module")
def pipe():
    from aigc_ethics.core.generate import load_pipeline
    return load_pipeline("tiny", device="cpu")


@pytest.fixture(scope="module")
def clf():
    from aigc_ethics.core.attributes import load_classifier
    return load_classifier()


@pytest.mark.parametrize("prompts", [[PLAIN] * 32, [PLAIN] * 31, [f"{PLAIN} with dark skin"] * 16 + ["a portrait of a chef with light skin"] * 16,
                                     f"{PLAIN} with dark skin", [PLAIN.replace("a portrait", "a photo")] * 32])
def test_prompt_set_rejects_without_generating(prompts, pipe, clf, capsys):
    B.check_prompt_set(prompts, pipe, clf)
    assert outcome("check_prompt_set") is False
    out = capsys.readouterr().out
    assert "your code raised" not in out


def test_prompt_set_names_doing_nothing(pipe, clf, capsys):
    B.check_prompt_set([PLAIN] * 32, pipe, clf)
    assert "baseline" in capsys.readouterr().out


@pytest.mark.slow
def test_prompt_set_accepts_interleaved_prompts(pipe, clf):
    B.check_prompt_set([f"{PLAIN} with {t} skin" for t in ("dark", "light")] * 16, pipe, clf)
    assert outcome("check_prompt_set") is True


def test_prompt_set_asks_for_the_models_instead_of_loading_them(pipe, clf, capsys):
    for p, c in ((None, clf), (pipe, None)):
        B.check_prompt_set([f"{PLAIN} with {t} skin" for t in ("dark", "light")] * 16, p, c)
        assert outcome("check_prompt_set") is False and "pass both" in capsys.readouterr().out


ERR_WRONG = {"swapped": lambda b, h: ((~b[h]).mean(), b[~h].mean()),
             "over all prompts": lambda b, h: ((b & ~h).mean(), (~b & h).mean()),
             "FNR as recall": lambda b, h: (b[~h].mean(), b[h].mean()),
             "one number": lambda b, h: b[~h].mean(), "None": lambda b, h: None}
ERR_RIGHT = {"array": lambda b, h: np.array([b[~h].mean() if (~h).any() else 0.0, (~b[h]).mean() if h.any() else 0.0]),
             "counts": lambda b, h: ((b & ~h).sum() / max((~h).sum(), 1), (~b & h).sum() / max(h.sum(), 1))}


@pytest.mark.parametrize("name", ERR_WRONG)
def test_filter_error_rates_rejects(name, capsys):
    B.check_filter_error_rates(ERR_WRONG[name])
    assert outcome("check_filter_error_rates") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", ERR_RIGHT)
def test_filter_error_rates_accepts(name):
    B.check_filter_error_rates(ERR_RIGHT[name])
    assert outcome("check_filter_error_rates") is True


def _reversed(data, blocked):
    d = data.assign(blocked=np.asarray(blocked, bool))
    d = d[d.blocked]
    out = {g: float((d[d.group == g].label == "harmless").mean()) if (d.group == g).any() else 0.0 for g in data.group.unique()}
    return out


GROUP_WRONG = {
    "reversed question": _reversed,
    "index alignment (NaN)": lambda data, blocked: {g: float(v) for g, v in data.assign(
        blocked=pd.Series(blocked)).query("label == 'harmless'").groupby("group")["blocked"].mean().items()},
    "harmful counted too": lambda data, blocked: {g: float(v) for g, v in data.assign(
        blocked=np.asarray(blocked)).groupby("group")["blocked"].mean().items()},
    "counts not shares": lambda data, blocked: {g: float(v) for g, v in data.assign(
        blocked=np.asarray(blocked)).query("label == 'harmless'").groupby("group")["blocked"].sum().items()},
    "a list": lambda data, blocked: [0.5, 0.0],
}
GROUP_RIGHT = {
    "a Series": lambda data, blocked: data.assign(blocked=np.asarray(blocked, bool)).query(
        "label == 'harmless'").groupby("group")["blocked"].mean(),
    "masks": lambda data, blocked: {g: float(np.asarray(blocked)[(data.group == g).to_numpy() & (data.label == "harmless").to_numpy()].mean())
                                    for g in data.group.unique()},
}


@pytest.mark.parametrize("name", GROUP_WRONG)
def test_blocked_by_group_rejects(name, capsys):
    B.check_blocked_by_group(GROUP_WRONG[name])
    assert outcome("check_blocked_by_group") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", GROUP_RIGHT)
def test_blocked_by_group_accepts(name):
    B.check_blocked_by_group(GROUP_RIGHT[name])
    assert outcome("check_blocked_by_group") is True


# -- check_where_bias_comes_from (lesson 21: amplification toward the data's majority) ---------
def _light(g):
    return float(np.mean(np.asarray(g) == "lighter"))


MAJ_WRONG = {
    "undirected (lighter share only)": lambda d, g: _light(g) - d,
    "flipped sign": lambda d, g: (d - _light(g)) if d > 0.5 else (_light(g) - d),
    "abs of the change": lambda d, g: abs(_light(g) - d),
    "percentage points": lambda d, g: 100 * ((_light(g) - d) if d > 0.5 else (d - _light(g))),
    "ratio": lambda d, g: (_light(g) / d) if d > 0.5 else ((1 - _light(g)) / (1 - d)),
    "generated share alone": lambda d, g: max(_light(g), 1 - _light(g)),
    "distance from 50 % (lesson 20's TV)": lambda d, g: abs(_light(g) - 0.5) - abs(d - 0.5),
    "returns None": lambda d, g: None,
}
MAJ_RIGHT = {
    "sign trick": lambda d, g: (_light(g) - d) * np.sign(d - 0.5),
    "counts with a list": lambda d, g: (list(g).count("lighter") / len(g) - d) if d > 0.5
    else (list(g).count("darker") / len(g) - (1 - d)),
}


@pytest.mark.parametrize("name", MAJ_WRONG)
def test_where_bias_comes_from_rejects(name, capsys):
    B.check_where_bias_comes_from(MAJ_WRONG[name])
    assert outcome("check_where_bias_comes_from") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", MAJ_RIGHT)
def test_where_bias_comes_from_accepts(name):
    B.check_where_bias_comes_from(MAJ_RIGHT[name])
    assert outcome("check_where_bias_comes_from") is True


def test_where_bias_comes_from_blank():
    B.check_where_bias_comes_from(...)
    assert outcome("check_where_bias_comes_from") is False


# -- check_measuring_the_measurer (lesson 22: Rogan-Gladen correction) ---------------------------
RG_WRONG = {
    "no correction": lambda o, el, ed: o,
    "errors applied forwards": lambda o, el, ed: o * (1 - el) + (1 - o) * ed,
    "error rates swapped": lambda o, el, ed: float(np.clip((o - el) / (1 - el - ed), 0, 1)),
    "not clipped": lambda o, el, ed: (o - ed) / (1 - el - ed),
    "divide by 1 - e_L only": lambda o, el, ed: o / (1 - el),
    "add the missed share": lambda o, el, ed: o + el - ed,
    "one-element list": lambda o, el, ed: [float(np.clip((o - ed) / (1 - el - ed), 0, 1))],
    "returns None": lambda o, el, ed: None,
}
RG_RIGHT = {
    "min/max": lambda o, el, ed: min(1.0, max(0.0, (o - ed) / (1 - el - ed))),
    "course's matrix inversion": lambda o, el, ed: __import__("aigc_ethics.core.attributes", fromlist=["x"]).corrected_distribution(
        [o, 1 - o], pd.DataFrame([[1 - el, el], [ed, 1 - ed]]))[0],
    "sensitivity and specificity": lambda o, el, ed: float(np.clip((o + (1 - ed) - 1) / ((1 - el) + (1 - ed) - 1), 0, 1)),
}


@pytest.mark.parametrize("name", RG_WRONG)
def test_measuring_the_measurer_rejects(name, capsys):
    B.check_measuring_the_measurer(RG_WRONG[name])
    assert outcome("check_measuring_the_measurer") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", RG_RIGHT)
def test_measuring_the_measurer_accepts(name):
    B.check_measuring_the_measurer(RG_RIGHT[name])
    assert outcome("check_measuring_the_measurer") is True


def test_measuring_the_measurer_blank():
    B.check_measuring_the_measurer(...)
    assert outcome("check_measuring_the_measurer") is False
