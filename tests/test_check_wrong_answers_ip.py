"""Wrong-but-plausible answers the Intellectual-property checks must reject, and natural correct
alternatives they must accept (issue 15)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.check import ip as I


def outcome(name):
    return check.passed(name)


# -- check_keyed_watermark ---------------------------------------------------------------------
def pattern(shape, key):
    return np.random.default_rng(key).choice([-1.0, 1.0], size=shape)


def embed(g, key, strength=2.0):
    return g + strength * pattern(g.shape, key)


def detect(g, key):
    r = g - g.mean()
    return float((pattern(g.shape, key) * r).sum() / np.sqrt((r ** 2).sum()))


WM_WRONG = {
    "global randomness": (lambda g, k, s=2.0: g + s * np.random.choice([-1.0, 1.0], size=g.shape), detect),
    "strength ignored": (lambda g, k, s=2.0: g + pattern(g.shape, k), detect),
    "detector without mean removal": (embed, lambda g, k: float((pattern(g.shape, k) * g).sum() / np.sqrt((g ** 2).sum()))),
    "unnormalised detector": (embed, lambda g, k: float((pattern(g.shape, k) * (g - g.mean())).sum())),
    "flipped sign": (embed, lambda g, k: -detect(g, k)),
    "detector returns an array": (embed, lambda g, k: np.array([detect(g, k)])),
    "embed returns None": (lambda g, k, s=2.0: None, detect),
}
WM_RIGHT = {
    "integers * 2 - 1 pattern": (
        lambda g, k, s=2.0: g + s * (np.random.default_rng(k).integers(0, 2, g.shape) * 2 - 1),
        lambda g, k: float(((np.random.default_rng(k).integers(0, 2, g.shape) * 2 - 1) * (g - g.mean())).sum()
                           / np.linalg.norm(g - g.mean()))),
    "np.std-based normalisation": (embed, lambda g, k: float((pattern(g.shape, k) * (g - g.mean())).sum()
                                                             / (g.std() * np.sqrt(g.size)))),
}


@pytest.mark.parametrize("name", WM_WRONG)
def test_keyed_watermark_rejects(name, capsys):
    I.check_keyed_watermark(*WM_WRONG[name])
    assert outcome("check_keyed_watermark") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", WM_RIGHT)
def test_keyed_watermark_accepts(name):
    I.check_keyed_watermark(*WM_RIGHT[name])
    assert outcome("check_keyed_watermark") is True


# -- check_threshold_at_fpr --------------------------------------------------------------------
THR_WRONG = {
    "k-th instead of (k+1)-th": lambda neg, fpr: float(np.sort(neg)[::-1][max(int(np.floor(fpr * len(neg))) - 1, 0)]),
    "ceil": lambda neg, fpr: float(np.sort(neg)[::-1][int(np.ceil(fpr * len(neg)))]),
    "round": lambda neg, fpr: float(np.sort(neg)[::-1][int(round(fpr * len(neg)))]),
    "np.quantile(1 - fpr)": lambda neg, fpr: float(np.quantile(neg, 1 - fpr)),
    "np.percentile(100 * (1 - fpr))": lambda neg, fpr: float(np.percentile(neg, 100 * (1 - fpr))),
    "low quantile": lambda neg, fpr: float(np.quantile(neg, fpr)),
    "the maximum, always": lambda neg, fpr: float(np.max(neg)),
    "ascending sort": lambda neg, fpr: float(np.sort(neg)[int(np.floor(fpr * len(neg)))]),
    "one-element list": lambda neg, fpr: [float(np.sort(neg)[::-1][int(np.floor(fpr * len(neg)))])],
}
THR_RIGHT = {
    "int() truncation": lambda neg, fpr: float(sorted(neg, reverse=True)[int(fpr * len(neg))]),
    "np.partition": lambda neg, fpr: float(-np.partition(-np.asarray(neg), int(fpr * len(neg)))[int(fpr * len(neg))]),
    "search the smallest safe score": lambda neg, fpr: float(min(t for t in neg if (neg > t).mean() <= fpr)),
}


@pytest.mark.parametrize("name", THR_WRONG)
def test_threshold_at_fpr_rejects(name, capsys):
    I.check_threshold_at_fpr(THR_WRONG[name])
    assert outcome("check_threshold_at_fpr") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", THR_RIGHT)
def test_threshold_at_fpr_accepts(name):
    I.check_threshold_at_fpr(THR_RIGHT[name])
    assert outcome("check_threshold_at_fpr") is True


@pytest.mark.parametrize("name,words", [("k-th instead of (k+1)-th", "(k+1)"), ("ceil", "UP"),
                                        ("np.quantile(1 - fpr)", "interpolates")])
def test_threshold_at_fpr_names_the_slip(name, words, capsys):
    I.check_threshold_at_fpr(THR_WRONG[name])
    assert words in capsys.readouterr().out


# -- check_attack_under_budget -----------------------------------------------------------------
def test_attack_rejects_doing_nothing_and_wrong_types(capsys):
    from PIL import Image
    I.check_attack_under_budget(lambda im: im)                       # doing nothing
    assert outcome("check_attack_under_budget") is False
    I.check_attack_under_budget(lambda im: np.asarray(im))           # an array, not an image
    assert outcome("check_attack_under_budget") is False
    I.check_attack_under_budget(lambda im: im.resize((16, 16)))      # changed size
    assert outcome("check_attack_under_budget") is False
    I.check_attack_under_budget(lambda im: Image.new("RGB", im.size))  # destroys the image
    assert outcome("check_attack_under_budget") is False
    assert "your code raised" not in capsys.readouterr().out


def test_attack_accepts_a_gaussian_blur():
    from PIL import ImageFilter
    I.check_attack_under_budget(lambda im: im.filter(ImageFilter.GaussianBlur(1.2)))
    # a blur is a natural low-pass attack; whether it meets the budget is a fact about this
    # watermark, recorded rather than asserted
    assert outcome("check_attack_under_budget") in (True, False)


# -- check_opt_out (lesson 31) -----------------------------------------------------------------
def _shares(b, a, s):
    return np.mean(np.asarray(b) == s), np.mean(np.asarray(a) == s)


def opt_out(b, a, s, z=1.96, se_fn=None, diff_fn=None, le=True):
    pb, pa = _shares(b, a, s)
    se = se_fn(pb, pa, len(b), len(a)) if se_fn else np.sqrt(pb * (1 - pb) / len(b) + pa * (1 - pa) / len(a))
    d = diff_fn(b, a, s) if diff_fn else float(pa - pb)
    return d, bool(abs(d) <= z * se) if le else bool(abs(d) < z * se)


OPT_WRONG = {
    "difference of counts": lambda b, a, s: opt_out(b, a, s, diff_fn=lambda b, a, s: float(sum(x == s for x in a) - sum(x == s for x in b))),
    "before minus after": lambda b, a, s: opt_out(b, a, s, diff_fn=lambda b, a, s: float(-np.subtract(*_shares(b, a, s)[::-1]))),
    "any change is real": lambda b, a, s: (opt_out(b, a, s)[0], opt_out(b, a, s)[0] == 0),
    "variance instead of standard error": lambda b, a, s: opt_out(b, a, s, se_fn=lambda pb, pa, nb, na: pb * (1 - pb) / nb + pa * (1 - pa) / na),
    "one group's standard error": lambda b, a, s: opt_out(b, a, s, se_fn=lambda pb, pa, nb, na: np.sqrt(pb * (1 - pb) / nb)),
    "strict < (0 not within noise when se is 0)": lambda b, a, s: opt_out(b, a, s, le=False),
    "only the difference": lambda b, a, s: opt_out(b, a, s)[0],
    "within_noise as a string": lambda b, a, s: (opt_out(b, a, s)[0], "yes" if opt_out(b, a, s)[1] else "no"),
}
OPT_RIGHT = {
    "counting with list.count": lambda b, a, s: ((list(a).count(s) / len(a) - list(b).count(s) / len(b)),
                                                 abs(list(a).count(s) / len(a) - list(b).count(s) / len(b))
                                                 <= 1.96 * np.sqrt(np.var([x == s for x in b]) / len(b) + np.var([x == s for x in a]) / len(a))),
    "interval contains zero": lambda b, a, s: (lambda d, se: (d, d - 1.96 * se <= 0 <= d + 1.96 * se))(
        opt_out(b, a, s)[0], np.sqrt(sum(p * (1 - p) / n for p, n in zip(_shares(b, a, s), (len(b), len(a)))))),
}


@pytest.mark.parametrize("name", OPT_WRONG)
def test_opt_out_rejects(name, capsys):
    I.check_opt_out(OPT_WRONG[name])
    assert outcome("check_opt_out") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", OPT_RIGHT)
def test_opt_out_accepts(name):
    I.check_opt_out(OPT_RIGHT[name])
    assert outcome("check_opt_out") is True


@pytest.mark.parametrize("name,words", [("difference of counts", "COUNTS"), ("before minus after", "wrong sign"),
                                        ("any change is real", "within sampling noise")])
def test_opt_out_names_the_slip(name, words, capsys):
    I.check_opt_out(OPT_WRONG[name])
    assert words in capsys.readouterr().out


# -- check_tree_ring / check_tree_ring_tpr (lesson 33) -------------------------------------------
def tr_auc(dp, dn, win=lambda d: d < 0, tie=0.5):
    diff = np.subtract.outer(np.asarray(dp, float), np.asarray(dn, float))
    return float(win(diff).mean() + tie * (diff == 0).mean())


def tr_tpr(dp, dn, fpr, k_fn=lambda f, n: int(np.floor(f * n)), le=False):
    u = np.sort(np.asarray(dn, float))
    k = k_fn(fpr, len(u))
    if k >= len(u):
        return 1.0
    dp = np.asarray(dp, float)
    return float((dp <= u[k]).mean() if le else (dp < u[k]).mean())


TR_AUC_WRONG = {
    "large distance = watermarked": lambda dp, dn: tr_auc(dp, dn, win=lambda d: d > 0),
    "ties ignored": lambda dp, dn: tr_auc(dp, dn, tie=0.0),
    "ties as wins": lambda dp, dn: tr_auc(dp, dn, tie=1.0),
    "percentage": lambda dp, dn: 100 * tr_auc(dp, dn),
    "sklearn on raw distances": lambda dp, dn: __import__("sklearn.metrics").metrics.roc_auc_score(
        np.r_[np.ones(len(dp)), np.zeros(len(dn))], np.r_[dp, dn]),
    "a list": lambda dp, dn: [tr_auc(dp, dn)],
}
TR_AUC_RIGHT = {
    "library auc on -distance": lambda dp, dn: __import__("aigc_ethics.core.stats").core.stats.auc(
        -np.r_[dp, dn], np.r_[np.ones(len(dp)), np.zeros(len(dn))]),
    "double loop": lambda dp, dn: sum((a < b) + 0.5 * (a == b) for a in dp for b in dn) / (len(dp) * len(dn)),
}
TR_TPR_WRONG = {
    "<= the threshold (one false positive too many)": lambda dp, dn, f: tr_tpr(dp, dn, f, le=True),
    "ceil": lambda dp, dn, f: tr_tpr(dp, dn, f, k_fn=lambda f, n: int(np.ceil(f * n))),
    "np.quantile(fpr)": lambda dp, dn, f: float((np.asarray(dp) < np.quantile(dn, f)).mean()),
    "large distance = watermarked": lambda dp, dn, f: tr_tpr(-np.asarray(dp), -np.asarray(dn), f),
    "returns the threshold": lambda dp, dn, f: float(np.sort(dn)[int(np.floor(f * len(dn)))]),
    "TPR over all images": lambda dp, dn, f: float((np.r_[dp, dn] < np.sort(dn)[int(f * len(dn))]).mean()),
    "percentage": lambda dp, dn, f: 100 * tr_tpr(dp, dn, f),
}
TR_TPR_RIGHT = {
    "library tpr_at_fpr on -distance": lambda dp, dn, f: __import__("aigc_ethics.core.stats").core.stats.tpr_at_fpr(
        -np.r_[dp, dn], np.r_[np.ones(len(dp)), np.zeros(len(dn))], fpr=f),
    "search the highest safe threshold": lambda dp, dn, f: max(
        float((np.asarray(dp) < t).mean()) for t in np.r_[dn, np.inf] if (np.asarray(dn) < t).mean() <= f),
}


@pytest.mark.parametrize("name", TR_AUC_WRONG)
def test_tree_ring_auc_rejects(name, capsys):
    I.check_tree_ring(TR_AUC_WRONG[name])
    assert outcome("check_tree_ring") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", TR_AUC_RIGHT)
def test_tree_ring_auc_accepts(name):
    I.check_tree_ring(TR_AUC_RIGHT[name])
    assert outcome("check_tree_ring") is True


@pytest.mark.parametrize("name", TR_TPR_WRONG)
def test_tree_ring_tpr_rejects(name, capsys):
    I.check_tree_ring_tpr(TR_TPR_WRONG[name])
    assert outcome("check_tree_ring_tpr") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", TR_TPR_RIGHT)
def test_tree_ring_tpr_accepts(name):
    I.check_tree_ring_tpr(TR_TPR_RIGHT[name])
    assert outcome("check_tree_ring_tpr") is True


@pytest.mark.parametrize("check_name,wrong,words", [
    ("check_tree_ring", "large distance = watermarked", "LARGE distance"),
    ("check_tree_ring", "ties ignored", "ties"),
    ("check_tree_ring_tpr", "<= the threshold (one false positive too many)", "<= instead of <"),
    ("check_tree_ring_tpr", "large distance = watermarked", "LARGE distances")])
def test_tree_ring_names_the_slip(check_name, wrong, words, capsys):
    getattr(I, check_name)((TR_AUC_WRONG if check_name == "check_tree_ring" else TR_TPR_WRONG)[wrong])
    assert words in capsys.readouterr().out


# -- check_replication_and_style / check_replica_share (lesson 30) -------------------------------
def nn(gen, train, prep=lambda a: a.astype(float) / 255, red=lambda d: np.sqrt(d.mean(-1)), pick="min"):
    g, t = prep(gen).reshape(len(gen), -1), prep(train).reshape(len(train), -1)
    d = red((g[:, None, :] - t[None, :, :]) ** 2)
    return (d.argmin(1), d.min(1)) if pick == "min" else (d.argmax(1), d.max(1))


NN_WRONG = {
    "uint8 arithmetic": lambda g, t: nn(g, t, prep=lambda a: a),
    "uint8 then /255": lambda g, t: nn(g, t, prep=lambda a: a, red=lambda d: np.sqrt(d.mean(-1)) / 255),
    "no /255": lambda g, t: nn(g, t, prep=lambda a: a.astype(float)),
    "MSE without the root": lambda g, t: nn(g, t, red=lambda d: d.mean(-1)),
    "sum instead of mean": lambda g, t: nn(g, t, red=lambda d: np.sqrt(d.sum(-1))),
    "farthest": lambda g, t: nn(g, t, pick="max"),
    "only the distances": lambda g, t: nn(g, t)[1],
}
NN_RIGHT = {
    "loop with np.linalg.norm": lambda g, t: tuple(np.array(v) for v in zip(*[
        (int(np.argmin(ds)), float(np.min(ds))) for ds in
        [[np.linalg.norm(a.astype(float) / 255 - b.astype(float) / 255) / np.sqrt(a.size) for b in t] for a in g]])),
    "lists": lambda g, t: tuple(list(x) for x in nn(g, t)),
}
REP_WRONG = {
    "diagonal included": lambda near, D, q: float(np.mean(np.asarray(near) < np.quantile(D, q))),
    "1 - quantile": lambda near, D, q: float(np.mean(np.asarray(near) < np.quantile(D[np.triu_indices(len(D), 1)], 1 - q))),
    "threshold from the generations": lambda near, D, q: float(np.mean(np.asarray(near) < np.quantile(near, q))),
    "a count": lambda near, D, q: float(np.sum(np.asarray(near) < np.quantile(D[np.triu_indices(len(D), 1)], q))),
}
REP_RIGHT = {
    "off-diagonal mask (both triangles)": lambda near, D, q: float(np.mean(
        np.asarray(near) < np.quantile(D[~np.eye(len(D), dtype=bool)], q))),
    "percentile": lambda near, D, q: sum(x < np.percentile(D[np.triu_indices(len(D), 1)], 100 * q) for x in near) / len(near),
}


@pytest.mark.parametrize("name", NN_WRONG)
def test_nearest_rejects(name, capsys):
    with np.errstate(over="ignore"):
        I.check_replication_and_style(NN_WRONG[name])
    assert outcome("check_replication_and_style") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", NN_RIGHT)
def test_nearest_accepts(name):
    I.check_replication_and_style(NN_RIGHT[name])
    assert outcome("check_replication_and_style") is True


@pytest.mark.parametrize("name", REP_WRONG)
def test_replica_share_rejects(name, capsys):
    I.check_replica_share(REP_WRONG[name])
    assert outcome("check_replica_share") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", REP_RIGHT)
def test_replica_share_accepts(name):
    I.check_replica_share(REP_RIGHT[name])
    assert outcome("check_replica_share") is True


@pytest.mark.parametrize("check_name,wrong,words", [
    ("check_replication_and_style", "uint8 arithmetic", "wraps around"),
    ("check_replication_and_style", "no /255", "255 times"),
    ("check_replication_and_style", "uint8 then /255", "wraps around"),
    ("check_replica_share", "diagonal included", "ITSELF")])
def test_replication_names_the_slip(check_name, wrong, words, capsys):
    getattr(I, check_name)((NN_WRONG if check_name == "check_replication_and_style" else REP_WRONG)[wrong])
    assert words in capsys.readouterr().out


# -- check_attack_bench / check_attack_bench_cheap (lesson 34) -----------------------------------
def _rows(b, m, none=False, pool=False):
    r = b if pool else b[b.method == m]
    return r if none else r[r.attack != "none"]


BENCH_WRONG = {
    "bit accuracy": lambda b, m, t: sorted(_rows(b, m).query("bit_acc >= @t").attack),
    "AUC": lambda b, m, t: sorted(_rows(b, m).query("auc >= @t").attack),
    "'none' included": lambda b, m, t: sorted(_rows(b, m, none=True).query("tpr_1fpr >= @t").attack),
    "strict >": lambda b, m, t: sorted(_rows(b, m).query("tpr_1fpr > @t").attack),
    "all methods pooled": lambda b, m, t: sorted(set(_rows(b, m, pool=True).query("tpr_1fpr >= @t").attack)),
    "a count": lambda b, m, t: int((_rows(b, m).tpr_1fpr >= t).sum()),
    "the table": lambda b, m, t: _rows(b, m)[_rows(b, m).tpr_1fpr >= t],
}
BENCH_RIGHT = {
    "a set": lambda b, m, t: {r.attack for r in b.itertuples() if r.method == m and r.attack != "none"
                              and r.tpr_1fpr >= t},
    "bench_table column": lambda b, m, t: list(
        b.pivot(index="attack", columns="method", values="tpr_1fpr")[m].drop("none").loc[lambda s: s >= t].index),
}
CHEAP_WRONG = {
    "quality ignored": lambda b, m, t, p: sorted(_rows(b, m).query("tpr_1fpr <= @t").attack),
    "psnr_embed": lambda b, m, t, p: sorted(_rows(b, m).query("tpr_1fpr <= @t and psnr_embed >= @p").attack),
    "bit accuracy near 0": lambda b, m, t, p: sorted(_rows(b, m).query("bit_acc <= @t and psnr_attack >= @p").attack),
    "strict limits": lambda b, m, t, p: sorted(_rows(b, m).query("tpr_1fpr < @t and psnr_attack > @p").attack),
}
CHEAP_RIGHT = {
    "boolean masks": lambda b, m, t, p: list(b.attack[(b.method == m) & (b.attack != "none")
                                                      & (b.tpr_1fpr <= t) & (b.psnr_attack >= p)]),
}


@pytest.mark.parametrize("name", BENCH_WRONG)
def test_attack_bench_rejects(name, capsys):
    I.check_attack_bench(BENCH_WRONG[name])
    assert outcome("check_attack_bench") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", BENCH_RIGHT)
def test_attack_bench_accepts(name):
    I.check_attack_bench(BENCH_RIGHT[name])
    assert outcome("check_attack_bench") is True


@pytest.mark.parametrize("name", CHEAP_WRONG)
def test_attack_bench_cheap_rejects(name, capsys):
    I.check_attack_bench_cheap(CHEAP_WRONG[name])
    assert outcome("check_attack_bench_cheap") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", CHEAP_RIGHT)
def test_attack_bench_cheap_accepts(name):
    I.check_attack_bench_cheap(CHEAP_RIGHT[name])
    assert outcome("check_attack_bench_cheap") is True


@pytest.mark.parametrize("check_name,wrong,words", [
    ("check_attack_bench", "bit accuracy", "bit_acc"), ("check_attack_bench", "'none' included", "baseline"),
    ("check_attack_bench", "strict >", ">="), ("check_attack_bench_cheap", "quality ignored", "quality"),
    ("check_attack_bench_cheap", "psnr_embed", "cost of the WATERMARK"),
    ("check_attack_bench_cheap", "strict limits", "inclusive")])
def test_attack_bench_names_the_slip(check_name, wrong, words, capsys):
    getattr(I, check_name)((BENCH_WRONG if check_name == "check_attack_bench" else CHEAP_WRONG)[wrong])
    assert words in capsys.readouterr().out


# -- check_content_credentials (lesson 35) --------------------------------------------------------
def verdict(data, anchor, trust_valid=False, label_first=False, missing_as_real=False, ignore_type=False,
            invalid_as=None, drop_anchor=False):
    from aigc_ethics import provenance as P
    if label_first:
        try:
            lab = P.read_label(data).get("digital_source_type")
        except ValueError:
            lab = None
        if lab:
            return "generated" if lab == "trainedAlgorithmicMedia" else "not generated"
    r = P.verify(data, trust_anchor=None if drop_anchor else anchor)
    trusted = r["state"] == "Trusted" or (trust_valid and r["state"] == "Valid")
    if trusted:
        return "generated" if ignore_type or r["digital_source_type"] == "trainedAlgorithmicMedia" else "not generated"
    if r["state"] == "Valid":
        return "unknown signer"
    if r["state"] == "Invalid":
        return invalid_as or "tampered"
    return "not generated" if missing_as_real else "no credentials"


CRED_WRONG = {
    "a valid signature trusted": lambda d, a: verdict(d, a, trust_valid=True),
    "the unsigned XMP label read": lambda d, a: verdict(d, a, label_first=True),
    "no manifest = not generated": lambda d, a: verdict(d, a, missing_as_real=True),
    "source type ignored": lambda d, a: verdict(d, a, ignore_type=True),
    "tampering not flagged": lambda d, a: verdict(d, a, invalid_as="no credentials"),
    "trust anchor dropped": lambda d, a: verdict(d, a, drop_anchor=True),
    "the state itself": lambda d, a: __import__("aigc_ethics.provenance").provenance.verify(d, trust_anchor=a)["state"],
}
CRED_RIGHT = {
    "if/elif on the state": lambda d, a: verdict(d, a),
    "trusted flag and match": lambda d, a: (lambda r: ("generated" if r["digital_source_type"] == "trainedAlgorithmicMedia"
                                                        else "not generated") if r["trusted"] else
                                             {"Valid": "unknown signer", "Invalid": "tampered", "Missing": "no credentials"}[r["state"]])(
        __import__("aigc_ethics.provenance").provenance.verify(d, trust_anchor=a)),
}


@pytest.mark.parametrize("name", CRED_WRONG)
def test_content_credentials_rejects(name, capsys):
    I.check_content_credentials(CRED_WRONG[name])
    assert outcome("check_content_credentials") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", CRED_RIGHT)
def test_content_credentials_accepts(name):
    I.check_content_credentials(CRED_RIGHT[name])
    assert outcome("check_content_credentials") is True


@pytest.mark.parametrize("name,words", [("a valid signature trusted", "ANYONE"),
                                        ("the unsigned XMP label read", "not signed"),
                                        ("no manifest = not generated", "absence proves"),
                                        ("tampering not flagged", "tampered")])
def test_content_credentials_names_the_slip(name, words, capsys):
    I.check_content_credentials(CRED_WRONG[name])
    assert words in capsys.readouterr().out
