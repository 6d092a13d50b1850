"""Checks for the Misinformation chapter (detecting generated images)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from aigc_ethics.chapters.detect import SpectralDetector, average_spectrum, expected_calibration_error, jpeg, smooth_fraction
from aigc_ethics.chapters.image_sets import train_test
from aigc_ethics.chapters.quiz import simulate_respondents, tile_residual_energy
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.stats import auc, wilson_interval
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, pair, run_check


def _test_images(seed: int, n: int = 6, checker: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:16, :16]
    base = rng.uniform(40, 200, size=(n, 1, 1, 3)) + 25 * np.cos(xx / 3.0 + rng.uniform(0, 6, (n, 1, 1)))[..., None]
    base = base + checker * ((yy + xx) % 2 * 2 - 1)[None, :, :, None] + rng.normal(0, 3, base.shape)
    return np.clip(base, 0, 255).astype(np.uint8)


def check_average_spectrum(fn) -> None:
    """``fn(images) -> (H, W)``: mean over images of ``log(1 + |FFT|^2)`` of the mean-free luma,
    zero frequency centred (``np.fft.fftshift``)."""

    def body():
        for seed, checker in ((0, 0.0), (1, 10.0)):
            imgs = _test_images(seed, checker=checker)
            want = average_spectrum(imgs)
            got = call(fn, imgs)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            got = np.asarray(got, dtype=float)
            if got.shape != want.shape:
                raise Feedback(f"your spectrum has shape {got.shape}, expected {want.shape} (one value per frequency).",
                               "average over the image axis (axis=0) after computing one spectrum per image.")
            if np.allclose(got, np.fft.ifftshift(want), atol=1e-6):
                raise Feedback("your spectrum is not centred: zero frequency sits in the corner.",
                               "apply np.fft.fftshift(..., axes=(1, 2)) to the transforms.")
            g = imgs.astype(float) / 255 @ np.array([0.299, 0.587, 0.114])
            g = g - g.mean(axis=(1, 2), keepdims=True)
            magnitude = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g), axes=(1, 2)))).mean(axis=0)
            if np.allclose(got, magnitude, atol=1e-6):
                raise Feedback("you took log(1 + |FFT|), the lesson uses the POWER spectrum log(1 + |FFT|^2).",
                               "square the magnitude before the log.")
            if not np.allclose(got, want, atol=1e-6):
                center = got[got.shape[0] // 2, got.shape[1] // 2]
                if center > want[want.shape[0] // 2, want.shape[1] // 2] + 1:
                    raise Feedback("the zero-frequency value is too large: did you subtract each image's mean "
                                   "brightness first?", "g = g - g.mean(axis=(1, 2), keepdims=True)")
                raise Feedback(f"your values differ from the expected ones by up to {np.abs(got - want).max():.3f}.",
                               "luma = images/255 @ [0.299, 0.587, 0.114]; subtract each image's mean; "
                               "np.log1p(np.abs(fftshift(fft2(g), axes=(1, 2))) ** 2).mean(axis=0)")
        return "your average spectrum matches, for smooth images and for images with a checkerboard artifact."
    run_check("check_average_spectrum", fn, body, expected="a function returning a 2-D array (H, W)")


def check_auc(fn) -> None:
    """``fn(scores, labels) -> float``: the chance that a random positive scores above a random
    negative, ties counting one half."""

    def body():
        cases = [([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "a small example"),
                 ([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], "a detector that is always wrong"),
                 ([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], "all scores tied")]
        rng = np.random.default_rng(0)
        s = rng.normal(size=200)
        cases.append((list(s + np.r_[np.zeros(100), np.ones(100)]), [0] * 100 + [1] * 100, "200 noisy scores"))
        for scores, labels, label in cases:
            got = number(call(fn, np.array(scores), np.array(labels)))
            want = auc(scores, labels)
            if np.isclose(float(got), 1 - want) and not np.isclose(want, 0.5):
                raise Feedback(f"for '{label}' you returned {float(got):.3f}, expected {want:.3f}: the order is reversed.",
                               "count pairs where the POSITIVE (label 1) has the higher score.")
            if not np.isclose(float(got), want, atol=1e-9):
                hint = ("ties count one half: add 0.5 * (pos == neg)." if label == "all scores tied"
                        else "compare every positive score with every negative score, e.g. pos[:, None] > neg[None, :].")
                raise Feedback(f"for '{label}' you returned {float(got):.3f}, expected {want:.3f}.", hint)
        return "your AUC is right, including a reversed detector (0) and all-tied scores (0.5)."
    run_check("check_auc", fn, body, expected="a function returning one number between 0 and 1")


def _ece_variants(probs, labels, bins: int) -> dict[str, float]:
    """ECE computed by plausible wrong binnings, to name the slip."""
    p, y = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)

    def weighted(idx):
        return float(sum((idx == b).sum() * abs(p[idx == b].mean() - y[idx == b].mean())
                         for b in np.unique(idx)) / len(p))

    left = np.minimum((p * bins).astype(int), bins - 1)
    order = np.argsort(p, kind="stable")
    equal_count = np.empty(len(p), int)
    for b, chunk in enumerate(np.array_split(order, bins)):
        equal_count[chunk] = b
    gaps = [abs(p[left == b].mean() - y[left == b].mean()) for b in np.unique(left)]
    return {"equal-count": weighted(equal_count),
            "unweighted": float(np.mean(gaps)),
            "one bin": float(abs(p.mean() - y.mean())),
            "no bins": float(np.abs(p - y).mean())}


def _ece_right_closed(probs, labels, bins: int) -> float:
    """ECE with bins ((m-1)/M, m/M] as in Guo et al. (2017); 0 goes into the first bin."""
    p, y = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    idx = np.digitize(p, np.linspace(0, 1, bins + 1)[1:-1], right=True)
    return float(sum((idx == b).sum() * abs(p[idx == b].mean() - y[idx == b].mean())
                     for b in np.unique(idx)) / len(p))


def check_ece(fn) -> None:
    """``fn(probs, labels, bins) -> float``: expected calibration error with equal-width bins
    (either convention at the bin edges, [a, b) or (a, b], is accepted)."""

    def body():
        rng = np.random.default_rng(2)
        p = rng.uniform(size=300)
        y = (rng.uniform(size=300) < p ** 2).astype(int)       # over-confident about "generated"
        cases = [([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0], "four confident, mostly right predictions"),
                 ([1.0, 0.0, 1.0, 0.0], [1, 0, 1, 0], "a perfect detector"),
                 (list(p), list(y), "300 miscalibrated predictions"),
                 ([0.95] * 9 + [0.05], [1] * 3 + [0] * 6 + [0], "one full bin and one almost empty bin"),
                 ([0.2, 0.25, 0.3, 0.35], [0, 1, 0, 1], "probabilities on the bin edges")]
        messages = {"equal-count": ("you used bins with equal COUNTS (quantile bins); this ECE uses bins of equal "
                                    "WIDTH on [0, 1].", "bin index = min(int(p * bins), bins - 1)."),
                    "unweighted": ("you averaged the bins' gaps without weighting them by their counts.",
                                   "weight each bin's gap by the number of predictions in it, then divide by all."),
                    "one bin": ("you compared the overall mean prediction with the overall share: that is one "
                                "bin, and over- and under-confidence cancel out.",
                                "split the predictions into `bins` equal-width bins first."),
                    "no bins": ("you averaged |p - y| per prediction; calibration compares bin AVERAGES.",
                                "in each bin, compare the mean prediction with the share of label 1.")}
        for probs, labels, label in cases:
            got = number(call(fn, np.array(probs), np.array(labels), 10))
            want = expected_calibration_error(probs, labels, bins=10)
            if np.isclose(got, want, atol=1e-9) or np.isclose(got, _ece_right_closed(probs, labels, 10), atol=1e-9):
                continue
            for name, value in _ece_variants(probs, labels, 10).items():
                if np.isclose(got, value, atol=1e-9):
                    msg, hint = messages[name]
                    raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}: {msg}", hint)
            hint = "weight each bin's gap |mean predicted - share generated| by the bin's count, divide by all."
            if label.startswith("one full bin"):
                hint = ("with one full and one nearly empty bin an unweighted mean of gaps is wrong: " + hint)
            raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}.", hint)
        return "your ECE matches, including a perfect detector (0) and unequal bin sizes."
    run_check("check_ece", fn, body, expected="a function returning one number")


@lru_cache(maxsize=1)
def _lesson_detector():
    """The lesson's split and a detector trained on it exactly as the lesson does: the fixed
    reference the answer is graded against (not whatever object the student passes)."""
    real_train, fake_train, real_test, fake_test = train_test(n_train=256, n_test=128)
    return SpectralDetector().fit(real_train, fake_train), real_test, fake_test


def _is_lesson_split(real, fake) -> bool:
    r, f = np.asarray(real), np.asarray(fake)
    if r.shape != (128, 32, 32, 3) or f.shape != (128, 32, 32, 3):
        return False
    _, rt, ft = _lesson_detector()
    return bool(np.array_equal(r, rt) and np.array_equal(f, ft))


def _aucs(detector, real, fake, quality):
    y = np.r_[np.zeros(len(real)), np.ones(len(fake))]
    clean = auc(np.r_[detector.predict_proba(real), detector.predict_proba(fake)], y)
    rj, fj = jpeg(real, quality=quality), jpeg(fake, quality=quality)
    after = auc(np.r_[detector.predict_proba(rj), detector.predict_proba(fj)], y)
    only_fake = auc(np.r_[detector.predict_proba(real), detector.predict_proba(fj)], y)
    return clean, after, only_fake


def check_jpeg_drop(answer, detector, real, fake, *, quality: int = 50) -> None:
    """``answer = (auc_clean, auc_jpeg)``: the detector's AUC on the clean test images and after
    JPEG at ``quality`` applied to BOTH real and generated test images. On the lesson's test
    split the answer is graded against a detector trained as in the lesson, not against
    ``detector``; AUCs rounded to 3 decimals are accepted. The check can only judge the two
    numbers, not how they were obtained."""

    def body():
        if isinstance(answer, (tuple, list)) and any(a is Ellipsis or a is None for a in answer):
            raise Feedback("replace the `...` with the two AUC values you measured.")
        clean, after = pair(answer, what="your answer", names="(auc_clean, auc_jpeg)")
        tol = 5.01e-4                                   # AUCs rounded to 3 decimals are fine
        if _is_lesson_split(real, fake):
            reference, real_, fake_ = _lesson_detector()
        else:
            reference, real_, fake_ = detector, real, fake
        want_clean, want_after, only_fake = _aucs(reference, real_, fake_, quality)
        if reference is not detector:
            own_clean, own_after, _ = _aucs(detector, real_, fake_, quality)
            if (not np.isclose(own_clean, want_clean, atol=1e-9) or not np.isclose(own_after, want_after, atol=1e-9)) \
                    and np.isclose(clean, own_clean, atol=tol) and np.isclose(after, own_after, atol=tol):
                raise Feedback("your numbers come from a detector that is not the one trained on real_train and "
                               "fake_train (was it retrained, e.g. on JPEG images?). The question is how compression "
                               "affects the detector as trained.",
                               "use SpectralDetector().fit(real_train, fake_train), unchanged, for both AUCs.")
        for got, want, what in ((clean, want_clean, "clean"), (after, want_after, "after JPEG")):
            if np.isclose(got, 1 - want, atol=tol) and not np.isclose(want, 0.5, atol=0.01):
                raise Feedback(f"your {what} AUC {got:.3f} is 1 minus the expected {want:.3f}: the labels are "
                               "flipped.", "label real images 0 and generated images 1.")
        if not np.isclose(clean, want_clean, atol=tol):
            raise Feedback(f"your clean AUC {clean:.3f} differs from {want_clean:.3f}.",
                           "score real_test and fake_test with detector.predict_proba, label real 0 and generated 1.")
        if np.isclose(after, only_fake, atol=tol) and not np.isclose(only_fake, want_after, atol=tol):
            raise Feedback("you compressed only the generated images. On a platform every upload is recompressed, "
                           "real ones too.", f"apply jpeg(..., {quality}) to real_test as well.")
        if np.isclose(after, want_clean, atol=tol) and not np.isclose(want_clean, want_after, atol=tol):
            raise Feedback(f"your AUC after JPEG equals the clean AUC ({want_clean:.3f}): nothing was compressed.",
                           f"apply jpeg(images, {quality}) to both test sets before scoring them.")
        if not np.isclose(after, want_after, atol=tol):
            raise Feedback(f"your AUC after JPEG {after:.3f} differs from {want_after:.3f}.",
                           f"use jpeg(images, {quality}) on both sets, then the same AUC as before.")
        return f"AUC {want_clean:.3f} on clean images and {want_after:.3f} after JPEG q{quality}."
    run_check("check_jpeg_drop", answer, body, expected="a pair of two numbers (auc_clean, auc_jpeg)")


def check_wilson_interval(fn) -> None:
    """``fn(k, n) -> (low, high)``: the 95 % Wilson score interval for ``k`` successes in ``n``."""

    def body():
        for k, n in ((9, 12), (74, 100), (0, 10), (12, 12), (1, 3)):
            lo, hi = pair(call(fn, k, n))
            want = wilson_interval(k, n)
            z90 = 1.6448536269514722
            c90 = (k / n + z90 ** 2 / (2 * n)) / (1 + z90 ** 2 / n)
            h90 = z90 * np.sqrt(k / n * (1 - k / n) / n + z90 ** 2 / (4 * n * n)) / (1 + z90 ** 2 / n)
            if np.allclose((lo, hi), (max(0, c90 - h90), min(1, c90 + h90)), atol=1e-4):
                raise Feedback(f"for {k}/{n} you returned a 90 % interval ({lo:.4f}, {hi:.4f}).",
                               "a 95 % interval uses z = 1.96.")
            p, se = k / n, (k / n * (1 - k / n) / n) ** 0.5
            if np.allclose((lo, hi), (p - 1.96 * se, p + 1.96 * se), atol=1e-3) and not np.allclose((lo, hi), want, atol=1e-4):
                raise Feedback(f"for {k}/{n} you returned the Wald interval p +- 1.96 se ({lo:.3f}, {hi:.3f}).",
                               "the Wilson interval is centred at (p + z^2/2n) / (1 + z^2/n), not at p.")
            if not np.allclose((lo, hi), want, atol=1e-4):
                raise Feedback(f"for {k}/{n} you returned ({lo:.4f}, {hi:.4f}), expected ({want[0]:.4f}, {want[1]:.4f}).",
                               "centre = (p + z*z/(2n)) / (1 + z*z/n); half = z*sqrt(p(1-p)/n + z*z/(4n*n)) / (1 + z*z/n), z = 1.96.")
        return "your Wilson interval matches, including 0 of 10 and 12 of 12."
    run_check("check_wilson_interval", fn, body, expected="a function returning a pair (low, high)")


def _items_needed(width: float = 0.05, p: float = 0.74) -> int:
    for n in range(2, 5001):
        lo, hi = wilson_interval(int(round(p * n)), n)
        if (hi - lo) / 2 <= width:
            return n
    raise ValueError("no n up to 5000")


def check_items_needed(answer) -> None:
    """``answer``: the smallest number of quiz items for which a 74 % score has a 95 % Wilson
    interval of half-width at most 5 percentage points (``k = round(0.74 * n)``)."""
    def body():
        want = _items_needed()
        if isinstance(answer, (float, np.floating)) and float(answer).is_integer():
            answer_ = int(answer)
        elif isinstance(answer, (int, np.integer)) and not isinstance(answer, bool):
            answer_ = int(answer)
        else:
            raise Feedback(f"answer with a whole number of items (one integer), got {answer!r}.")
        if answer_ == want:
            return f"{want} items: a quiz that settles a 5-point question is far longer than 12 images."
        if answer_ == want - 1:
            raise Feedback(f"{answer_} is one short: at {answer_} items the half-width is still above 5 points.",
                           "stop at the FIRST n whose half-width is at most 0.05, and return that n.")
        if abs(answer_ - want) <= 0.1 * want:
            raise Feedback(f"{answer_} is close to the answer but not the smallest n.",
                           "loop n upwards from 2 and stop at the first n whose half-width (high - low) / 2 <= 0.05.")
        raise Feedback(f"{answer_} items is not right.",
                       "use your interval with k = round(0.74 * n) and find the first n with (high - low) / 2 <= 0.05.")
    run_check("check_items_needed", answer, body, expected="one whole number")


def check_lucky_share(answer) -> None:
    """``answer``: the share of ``simulate_respondents(500, 12, seed=0)`` scoring at least 11/12."""

    def body():
        sim = simulate_respondents(500, n_items=12, seed=0)
        want = float((sim >= 11 / 12 - 1e-9).mean())
        got = number(answer, what="your answer")
        if np.isclose(got, want * len(sim)) and not np.isclose(got, want):
            raise Feedback(f"you gave a count ({got:g} respondents); answer with a fraction between 0 and 1.",
                           "divide by the number of respondents, or use .mean() on the boolean array.")
        if np.isclose(got, 1 - want):
            raise Feedback(f"your share {got:.3f} is the share scoring BELOW 11 of 12.",
                           "count those with at least 11 correct.")
        if np.isclose(got, want * 100):
            raise Feedback(f"you gave a percentage ({got}); answer with a fraction between 0 and 1.")
        if np.isclose(got, float((sim > 11 / 12 + 1e-9).mean())) and not np.isclose(got, want):
            raise Feedback("you counted only perfect scores; 'at least 11 of 12' includes 11.",
                           "use sim >= 11 / 12 (careful with rounding: compare the counts, sim * 12 >= 11).")
        if not np.isclose(got, want, atol=1e-9):
            raise Feedback(f"your share {got:.3f} differs from the expected {want:.3f}.",
                           "simulate_respondents(500, n_items=12, seed=0) returns fractions correct; count those >= 11/12.")
        return (f"{want:.1%} of simulated respondents with an average skill of 74 % score 11 or 12 of 12: "
                "a high score on a short quiz is weak evidence of skill.")
    run_check("check_lucky_share", answer, body, expected="one number (a fraction between 0 and 1)")


def check_tile_energy(fn) -> None:
    """``fn(image) -> (rows, cols)``: per 32x32 tile, the mean absolute difference between
    horizontally and vertically neighbouring pixels, summed over R, G, B
    (:func:`aigc_ethics.quiz.tile_residual_energy`)."""

    def body():
        rng = np.random.default_rng(0)
        img = rng.integers(0, 256, (64, 96, 3)).astype(np.uint8)
        img[:32, 32:64] = 90 + rng.integers(0, 3, (32, 32, 3))      # one nearly flat tile
        want = tile_residual_energy(img)
        got = call(fn, img)
        if got is None:
            raise Feedback("your function returned None.", "did you forget `return`?")
        got = np.asarray(got, dtype=float)
        if got.shape != want.shape:
            raise Feedback(f"your result has shape {got.shape}, expected {want.shape}: one value per 32x32 tile "
                           "(rows, columns).", "reshape the (H, W) map to (rows, 32, cols, 32) and average axes 1 and 3.")
        x = img.astype(int)            # a common slip: uint8 differences wrap around
        wrapped = np.zeros(img.shape[:2])
        wrapped[:, :-1] += (np.diff(img, axis=1)).sum(-1)
        wrapped[:-1, :] += (np.diff(img, axis=0)).sum(-1)
        if np.allclose(got, wrapped.reshape(2, 32, 3, 32).mean(axis=(1, 3))):
            raise Feedback("your differences wrapped around: uint8 arithmetic has no negative numbers.",
                           "convert first: x = image.astype(np.int32).")
        horiz = np.zeros(img.shape[:2])
        horiz[:, :-1] = np.abs(np.diff(x, axis=1)).sum(-1)
        if np.allclose(got, horiz.reshape(2, 32, 3, 32).mean(axis=(1, 3))):
            raise Feedback("you used only horizontal neighbours.", "add the vertical differences np.diff(x, axis=0) too.")
        if not np.allclose(got, want, atol=1e-6):
            raise Feedback(f"your values differ from the expected ones by up to {np.abs(got - want).max():.2f}.",
                           "d[:, :-1] += |diff along columns| summed over colours; d[:-1, :] += |diff along rows|; "
                           "then the mean of d in each 32x32 tile.")
        if np.unravel_index(np.argmin(got), got.shape) != (0, 1):
            raise Feedback("the flat tile should have the lowest energy.")
        return "your tile energy matches, and the nearly flat tile has the lowest energy."
    run_check("check_tile_energy", fn, body, expected="a function returning a 2-D array (rows, cols)")


DISCUSSIONS.update({
    "edited-photos-by-eye": (
        "**A model discussion.** A regenerated region shows itself mostly when the model paints what it "
        "knows (here: the stripes and blobs of its training images) into a photograph that looks "
        "nothing like them; at low strength, after colour matching and a soft edge, it is easy to miss, "
        "and large models edit far more convincingly than this 32 x 32 one. Detecting a local edit is "
        "harder than judging a whole image: most of the picture is genuine, so any whole-image statistic "
        "is diluted, and a local statistic such as residual energy must beat the photograph's own "
        "variation (sky, blur, shadows are smooth too), which is why it localised the edit only a little "
        "better than chance. A newsroom should therefore ask for the original file and its provenance "
        "(content credentials record edits), compare with other copies of the photograph (reverse image "
        "search), and treat forensic maps as hints for a trained analyst, not as proof."),
    "what-74-percent-means": (
        "**A model discussion.** 74 % correct sounds reassuring, but it is an average over unknown "
        "images and unknown respondents (the study's text gives no sample size and no image set), so it "
        "has no error bar and cannot be compared across studies. It also hides the cost of errors: if "
        "one in four judgements is wrong, a viral fake seen by a million people is believed by about "
        "a quarter of them, and real images are doubted at a similar rate (the liar's dividend). "
        "Media-literacy training helps people ask *where does this come from?*, which does not "
        "depend on spotting pixels; it cannot keep up with generators if it only teaches visual "
        "tells, which each new model removes. Detection by eye is therefore a weak last line; "
        "provenance, disclosure and platform design carry more of the load."),
    "detector-on-a-platform": (
        "**A model discussion.** Base rates decide what a flag means. If 1 in 1,000 uploads is generated "
        "and the detector flags 90 % of those at a 1 % false-positive rate, then among 10 million daily "
        "uploads it flags about 9,000 generated images and about 100,000 real ones: over 90 % of flags are "
        "wrong, and each wrong flag accuses a real photographer or witness. Worse, the stated rates were "
        "measured on the generator and the processing the detector was trained on; the lesson shows AUC "
        "falling on an unseen sampler and after JPEG, so the real false-positive and miss rates are "
        "unknown. A responsible platform would not auto-label or remove on the score alone: it would "
        "check provenance first (content credentials, watermarks), use the score to prioritise human "
        "review, show users a hedged label (\"may be AI-generated, automated estimate\") with an appeal "
        "route, publish its error rates per content type, and re-measure them as generators change. "
        "Adversaries also adapt (a simple recompression lowers the score), and a trusted \"not generated\" "
        "verdict would feed the liar's dividend."),
})


def _smooth_cases() -> list[tuple[np.ndarray, str]]:
    """Images with known smooth fractions: noisy textures, a flat image (every pair smooth) and
    images whose neighbours differ by exactly the threshold (1 grey level in each of R, G, B)."""
    flat = np.full((1, 8, 8, 3), 120, np.uint8)
    edge = np.full((2, 8, 8, 3), 100, np.uint8)
    edge[0, :, 1::2] += 1                       # horizontal pairs differ by 1+1+1 = 3 (smooth at <= 3)
    edge[1, 1::2, :] += 2                       # vertical pairs differ by 6; horizontal ones by 0
    textured = _test_images(3, n=4, checker=6.0)
    return [(textured, "four textured images"), (flat, "a flat image"),
            (edge, "images whose neighbours differ by exactly 3 or 6 grey levels"),
            (_test_images(4, n=3), "three smooth gradients with grain")]


def check_forensic_traces(fn) -> None:
    """``fn(images, threshold=3) -> (N,)``: per image, the share of horizontally and vertically
    neighbouring pixel pairs whose absolute colour difference, summed over R, G, B, is at most
    ``threshold``. Rejects uint8 wrap-around, horizontal pairs only, ``<`` for ``<=``, a
    per-channel test instead of the sum, and one number for the whole set."""

    def body():
        for imgs, label in _smooth_cases():
            want = smooth_fraction(imgs, threshold=3)
            got = call(fn, imgs.copy(), 3)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            got = np.asarray(got, dtype=float)
            if got.ndim == 0 or got.shape != want.shape:
                raise Feedback(f"for {label} you returned something of shape {got.shape}; expected one share per "
                               f"image, shape {want.shape}.",
                               "average over each image's pairs (axis=1 of a (N, pairs) array), not over the whole set.")
            if np.allclose(got, want, atol=1e-9):
                continue
            x = imgs.astype(np.int32)
            dx, dy = np.abs(np.diff(x, axis=2)).sum(-1), np.abs(np.diff(x, axis=1)).sum(-1)
            n = len(x)
            both = np.concatenate([dx.reshape(n, -1), dy.reshape(n, -1)], axis=1)
            if np.allclose(got, (both < 3).mean(1)) and not np.allclose(want, (both < 3).mean(1)):
                raise Feedback(f"for {label} your shares are too low: a pair that differs by exactly the threshold "
                               "counts as smooth.", "use <= threshold, not < threshold.")
            if np.allclose(got, (dx.reshape(n, -1) <= 3).mean(1)) or np.allclose(got, (dy.reshape(n, -1) <= 3).mean(1)):
                raise Feedback(f"for {label} you counted only one direction of neighbours.",
                               "use both horizontal (np.diff along axis 2) and vertical (axis 1) pairs.")
            u = imgs
            wrapped = np.concatenate([np.abs(np.diff(u, axis=2)).sum(-1).reshape(n, -1),
                                      np.abs(np.diff(u, axis=1)).sum(-1).reshape(n, -1)], axis=1)
            if np.allclose(got, (wrapped <= 3).mean(1)):
                raise Feedback(f"for {label} your differences wrapped around: on uint8 images 3 - 4 is 255, not -1.",
                               "convert first: x = images.astype(np.int32).")
            perch = np.concatenate([np.abs(np.diff(x, axis=2)).reshape(n, -1, 3).max(-1),
                                    np.abs(np.diff(x, axis=1)).reshape(n, -1, 3).max(-1)], axis=1)
            if np.allclose(got, (perch <= 3).mean(1)):
                raise Feedback(f"for {label} you tested each colour channel on its own; the lesson's difference is "
                               "the SUM over R, G and B.", "sum the absolute differences over the last axis (-1).")
            raise Feedback(f"for {label} you returned {np.round(got, 3).tolist()}, expected {np.round(want, 3).tolist()}.",
                           "x = images.astype(np.int32); pairs = |diff| along axis 2 and along axis 1, summed over "
                           "colours; share of pairs <= threshold in each image.")
        return ("your smooth fraction matches, including a flat image (1.0) and pairs that differ by exactly "
                "the threshold.")
    run_check("check_forensic_traces", fn, body, expected="a function returning one share per image, shape (N,)")


def check_smoothness_auc(answer, real, fake, *, generator: str = "") -> None:
    """``answer``: the AUC of the smooth fraction as a "generated" score, real (label 0) against
    ``fake`` (label 1). Rejects the reversed AUC (1 - AUC), the gap in means and a pair."""

    def body():
        want = auc(np.r_[smooth_fraction(real), smooth_fraction(fake)], np.r_[np.zeros(len(real)), np.ones(len(fake))])
        got = number(answer, what="your answer")
        gap = float(smooth_fraction(fake).mean() - smooth_fraction(real).mean())
        if not 0 <= got <= 1:
            raise Feedback(f"{got:.3f} is not an AUC: an AUC lies between 0 and 1.",
                           "score every image, then use auc(scores, labels) with label 1 for generated.")
        if np.isclose(got, 1 - want, atol=2e-3) and abs(want - 0.5) > 0.01:
            raise Feedback(f"your AUC {got:.3f} is reversed (expected {want:.3f}).",
                           "label the GENERATED images 1 and the real ones 0; a higher smooth fraction should mean "
                           "'generated'.")
        if np.isclose(got, gap, atol=2e-3):
            raise Feedback("you returned the difference of the mean smooth fractions, not an AUC.",
                           "the AUC ranks every image: auc(np.r_[s_real, s_fake], np.r_[zeros, ones]).")
        if not np.isclose(got, want, atol=2e-3):
            raise Feedback(f"your AUC {got:.3f} differs from the expected {want:.3f}.",
                           "use smooth_fraction with the default threshold 3 on exactly the images given.")
        return f"AUC {want:.3f}{' for ' + generator if generator else ''}: " + (
            "the smoothness trace separates these sources well." if want > 0.8 else
            "the smoothness trace separates these sources only partly.")
    run_check("check_smoothness_auc", answer, body, expected="one number between 0 and 1")


DISCUSSIONS.update({
    "smooth-means-generated": (
        "**A model discussion.** \"Too smooth\" is a property of the processing, not of the origin. Phones "
        "denoise and beautify by default, messaging apps and platforms recompress, and scanners and old "
        "cameras blur: all of these move a genuine photograph towards \"generated\" on this score, so the "
        "people most exposed to a false accusation are those with cheap or heavily processed cameras, "
        "whose pictures are often the only record of an event. Meanwhile a forger can add grain or pick a "
        "model that keeps some noise (treering in the lesson has a third as many smooth pairs as tiny) "
        "and move away from it. A "
        "smoothness score is therefore a hint for a trained analyst, calibrated on the processing chain "
        "at hand, never a verdict; provenance (the original file, content credentials, other witnesses) "
        "should decide."),
})


class _BrightnessDetector:
    """A stand-in detector for the checks: the score is an image's mean brightness in [0, 1]."""

    def predict_proba(self, images: ImageBatch):
        return np.asarray(images, dtype=float).reshape(len(images), -1).mean(axis=1) / 255


