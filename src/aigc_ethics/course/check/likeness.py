"""Checks for the likeness chapter."""

from __future__ import annotations

import numpy as np

from aigc_ethics.chapters.takedown import PDQ_THRESHOLD
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
