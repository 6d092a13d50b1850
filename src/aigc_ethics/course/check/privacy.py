"""Checks for the Privacy chapter."""

from __future__ import annotations

import numpy as np

from aigc_ethics.core.stats import tpr_at_fpr
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


def check_extraction_rate(fn) -> None:
    """``fn(distances, threshold) -> fraction of samples strictly closer than threshold``."""
    def body():
        cases = [(np.array([0.01, 0.2, 0.03, 0.5]), 0.05, 0.5, "two of four close"),
                 (np.array([0.3, 0.4]), 0.05, 0.0, "none close"),
                 (np.array([0.05, 0.01]), 0.05, 0.5, "a distance exactly at the threshold")]
        for d, thr, want, label in cases:
            got = number(call(fn, d, thr))
            if label.startswith("a distance exactly") and np.isclose(got, 1.0):
                raise Feedback("a sample exactly AT the threshold counted as extracted.",
                               "extracted means strictly closer: use <, not <=.")
            if np.isclose(got, 1 - want) and not np.isclose(want, 0.5):
                raise Feedback(f"for '{label}' you returned {got:.2f}, expected {want:.2f}.",
                               "did you count samples FARTHER than the threshold? Extracted means closer.")
            if np.isclose(got, float(d.size * want)) and d.size * want != want:
                raise Feedback(f"for '{label}' you returned a count ({got:.0f}); return a fraction.",
                               "divide by the number of samples, or use .mean() on the boolean array.")
            if not np.isclose(got, want):
                hint = ("a sample exactly AT the threshold is not closer than it: use <, not <=."
                        if label.startswith("a distance exactly") else "(distances < threshold).mean()")
                raise Feedback(f"for '{label}' you returned {got:.2f}, expected {want:.2f}.", hint)
        return "your rate counts samples strictly closer than the threshold, as a fraction."
    run_check("check_extraction_rate", fn, body, expected="a function returning one number (a fraction)")


def check_tpr_at_fpr(fn) -> None:
    """``fn(scores, labels, fpr) -> true-positive rate at the best threshold with FPR <= fpr``."""

    def body():
        rng = np.random.default_rng(0)
        cases = [(np.r_[rng.normal(1, 1, 200), rng.normal(0, 1, 200)], np.r_[np.ones(200), np.zeros(200)], 0.01),
                 (np.r_[rng.normal(2, 1, 100), rng.normal(0, 1, 300)], np.r_[np.ones(100), np.zeros(300)], 0.1),
                 (np.array([3.0, 2.0, 1.0, 0.0]), np.array([1, 1, 0, 0]), 0.0)]
        # Cases where fpr * (number of negatives) is not a whole number (1.5 and 12.5 false
        # positives allowed), so rounding up, taking the k-th instead of the (k+1)-th score, or an
        # interpolated quantile give a different answer from "at most fpr".
        rng2 = np.random.default_rng(7)
        cases += [(np.r_[rng2.normal(1.5, 1, 120), rng2.normal(0, 1, 150)], np.r_[np.ones(120), np.zeros(150)], 0.01),
                  (np.r_[rng2.normal(1, 1, 90), rng2.normal(0, 1, 250)], np.r_[np.ones(90), np.zeros(250)], 0.05),
                  # whole-number scores with ties between members and non-members (e.g. counts):
                  # one threshold too low lets a second non-member through AND gains members
                  (np.r_[[148.0] * 3 + [149.0, 150.0] + [10.0] * 5, np.arange(150.0)],
                   np.r_[np.ones(10), np.zeros(150)], 0.01)]
        for scores, labels, fpr in cases:
            want = tpr_at_fpr(scores, labels, fpr=fpr)
            got = number(call(fn, scores, labels.astype(bool), fpr))
            neg = np.sort(scores[labels == 0])[::-1]
            pos = scores[labels == 1]
            k = int(np.floor(fpr * neg.size + 1e-9))
            if k + 1 <= neg.size and np.isclose(got, float((pos >= neg[k]).mean())) and not np.isclose(got, want):
                raise Feedback(f"at FPR {fpr} with {neg.size} negatives you returned {got:.3f}, expected {want:.3f}: "
                               f"your threshold lets {k + 1} negatives through, but only {fpr} * {neg.size} = "
                               f"{fpr * neg.size:g} may be false positives.",
                               "the false-positive rate must be AT MOST fpr: round the allowed number of false "
                               "positives down, and with '>=' the threshold is just above the (k+1)-th largest "
                               "negative score.")
            flipped = tpr_at_fpr(-scores, labels, fpr=fpr)
            if np.isclose(got, flipped) and not np.isclose(want, flipped):
                raise Feedback(f"at FPR {fpr} you returned {got:.3f}, expected {want:.3f}: the sign looks flipped.",
                               "a HIGHER score means 'member': count scores >= threshold as positive.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"at FPR {fpr} ({neg.size} negatives) you returned {got:.3f}, expected {want:.3f}.",
                               "try every score of a non-member... or simply: for each candidate threshold t "
                               "compute FPR = mean(neg >= t) and TPR = mean(pos >= t); keep the largest TPR "
                               "among thresholds with FPR <= fpr (include a threshold above every score).")
        return "your TPR at a fixed FPR matches, including the perfect-separation edge case."
    run_check("check_tpr_at_fpr", fn, body, expected="a function returning one number (a rate between 0 and 1)")


