"""Wrong-but-plausible answers the Misinformation checks must reject, and natural correct
alternatives they must accept (issue 15)."""
import numpy as np
import pytest

from aigc_ethics import check
from aigc_ethics.chapters.quiz import wilson_interval
from aigc_ethics.check import misinformation as M


def outcome(name):
    return check.passed(name)


def _luma(imgs):
    g = np.asarray(imgs, float) / 255 @ np.array([0.299, 0.587, 0.114])
    return g - g.mean(axis=(1, 2), keepdims=True)


SPEC_WRONG = {"no shift": lambda i: np.log1p(np.abs(np.fft.fft2(_luma(i))) ** 2).mean(0),
              "magnitude, not power": lambda i: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(_luma(i)), axes=(1, 2)))).mean(0),
              "mean not removed": lambda i: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(
                  np.asarray(i, float) / 255 @ np.array([0.299, 0.587, 0.114])), axes=(1, 2))) ** 2).mean(0),
              "no average": lambda i: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(_luma(i)), axes=(1, 2))) ** 2),
              "None": lambda i: None}
SPEC_RIGHT = {"log(1 + re^2 + im^2)": lambda i: np.log(1 + (lambda F: F.real ** 2 + F.imag ** 2)(
    np.fft.fftshift(np.fft.fft2(_luma(i)), axes=(1, 2)))).mean(0)}

AUC_WRONG = {"reversed": lambda s, y: float((s[y == 0][:, None] > s[y == 1][None, :]).mean()),
             "ties count 0": lambda s, y: float((s[y == 1][:, None] > s[y == 0][None, :]).mean()),
             "ties count 1": lambda s, y: float((s[y == 1][:, None] >= s[y == 0][None, :]).mean()),
             "accuracy at 0.5": lambda s, y: float(((s > 0.5) == y).mean()),
             "pair": lambda s, y: (0.5, 0.5)}
AUC_RIGHT = {"scikit-learn": lambda s, y: __import__("sklearn.metrics").metrics.roc_auc_score(y, s),
             "rank-sum": lambda s, y: float((__import__("scipy.stats").stats.rankdata(s)[y == 1].sum()
                                             - (y == 1).sum() * ((y == 1).sum() + 1) / 2) / ((y == 1).sum() * (y == 0).sum()))}


def _ece(scheme):
    def f(p, y, bins=10):
        p, y = np.asarray(p, float), np.asarray(y, float)
        if scheme == "left":
            idx = np.minimum((p * bins).astype(int), bins - 1)
        elif scheme == "right":
            idx = np.digitize(p, np.linspace(0, 1, bins + 1)[1:-1], right=True)
        else:
            idx = np.empty(len(p), int)
            for b, c in enumerate(np.array_split(np.argsort(p, kind="stable"), bins)):
                idx[c] = b
        gaps = [(idx == b).sum() * abs(p[idx == b].mean() - y[idx == b].mean()) for b in np.unique(idx)]
        if scheme == "unweighted":
            return float(np.mean([g / (idx == b).sum() for g, b in zip(gaps, np.unique(idx))]))
        return float(sum(gaps) / len(p))
    return f


ECE_WRONG = {"equal-count bins": _ece("count"),
             "one bin": lambda p, y, bins=10: abs(np.mean(p) - np.mean(y)),
             "no bins": lambda p, y, bins=10: float(np.abs(np.asarray(p) - np.asarray(y)).mean()),
             "array of gaps": lambda p, y, bins=10: np.array([0.1, 0.2])}
ECE_RIGHT = {"left-closed bins": _ece("left"), "right-closed bins (Guo et al.)": _ece("right")}

def _wilson(k, n, z):
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return c - h, c + h