def _flat(levels) -> np.ndarray:
    return np.repeat(np.asarray(levels, np.uint8)[:, None, None, None], 4, axis=1).repeat(4, axis=2).repeat(3, axis=3)


def _gap_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray, str]]:
    """(real, seen, unseen, description) with known AUCs under :class:`_BrightnessDetector`."""
    real = _flat([10, 20, 30, 40])
    return [(real, _flat([50, 60, 70, 80]), _flat([5, 15, 35, 45]), "an unseen generator the detector half misses"),
            (real, _flat([50, 60, 70, 80]), _flat([90, 95, 99, 100]), "an unseen generator caught as well as the seen one"),
            (real, _flat([25, 35, 45, 50]), _flat([60, 70, 80, 90]), "an unseen generator caught BETTER than the seen one"),
            (real, _flat([50, 60, 70, 80]), _flat([1, 2, 3, 4]), "an unseen generator scored below every real image"),
            (real, _flat([50, 60, 20, 80]), _flat([20, 20, 20, 20]), "scores tied with a real image")]


def _auc_of(detector, real, fake) -> float:
    return auc(np.r_[detector.predict_proba(real), detector.predict_proba(fake)], np.r_[np.zeros(len(real)), np.ones(len(fake))])


def check_generalisation(fn) -> None:
    """``fn(detector, real, seen, unseen) -> float``: the generalisation gap, AUC on the seen
    generator's test images minus AUC on the unseen generator's (positive = the detector loses
    accuracy on the new generator). Rejects the reversed sign, the ratio, accuracy at 0.5, the
    gap in mean scores and a pair."""

    def body():
        det = _BrightnessDetector()
        for real, seen, unseen, label in _gap_cases():
            a_s, a_u = _auc_of(det, real, seen), _auc_of(det, real, unseen)
            want = a_s - a_u
            got = call(fn, det, real.copy(), seen.copy(), unseen.copy())
            if isinstance(got, (tuple, list)) or (isinstance(got, np.ndarray) and got.size == 2):
                raise Feedback(f"for {label} you returned two numbers; expected ONE number, the gap "
                               "AUC(seen) - AUC(unseen).")
            got = number(got)
            if np.isclose(got, want, atol=1e-9):
                continue
            if np.isclose(got, -want):
                raise Feedback(f"for {label} your gap has the wrong sign ({got:+.3f}, expected {want:+.3f}).",
                               "gap = AUC on the SEEN generator minus AUC on the UNSEEN one: positive when the "
                               "detector gets worse on the new generator. (Flipped labels, real = 1, also flip it.)")
            if a_s and np.isclose(got, a_u / a_s):
                raise Feedback(f"for {label} you returned a ratio of AUCs; the gap is their DIFFERENCE.")
            p = lambda x: det.predict_proba(x)
            acc = lambda f: float(np.r_[p(real) <= 0.5, p(f) > 0.5].mean())
            if np.isclose(got, acc(seen) - acc(unseen)):
                raise Feedback(f"for {label} you compared accuracies at the threshold 0.5, not AUCs.",
                               "AUC ranks real against generated scores at every threshold: auc(scores, labels).")
            if np.isclose(got, p(seen).mean() - p(unseen).mean()):
                raise Feedback(f"for {label} you compared the mean scores of the two generators without the real "
                               "images: an AUC always compares generated against REAL images.",
                               "auc(np.r_[p(real), p(seen)], labels) and the same with `unseen`.")
            raise Feedback(f"for {label} you returned {got:+.3f}, expected {want:+.3f}.",
                           "score real and generated images with detector.predict_proba, label generated 1, "
                           "and subtract: auc(seen) - auc(unseen).")
        return ("your gap is right, including a negative gap (a generator caught better than the training one), "
                "an unseen generator scored below every real image (gap 1) and tied scores.")
    run_check("check_generalisation", fn, body, expected="a function returning one number")