def check_threshold_choice(threshold, pair_distances) -> None:
    """``threshold``: at most 1 % of distances between DIFFERENT training images fall below it,
    and it is not trivially small (at least half of the 1st percentile)."""
    def body():
        if threshold is None or threshold is Ellipsis:
            raise Feedback("set `threshold` to a number.")
        t = number(threshold, what="`threshold`")
        d = np.asarray(pair_distances, dtype=float)
        q01 = float(np.quantile(d, 0.01))
        share = float((d < t).mean())
        if share > 0.5:
            raise Feedback(f"{share:.1%} of pairs of DIFFERENT training images are closer than {t:.3f}: you took a "
                           "HIGH percentile; copies are the pairs that are unusually CLOSE.",
                           "np.quantile(pairs, 0.01) is the 1st percentile; np.quantile(pairs, 0.99) the 99th.")
        if share > 0.01 + 1e-9:
            raise Feedback(f"{share:.1%} of pairs of DIFFERENT training images are closer than {t:.3f}: "
                           "at that threshold distinct portraits would count as copies.",
                           "use a low percentile of the distribution, e.g. np.quantile(pairs, 0.01).")
        if t < 0.5 * q01:
            hint = "derive it from the data: a low percentile of the distinct-pair distances."
            if np.isclose(t, np.percentile(d, 0.01)) or np.isclose(t, np.percentile(d, 0.1)):
                hint = ("np.percentile takes PERCENT (1 for the 1st percentile); np.quantile takes a fraction "
                        "(0.01).")
            raise Feedback(f"{t:.3f} is far below the 1st percentile ({q01:.3f}): you would only catch "
                           "pixel-perfect copies.", hint)
        return f"threshold {t:.3f}: {share:.1%} of distinct pairs fall below it."
    run_check("check_threshold_choice", threshold, body, expected="one number (a distance)")


DISCUSSIONS.update({
    "erasure-from-a-model": (
        "**A model discussion.** Deleting the photo from the dataset is easy; deleting its influence from a "
        "trained model is not. The lesson showed that a duplicated, named portrait can be pulled back out, so "
        "the model itself holds personal data. The GDPR's right to erasure (Regulation (EU) 2016/679, Art. 17) "
        "and data-protection authorities' guidance push providers to act, but the options are costly or "
        "partial: retrain without the data (certain but expensive), fine-tune it away or 'unlearn' it "
        "(cheaper, but hard to verify: the extraction and membership tests of this chapter are how one would "
        "check), or block the name at the prompt (easy, but the weights still contain it). Prevention is "
        "cheaper than cure: deduplicate, remove names and captions that identify private people, honour "
        "opt-outs before training, and train with differential privacy where the data are sensitive."),
})


