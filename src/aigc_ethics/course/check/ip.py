"""Checks for the Intellectual-property chapter: replicas (30), opt-out (31), watermarks and
thresholds (32), Tree-Ring detection (33), the attack bench (34), content credentials (35) and
attribution against a ground truth (37)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from PIL import Image

from aigc_ethics.chapters import provenance as P
from aigc_ethics.chapters import watermark as W
from aigc_ethics.chapters.attacks import load_attack_bench, psnr
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


def _test_images(n: int = 4, size: int = 128, seed: int = 0) -> list[np.ndarray]:
    """Smooth grey images (float, 0-255) with moderate contrast, like a flat generated picture."""
    from scipy.ndimage import gaussian_filter

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        f = gaussian_filter(rng.normal(0, 1, (size, size)), 6)
        out.append(128 + 15 * f / f.std())
    return out


def check_keyed_watermark(embed_fn, detect_fn) -> None:
    """``embed_fn(gray, key, strength) -> gray + strength * (+-1 pattern from key)``;
    ``detect_fn(gray, key) -> normalised correlation`` (about N(0, 1) without the watermark)."""
    def body():
        imgs = _test_images()
        key, other = 7, 8
        for i, x in enumerate(imgs):
            y = call(embed_fn, x.copy(), key, 2.0)
            if y is None:
                raise Feedback("embed returned None.", "did you forget `return`?")
            y = np.asarray(y, dtype=float)
            if y.shape != x.shape:
                raise Feedback(f"embed changed the image's shape from {x.shape} to {y.shape}.")
            rms = float(np.sqrt(((y - x) ** 2).mean()))
            if not np.isclose(rms, 2.0, rtol=0.05):
                raise Feedback(f"with strength 2.0 the RMS change was {rms:.2f} grey levels, expected 2.0.",
                               "add strength * pattern, where the pattern is +1/-1 in every pixel.")
            again = call(embed_fn, x.copy(), key, 2.0)
            if again is None:
                raise Feedback("embed returned None.", "did you forget `return`?")
            again = np.asarray(again, dtype=float)
            if not np.allclose(again, y):
                raise Feedback("embedding the same image with the same key twice gave different results.",
                               "draw the pattern from np.random.default_rng(key), not from global randomness.")
            z_marked = number(call(detect_fn, y, key), what="detect")
            z_clean = number(call(detect_fn, x, key), what="detect")
            z_other = number(call(detect_fn, y, other), what="detect")
            if z_marked < 5:
                hint = ("the score should be large (10-20 here) on a watermarked image: correlate the "
                        "pattern with the image minus its mean, divided by the norm of that image.")
                if z_marked < -5:
                    hint = "your score is strongly negative: is the sign of the pattern or of the product flipped?"
                raise Feedback(f"image {i}: the score of a watermarked image is {z_marked:.2f}.", hint)
            if abs(z_clean) > 4 or abs(z_other) > 4:
                raise Feedback(f"image {i}: an image without the watermark (or with another key) scored "
                               f"{z_clean:.2f} / {z_other:.2f}; that should be about N(0, 1).",
                               "subtract the image's mean before correlating, and normalise by the image's norm.")
            if not np.isclose(number(call(detect_fn, 2 * y, key), what="detect"), z_marked, rtol=1e-3):
                raise Feedback("doubling the image's contrast changed the score: it is not normalised.",
                               "divide the correlation by sqrt(sum((x - mean)**2)).")
        return ("your watermark is keyed (another key sees nothing), invisible at 2 grey levels RMS, and "
                "your detector's score is normalised.")
    run_check("check_keyed_watermark", embed_fn, body,
              expected="embed returning an array shaped like the image, detect returning one number")


def check_threshold_at_fpr(fn) -> None:
    """``fn(negative_scores, fpr) -> threshold``: a score counts as 'watermarked' when it is
    strictly greater than the threshold; at most ``fpr`` of the negatives may do so, and the
    threshold must be the smallest such value among the negatives' scores."""
    def body():
        cases = [(np.arange(100.0), 0.01, "scores 0..99 at FPR 1 %"),
                 (np.random.default_rng(1).normal(0, 1, 1000), 0.05, "1000 normal scores at FPR 5 %"),
                 (np.array([0.3, 2.0, 1.0, 0.5]), 0.0, "FPR 0 (no false positive at all)"),
                 # fpr * n is not a whole number here (1.5 and 12.5 false positives allowed), so
                 # rounding up and interpolated quantiles are told apart from "at most fpr".
                 (np.random.default_rng(2).permutation(np.arange(150.0)), 0.01, "150 scores at FPR 1 % (1.5 allowed)"),
                 (np.random.default_rng(3).normal(0, 1, 250), 0.05, "250 normal scores at FPR 5 % (12.5 allowed)")]
        for neg, fpr, label in cases:
            t = number(call(fn, neg.copy(), fpr))
            desc = np.sort(neg)[::-1]
            k = int(np.floor(fpr * neg.size + 1e-9))
            if not np.isclose(t, desc[min(k, neg.size - 1)]):
                if k >= 1 and np.isclose(t, desc[k - 1]):
                    raise Feedback(f"for {label}: your threshold {t:.3f} is the {k}-th largest score; with "
                                   f"{k} false positive(s) allowed and 'strictly greater' counting as positive, "
                                   f"the threshold is the ({k + 1})-th largest.",
                                   "sort the scores from high to low; np.sort(neg)[::-1][k] with k = floor(fpr * n) "
                                   "(index k is the (k+1)-th score, because indexing starts at 0).")
                kc = int(np.ceil(fpr * neg.size - 1e-9))
                if kc != k and kc < neg.size and np.isclose(t, desc[kc]):
                    raise Feedback(f"for {label}: you rounded the allowed number of false positives UP "
                                   f"({fpr} * {neg.size} = {fpr * neg.size:g} -> {kc}): {kc} un-watermarked images "
                                   f"would score above your threshold, more than the allowed {fpr:.0%}.",
                                   "round DOWN: k = floor(fpr * n), or int(fpr * n).")
                if np.isclose(t, np.quantile(neg, 1 - fpr)):
                    raise Feedback(f"for {label}: np.quantile(neg, 1 - fpr) interpolates between two scores, "
                                   f"so {t:.3f} is not a rule about how many false positives get through.",
                                   "count instead: sort the scores and take the (k+1)-th largest, k = floor(fpr * n).")
            over = float((neg > t).mean())
            if over > fpr + 1e-12:
                low = float((neg < t).mean())
                hint = ("you seem to have taken a LOW quantile: the threshold must sit near the TOP of the "
                        "negatives' scores." if low < 0.5 else
                        "count the negatives strictly above the threshold: at most fpr * n of them.")
                raise Feedback(f"for {label}: {over:.1%} of un-watermarked images score above your threshold "
                               f"{t:.3f}, more than the allowed {fpr:.0%}.", hint)
            if not (neg >= t).mean() > fpr + 1e-12:
                raise Feedback(f"for {label}: your threshold {t:.3f} is safe but needlessly high; a lower one "
                               "lets no more false positives through and detects more.",
                               "sort the scores; with k = floor(fpr * n) allowed false positives, the threshold "
                               "is the (k+1)-th largest score: np.sort(neg)[::-1][k].")
        return "your threshold lets through at most the allowed share of un-watermarked images, and no fewer."
    run_check("check_threshold_at_fpr", fn, body, expected="a function returning one number (the threshold)")