WILSON_WRONG = {"Wald": lambda k, n: (k / n - 1.96 * (k / n * (1 - k / n) / n) ** 0.5, k / n + 1.96 * (k / n * (1 - k / n) / n) ** 0.5),
                "90 %": lambda k, n: _wilson(k, n, 1.6448536269514722),
                "centre at p": lambda k, n: (k / n - (w := wilson_interval(k, n))[1] / 2 + w[0] / 2, k / n + w[1] / 2 - w[0] / 2),
                "three numbers": lambda k, n: (0, 0, 0)}
WILSON_RIGHT = {"scipy z, unclipped": lambda k, n: _wilson(k, n, __import__("scipy.stats").stats.norm.ppf(0.975)),
                "numpy array": lambda k, n: np.array(wilson_interval(k, n))}


@pytest.mark.parametrize("check_name,fn", [("check_average_spectrum", f) for f in SPEC_WRONG.values()]
                         + [("check_auc", f) for f in AUC_WRONG.values()]
                         + [("check_ece", f) for f in ECE_WRONG.values()]
                         + [("check_wilson_interval", f) for f in WILSON_WRONG.values()],
                         ids=[*SPEC_WRONG, *AUC_WRONG, *ECE_WRONG, *WILSON_WRONG])
def test_function_checks_reject(check_name, fn, capsys):
    getattr(M, check_name)(fn)
    assert outcome(check_name) is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("check_name,fn", [("check_average_spectrum", f) for f in SPEC_RIGHT.values()]
                         + [("check_auc", f) for f in AUC_RIGHT.values()]
                         + [("check_ece", f) for f in ECE_RIGHT.values()]
                         + [("check_wilson_interval", f) for f in WILSON_RIGHT.values()],
                         ids=[*SPEC_RIGHT, *AUC_RIGHT, *ECE_RIGHT, *WILSON_RIGHT])
def test_function_checks_accept(check_name, fn):
    try:
        getattr(M, check_name)(fn)
    except ModuleNotFoundError:
        pytest.skip("optional package missing")
    assert outcome(check_name) is True


def test_ece_names_equal_count_bins(capsys):
    M.check_ece(_ece("count"))
    assert "equal COUNTS" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [M._items_needed() - 1, M._items_needed() + 1, 12, [M._items_needed()], "293", 293.5])
def test_items_needed_rejects(answer, capsys):
    M.check_items_needed(answer)
    assert outcome("check_items_needed") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("answer", [M._items_needed(), np.int64(M._items_needed()), float(M._items_needed())])
def test_items_needed_accepts(answer):
    M.check_items_needed(answer)
    assert outcome("check_items_needed") is True


SIM = M.simulate_respondents(500, n_items=12, seed=0)
LUCKY = float((np.round(SIM * 12) >= 11).mean())


@pytest.mark.parametrize("answer", [100 * LUCKY, LUCKY * 500, 1 - LUCKY, float((np.round(SIM * 12) >= 12).mean()),
                                    [LUCKY], np.array([LUCKY, LUCKY]), "0.236"])
def test_lucky_share_rejects(answer, capsys):
    M.check_lucky_share(answer)
    assert outcome("check_lucky_share") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("answer", [LUCKY, np.float32(LUCKY), round(LUCKY, 3), np.mean(SIM * 12 >= 11 - 1e-9)])
def test_lucky_share_accepts(answer):
    M.check_lucky_share(float(answer) if isinstance(answer, np.float32) else answer)
    assert outcome("check_lucky_share") is True


# -- check_jpeg_drop: graded against a fixed reference detector --------------------------------
@pytest.fixture(scope="module")
def lesson():
    from aigc_ethics.chapters.detect import SpectralDetector, jpeg
    from aigc_ethics.chapters.image_sets import train_test
    from aigc_ethics.core.stats import auc
    rtr, ftr, rt, ft = train_test(n_train=256, n_test=128)
    det = SpectralDetector().fit(rtr, ftr)
    y = np.r_[np.zeros(128), np.ones(128)]

    def aucs(d, r=rt, f=ft):
        return (auc(np.r_[d.predict_proba(r), d.predict_proba(f)], y),
                auc(np.r_[d.predict_proba(jpeg(r, quality=50)), d.predict_proba(jpeg(f, quality=50))], y))
    retrained = SpectralDetector().fit(jpeg(rtr, quality=50), jpeg(ftr, quality=50))
    return dict(det=det, rt=rt, ft=ft, aucs=aucs, retrained=retrained, jpeg=jpeg, auc=auc, y=y, rtr=rtr, ftr=ftr)


