"""Checks for the likeness chapter."""

from __future__ import annotations

import numpy as np

from aigc_ethics.chapters.takedown import PDQ_THRESHOLD
from aigc_ethics.core.stats import wilson_interval
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


def _true_threshold(nearest, max_false_rate):
    d = np.asarray(nearest)
    ok = [t for t in range(257) if (d <= t).mean() <= max_false_rate]
    return max(ok) if ok else -1


def check_takedown_by_hashing(answer) -> None:
    """Exercise 1 of ``63_takedown_by_hashing``: ``answer(nearest, max_false_rate)`` returns the
    largest integer threshold ``t`` (0-256) such that the share of unrelated images whose nearest
    listed hash is at most ``t`` bits away stays at or below ``max_false_rate``.

    Checked on three fresh sets of distances (not the lesson's). Rejects: ``<`` for ``<=``
    (one too high), the smallest threshold instead of the largest, the rate instead of the
    threshold, a list of thresholds, the literature's 31, a count instead of a share.
    """
    def body():
        rng = np.random.default_rng(63)
        cases = [(rng.integers(20, 130, 400), 0.01), (rng.integers(5, 90, 1000), 0.05),
                 (rng.integers(40, 140, 300), 0.0)]
        for nearest, rate in cases:
            want = _true_threshold(nearest, rate)
            got = call(answer, nearest.copy(), rate)
            if isinstance(got, (list, tuple, np.ndarray)) and np.ndim(got) > 0:
                raise Feedback("your function returned several values; expected one threshold (an integer).",
                               "return the largest acceptable threshold, not all of them.")
            got = number(got)
            if not float(got).is_integer() and 0 < got < 1:
                raise Feedback(f"you returned {got:.3g}, which looks like a rate; expected a threshold in bits "
                               f"(an integer from 0 to 256).", "return t, not the false-match rate at t.")
            if got == PDQ_THRESHOLD and want != PDQ_THRESHOLD:
                raise Feedback(f"you returned 31, the literature's default; on these distances the largest "
                               f"threshold within a false-match rate of {rate} is {want}.",
                               "compute the threshold from the distances you are given.")
            if got == want + 1:
                raise Feedback(f"one bit too high (you returned {int(got)}, expected {want}): a match means "
                               f"distance <= threshold, so count the distances equal to the threshold too.",
                               "use `<=` when you count false matches.")
            if got < want:
                raise Feedback(f"your threshold {got:g} is safe but not the largest: {want} still keeps the "
                               f"false-match rate at or below {rate}, and a lower threshold misses more edited "
                               f"copies of the victim's image.", "look for the largest t, not the smallest.")
            if got != want:
                raise Feedback(f"for these distances (false-match budget {rate}) expected {want}, got {got:g}; "
                               f"at your threshold {(np.asarray(nearest) <= got).mean():.3f} of unrelated "
                               f"images would be blocked.",
                               "the rate is a share of all unrelated images: mean(nearest <= t).")
        return ("right: the threshold is set by the false-match budget on unrelated images, and every edit "
                "that moves a copy further than that escapes the list.")
    run_check("check_takedown_by_hashing", answer, body, expected="one integer threshold")


DISCUSSIONS["takedown-threshold"] = """\
**Who should choose the threshold, and by which number?** A good answer names both kinds of error
and who bears each.

* **Too strict (low threshold):** re-uploads with a crop, a caption or a mirror slip through. The
  cost falls on the person in the image, who must find and report every copy again.
* **Too loose (high threshold):** unrelated images are blocked. In our synthetic world, portraits
  of *other* people drawn from the same template sit within a few bits; the cost falls on people
  who look alike, and on everybody's speech if the list is ever filled with non-NCII images.
* **Who decides:** platforms set thresholds privately today; an auditable rule would publish the
  false-match rate on a public benchmark and route near-threshold matches to human review instead
  of automatic blocking, and let people whose uploads were blocked appeal.
"""


def _verdict(hits_a, n_a, hits_b, n_b) -> str:
    a_low, a_high = wilson_interval(hits_a, n_a)
    b_low, b_high = wilson_interval(hits_b, n_b)
    if b_high < a_low:
        return "lower"
    if b_low > a_high:
        return "higher"
    return "not decidable"


#: (hits unprotected, n, hits protected, n): clear drops, a drop whose point estimate lies below the
#: other interval but whose own interval overlaps it, equal counts, a clear rise, a small n.
_DECIDE_CASES = ((18, 60, 2, 60), (15, 60, 8, 60), (15, 60, 10, 60), (6, 60, 22, 60), (3, 10, 0, 10),
                 (30, 60, 30, 60), (40, 200, 20, 200))