def check_attack_under_budget(attack_fn, *, key=None, min_psnr: float = 35.0, threshold: float = 4.0) -> None:
    """``attack_fn(PIL image) -> PIL image``: on course-watermarked generations, brings the
    detection score below ``threshold`` for at least 7 of 8 images while keeping the mean
    PSNR (attacked vs watermarked) at least ``min_psnr`` dB."""
    from PIL import Image


    def body():
        k = key or W.make_key(2024)
        rng = np.random.default_rng(5)
        bits = rng.integers(0, 2, 32)
        marked = []
        for s in range(8):
            small = np.random.default_rng(100 + s).integers(0, 256, (6, 6, 3), dtype=np.uint8)
            im = Image.fromarray(small).resize((32, 32), Image.BICUBIC)
            marked.append(W.embed(im, bits, k))
        scores, quality = [], []
        for m in marked:
            out = call(attack_fn, m.copy())
            if not isinstance(out, Image.Image):
                raise Feedback(f"your attack returned {type(out).__name__}, expected a PIL image.",
                               "convert back with Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).")
            if out.size != m.size:
                raise Feedback(f"your attack changed the size from {m.size} to {out.size}.",
                               "return an image of the same size (resize back if you shrank it).")
            scores.append(W.detect_score(out.convert("RGB"), k))
            quality.append(psnr(m.convert("RGB"), out.convert("RGB")))
        q = float(np.mean(quality))
        caught = int(np.sum(np.array(scores) >= threshold))
        if q < min_psnr:
            raise Feedback(f"your attack costs too much quality: mean PSNR {q:.1f} dB < {min_psnr} dB "
                           f"(it still leaves {caught} of 8 detected).",
                           "a gentler change: remove only the frequencies the watermark uses.")
        if caught > 1:
            raise Feedback(f"the watermark is still detected in {caught} of 8 images (scores "
                           f"{', '.join(f'{s:.1f}' for s in scores)}; threshold {threshold}), at {q:.1f} dB.",
                           "where does the content of an upsampled 32x32 image live in the spectrum, and where "
                           "does the watermark live? Try removing every frequency above 1/16 cycle per pixel.")
        return (f"only {caught} of 8 watermarks survive, at a mean PSNR of {q:.1f} dB: a watermark that hides "
                f"where the content is not can be filtered out without visible loss.")
    run_check("check_attack_under_budget", attack_fn, body)


DISCUSSIONS["who-holds-watermark-keys"] = """\
**Who should hold the keys?** There is no answer without trade-offs; a good answer names them.

* **The model provider alone** (today's default: Google's SynthID, Stable Diffusion's public
  dwtDct key is the exception) can detect its own images, but everybody else has to trust its
  word, and it can refuse, err or be compelled. A private key keeps forgers and removers in
  the dark: in this chapter, knowing *where* the watermark lives was enough to filter it out.
* **Publishing the key** (or the detector) lets any newsroom or platform check an image, but
  it also tells an attacker exactly what to remove or to forge onto a real photo to discredit it.
* **A trusted third party or a detection service** (a regulator, a consortium) is a middle
  way: a public query interface without the key, with rate limits against attackers who probe
  it, and audits. The EU AI Act (Regulation (EU) 2024/1689, Art. 50(2)) requires providers to
  mark synthetic outputs in a machine-readable, *detectable* way, but does not say who detects.
* Whoever holds it, a watermark only says "made by a cooperating generator": open models can
  be run without one, so its absence proves nothing. That is why provenance (signed content
  credentials on authentic media) complements it.
"""


def _nn_case(seed: int, n_train: int = 12, n_gen: int = 5, size: int = 8):
    rng = np.random.default_rng(seed)
    train = rng.integers(0, 256, (n_train, size, size, 3), dtype=np.uint8)
    pick = rng.integers(0, n_train, n_gen)
    noise = rng.normal(0, 12, (n_gen, size, size, 3))
    gen = np.clip(train[pick].astype(float) + noise, 0, 255).astype(np.uint8)
    gen[0] = train[pick[0]]                                   # an exact copy: distance 0
    return gen, train


def _rmse_nn(gen, train):
    g = gen.astype(float).reshape(len(gen), -1) / 255
    t = train.astype(float).reshape(len(train), -1) / 255
    d = np.sqrt(((g[:, None, :] - t[None, :, :]) ** 2).mean(-1))
    return d.argmin(1), d.min(1), d