def _auc_ties(m, n, tie):
    m, n = np.asarray(m, float)[:, None], np.asarray(n, float)[None, :]
    return float((m < n).mean() + tie * (m == n).mean())


def check_membership_inference(fn) -> None:
    """``fn(member_losses, nonmember_losses) -> AUC`` of the loss attack, where a LOWER loss means
    'member': the chance that a random member has a lower loss than a random non-member, ties
    counting half. Rejects the flipped convention (1 - AUC), ties counted as 0 or 1, a percentage,
    a per-pair array and the difference of mean losses."""
    def body():
        cases = [([0.1, 0.5], [0.3, 0.7], "a mixed case"),
                 ([0.1, 0.3, 0.35], [0.2, 0.5], "three members, two non-members"),
                 ([0.2, 0.4, 0.4], [0.2, 0.4], "tied losses"),
                 ([0.1, 0.2, 0.3], [0.4, 0.5, 0.6], "members all lower (perfect attack)"),
                 ([0.3, 0.3, 0.3], [0.3, 0.3], "every loss equal (edge case)")]
        for m, n, label in cases:
            want = _auc_ties(m, n, 0.5)
            got = number(call(fn, np.array(m), np.array(n)))
            if np.isclose(got, 100 * want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:.1f}, expected {want:.3f}: a percentage.",
                               "return the AUC as a fraction between 0 and 1.")
            if np.isclose(got, 1 - want) and not np.isclose(want, 0.5):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you treated a HIGH "
                               "loss as 'member'. The model fits its training images better, so members have "
                               "LOWER loss.",
                               "count member/non-member pairs where the member's loss is the SMALLER one "
                               "(or use the score -loss, higher = member).")
            for tie, what in ((0.0, "as a miss"), (1.0, "as a hit")):
                if np.isclose(got, _auc_ties(m, n, tie)) and not np.isclose(got, want):
                    raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you counted a "
                                   f"tie (equal losses) {what}.",
                                   "a tie is a coin flip for the attacker: count it as half a pair.")
            if np.isclose(got, np.mean(n) - np.mean(m)) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the difference of the mean losses; "
                               f"the AUC is {want:.3f}.",
                               "the AUC compares every member with every non-member, not the averages.")
            if not 0 <= got <= 1:
                raise Feedback(f"for '{label}' you returned {got:.3f}; an AUC lies between 0 and 1.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "compare every member with every non-member: the share of pairs where the "
                               "member's loss is lower, plus half the share of ties.")
        return ("your AUC is right with the 'lower loss = member' convention, with ties counting half, "
                "and 0.5 when every loss is equal.")
    run_check("check_membership_inference", fn, body, expected="a function returning one number (an AUC between 0 and 1)")


DISCUSSIONS.update({
    "membership-auc-enough": (
        "**A model discussion.** An average-case number like an AUC of 0.6 sounds close to guessing, but "
        "Carlini et al. (2022, \"Membership inference attacks from first principles\", §I) argue that the "
        "question for privacy is whether an attacker can name *some* people with confidence: the "
        "true-positive rate at a low false-positive rate. An attack with a modest AUC can still expose the "
        "outliers, often the people who were already unusual in the data (a rare condition, a rare face). "
        "The harm also depends on what membership reveals: being in a clinic's training set is sensitive, "
        "being in a stock-photo set much less so. And the miniature's numbers do not transfer: a small model "
        "trained on few images overfits more than a large pre-trained one, so a provider should report the "
        "attack that works best on *its* model, with confidence intervals, rather than cite ours."),
})


def _dp_max_tpr(epsilon, fpr, delta):
    e = np.exp(epsilon)
    return float(np.clip(min(e * fpr + delta, 1 - (1 - delta - fpr) / e), 0.0, 1.0))