def check_generalisation_measured(answer, detector, real_test, seen_test, unseen, *, real_train=None, seen_train=None) -> None:
    """``answer``: ``(auc_seen, auc_unseen)`` for ``detector`` on the held-out ``real_test`` and
    ``seen_test`` and on ``unseen``. Rejects training-set evaluation of the seen AUC (when the
    training images are given and the numbers differ), flipped labels, swapped order, a scalar."""

    def body():
        a_s, a_u = _auc_of(detector, real_test, seen_test), _auc_of(detector, real_test, unseen)
        got_s, got_u = pair(answer, what="your answer", names="(auc_seen, auc_unseen)")
        if np.allclose((got_s, got_u), (a_s, a_u), atol=2e-3):
            return (f"AUC {a_s:.3f} on the training generator's held-out images, {a_u:.3f} on the unseen one: "
                    f"a gap of {a_s - a_u:+.3f}" + (" — below chance: the detector calls the new generator's images "
                                                    "MORE real than real ones." if a_u < 0.5 else "."))
        if np.allclose((got_s, got_u), (1 - a_s, 1 - a_u), atol=2e-3):
            raise Feedback("both AUCs are flipped (1 - AUC).", "label the GENERATED images 1 and the real ones 0.")
        if np.allclose((got_s, got_u), (a_u, a_s), atol=2e-3):
            raise Feedback("you swapped the two numbers.", "answer (auc_seen, auc_unseen).")
        if real_train is not None and seen_train is not None:
            a_train = _auc_of(detector, real_train, seen_train)
            if np.isclose(got_s, a_train, atol=2e-3) and not np.isclose(a_train, a_s, atol=2e-3):
                raise Feedback("your seen AUC was measured on the TRAINING images; a detector has memorised those.",
                               "use real_test and fake_test, which training did not use.")
        if not np.isclose(got_s, a_s, atol=2e-3):
            raise Feedback(f"your seen AUC {got_s:.3f} differs from {a_s:.3f}.",
                           "score real_test against fake_test (held-out images of the training generator).")
        raise Feedback(f"your unseen AUC {got_u:.3f} differs from {a_u:.3f}.",
                       "score real_test against the unseen generator's images, with the same detector.")
    if isinstance(answer, tuple) and any(a is Ellipsis for a in answer):
        answer = ...                                   # the blank exercise: not attempted yet
    run_check("check_generalisation_measured", answer, body, expected="a pair (auc_seen, auc_unseen)")