def check_replication_and_style(fn) -> None:
    """``fn(generated, training) -> (index, distance)``: for every generated uint8 image, the index
    of the nearest training image and its RMSE distance, pixels scaled to [0, 1]. Rejects uint8
    arithmetic (wrap-around), forgotten scaling, MSE without the root, a sum instead of a mean,
    the farthest instead of the nearest, and a single number."""
    def body():
        for seed in (0, 1):
            gen, train = _nn_case(seed)
            got = call(fn, gen.copy(), train.copy())
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if isinstance(got, (str, bytes)) or np.ndim(got) == 0 or len(got) != 2:
                raise Feedback("expected a pair (index, distance) of arrays, one entry per generated image.",
                               "return idx, dist")
            idx, dist = (np.asarray(a) for a in got)
            if idx.shape != (len(gen),) or dist.shape != (len(gen),):
                raise Feedback(f"for {len(gen)} generated images, expected two arrays of length {len(gen)}, got "
                               f"shapes {idx.shape} and {dist.shape}.",
                               "one nearest training image per generated image: reduce over the training axis.")
            want_i, want_d, full = _rmse_nn(gen, train)
            dist = dist.astype(float)
            if not np.allclose(dist, want_d, atol=1e-6):
                d8 = np.sqrt(((gen[:, None].astype(np.uint8) - train[None]) ** 2).reshape(len(gen), len(train), -1)
                             .mean(-1) / 1.0)
                if np.allclose(dist, want_d * 255, rtol=1e-4):
                    raise Feedback("your distances are 255 times too large: pixels were not scaled to [0, 1].",
                                   "convert with images.astype(float) / 255 first.")
                if np.allclose(dist, want_d ** 2, atol=1e-6):
                    raise Feedback("your distances are mean SQUARED errors; RMSE takes the square root.",
                                   "np.sqrt(((a - b) ** 2).mean(...)).")
                if np.allclose(dist, want_d * np.sqrt(gen[0].size), rtol=1e-4):
                    raise Feedback("you summed the squared differences instead of averaging them, so the distance "
                                   "grows with the image size.", "use .mean over the pixel axes, not .sum.")
                if dist.max() > 1.0 or np.allclose(dist, d8.min(1)) or np.allclose(dist / 255, d8.min(1) / 255):
                    raise Feedback("your distances are not in [0, 1] or were computed on uint8 values: subtracting "
                                   "uint8 images wraps around (3 - 5 = 254), so differences are wrong.",
                                   "convert to float BEFORE subtracting: gen.astype(float) / 255.")
                with np.errstate(all="ignore"):
                    wide = call(fn, gen.astype(np.int64), train.astype(np.int64))
                if not np.allclose(np.asarray(wide[1], dtype=float), dist):
                    raise Feedback("your distances change when the same images come as int64 instead of uint8: "
                                   "subtracting or squaring uint8 values wraps around (3 - 5 = 254).",
                                   "convert to float BEFORE subtracting: gen.astype(float) / 255.")
                if np.allclose(dist, full.max(1), atol=1e-6):
                    raise Feedback("you returned the distance to the FARTHEST training image.",
                                   "use .min / .argmin over the training axis.")
                raise Feedback(f"your distances {np.round(dist, 3)} differ from the expected {np.round(want_d, 3)}.",
                               "RMSE = sqrt(mean((g - t) ** 2)) over all pixels and channels, pixels in [0, 1].")
            if not np.array_equal(idx.astype(int), want_i):
                raise Feedback(f"your distances are right but the indices {idx} are not those of the nearest "
                               f"training images {want_i}.", "use argmin over the training axis.")
            if dist[0] != 0:
                raise Feedback("an exact copy of a training image should be at distance 0.")
        return ("your search finds each generation's nearest training work, exact copies at distance 0, "
                "without uint8 wrap-around.")
    run_check("check_replication_and_style", fn, body, expected="a function returning a pair (index array, distance array)")


def _pair_matrix(seed: int, n: int = 20) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.18, 0.40, (n, n))
    d = np.triu(a, 1)
    return d + d.T


def check_replica_share(fn) -> None:
    """``fn(nearest, pair_distances, quantile) -> share``: ``pair_distances`` is the square RMSE
    matrix between training works of one artist (zero diagonal); the replica threshold is the
    ``quantile`` of the distances between DISTINCT works (each pair once, i < j), and the answer is
    the share of generations whose nearest distance is strictly below it. Rejects the diagonal
    included (a work compared with itself), the threshold from the generations themselves, the
    1 - quantile, a count, and <= instead of <."""
    def body():
        rng = np.random.default_rng(30)
        cases = []
        for seed, q in ((0, 0.01), (1, 0.05), (2, 0.2)):
            D = _pair_matrix(seed)
            t = float(np.quantile(D[np.triu_indices(len(D), 1)], q))
            near = np.r_[rng.uniform(t - 0.06, t - 0.005, 3), rng.uniform(t + 0.005, t + 0.1, 9)]
            cases.append((D, near, q, f"20 works, quantile {q}"))
        D = _pair_matrix(3)
        cases.append((D, np.full(6, 0.5), 0.01, "no generation close (edge case: share 0)"))
        for D, near, q, label in cases:
            got = number(call(fn, near.copy(), D.copy(), q))
            iu = np.triu_indices(len(D), 1)
            want = float(np.mean(near < np.quantile(D[iu], q)))
            if np.isclose(got, want, atol=1e-9):
                continue
            if np.isclose(got, want * len(near)) and want:
                raise Feedback(f"for {label}: you returned a count ({got:g}); expected a share of the "
                               f"{len(near)} generations.", "divide by the number of generations (np.mean of the test).")
            if np.isclose(got, np.mean(near < np.quantile(D, q))) or np.isclose(got, np.mean(near <= np.quantile(D, q))):
                raise Feedback(f"for {label}: your threshold includes the diagonal: a work compared with ITSELF "
                               "(distance 0) is not a pair of distinct works, and those zeros drag the threshold to 0.",
                               "use only the pairs i < j: D[np.triu_indices(len(D), 1)].")
            if np.isclose(got, np.mean(near < np.quantile(D[iu], 1 - q))):
                raise Feedback(f"for {label}: you used the {1 - q:.0%} quantile; a replica must be closer than "
                               f"all but {q:.0%} of the pairs of distinct works.",
                               "np.quantile(pairs, quantile), not 1 - quantile.")
            if np.isclose(got, np.mean(near < np.quantile(near, q))) or np.isclose(got, np.mean(near <= np.quantile(near, q))):
                raise Feedback(f"for {label}: you took the threshold from the generations' own distances; it must "
                               "come from the training works (how close distinct works are to each other).",
                               "threshold = np.quantile(pair distances of distinct training works, quantile).")
            raise Feedback(f"for {label}: your share is {got:.3f}, expected {want:.3f}.",
                           "threshold = np.quantile(D[np.triu_indices(len(D), 1)], quantile); share = "
                           "np.mean(nearest < threshold).")
        return "your replica rule compares generations with how close distinct training works are to each other."
    run_check("check_replica_share", fn, body, expected="a function returning one number (a share)")


DISCUSSIONS["replica-or-style"] = """\
**Copy or style?** The measurements answer different questions, and the law treats them differently.

* A **replica** (closer to one training work than distinct works by the same artist are to each
  other) is evidence of copying a protected *expression*: the case copyright law is built for,
  and the one Somepalli et al. (2022) and Carlini et al. (2023) found in real models.
* A generation that is merely **in the style** of an artist copies no single work. In most
  copyright systems style as such is not protected (the idea/expression distinction), yet it is
  exactly what costs the artist commissions when anyone can ask for "a painting in the style of" them.
* So the threshold is a policy choice: stricter (1st percentile) protects the provider from false
  accusations; looser protects artists. Whoever sets it should say whom each error harms, and
  style imitation needs another remedy (consent, opt-out before training, payment; lessons 31 and 38).
"""


def _share(styles, style) -> float:
    styles = list(styles)
    return sum(s == style for s in styles) / len(styles) if styles else float("nan")


