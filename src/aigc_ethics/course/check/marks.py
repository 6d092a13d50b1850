"""Checks for lesson 36, memorised marks (intellectual-property chapter)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aigc_ethics.core.stats import wilson_interval
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, pair, run_check


def check_detector_errors(fn) -> None:
    """``fn(scores_unmarked, scores_marked, threshold) -> (false_positive_rate, false_negative_rate)``,
    where an image counts as marked when its score is at least ``threshold``. Rejects: rates taken on
    the wrong set (the false-positive rate from the marked images), the pair swapped, counts instead
    of rates, ``>`` instead of ``>=`` at the threshold, the true-positive rate instead of the
    false-negative rate, one number instead of a pair."""
    def body():
        cases = [(np.array([0.1, 0.7, 0.2, 0.3, 0.6]), np.array([0.9, 0.95, 0.4, 0.8]), 0.6,
                  "five unmarked and four marked images"),
                 (np.array([0.0, 0.1, 0.2, 0.65, 0.3, 0.1, 0.2, 0.1]), np.array([0.6, 0.9, 0.2]), 0.6,
                  "a marked score exactly at the threshold"),
                 (np.array([0.2, 0.3]), np.array([0.99, 0.98, 0.97]), 0.5, "no errors at all")]
        for neg, pos, t, label in cases:
            got = call(fn, neg.copy(), pos.copy(), t)
            if got is not None and np.ndim(got) == 0 and not isinstance(got, (str, bytes)):
                raise Feedback(f"for '{label}' you returned one number; a detector has TWO error rates.",
                               "return (false_positive_rate, false_negative_rate).")
            fpr, fnr = pair(got, names="(false_positive_rate, false_negative_rate)")
            want = (float(np.mean(neg >= t)), float(np.mean(pos < t)))
            if np.allclose((fpr, fnr), want):
                continue
            if np.allclose((fpr, fnr), (want[1], want[0])):
                raise Feedback(f"for '{label}' your pair is swapped: ({fpr:.3f}, {fnr:.3f}).",
                               "the first number is the false-positive rate (unmarked images flagged).")
            if np.isclose(fpr, np.mean(pos >= t)) and not np.isclose(fpr, want[0]):
                raise Feedback(f"for '{label}' your false-positive rate {fpr:.3f} was computed on the MARKED images "
                               "(that is the detection rate). A false positive is an image WITHOUT the mark that the "
                               "detector flags.", "fpr = mean(scores_unmarked >= threshold).")
            if np.isclose(fpr, np.sum(neg >= t)) and np.isclose(fnr, np.sum(pos < t)) and not np.allclose(
                    (fpr, fnr), want):
                raise Feedback(f"for '{label}' you returned counts ({fpr:.0f}, {fnr:.0f}), not rates.",
                               "divide by the number of images in each set (or use np.mean).")
            if np.isclose(fnr, np.mean(pos >= t)) and not np.isclose(fnr, want[1]):
                raise Feedback(f"for '{label}' your second number {fnr:.3f} is the share of marked images the detector "
                               "FINDS (true-positive rate), not the share it misses.", "fnr = mean(scores_marked < threshold).")
            if np.allclose((fpr, fnr), (np.mean(neg > t), np.mean(pos <= t))):
                raise Feedback(f"for '{label}' a score exactly at the threshold counts as marked (score >= threshold); "
                               f"you treated it as unmarked.", "use >= threshold for 'flagged'.")
            raise Feedback(f"for '{label}' you returned ({fpr:.3f}, {fnr:.3f}), expected ({want[0]:.3f}, {want[1]:.3f}).",
                           "fpr = mean(unmarked >= t); fnr = mean(marked < t).")
        return "false positives are counted on images without the mark, misses on images with it, at >= threshold."
    run_check("check_detector_errors", fn, body, expected="a function returning (false_positive_rate, false_negative_rate)")


def check_rate_with_interval(fn) -> None:
    """``fn(flags) -> (rate, low, high)``: the share of generations whose mark was detected and its
    95 % Wilson interval. Rejects: the rate alone, the Wald interval (p +- 1.96 se, which collapses
    to zero width at 0 and 1), a percentage, a count, the interval without the rate, a 68 % interval."""
    def body():
        cases = [(np.array([True] * 3 + [False] * 13), "3 of 16 marked"),
                 (np.zeros(24, dtype=bool), "none of 24 marked"),
                 (np.array([True] * 30 + [False] * 2), "30 of 32 marked")]
        for flags, label in cases:
            got = call(fn, flags.copy())
            k, n = int(flags.sum()), len(flags)
            p = k / n
            lo, hi = wilson_interval(k, n)
            if got is not None and np.ndim(got) == 0 and not isinstance(got, (str, bytes)):
                v = number(got)
                hint = "return (rate, low, high) with the Wilson interval: a rate from a few dozen images means little without it."
                if np.isclose(v, p):
                    raise Feedback(f"for '{label}' you returned the rate {v:.3f} alone, without an interval.", hint)
                raise Feedback(f"for '{label}' you returned one number ({v}); expected (rate, low, high).", hint)
            try:
                arr = np.asarray(got, dtype=float).ravel()
            except (TypeError, ValueError):
                raise Feedback(f"for '{label}' you returned {got!r}; expected three numbers (rate, low, high).") from None
            if arr.size == 2:
                raise Feedback(f"for '{label}' you returned two numbers; expected three: the rate, then the interval.",
                               "return (k / n, low, high).")
            if arr.size != 3:
                raise Feedback(f"for '{label}' you returned {arr.size} numbers; expected (rate, low, high).")
            rate, low, high = arr
            if np.isclose(rate, 100 * p) and p > 0:
                raise Feedback(f"for '{label}' your rate {rate:.1f} is a percentage; the check expects a share in [0, 1].",
                               "divide by 100 (or do not multiply).")
            if np.isclose(rate, k) and k > 1:
                raise Feedback(f"for '{label}' your rate {rate:.0f} is the count of marked images, not a share.",
                               "divide by the number of images.")
            if not np.isclose(rate, p, atol=1e-3):
                raise Feedback(f"for '{label}' your rate is {rate:.3f}, expected {p:.3f}.", "rate = flags.mean().")
            se = np.sqrt(p * (1 - p) / n)
            if np.allclose((low, high), (max(0.0, p - 1.96 * se), min(1.0, p + 1.96 * se)), atol=1e-3) \
                    and not np.allclose((low, high), (lo, hi), atol=1e-3):
                raise Feedback(f"for '{label}' you used the normal (Wald) interval p +- 1.96 se = ({low:.3f}, {high:.3f}); "
                               "for few images or a rate near 0 or 1 it is too narrow (zero width at 0 of n).",
                               "use the Wilson interval: aigc_ethics.stats.wilson_interval(k, n).")
            if not np.allclose((low, high), (lo, hi), atol=2e-3):
                lo68, hi68 = wilson_interval(k, n, level=0.68)
                if np.allclose((low, high), (lo68, hi68), atol=2e-3):
                    raise Feedback(f"for '{label}' your interval is the 68 % one; expected 95 %.", "level=0.95.")
                raise Feedback(f"for '{label}' your interval is ({low:.3f}, {high:.3f}), expected the 95 % Wilson "
                               f"interval ({lo:.3f}, {hi:.3f}).", "wilson_interval(k, n) from aigc_ethics.stats.")
        return "the rate with its 95 % Wilson interval, which stays honest at 0 of n and n of n."
    run_check("check_rate_with_interval", fn, body, expected="a function returning (rate, low, high)")


def _toy_attributes() -> pd.DataFrame:
    rows = ([{"artist": "", "stamped": False}] * 60
            + [{"artist": "quist", "stamped": i < 6} for i in range(20)]
            + [{"artist": "veltri", "stamped": i < 1} for i in range(10)]
            + [{"artist": "brenn", "stamped": False}] * 10)
    return pd.DataFrame(rows)


def check_share_of_works(fn) -> None:
    """``fn(attributes, artist) -> float``: the share of ``artist``'s own works that carry the mark.
    Rejects: the share of the whole training set, the artist's share of all stamped works, the
    share of all artworks, a count, a percentage."""
    def body():
        a = _toy_attributes()
        for artist in ("quist", "veltri", "brenn"):
            got = number(call(fn, a.copy(), artist))
            mine = a[a.artist == artist]
            k = int(mine.stamped.sum())
            want = k / len(mine)
            if np.isclose(got, want):
                continue
            if k and np.isclose(got, k / len(a)):
                raise Feedback(f"for {artist} you returned {got:.3f} = {k} stamped / {len(a)} images in the WHOLE training "
                               "set; the question is about the artist's works.",
                               f"divide by the artist's {len(mine)} works, not by every image.")
            if k and np.isclose(got, k / a.stamped.sum()):
                raise Feedback(f"for {artist} you returned {got:.3f}: the artist's share of all stamped works, not the "
                               "share of the artist's works that are stamped.", "k / (number of works by the artist).")
            if k and np.isclose(got, k / (a.artist != "").sum()):
                raise Feedback(f"for {artist} you returned {got:.3f}: stamped works over ALL artworks.",
                               "restrict the denominator to this artist's works.")
            if np.isclose(got, k) and k > 1:
                raise Feedback(f"for {artist} you returned the count {got:.0f}; expected a share.", "divide by the works.")
            if np.isclose(got, 100 * want):
                raise Feedback(f"for {artist} you returned a percentage ({got:.0f}); expected a share in [0, 1].")
            raise Feedback(f"for {artist} you returned {got:.3f}, expected {want:.3f}.",
                           "mine = attributes[attributes.artist == artist]; mine.stamped.mean().")
        return "the share of the artist's own works: 30 % of quist's works is under 6 % of this training set."
    run_check("check_share_of_works", fn, body, expected="a function returning one number")


DISCUSSIONS["marks-judge"] = """\
The mark in the output is *evidence about the training data*: the model could only have learned the
agency's box from works that carried it, so a reproduced mark says "works like these were in the
training set" even when nobody names the source. In the lesson it came back, mostly garbled, for
the source whose works all carried it, rarely for smaller shares, and a few times for prompts that
named nobody. It bears on two different claims. **Trade mark**: the output shows users a sign
identical or similar to a registered mark, in the course of trade, which may confuse them about
origin; that is the part of Getty's UK claim that succeeded (on a few historic examples from early
model versions; the claim that garbled marks harm the mark's reputation failed there).
**Copyright**: a mark is not the photograph, so it does not show that the model *stores* a copy; the
UK court held that the model weights were not an "infringing copy" (now on appeal). A responsible
provider would filter marked works from training data, or test outputs with a detector whose error
rates it publishes, and not rely on "users rarely prompt for it": the marks came without naming anyone.
"""