DISCUSSIONS.update({
    "vendor-generalisation-claim": (
        "**A model discussion.** A 99 % figure measured on the generators the detector was trained on says "
        "almost nothing about tomorrow's generator: the lesson's augmented detector is nearly perfect on its "
        "own generator and far worse on a VAE that samples its per-pixel noise (the plain CNN is even below "
        "chance there: it calls those fakes *more* real than real photographs). Before buying, a newsroom should ask which generators and which "
        "processing (recompression, resizing, screenshots) the test set contained, whether any test "
        "generator was held out of training entirely, the error rates at the threshold it would use, and "
        "how often the vendor re-tests on new generators. It should run its own held-out test on material "
        "it sees, and treat any score as one input to a provenance check, never as a verdict, because the "
        "failures fall on people: real witnesses flagged as fake and forgeries cleared as real (which a "
        "forger can then cite)."),
})


#: Verdicts of the simplified triage exercise (lesson 44), strongest evidence first.
TRIAGE_VERDICTS = ("AI-generated (signed)", "camera/edited (signed)", "conflicting evidence",
                   "AI-generated (watermark)", "credentials broken", "AI-generated (signed, unknown signer)",
                   "AI-generated (self-declared)", "possibly AI-generated", "no evidence of generation")


def _findings(signature=None, signed_ai=False, label_ai=False, watermark=None, detector=None) -> dict:
    return {"signature": signature, "signed_ai": signed_ai, "label_ai": label_ai,
            "watermark": watermark, "detector": detector}