def check_opt_out(fn) -> None:
    """``fn(before, after, style) -> (difference, within_noise)``: ``before``/``after`` are the
    styles the classifier reads in the generations of the old and the opted-out model; the
    difference is share(after) - share(before) of ``style``; ``within_noise`` is True when the
    difference lies within 1.96 unpooled standard errors,
    ``sqrt(p_b (1 - p_b) / n_b + p_a (1 - p_a) / n_a)``, of zero.

    Rejects counts instead of shares, before - after, "any change is real", the variance instead
    of the standard error, one group's standard error only, and a single number."""
    cases = [
        (["rings"] * 16, ["rings"] * 15 + ["shards"], "16 vs 15 of 16 read as rings"),
        (["rings"] * 16, ["rings"] * 4 + ["shards"] * 6 + [""] * 6, "16 vs 4 of 16 read as rings"),
        (["rings"] * 16, ["rings"] * 16, "16 of 16 both times (edge case: no variation at all)"),
        (["rings"] * 30 + ["dots"] * 10, ["rings"] * 5 + ["dots"] * 5, "30 of 40 vs 5 of 10 (different sizes)"),
        (["dots"] * 18 + ["rings"] * 2, ["rings"] * 12 + ["dots"] * 8, "2 of 20 vs 12 of 20 (an increase)"),
    ]

    def body():
        for before, after, label in cases:
            got = call(fn, list(before), list(after), "rings")
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if isinstance(got, (str, bytes)) or np.ndim(got) == 0 or len(got) != 2:
                raise Feedback(f"your function returned {got!r}; expected a pair (difference, within_noise).",
                               "return two things: `return difference, within_noise`.")
            diff, within = got
            diff = number(diff, what="the difference")
            if not isinstance(within, (bool, np.bool_)):
                raise Feedback(f"for {label}: within_noise is {within!r}; expected True or False.",
                               "compare: abs(difference) <= 1.96 * standard_error gives a bool.")
            pb, pa = _share(before, "rings"), _share(after, "rings")
            nb, na = len(before), len(after)
            want = pa - pb
            se = np.sqrt(pb * (1 - pb) / nb + pa * (1 - pa) / na)
            if not np.isclose(diff, want, atol=1e-9):
                cb, ca = pb * nb, pa * na
                if np.isclose(diff, ca - cb) and not np.isclose(want, ca - cb):
                    raise Feedback(f"for {label}: your difference {diff:g} is a difference of COUNTS; the two "
                                   f"models were asked {nb} and {na} times.",
                                   "compare shares: the number read as the style divided by the number of generations.")
                if np.isclose(diff, -want):
                    raise Feedback(f"for {label}: your difference {diff:.3f} has the wrong sign: the share fell "
                                   f"from {pb:.3f} to {pa:.3f}." if want < 0 else
                                   f"for {label}: your difference {diff:.3f} has the wrong sign: the share rose "
                                   f"from {pb:.3f} to {pa:.3f}.",
                                   "difference = share AFTER minus share BEFORE (negative when the opt-out reduced it).")
                raise Feedback(f"for {label}: your difference is {diff:.3f}; the shares read as rings are "
                               f"{pb:.3f} before and {pa:.3f} after.",
                               "share = (number of generations read as the style) / (number of generations).")
            expect = bool(abs(want) <= 1.96 * se + 1e-12)
            if bool(within) != expect:
                if not within and want != 0 and expect:
                    raise Feedback(f"for {label}: a change of {want:+.3f} is within sampling noise "
                                   f"(1.96 standard errors = {1.96 * se:.3f}), yet you called it real.",
                                   "with a few dozen generations a share moves by chance, so not every difference "
                                   "is real. Compare abs(difference) with 1.96 * se, where se is the square root "
                                   "(not the variance) of p_b(1 - p_b)/n_b + p_a(1 - p_a)/n_a: BOTH groups vary.")
                if not within and want == 0:
                    raise Feedback(f"for {label}: the difference is 0, which is always within noise "
                                   "(even when the standard error is 0).",
                                   "use <=, not <: abs(difference) <= 1.96 * standard_error.")
                var = pb * (1 - pb) / nb + pa * (1 - pa) / na
                sb = np.sqrt(pb * (1 - pb) / nb)
                hint = ("the standard error of a difference adds BOTH groups' variances, "
                        "p(1 - p)/n each, and takes the square root of the sum; then compare abs(difference) "
                        "with 1.96 times it.")
                if abs(want) > 1.96 * var or abs(want) > 1.96 * sb:
                    hint = ("did you use the variance instead of the standard error, or one group's "
                            "standard error only? " + hint)
                raise Feedback(f"for {label}: the difference {want:+.3f} is {'within' if expect else 'outside'} "
                               f"1.96 standard errors ({1.96 * se:.3f}), but you said within_noise={bool(within)}.",
                               hint)
        return ("your before/after comparison measures the change in shares and tells a real change "
                "from sampling noise.")
    run_check("check_opt_out", fn, body, expected="a function returning a pair (difference, within_noise)")


DISCUSSIONS["opt-out-promise"] = """\
**What may a provider promise an artist who opts out?** A good answer separates what the
provider controls from what it does not.

* **Future training runs:** "your works will not be in the data of models trained after date X"
  is a promise a provider can keep and an auditor can check against the data manifest.
* **Models already trained:** deleting the works and fine-tuning changed nothing measurable in
  this lesson. An honest provider says so, or promises a *measured* outcome ("prompts naming you
  are read as your style in under N % of generations, tested on M samples") and publishes the test,
  with its sampling noise, rather than "your art has been removed".
* **Out of its hands:** copies of released weights, fine-tunes by others, images already made, and
  the style learned from other artists' imitations. A promise that hides these gives the artist
  a false sense of protection (rights and duties: the duty is honesty about the limits).
"""


def _tr_cases():
    """(distances of watermarked images, distances of unmarked ones, label): smaller = watermarked."""
    rng = np.random.default_rng(33)
    return [
        (np.array([1.0, 2.0, 3.0]), np.array([2.5, 4.0, 5.0, 6.0]), "3 watermarked vs 4 unmarked"),
        (np.array([2.0, 2.0, 7.0]), np.array([2.0, 5.0]), "ties between watermarked and unmarked"),
        (rng.normal(20, 3, 40), rng.normal(30, 3, 60), "40 vs 60 noisy distances"),
        (np.array([0.01, 0.12, 0.2, 4.0]), rng.permutation(np.arange(150.0) / 10 + 0.05), "4 vs 150 (1.5 false positives allowed at 1 %)"),
    ]


def _auc_from_distances(d_pos, d_neg) -> float:
    d_pos, d_neg = np.asarray(d_pos, float)[:, None], np.asarray(d_neg, float)[None, :]
    return float((d_pos < d_neg).mean() + 0.5 * (d_pos == d_neg).mean())


def _tpr_from_distances(d_pos, d_neg, fpr) -> float:
    u = np.sort(np.asarray(d_neg, float))
    k = int(np.floor(fpr * u.size + 1e-9))
    return 1.0 if k >= u.size else float((np.asarray(d_pos) < u[k]).mean())