def test_jpeg_drop_rejects(lesson, capsys):
    L = lesson
    clean, after = L["aucs"](L["det"])
    y = L["y"]
    only_fake = L["auc"](np.r_[L["det"].predict_proba(L["rt"]), L["det"].predict_proba(L["jpeg"](L["ft"], quality=50))], y)
    wrong = {"student's detector retrained on JPEG": ((L["aucs"](L["retrained"])), L["retrained"]),
             "only fakes compressed": ((clean, only_fake), L["det"]),
             "flipped labels": ((1 - clean, 1 - after), L["det"]),
             "nothing compressed": ((clean, clean), L["det"]),
             "a scalar": (after, L["det"]), "swapped": ((after, clean), L["det"])}
    for name, (answer, det) in wrong.items():
        M.check_jpeg_drop(answer, det, L["rt"], L["ft"], quality=50)
        assert outcome("check_jpeg_drop") is False, name
    out = capsys.readouterr().out
    assert "your code raised" not in out and "retrained" in out


def test_jpeg_drop_accepts_rounded_and_array(lesson):
    L = lesson
    clean, after = L["aucs"](L["det"])
    for answer in ((round(clean, 3), round(after, 3)), np.array([clean, after]), [clean, after]):
        M.check_jpeg_drop(answer, L["det"], L["rt"], L["ft"], quality=50)
        assert outcome("check_jpeg_drop") is True