#: (findings, expected verdict, what a wrong verdict on this case shows).
_TRIAGE_CASES = [
    (_findings("trusted", True, True, None, 0.9), "AI-generated (signed)",
     "a trusted signature settles the file; the detector is asked only when there is no provenance at all."),
    (_findings("trusted", False, False, 1.0, 0.95), "camera/edited (signed)",
     "a trusted signature settles the file, even when the detector's score is high: the detector is the LAST "
     "resort, not the first."),
    (_findings("trusted", False, False, 9.0, 0.1), "conflicting evidence",
     "a trusted signature claims a camera, but the provider's watermark is there: that is a conflict to "
     "investigate, not a verdict."),
    (_findings("broken", True, False, 8.0, 0.2), "AI-generated (watermark)",
     "the watermark (score above 5) is evidence from the pixels; it counts even when the credentials are broken."),
    (_findings("broken", True, True, 0.5, 0.1), "credentials broken",
     "a manifest that does not match the file means it was altered after signing; a low detector score "
     "does not clear it."),
    (_findings("untrusted", True, False, None, 0.1), "AI-generated (signed, unknown signer)",
     "a valid signature from an unknown signer is a claim, not proof: do not call it 'signed' as if trusted."),
    (_findings("untrusted", False, False, None, 0.1), "no evidence of generation",
     "an unknown signer's camera claim is not verified; with a low score there is only 'no evidence'."),
    (_findings(None, False, True, 1.2, 0.05), "AI-generated (self-declared)",
     "an unsigned label is a self-declaration: anyone can add or strip it, so it is weaker than a signature."),
    (_findings(None, False, False, 5.0, 0.2), "no evidence of generation",
     "a watermark score of exactly 5 is NOT above the threshold of 5."),
    (_findings(None, False, False, None, 0.5), "no evidence of generation",
     "a detector score of exactly the threshold is not above it."),
    (_findings(None, False, False, 0.3, 0.93), "possibly AI-generated",
     "with no provenance, a score above the threshold means 'possibly AI-generated', an automated estimate."),
    (_findings(None, False, False, None, 0.02), "no evidence of generation",
     "a low detector score is never evidence that an image is real or authentic."),
]