def check_tree_ring(fn) -> None:
    """``fn(d_marked, d_unmarked) -> AUC``, where a SMALLER Tree-Ring distance means "watermarked":
    the chance that a random watermarked image is closer to the key than a random unmarked one,
    ties counting half. Rejects the flipped direction (1 - AUC), ignored or fully counted ties,
    and a percentage."""
    def body():
        for dp, dn, label in _tr_cases():
            got = number(call(fn, dp.copy(), dn.copy()))
            want = _auc_from_distances(dp, dn)
            if np.isclose(got, want, atol=1e-9):
                continue
            if np.isclose(got, 1 - want) and not np.isclose(want, 0.5):
                raise Feedback(f"for {label}: your AUC {got:.3f} is 1 minus the right one: you treated a LARGE "
                               "distance as 'watermarked'.",
                               "Tree-Ring's distance is small when the key is present; use the score -distance "
                               "(or count pairs where the watermarked distance is SMALLER).")
            if np.isclose(got, 100 * want):
                raise Feedback(f"for {label}: you returned {got:.1f}, a percentage; an AUC is between 0 and 1.")
            ties = float((dp[:, None] == dn[None, :]).mean())
            if ties and np.isclose(got, want - 0.5 * ties):
                raise Feedback(f"for {label}: you left out the ties (equal distances); they count one half.",
                               "AUC = mean(d_pos < d_neg) + 0.5 * mean(d_pos == d_neg) over all pairs.")
            if ties and np.isclose(got, want + 0.5 * ties):
                raise Feedback(f"for {label}: you counted ties (equal distances) as wins; they count one half.",
                               "AUC = mean(d_pos < d_neg) + 0.5 * mean(d_pos == d_neg) over all pairs.")
            raise Feedback(f"for {label}: your AUC is {got:.3f}, expected {want:.3f}.",
                           "compare every watermarked distance with every unmarked one (np.subtract.outer or "
                           "broadcasting) and take the share of pairs where the watermarked one is smaller.")
        return "your AUC reads the Tree-Ring distance the right way round and counts ties as half."
    run_check("check_tree_ring", fn, body, expected="a function returning one number (the AUC)")


def check_tree_ring_tpr(fn) -> None:
    """``fn(d_marked, d_unmarked, fpr) -> TPR``: an image is flagged when its distance is below a
    threshold chosen so that at most a share ``fpr`` of unmarked images are flagged, and the most
    watermarked ones are. Rejects one false positive too many, rounding up, interpolated
    quantiles, the flipped direction, returning the threshold, and a TPR over all images."""
    def body():
        for dp, dn, label in _tr_cases():
            for fpr in (0.01, 0.25):
                got = number(call(fn, dp.copy(), dn.copy(), fpr))
                want = _tpr_from_distances(dp, dn, fpr)
                if np.isclose(got, want, atol=1e-9):
                    continue
                u = np.sort(dn)
                k = int(np.floor(fpr * u.size + 1e-9))
                what = f"for {label} at FPR {fpr:.0%}"
                at_it = k < u.size and np.isclose(got, float((dp <= u[k]).mean()))
                interp = np.isclose(got, float((dp < np.quantile(dn, fpr)).mean())) or \
                    np.isclose(got, float((dp <= np.quantile(dn, fpr)).mean()))
                if at_it and interp:
                    raise Feedback(f"{what}: your threshold flags more unmarked images than allowed: either it "
                                   "also flags the unmarked image AT the threshold (<= instead of <), or it comes "
                                   "from np.quantile, which interpolates between two distances.",
                                   "count: k = floor(fpr * n) unmarked images may be flagged; flag distance < "
                                   "np.sort(d_unmarked)[k] (strict <).")
                if at_it:
                    raise Feedback(f"{what}: your threshold also flags the unmarked image AT it: with k = {k} "
                                   f"false positives allowed, flagging 'distance <= the ({k + 1})-th smallest "
                                   "unmarked distance' lets k + 1 through.",
                                   "flag distance < the (k+1)-th smallest unmarked distance, k = floor(fpr * n) "
                                   "(np.sort(d_unmarked)[k], strict <).")
                kc = int(np.ceil(fpr * u.size - 1e-9))
                if kc != k and kc < u.size and np.isclose(got, float((dp < u[kc]).mean())):
                    raise Feedback(f"{what}: you rounded the allowed false positives UP ({fpr} * {u.size} = "
                                   f"{fpr * u.size:g} -> {kc}), more than the allowed {fpr:.0%}.",
                                   "round DOWN: k = floor(fpr * n).")
                if np.isclose(got, float((dp < np.quantile(dn, fpr)).mean())) or \
                        np.isclose(got, float((dp <= np.quantile(dn, fpr)).mean())):
                    raise Feedback(f"{what}: np.quantile interpolates between two distances, so your threshold "
                                   "is not a rule about how many unmarked images get flagged.",
                                   "count: sort the unmarked distances and use the (k+1)-th smallest, k = floor(fpr * n).")
                flipped = _tpr_from_distances(-dp, -dn, fpr)
                if np.isclose(got, flipped) and not np.isclose(flipped, want):
                    raise Feedback(f"{what}: you flagged LARGE distances; Tree-Ring's distance is small when the "
                                   "key is present.", "flag images whose distance is BELOW the threshold.")
                if np.isclose(got, 100 * want):
                    raise Feedback(f"{what}: you returned {got:.1f}, a percentage; a rate is between 0 and 1.")
                if k < u.size and (np.isclose(got, u[k]) or not 0 <= got <= 1):
                    raise Feedback(f"{what}: you returned {got:.3f}; expected the true-positive RATE (a share "
                                   "of the watermarked images), not the threshold.")
                raise Feedback(f"{what}: your TPR is {got:.3f}, expected {want:.3f}.",
                               "the TPR is the share of the WATERMARKED images below the threshold, "
                               "not of all images.")
        return ("your TPR at a fixed false-positive rate picks the threshold on the unmarked images "
                "and never accuses more of them than allowed.")
    run_check("check_tree_ring_tpr", fn, body, expected="a function returning one number (the TPR)")


DISCUSSIONS["tree-ring-open-weights"] = """\
**Is Tree-Ring useful when the weights are open?** Detection needs the same model (or a close
one) to invert an image back to its starting noise, and the key.

* **A closed service** (an API) can keep model and key private and answer "was this ours?". A
  detector that is accurate at 1 % false positives matters here: at the scale of a platform,
  1 % of honest images is a great many false accusations, which is why the course reports TPR at
  low FPR, not only AUC (Carlini et al. 2022 make the same point for membership inference).
* **Open weights:** anyone can sample their own starting noise, so nothing forces the key in; and
  whoever knows the key can plant it into images of their choice (forgery), or invert and
  resample to remove it. So a watermark is a courtesy of cooperating generators, not proof.
* Its absence proves nothing, its presence says "made by a cooperating generator with this key";
  signed provenance on authentic images (lesson 35) answers the question from the other side.
"""