def check_privacy_mitigations(fn) -> None:
    """``fn(epsilon, fpr, delta) -> the largest true-positive rate any membership attack can reach
    at false-positive rate fpr against an (epsilon, delta)-DP training run``: the smaller of
    ``e^eps * fpr + delta`` and ``1 - e^-eps * (1 - delta - fpr)``, at most 1 (the
    hypothesis-testing reading of DP, Kairouz, Oh and Viswanath 2015). Rejects epsilon used
    without the exponential, the first inequality alone, no cap at 1, delta left out, and
    e^-eps in place of e^eps."""
    def body():
        cases = [(1.0, 0.01, 1e-5, "epsilon 1 at 1 % FPR"),
                 (0.0, 0.2, 0.0, "epsilon 0 (edge case: no attack beats guessing)"),
                 (1.0, 0.5, 0.0, "epsilon 1 at 50 % FPR"),
                 (0.5, 0.05, 0.05, "a large delta"),
                 (8.0, 0.01, 1e-5, "epsilon 8 at 1 % FPR")]
        for eps, fpr, delta, label in cases:
            want = _dp_max_tpr(eps, fpr, delta)
            got = number(call(fn, eps, fpr, delta))
            e = np.exp(eps)
            if got > 1 + 1e-9:
                raise Feedback(f"for '{label}' you returned {got:.3f}: a true-positive rate cannot exceed 1.",
                               "cap the bound at 1: when it reaches 1, DP promises nothing at this FPR.")
            if np.isclose(got, min(1.0, eps * fpr + delta)) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}: epsilon bounds a RATIO of "
                               "probabilities by e^epsilon, not by epsilon itself.",
                               "use np.exp(epsilon).")
            if np.isclose(got, min(1.0, fpr / e + delta)) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}: you divided by "
                               "e^epsilon; DP lets an attacker's TPR be UP TO e^epsilon times its FPR.")
            if np.isclose(got, min(1.0, e * fpr + delta)) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}: you used only the first "
                               "inequality. DP also bounds the attack from the other side (swap the roles of the "
                               "two neighbouring data sets), which binds at large FPR.",
                               "return min(e^eps * fpr + delta, 1 - e^-eps * (1 - delta - fpr)), capped at 1.")
            if delta > 0 and np.isclose(got, _dp_max_tpr(eps, fpr, 0.0)) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}: delta is missing.",
                               "delta is the small probability with which the e^epsilon promise may fail: add it.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}.",
                               "min(e^eps * fpr + delta, 1 - e^-eps * (1 - delta - fpr)), capped at 1.")
        return ("your bound is right: at epsilon 0 no attack beats guessing, and at epsilon 8 the guarantee "
                "allows an attack that finds almost every member at 1 % FPR.")
    run_check("check_privacy_mitigations", fn, body, expected="a function returning one number (a rate between 0 and 1)")


DISCUSSIONS.update({
    "what-epsilon-promises": (
        "**A model discussion.** Epsilon is a worst-case bound per record: at epsilon 8 the bound "
        "allows an attack to find nearly every member at a 1 % false-positive rate, and at the lesson's "
        "epsilon of about 100 it promises nothing; real attacks usually do far worse than the bound, so a "
        "large epsilon is not proof of a leak either, only the absence of a guarantee. A record duplicated "
        "k times is protected only at about k times epsilon (group privacy), so the people with many copies, "
        "often the most photographed, get the least protection; deduplication has to come first. An honest "
        "report states epsilon *and* delta, the unit of privacy (image, person), the number of steps and "
        "the accountant, and the best measured attack with its confidence interval; the lesson's DP models "
        "trained from scratch did not learn the professions, so the utility cost has to be reported beside the "
        "guarantee, and for a model fine-tuned with DP, the public data it was pre-trained on: its quality comes "
        "from there, and that data is not covered by epsilon. "
        "Whether a value is 'private enough' is a judgement for the people in the data, not for the "
        "engineer alone."),
})