def test_tile_energy_rejects_wrapped_and_accepts_int64(capsys):
    def energy(image, dtype):
        x = np.asarray(image).astype(dtype)
        d = np.zeros(x.shape[:2])
        d[:, :-1] += np.abs(np.diff(x, axis=1)).sum(-1)
        d[:-1, :] += np.abs(np.diff(x, axis=0)).sum(-1)
        return d.reshape(x.shape[0] // 32, 32, x.shape[1] // 32, 32).mean(axis=(1, 3))
    M.check_tile_energy(lambda im: energy(im, np.uint8))
    assert outcome("check_tile_energy") is False
    M.check_tile_energy(lambda im: energy(im, np.int32).ravel())
    assert outcome("check_tile_energy") is False
    assert "your code raised" not in capsys.readouterr().out
    M.check_tile_energy(lambda im: energy(im, np.int64))
    assert outcome("check_tile_energy") is True


# -- lesson 41: the smooth fraction and its AUC ------------------------------------------------
def _pairs(images, dtype=np.int32, directions=(1, 2), reduce="sum"):
    x = np.asarray(images).astype(dtype)
    parts = []
    for ax in directions:
        d = np.abs(np.diff(x, axis=ax))
        parts.append((d.sum(-1) if reduce == "sum" else d.max(-1)).reshape(len(x), -1))
    return np.concatenate(parts, axis=1)


SMOOTH_WRONG = {"uint8 wrap-around": lambda im, t=3: (_pairs(im, np.uint8) <= t).mean(1),
                "horizontal only": lambda im, t=3: (_pairs(im, directions=(2,)) <= t).mean(1),
                "< instead of <=": lambda im, t=3: (_pairs(im) < t).mean(1),
                "per channel": lambda im, t=3: (_pairs(im, reduce="max") <= t).mean(1),
                "one number for the set": lambda im, t=3: float((_pairs(im) <= t).mean()),
                "None": lambda im, t=3: None}
SMOOTH_RIGHT = {"float arithmetic, list": lambda im, t=3: [float((_pairs(i[None], float) <= t).mean()) for i in im],
                "library": lambda im, t=3: __import__("aigc_ethics.detect").detect.smooth_fraction(im, threshold=t)}


@pytest.mark.parametrize("fn", SMOOTH_WRONG.values(), ids=SMOOTH_WRONG.keys())
def test_forensic_traces_rejects(fn, capsys):
    M.check_forensic_traces(fn)
    assert outcome("check_forensic_traces") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("fn", SMOOTH_RIGHT.values(), ids=SMOOTH_RIGHT.keys())
def test_forensic_traces_accepts(fn):
    M.check_forensic_traces(fn)
    assert outcome("check_forensic_traces") is True


def test_smoothness_auc(capsys):
    from aigc_ethics.chapters.detect import smooth_fraction
    from aigc_ethics.core.stats import auc
    real, fake = M._test_images(5, n=20), M._test_images(6, n=20)
    fake = (fake // 8 * 8).astype(np.uint8)                  # posterised: smoother
    s_r, s_f = smooth_fraction(real), smooth_fraction(fake)
    y = np.r_[np.zeros(20), np.ones(20)]
    right = auc(np.r_[s_r, s_f], y)
    assert right > 0.6
    for wrong in (1 - right, float(s_f.mean() - s_r.mean()), (right, right), 100 * right):
        M.check_smoothness_auc(wrong, real, fake)
        assert outcome("check_smoothness_auc") is False, wrong
    assert "your code raised" not in capsys.readouterr().out
    for ok in (right, np.float64(round(right, 3))):
        M.check_smoothness_auc(ok, real, fake)
        assert outcome("check_smoothness_auc") is True


# -- lesson 43: the generalisation gap ---------------------------------------------------------
def _gap_auc(det, real, fake, flip=False):
    y = np.r_[np.zeros(len(real)), np.ones(len(fake))]
    return M.auc(np.r_[det.predict_proba(real), det.predict_proba(fake)], 1 - y if flip else y)


GAP_WRONG = {"unseen minus seen": lambda d, r, s, u: _gap_auc(d, r, u) - _gap_auc(d, r, s),
             "flipped labels": lambda d, r, s, u: _gap_auc(d, r, s, True) - _gap_auc(d, r, u, True),
             "ratio": lambda d, r, s, u: _gap_auc(d, r, u) / _gap_auc(d, r, s),
             "accuracy at 0.5": lambda d, r, s, u: float(np.r_[d.predict_proba(r) <= .5, d.predict_proba(s) > .5].mean()
                                                         - np.r_[d.predict_proba(r) <= .5, d.predict_proba(u) > .5].mean()),
             "mean scores, no real images": lambda d, r, s, u: float(d.predict_proba(s).mean() - d.predict_proba(u).mean()),
             "pair": lambda d, r, s, u: (_gap_auc(d, r, s), _gap_auc(d, r, u))}
GAP_RIGHT = {"scikit-learn": lambda d, r, s, u: (lambda f: f(s) - f(u))(
    lambda x: __import__("sklearn.metrics").metrics.roc_auc_score(np.r_[np.zeros(len(r)), np.ones(len(x))],
                                                                  np.r_[d.predict_proba(r), d.predict_proba(x)])),
             "numpy float": lambda d, r, s, u: np.float64(_gap_auc(d, r, s) - _gap_auc(d, r, u))}


@pytest.mark.parametrize("fn", GAP_WRONG.values(), ids=GAP_WRONG.keys())
def test_generalisation_rejects(fn, capsys):
    M.check_generalisation(fn)
    assert outcome("check_generalisation") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("fn", GAP_RIGHT.values(), ids=GAP_RIGHT.keys())
def test_generalisation_accepts(fn):
    try:
        M.check_generalisation(fn)
    except ModuleNotFoundError:
        pytest.skip("optional package missing")
    assert outcome("check_generalisation") is True


def test_generalisation_measured(capsys):
    det = M._BrightnessDetector()
    rtr, str_ = M._flat([10, 60, 30, 40]), M._flat([50, 70, 20, 90])
    rt, st, un = M._flat([10, 20, 30, 40]), M._flat([25, 35, 45, 50]), M._flat([5, 15, 35, 45])
    a_s, a_u, a_tr = M._auc_of(det, rt, st), M._auc_of(det, rt, un), M._auc_of(det, rtr, str_)
    assert not np.isclose(a_s, a_tr)
    for wrong in ((1 - a_s, 1 - a_u), (a_u, a_s), (a_tr, a_u), a_s - a_u, (a_s, a_s)):
        M.check_generalisation_measured(wrong, det, rt, st, un, real_train=rtr, seen_train=str_)
        assert outcome("check_generalisation_measured") is False, wrong
    out = capsys.readouterr().out
    assert "your code raised" not in out and "TRAINING" in out
    for ok in ((a_s, a_u), np.array([round(a_s, 3), round(a_u, 3)]), [a_s, a_u]):
        M.check_generalisation_measured(ok, det, rt, st, un, real_train=rtr, seen_train=str_)
        assert outcome("check_generalisation_measured") is True


# -- lesson 44: a triage decision --------------------------------------------------------------
def _triage(f, threshold=0.5, wt=5.0, *, detector_first=False, untrusted_is_proof=False, ignore_broken=False,
            ge=False, real_word="no evidence of generation", skip_conflict=False):
    above = (lambda x, t: x is not None and x >= t) if ge else (lambda x, t: x is not None and x > t)
    if detector_first and f["detector"] is not None:
        return "possibly AI-generated" if above(f["detector"], threshold) else real_word
    marked = above(f["watermark"], wt)
    sig = "trusted" if untrusted_is_proof and f["signature"] == "untrusted" else f["signature"]
    if sig == "trusted":
        if f["signed_ai"]:
            return "AI-generated (signed)"
        return "conflicting evidence" if marked and not skip_conflict else "camera/edited (signed)"
    if marked:
        return "AI-generated (watermark)"
    if sig == "broken" and not ignore_broken:
        return "credentials broken"
    if sig == "untrusted" and f["signed_ai"]:
        return "AI-generated (signed, unknown signer)"
    if f["label_ai"]:
        return "AI-generated (self-declared)"
    return "possibly AI-generated" if above(f["detector"], threshold) else real_word


TRIAGE_WRONG = {"detector first": lambda f, t=0.5, w=5.0: _triage(f, detector_first=True),
                "untrusted signature as proof": lambda f, t=0.5, w=5.0: _triage(f, untrusted_is_proof=True),
                "broken credentials ignored": lambda f, t=0.5, w=5.0: _triage(f, ignore_broken=True),
                ">= at the thresholds": lambda f, t=0.5, w=5.0: _triage(f, ge=True),
                "'real' for a low score": lambda f, t=0.5, w=5.0: _triage(f, real_word="real"),
                "no conflict check": lambda f, t=0.5, w=5.0: _triage(f, skip_conflict=True),
                "a bool": lambda f, t=0.5, w=5.0: (f["detector"] or 0) > t}
TRIAGE_RIGHT = {"reference": lambda f, t=0.5, w=5.0: _triage(f, t, w),
                "keyword thresholds": lambda findings, threshold=0.5, watermark_threshold=5.0: _triage(
                    findings, threshold, watermark_threshold)}


@pytest.mark.parametrize("fn", TRIAGE_WRONG.values(), ids=TRIAGE_WRONG.keys())
def test_provenance_workflow_rejects(fn, capsys):
    M.check_provenance_workflow(fn)
    assert outcome("check_provenance_workflow") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("fn", TRIAGE_RIGHT.values(), ids=TRIAGE_RIGHT.keys())
def test_provenance_workflow_accepts(fn):
    M.check_provenance_workflow(fn)
    assert outcome("check_provenance_workflow") is True


def test_provenance_workflow_names_real(capsys):
    M.check_provenance_workflow(TRIAGE_WRONG["'real' for a low score"])
    assert "authentic" in capsys.readouterr().out