def _toy_bench():
    """A small bench with edge cases: a TPR of exactly 0.9, a PSNR of exactly 30 dB, a method that
    survives nothing, and rows in no particular order."""
    rows = [  # method, attack, bit_acc, tpr_1fpr, auc, psnr_attack
        ("A", "none", 1.00, 1.00, 1.00, np.inf), ("A", "jpeg", 0.97, 0.90, 0.99, 38.0),
        ("A", "crop", 0.95, 0.95, 0.99, 12.0), ("A", "blur", 0.52, 0.05, 0.55, 30.0),
        ("A", "filter", 0.93, 0.10, 0.97, 33.0), ("B", "none", 0.80, 0.30, 0.90, np.inf),
        ("B", "jpeg", 0.91, 0.50, 0.95, 38.0), ("B", "crop", 0.60, 0.00, 0.50, 12.0),
        ("B", "blur", 0.55, 0.95, 0.99, 30.0), ("B", "filter", 0.50, 0.20, 0.60, 33.0)]
    df = pd.DataFrame(rows, columns=["method", "attack", "bit_acc", "tpr_1fpr", "auc", "psnr_attack"])
    df["psnr_embed"] = 40.0
    df.loc[df.method == "A", "psnr_embed"] = 29.0
    return df.sample(frac=1.0, random_state=0).reset_index(drop=True)


def _names(got, what: str) -> set:
    if got is None:
        raise Feedback(f"{what} returned None.", "did you forget `return`?")
    if isinstance(got, str):
        raise Feedback(f"{what} returned one string {got!r}; expected a list of attack names.",
                       "return a list, e.g. sorted(df.attack) or list(...)")
    if hasattr(got, "columns"):
        raise Feedback(f"{what} returned a table; expected a list of attack NAMES.",
                       "take the column: list(rows.attack).")
    if isinstance(got, (set, frozenset, dict)):
        return {str(x) for x in got}
    if np.ndim(got) == 0:
        raise Feedback(f"{what} returned {got!r}; expected a list of attack names, not a count.",
                       "return the names: list(rows.attack).")
    return {str(x) for x in got}


def _bench_cases():
    real = load_attack_bench()
    return [(real, "course"), (real, "dwtDctSvd"), (real, "tree-ring"), (_toy_bench(), "A"), (_toy_bench(), "B")]


def check_attack_bench(fn) -> None:
    """``fn(bench, method, min_tpr) -> attack names`` where ``method`` keeps a TPR at 1 % FPR of at
    least ``min_tpr`` (the row "none" is no attack and is left out). Rejects bit accuracy or AUC
    instead of the TPR, "none" included, > instead of >=, all methods pooled, and a count."""
    def body():
        for bench, method in _bench_cases():
            got = _names(call(fn, bench.copy(), method, 0.9), "your function")
            rows = bench[(bench.method == method) & (bench.attack != "none")]
            want = set(rows.attack[rows.tpr_1fpr >= 0.9])
            if got == want:
                continue
            label = f"method {method!r}" + (" (the small test bench)" if len(bench) < 20 else "")
            if got == want | {"none"}:
                raise Feedback(f"for {label}: you listed 'none', which is no attack: it is the clean baseline.",
                               "leave out the row attack == 'none'.")
            for col, why in (("bit_acc", "bit accuracy says how many payload bits come back; chance is 0.5, and "
                                         "a detector that accuses 1 % of honest images needs more"),
                             ("auc", "the AUC averages over all thresholds, including ones that accuse many honest "
                                     "images")):
                if got == set(rows.attack[rows[col] >= 0.9]) and got != want:
                    raise Feedback(f"for {label}: you read the column {col!r}; {why}.",
                                   "use the column 'tpr_1fpr' (TPR at 1 % false positives).")
            if got == set(rows.attack[rows.tpr_1fpr > 0.9]):
                raise Feedback(f"for {label}: an attack with a TPR of exactly 0.9 counts as survived "
                               "('at least min_tpr').", "use >=, not >.")
            others = bench[bench.attack != "none"]
            if got == set(others.attack[others.tpr_1fpr >= 0.9]) or got == set(bench.attack[bench.tpr_1fpr >= 0.9]):
                raise Feedback(f"for {label}: you pooled all methods; keep only the rows of the method asked for.",
                               "bench[bench.method == method].")
            missing, extra = sorted(want - got), sorted(got - want)
            raise Feedback(f"for {label}: missing {missing}, not survived {extra}.",
                           "rows of this method, without 'none', whose tpr_1fpr >= min_tpr.")
        return "you read the bench the right way: per method, TPR at 1 % FPR, the clean row left out."
    run_check("check_attack_bench", fn, body, expected="a function returning a list of attack names")


def check_attack_bench_cheap(fn) -> None:
    """``fn(bench, method, max_tpr, min_psnr) -> attack names`` that BREAK ``method`` (TPR at 1 %
    FPR at most ``max_tpr``) while keeping the attacked image's PSNR at least ``min_psnr`` dB.
    Rejects ignoring quality, the embedding PSNR instead of the attack's, "broken" read as bit
    accuracy near 0, and strict comparisons at the edges."""
    def body():
        cases = _bench_cases()
        answers = [_names(call(fn, b.copy(), m, 0.1, 30.0), "your function") for b, m in cases]
        for (b, m), got in zip(cases, answers):
            r = b[(b.method == m) & (b.attack != "none")]
            if got != set(r.attack[(r.tpr_1fpr <= 0.1) & (r.psnr_attack >= 30.0)]) and \
                    all(g == set(rr.attack[(rr.tpr_1fpr <= 0.1) & (rr.psnr_embed >= 30.0)])
                        for (bb, mm), g in zip(cases, answers)
                        for rr in [bb[(bb.method == mm) & (bb.attack != "none")]]):
                raise Feedback("psnr_embed is the cost of the WATERMARK (watermarked vs original); "
                               "the attack's cost is psnr_attack.", "use the column 'psnr_attack'.")
        for (bench, method), got in zip(cases, answers):
            rows = bench[(bench.method == method) & (bench.attack != "none")]
            broken = rows.tpr_1fpr <= 0.1
            want = set(rows.attack[broken & (rows.psnr_attack >= 30.0)])
            if got == want:
                continue
            label = f"method {method!r}" + (" (the small test bench)" if len(bench) < 20 else "")
            if got == set(rows.attack[broken]) and got != want:
                raise Feedback(f"for {label}: you left out the quality condition: a crop that leaves 12 dB "
                               "of PSNR destroys the picture; an attacker wants attacks that cost nothing visible.",
                               "also require psnr_attack >= min_psnr.")
            if got == set(rows.attack[(rows.tpr_1fpr < 0.1) & (rows.psnr_attack > 30.0)]) or \
                    got == set(rows.attack[(rows.tpr_1fpr < 0.1) & (rows.psnr_attack >= 30.0)]) or \
                    got == set(rows.attack[broken & (rows.psnr_attack > 30.0)]):
                raise Feedback(f"for {label}: the limits are inclusive: a TPR of exactly max_tpr counts as broken "
                               "and a PSNR of exactly min_psnr as acceptable.", "use <= and >=.")
            if got == set(rows.attack[(rows.bit_acc <= 0.1) & (rows.psnr_attack >= 30.0)]):
                raise Feedback(f"for {label}: a broken watermark has a bit accuracy near 0.5 (chance), not 0; "
                               "and 'detected' is decided by the TPR at 1 % FPR.", "use tpr_1fpr <= max_tpr.")
            missing, extra = sorted(want - got), sorted(got - want)
            raise Feedback(f"for {label}: missing {missing}, wrongly included {extra}.",
                           "rows of this method with tpr_1fpr <= max_tpr and psnr_attack >= min_psnr.")
        return ("you found the attacks that remove the watermark at no visible cost: the ones a "
                "watermark's users should worry about.")
    run_check("check_attack_bench_cheap", fn, body, expected="a function returning a list of attack names")