def check_protection_verdict(answer) -> None:
    """Exercise 1 of ``61_protective_perturbations``: ``answer(hits_a, n_a, hits_b, n_b)`` compares the
    identity match of a fine-tune on protected photos (``b``) with one on unprotected photos (``a``)
    and returns ``"lower"``, ``"higher"`` or ``"not decidable"``: decidable only when the two 95 %
    Wilson intervals (:func:`aigc_ethics.core.stats.wilson_interval`) do not overlap.

    Checked on seven pairs of counts (not the lesson's). Rejects: comparing point estimates only,
    asking only whether b's point estimate lies outside a's interval, the direction swapped, True/False
    instead of a word, always the same word.
    """
    def body():
        for hits_a, n_a, hits_b, n_b in _DECIDE_CASES:
            want = _verdict(hits_a, n_a, hits_b, n_b)
            got = call(answer, hits_a, n_a, hits_b, n_b)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if isinstance(got, (bool, np.bool_)):
                raise Feedback("your function returned True/False; expected one of 'lower', 'higher' or "
                               "'not decidable'.", "a difference can go either way, or be too small to tell.")
            if not isinstance(got, str) or got.strip().lower() not in ("lower", "higher", "not decidable"):
                raise Feedback(f"your function returned {got!r}; expected 'lower', 'higher' or 'not decidable'.")
            got = got.strip().lower()
            if got == want:
                continue
            pa, pb = hits_a / n_a, hits_b / n_b
            if want == "not decidable":
                raise Feedback(f"for {hits_a}/{n_a} unprotected and {hits_b}/{n_b} protected you said {got!r}, "
                               f"but the two 95 % Wilson intervals overlap ({_fmt(hits_a, n_a)} and "
                               f"{_fmt(hits_b, n_b)}): with this many images the difference "
                               f"({pa:.2f} vs {pb:.2f}) could be chance.",
                               "compare both intervals, not the point estimates, and not one point with one interval.")
            if got == "not decidable":
                raise Feedback(f"for {hits_a}/{n_a} and {hits_b}/{n_b} the intervals {_fmt(hits_a, n_a)} and "
                               f"{_fmt(hits_b, n_b)} do not overlap, so the difference is decidable: {want!r}.",
                               "call wilson_interval(hits, n) with counts, and test whether one interval lies "
                               "wholly below the other.")
            raise Feedback(f"for {hits_a}/{n_a} unprotected and {hits_b}/{n_b} protected you said {got!r}, "
                           f"expected {want!r}: the answer is about the *protected* fine-tune (b) relative to "
                           f"the unprotected one (a).", "is b lower or higher than a?")
        return ("right: a protection 'works' only when the protected fine-tune's interval lies wholly below the "
                "unprotected one; with 60 images per model, differences of ten points are usually not decidable.")
    run_check("check_protection_verdict", answer, body, expected="'lower', 'higher' or 'not decidable'")


def _fmt(hits, n) -> str:
    low, high = wilson_interval(hits, n)
    return f"{low:.2f}-{high:.2f}"


def _surviving(unprot, prot, unprot_t, prot_t) -> float:
    return (unprot_t - prot_t) / (unprot - prot)


#: (match unprotected, protected, unprotected after T, protected after T); the effect before T is > 0.
_SURVIVE_CASES = ((0.50, 0.10, 0.40, 0.35), (0.30, 0.05, 0.30, 0.05), (0.60, 0.20, 0.25, 0.20),
                  (0.45, 0.15, 0.35, 0.30))


def check_surviving_effect(answer) -> None:
    """Exercise 2 of ``61_protective_perturbations``: ``answer(unprot, prot, unprot_t, prot_t)`` returns the
    share of a protection's effect on identity match that survives a copier's transformation ``T``:
    the drop against the *control with the same transformation* divided by the drop without it,
    ``(unprot_t - prot_t) / (unprot - prot)``.

    Checked on four cases (not the lesson's). Rejects: comparing the transformed protected match with
    the untransformed unprotected one (no control), the ratio of the protected matches, the drop
    instead of the share, the share removed instead of the share surviving, percentages.
    """
    def body():
        for case in _SURVIVE_CASES:
            want = _surviving(*case)
            got = number(call(answer, *case))
            unprot, prot, unprot_t, prot_t = case
            if np.isclose(got, want, atol=1e-6):
                continue
            if np.isclose(got, (unprot - prot_t) / (unprot - prot), atol=1e-6) or np.isclose(got, unprot - prot_t, atol=1e-6):
                raise Feedback(f"for {case} you compared the transformed protected photos ({prot_t}) with the "
                               f"*untransformed* unprotected ones ({unprot}); the transformation alone changed "
                               f"the unprotected match to {unprot_t}, and that change is not the protection's.",
                               "use the control: the unprotected photos after the same transformation.")
            if np.isclose(got, unprot_t - prot_t, atol=1e-6):
                raise Feedback(f"you returned the drop after the transformation ({got:.3g}); expected the share of "
                               f"the original drop ({unprot - prot:.3g}) that is left.", "divide by the drop without T.")
            if np.isclose(got, 1 - want, atol=1e-6):
                raise Feedback(f"you returned the share *removed* ({got:.3g}); expected the share that survives "
                               f"({want:.3g}).", "1 means the protection is intact, 0 that it is gone.")
            if np.isclose(got, 100 * want, atol=1e-4):
                raise Feedback(f"you returned a percentage ({got:.3g}); expected a share (0 to 1).")
            raise Feedback(f"for {case} expected {want:.3g}, got {got:.3g}.",
                           "(unprotected after T - protected after T) / (unprotected - protected).")
        return ("right: the effect of a protection is always measured against the same copier step on unprotected "
                "photos; otherwise what the step itself does to the fine-tune is counted as protection.")
    run_check("check_surviving_effect", answer, body, expected="one number (a share)")


DISCUSSIONS["protective-perturbations"] = """\
**Should a person be told to protect their photos?** A good answer uses the lesson's numbers and
names who pays.

* **What it costs the person:** every posted photo carries the change (the lesson's PSNR/SSIM), on
  every platform, for ever; the person cannot update a protection after a copier downloaded it.
* **What it buys:** in the miniature, the budget at which a fine-tune failed to learn the person
  (if any) and whether that survived JPEG, a resize, a blur or a light regeneration; in the
  literature, Hönig et al. (2024) found published protections circumvented by simple steps such as
  noisy upscaling.
* **Who else should act:** the burden should not rest on the person depicted: consent rules for
  fine-tuning on a person's likeness (lesson 62), takedown of generated images (lesson 63), and the
  platforms and model hosts that can refuse fine-tunes of identifiable people. PhotoGuard's own
  authors argue that immunisation needs the model developers, not individual users.
"""