def check_provenance_workflow(fn) -> None:
    """``fn(findings, threshold=0.5, watermark_threshold=5.0) -> str``: the verdict of the lesson's
    triage order (trusted credentials, watermark, broken credentials, untrusted signed claim, label,
    detector) on twelve cases with known verdicts, including a watermark score and a detector score
    exactly at their thresholds. Each wrong verdict is explained by the case's misconception
    (detector first, untrusted signature as proof, broken credentials ignored, 'real' for a low score)."""

    def body():
        for findings, want, why in _TRIAGE_CASES:
            got = call(fn, dict(findings), 0.5, 5.0)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if not isinstance(got, str):
                raise Feedback(f"your function returned a {type(got).__name__}; expected one verdict (a string).")
            if got == want:
                continue
            if got not in TRIAGE_VERDICTS:
                lowered = got.lower()
                if any(w in lowered for w in ("real", "authentic", "genuine", "human")):
                    raise Feedback(f"for {findings} you answered '{got}': no check here can prove an image is real "
                                   "or authentic (most genuine photographs carry no provenance, and a low detector "
                                   "score is not evidence).", "say 'no evidence of generation' instead.")
                raise Feedback(f"'{got}' is not one of the verdicts.", f"return one of {list(TRIAGE_VERDICTS)}.")
            raise Feedback(f"for {findings} you answered '{got}', expected '{want}': {why}",
                           "ask the strongest question first and stop at the first answer: trusted credentials, "
                           "watermark, broken credentials, an unknown signer's claim, a label, and only then the "
                           "detector.")
        return ("your triage follows the evidence in the right order on all twelve files, including scores exactly "
                "at the thresholds.")
    run_check("check_provenance_workflow", fn, body, expected="a function returning one verdict (a string)")


DISCUSSIONS.update({
    "what-readers-see": (
        "**A model discussion.** Readers should see what is known and from where, in words that match the "
        "strength of the evidence: \"Signed by X: created with an AI tool\" for trusted credentials; "
        "\"the uploader says this is AI-generated\" for a label; \"contains the provider's watermark\" for "
        "a detected watermark; and for detector-only cases at most \"may be AI-generated (automated "
        "estimate, error rate ...)\", with an appeal route. Nothing should read \"real\" or \"authentic\": "
        "most genuine photographs carry no credentials, and a low score is not evidence. The verdict a "
        "newsroom should never publish on its own is the detector's, because its error rates were measured "
        "on clean files and a recompressed genuine photograph can be flagged (the lesson's JPEG case): "
        "that accusation falls on a real witness. Broken credentials deserve a human look too, since they "
        "mean someone changed the file after signing, not that it is fake."),
})