DISCUSSIONS["bench-claims"] = """\
**What may a provider claim?** "Robust watermark" is a claim about a list of attacks, so the
list is part of the claim.

* Honest wording names the attacks and the operating point: "detected in at least 90 % of images
  at 1 % false positives after JPEG down to quality 25, resizing, blur and noise; *not* after
  low-pass filtering or resizing to 32 × 32, which leave the image looking the same."
* The attacks that break a method **at no visible cost** are what matters to the people who rely
  on it (a newsroom, a platform, the person depicted in a fake). Crops or rotations that wreck the
  picture are weaker evidence of weakness.
* Adaptive attacks (designed by someone who knows the method) and regeneration belong in every
  bench; a bench of only standard attacks flatters every method. And the bench is small (128
  images per class, one set of generations): its numbers have sampling noise too.
"""


@functools.lru_cache(maxsize=1)
def _credential_cases() -> tuple:
    """(file bytes, trust anchor, expected verdict, what it is), made with a fresh test chain."""
    rng = np.random.default_rng(35)
    img = Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8))
    creds, other = P.make_test_credentials(), P.make_test_credentials()
    root = creds["root_pem"]
    labelled = P.label_image(img)
    signed = P.sign(labelled, creds)
    return (
        (signed, root, "generated", "a generated image signed by the trusted chain"),
        (P.sign(P.label_image(img, source_type="digitalCapture"), creds, source_type="digitalCapture"), root,
         "not generated", "a camera capture signed by the trusted chain"),
        (P.tamper(signed, offset=P.pixel_offset(signed)), root, "tampered", "a signed image with one pixel bit flipped"),
        (P.resave(signed), root, "no credentials", "a signed image re-saved with PIL"),
        (labelled, root, "no credentials", "an image with only an (unsigned) XMP label saying 'generated'"),
        (P.label_image(img, source_type="digitalCapture"), root, "no credentials",
         "an image with only an (unsigned) XMP label saying 'camera capture'"),
        (P.sign(labelled, other), root, "unknown signer", "an image signed by another, untrusted chain"),
        (signed, None, "unknown signer", "a signed image checked by a reader who trusts no root (edge case)"),
    )


VERDICTS = ("generated", "not generated", "unknown signer", "tampered", "no credentials")


def check_content_credentials(fn) -> None:
    """``fn(data, trust_anchor) -> verdict`` in :data:`VERDICTS`, using ``provenance.verify``: a
    Trusted manifest says "generated" or "not generated" by its digital source type; Valid is an
    "unknown signer"; Invalid is "tampered"; Missing is "no credentials". Rejects trusting a Valid
    signature, reading the unsigned XMP label, absence read as authenticity, the source type
    ignored, tampering not flagged, and the trust anchor dropped."""
    def body():
        for data, anchor, want, label in _credential_cases():
            got = call(fn, data, anchor)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if not isinstance(got, str) or got not in VERDICTS:
                raise Feedback(f"for {label}: your function returned {got!r}; expected one of {list(VERDICTS)}.",
                               "return exactly one of these strings.")
            if got == want:
                continue
            if want == "unknown signer" and got in ("generated", "not generated"):
                hint = ("a reader who trusts no root cannot call anything trusted." if anchor is None else
                        "only state 'Trusted' means the signer chains to a root you trust.")
                raise Feedback(f"for {label}: you believed the manifest, but its state is 'Valid': the file is "
                               "intact, yet ANYONE can make a certificate and sign; a valid signature from an "
                               "unknown signer proves nothing about who made the image.", hint)
            try:
                lab = P.read_label(data).get("digital_source_type")
            except ValueError:
                lab = None
            lab_verdict = None if lab is None else ("generated" if lab == "trainedAlgorithmicMedia" else "not generated")
            if want == "no credentials" and got == lab_verdict:
                raise Feedback(f"for {label}: you believed a label that is not signed: anybody can write (or "
                               "forge) an XMP label, so it is not a credential.",
                               "decide from P.verify(data, trust_anchor=...)['state'], not from P.read_label.")
            if want == "no credentials":
                raise Feedback(f"for {label}: a missing manifest is not a verdict about the image; re-saving or "
                               "any upload that strips metadata removes it, so absence proves neither "
                               "authenticity nor tampering.", "state 'Missing' -> 'no credentials'.")
            if want == "tampered":
                raise Feedback(f"for {label}: the manifest no longer matches the pixels (state 'Invalid'): the "
                               "image was changed after signing; that must be flagged as 'tampered'.",
                               "state 'Invalid' -> 'tampered'.")
            if want == "not generated" and got == "generated":
                raise Feedback(f"for {label}: a trusted manifest can also say the image is NOT generated; read "
                               "what it claims.", "look at verify(...)['digital_source_type'] "
                               "('trainedAlgorithmicMedia' means generated).")
            if want in ("generated", "not generated") and got == "unknown signer":
                raise Feedback(f"for {label}: the signer chains to the trust anchor you were given, so the state "
                               "is 'Trusted'.", "pass it on: P.verify(data, trust_anchor=trust_anchor).")
            raise Feedback(f"for {label}: you said {got!r}, expected {want!r}.",
                           "decide from P.verify(data, trust_anchor=trust_anchor): its 'state' and, when "
                           "Trusted, its 'digital_source_type'.")
        return ("your verdicts detect tampering and trust only what chains to your root: an unsigned label, a "
                "valid signature from a stranger and a missing manifest prove nothing.")
    run_check("check_content_credentials", fn, body, expected="a function returning one of " + ", ".join(VERDICTS))


