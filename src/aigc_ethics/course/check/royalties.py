"""Checks for lesson 38, paying creators (intellectual-property chapter)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from aigc_ethics.chapters.royalties import split_by_training, top_share
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


def check_top_share(fn) -> None:
    """``fn(payouts, fraction) -> float``: the share of the total paid to the top
    ``ceil(fraction * n)`` contributors. Rejects: the bottom instead of the top, rounding the
    number of contributors down, money instead of a share, no sorting, a list instead of a number."""
    def body():
        cases = [([5.0, 3.0, 1.0, 1.0], 0.25, "four contributors, top quarter"),
                 ([1.0, 9.0, 2.0, 30.0, 4.0, 0.0, 7.0, 3.0, 2.0, 1.0, 0.5, 6.0, 8.0, 2.5, 1.5], 0.1,
                  "15 contributors, top 10 % (= 2 of them)"),
                 ([2.0, 2.0, 2.0, 2.0], 0.5, "everyone paid the same"),
                 ([0.0, 0.0, 10.0], 1.0, "top 100 %")]
        for payouts, fraction, label in cases:
            x = np.array(payouts)
            got = call(fn, x.copy(), fraction)
            if isinstance(got, (list, tuple, np.ndarray, pd.Series)) and np.size(got) > 1:
                raise Feedback(f"for '{label}' you returned {np.size(got)} values; expected one number, the "
                               "share of the total.", "sum the top payouts and divide by the total.")
            got = number(got)
            want = top_share(x, fraction=fraction)
            k = math.ceil(fraction * x.size - 1e-9)
            s = np.sort(x)
            if np.isclose(got, want * x.sum()) and not np.isclose(x.sum(), 1):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the MONEY paid to the top, not their share.",
                               "divide by the total paid: top.sum() / payouts.sum().")
            if np.isclose(got, s[:k].sum() / x.sum()) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}: that is the share of the BOTTOM "
                               f"{k}, not the top.", "sort in descending order (np.sort(x)[::-1]) before taking k.")
            kf = max(1, math.floor(fraction * x.size))
            if np.isclose(got, s[::-1][:kf].sum() / x.sum()) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the share of the top {kf}; 10 % of 15 "
                               f"contributors is 1.5, which rounds UP to {k}.", "use math.ceil(fraction * n).")
            if np.isclose(got, x[:k].sum() / x.sum()) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}: the first {k} contributors in the list, "
                               "not the best-paid ones.", "sort the payouts first.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "k = math.ceil(fraction * n); share = sum of the k largest payouts / total.")
        return "your top share is right, including ties, rounding up and the whole population."
    run_check("check_top_share", fn, body, expected="a function returning one number")


def check_split_by_training(fn) -> None:
    """``fn(pool, works) -> pd.Series``: pay ``pool`` pro rata to each contributor's number of
    training works, keeping contributors with no works at 0. Rejects: an equal split, shares
    instead of money, dropping the contributor with no works, a list without names."""
    def body():
        cases = [(1000.0, pd.Series({"ada": 30, "bo": 10, "cy": 0, "dee": 60}), "one contributor with no works"),
                 (90.0, pd.Series({"x": 1, "y": 2}), "two contributors")]
        for pool, works, label in cases:
            got = call(fn, pool, works.copy())
            want = split_by_training(pool, works)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if not isinstance(got, pd.Series):
                values = np.asarray(got, dtype=float).ravel()
                if values.size == len(want) and np.allclose(values, want.to_numpy()):
                    raise Feedback("your numbers are right, but without the contributors' names nobody knows who "
                                   "gets which.", "return a pd.Series indexed like `works`, e.g. pool * works / works.sum().")
                raise Feedback(f"expected a pd.Series of payouts indexed by contributor, got {type(got).__name__}.")
            if set(got.index) != set(want.index):
                missing = sorted(set(want.index) - set(got.index))
                raise Feedback(f"for '{label}' your split has contributors {sorted(got.index)}; missing {missing}.",
                               "keep every contributor, even one with no works (who gets 0).")
            got = got.reindex(want.index).astype(float)
            if np.allclose(got, pool / len(works)):
                raise Feedback(f"for '{label}' everyone gets {pool / len(works):.2f}: an equal split ignores how "
                               "many works each contributed.", "weight by works / works.sum().")
            if np.allclose(got, want / pool) and not np.isclose(pool, 1):
                raise Feedback(f"for '{label}' your values sum to {got.sum():.2f}: these are shares, not money.",
                               "multiply the shares by the pool.")
            if not np.allclose(got, want):
                raise Feedback(f"for '{label}' you paid {got.round(2).to_dict()}, expected {want.round(2).to_dict()}.",
                               "payout = pool * works / works.sum().")
        return "pro-rata by training works, money adds up to the pool, and the contributor with no works gets 0."
    run_check("check_split_by_training", fn, body, expected="a function returning a pd.Series")


DISCUSSIONS["which-royalty-rule"] = """\
There is no neutral rule; each one rewards something different and each can be gamed.
**Training share** pays for what went in: it is the easiest to audit and the only one of the three
that pays the long tail, but it pays equally for works the model never draws on, and rewards
uploading volume. **Attribution** pays for what comes out, which matches the intuition of
"compensation for use", but it is only as good as the attribution method: here a style classifier
credits the model's *default* styles even when nobody asked for them, and it cannot see the tail
at all. **Prompt naming** pays fame: the artists users already know, and nothing when nobody is
named, although those generations still use everyone's work. Real schemes mix rules (Adobe's bonus
mixes works in the training set with licences sold; Getty's mixes a per-file share with past
licensing revenue), and the seed paper's "consent, credit and compensation" asks for all three:
a payment rule does not replace consent (an opt-in like STIM's) or credit.
"""