DISCUSSIONS["credentials-absence"] = """\
**What should a platform show when an image has no credentials?** Most images will have none:
re-saving, screenshots and most uploads strip the manifest, and old cameras and most generators
never add one.

* "No credentials" must not be shown as "fake", nor the lack of an AI label as "real". Otherwise
  honest photographers and their subjects are accused, and a forger just strips the manifest.
* A **Trusted** manifest is strong evidence of what its signer *claims*; show who signed and what
  was claimed. A **Valid** one from an unknown signer is only "someone signed this".
  **Invalid** (changed after signing) deserves a visible warning.
* So credentials help most where they are present, on authentic journalism and on generated
  media from cooperating providers; watermarks (lessons 32-34) and context cover the rest, and
  none of them is proof on its own.
"""


def _agreement_cases():
    """(scores, truth, expected top-1 share): outputs x contributors, N != C so that axes matter."""
    rng = np.random.default_rng(37)
    cases = []
    for n, c in ((20, 4), (9, 6), (30, 3)):
        truth = rng.gamma(1.0, 1.0, (n, c))
        scores = truth + rng.normal(0, 0.8, (n, c))
        cases.append((scores, truth, float((scores.argmax(1) == truth.argmax(1)).mean())))
    truth = rng.gamma(1.0, 1.0, (8, 5))
    cases.append((-truth, truth, 0.0))   # a method that ranks everyone backwards
    return cases


def check_top1_agreement(fn) -> None:
    """Exercise 1 of ``37_who_made_this``: ``fn(scores, truth) -> share`` of outputs (rows) for which the
    method's top contributor (largest score in the row) is the true top contributor (largest truth in
    the row). Rejects argmin, the wrong axis (per contributor instead of per output), a count instead
    of a share, and a correlation instead of top-1 agreement."""
    def body():
        for scores, truth, want in _agreement_cases():
            got = number(call(fn, scores.copy(), truth.copy()), what="your function")
            n, c = truth.shape
            if np.isclose(got, want * n) and not np.isclose(want, 0) and n != 1:
                raise Feedback(f"you returned {got:g}, the number of outputs where the two agree; report the "
                               "share (divide by the number of outputs), so that sets of different sizes compare.",
                               "np.mean(...) of a boolean array is the share.")
            if np.isclose(got, want):
                continue
            if np.isclose(got, float((scores.argmin(1) == truth.argmax(1)).mean())):
                raise Feedback("you took the contributor with the SMALLEST score: every score here is 'larger means "
                               "more influence'.", "use argmax along each row.")
            if c <= n and np.isclose(got, float((scores.argmax(0) == truth.argmax(0)).mean())):
                raise Feedback("you compared per contributor (columns: which output each contributor influenced "
                               "most), but attribution asks, for each output, which contributor it came from.",
                               "take argmax along axis=1 (one answer per row, i.e. per generated image).")
            raise Feedback(f"for a {n} x {c} case you returned {got:.3f}, expected {want:.3f} (the share of rows whose "
                           "largest score and largest truth are in the same column).",
                           "np.mean(scores.argmax(axis=1) == truth.argmax(axis=1)); a rank correlation answers a "
                           "different question.")
        return ("top-1 agreement counts an output as right only when the method names its most influential "
                "contributor; compare it with chance (1 / number of contributors) and with its interval.")
    run_check("check_top1_agreement", fn, body, expected="a function returning a share between 0 and 1")


def _floor_cases():
    rng = np.random.default_rng(38)
    change = rng.uniform(0.0, 0.2, (12, 4))
    floor = rng.uniform(0.05, 0.2, 12)
    change[0] = [0.01, 0.02, 0.03, 0.25]    # one strong contributor, mean below the floor
    floor[0] = 0.15
    change[1] = [0.10, 0.11, 0.12, 0.13]    # everyone a little, nobody above the floor
    floor[1] = 0.14
    return change, floor


def check_clear_truth(fn) -> None:
    """Exercise 2 of ``37_who_made_this``: ``fn(change, floor) -> boolean array (N,)``: an output has a
    clear ground truth when leaving out its most influential contributor changes it by more than
    retraining with another seed does (``change.max(axis=1) > floor``). Rejects the mean over
    contributors, one global maximum, a 2-D answer and the inverted comparison."""
    def body():
        change, floor = _floor_cases()
        got = call(fn, change.copy(), floor.copy())
        if got is None:
            raise Feedback("your function returned None.", "did you forget `return`?")
        got = np.asarray(got)
        want = change.max(1) > floor
        if got.shape != want.shape:
            raise Feedback(f"you returned shape {got.shape}; expected one True/False per output, shape {want.shape}.",
                           "reduce over the contributors (axis=1) before comparing with the floor.")
        got = got.astype(bool)
        if (got == want).all():
            return ("an output has a ground truth worth the name only where the strongest leave-one-out change "
                    "stands above the noise of retraining itself; elsewhere no method can be right or wrong.")
        if (got == (change.mean(1) > floor)).all():
            raise Feedback("you compared the MEAN change over contributors with the floor: one contributor can "
                           "matter a lot while the others do not (output 0 here).",
                           "use the largest change of each output.")
        if (got == ~want).all() or (got == (change.max(1) < floor)).all():
            raise Feedback("your comparison is the wrong way round: a clear truth is a change LARGER than the noise floor.")
        raise Feedback("for some outputs your answer differs from: largest leave-one-out change > the output's floor.",
                       "change.max(axis=1) > floor")
    run_check("check_clear_truth", fn, body, expected="a boolean array, one value per output")


DISCUSSIONS["attribution-royalties"] = """\
**Should royalties follow an attribution method?** Only as far as it has been checked against a
truth, and a truth exists only where someone can retrain.

* The counterfactual truth (leave a contributor out, retrain, see what changes) is what "this image
  came from you" means for a model; it costs one training run per contributor (and more to measure
  its noise), which a provider can afford for a commission of a few contributors but not for
  millions of works. Cheap methods are guesses at it, and lesson 37 measured how often each was right.
* For a *single image* the truth is itself noisy: retrained with another seed, the leave-one-out runs
  named another top contributor for about half the images. How much less likely an image becomes
  without a contributor is far more stable, and is the better basis for money.
* A method that reads *style* works where each artist has one distinctive style, and pays the wrong
  person where two share one; a nearest-neighbour method pays whoever's work looks "average"; summed
  scores pay volume. Such errors fall on the same people month after month, so they do not average out.
* Where the truth is unclear, a split by share of the works, or a flat fee, is more honest than a
  precise-looking attribution; and whoever chooses the method chooses the winners, so artists should
  be able to see and contest it.
"""
