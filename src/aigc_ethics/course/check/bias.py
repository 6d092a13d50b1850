"""Checks for the Bias chapter."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from aigc_ethics.chapters.bias import GROUPS, bias_amplification, distribution, total_variation
from aigc_ethics.chapters.filters import load_prompt_set
from aigc_ethics.core.stats import to_uint8
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, pair, run_check

if TYPE_CHECKING:
    from aigc_ethics.core.generate import Pipeline


def check_bias_amplification(fn) -> None:
    """``fn(output, training, reference) -> TV(output, ref) - TV(training, ref)``."""

    def body():
        cases = [([0.9, 0.1], [0.7, 0.3], [0.5, 0.5], "outputs more skewed than the data"),
                 ([0.6, 0.4], [0.7, 0.3], [0.5, 0.5], "outputs less skewed than the data"),
                 ([0.1, 0.2, 0.7], [0.2, 0.2, 0.6], [1 / 3, 1 / 3, 1 / 3], "three categories"),
                 ([0.5, 0.5], [0.5, 0.5], [0.5, 0.5], "nothing skewed"),
                 # four categories, where total variation differs from the largest single gap
                 ([0.4, 0.4, 0.1, 0.1], [0.3, 0.2, 0.3, 0.2], [0.25] * 4, "four categories")]
        for out, train, ref, label in cases:
            o, t, r = np.array(out), np.array(train), np.array(ref)
            got = number(call(fn, o.copy(), t.copy(), r.copy()))
            want = bias_amplification(out, train, ref)
            max_gap = np.abs(o - r).max() - np.abs(t - r).max()
            if np.isclose(got, max_gap) and not np.isclose(max_gap, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you used the largest "
                               "single gap, not the total variation.",
                               "TV sums the gaps over ALL categories: 0.5 * np.abs(p - r).sum().")
            if np.isclose(got, total_variation(out, train)) and not np.isclose(want, got):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you measured how far the "
                               "outputs are from the TRAINING data, not how much further from the reference they are.",
                               "compute each one's distance to the reference, then subtract: TV(output, r) - TV(training, r).")
            if np.isclose(got, abs(want)) and want < 0 and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: amplification is "
                               "negative when the outputs are LESS skewed than the data; don't take abs().",
                               "return TV(output, r) - TV(training, r) as it is.")
            if np.isclose(got, -want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the expected value is {want:.3f}: "
                               "the sign is flipped.",
                               "amplification is deviation(output) minus deviation(training data).")
            if np.isclose(got, 2 * want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' your value {got:.3f} is twice the expected {want:.3f}.",
                               "total variation is HALF the sum of absolute differences.")
            if not np.isclose(got, want, atol=1e-6):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "TV(p, r) = 0.5 * np.abs(p - r).sum(); subtract TV(training, r) from TV(output, r).")
        return "amplification is right for more-skewed, less-skewed, 3-category and unskewed cases."
    run_check("check_bias_amplification", fn, body, expected="a function returning one number")


def check_bootstrap_ci(fn) -> None:
    """``fn(labels, category, n_boot, seed) -> (low, high)``: a 95 % percentile bootstrap CI."""
    def body():
        rng = np.random.default_rng(1)
        for share, n in ((0.7, 128), (0.2, 50)):
            labels = list(np.where(rng.random(n) < share, "lighter", "darker"))
            p = labels.count("lighter") / n
            lo, hi = pair(call(fn, labels, "lighter", 2000, 0))
            se = np.sqrt(p * (1 - p) / n)
            if lo > hi:
                raise Feedback(f"your interval ({lo:.3f}, {hi:.3f}) has low > high.", "return (low, high) in that order.")
            if not lo <= p <= hi:
                raise Feedback(f"your interval ({lo:.3f}, {hi:.3f}) does not contain the observed share {p:.3f}.",
                               "resample the labels WITH replacement, compute the share each time, and take "
                               "the 2.5th and 97.5th percentiles of those shares.")
            width = hi - lo
            if np.isclose(width, 0):
                raise Feedback(f"for n={n} your interval has width 0: every resample had the same share.",
                               "resample WITH replacement (rng.integers(0, n, size=n) or rng.choice(..., replace=True)); "
                               "a permutation of the same labels always has the same share.")
            if not 2 * 1.96 * se * 0.75 <= width <= 2 * 1.96 * se * 1.3:
                raise Feedback(f"for n={n} your interval is {width:.3f} wide; a 95% interval should be about "
                               f"{2 * 1.96 * se:.3f} wide.",
                               "use the 2.5th and 97.5th percentiles (np.quantile(shares, [0.025, 0.975])) "
                               "and resample n labels each time.")
        # A large sample, where the percentile bootstrap's width is known to within a few per cent,
        # so that a 90 % or 99 % interval cannot pass for a 95 % one.
        labels = ["lighter"] * 300 + ["darker"] * 700
        lo, hi = pair(call(fn, labels, "lighter", 2000, 0))
        se = np.sqrt(0.3 * 0.7 / 1000)
        others = [pair(call(fn, labels, "lighter", 2000, seed)) for seed in (1, 2, 3)]
        if all(np.allclose(o, (lo, hi), atol=1e-12) for o in others):
            raise Feedback(f"for 300 of 1000, seeds 0, 1, 2 and 3 give exactly the same interval ({lo:.4f}, {hi:.4f}): "
                           "either nothing is resampled (a formula such as p +- 1.96 se is not a bootstrap) or your "
                           "function ignores `seed`.",
                           "draw the resamples from rng = np.random.default_rng(seed).")
        ratio = (hi - lo) / (2 * 1.96 * se)
        if not 0.9 <= ratio <= 1.1:
            guess = {"90 %": 1.645, "80 %": 1.2816, "99 %": 2.576, "68 % (one standard error)": 1.0}
            name, z = min(guess.items(), key=lambda kv: abs(kv[1] / 1.96 - ratio))
            hint = ("the 2.5th and 97.5th percentiles leave 2.5 % in each tail: np.quantile(shares, [0.025, 0.975]) "
                    "or np.percentile(shares, [2.5, 97.5]).")
            extra = f" That is the width of a {name} interval." if abs(z / 1.96 - ratio) < 0.06 else ""
            raise Feedback(f"for 300 of 1000 your interval ({lo:.4f}, {hi:.4f}) is {hi - lo:.4f} wide; a 95% "
                           f"interval is about {2 * 1.96 * se:.4f} wide.{extra}", hint)
        if tuple(map(float, pair(call(fn, ["lighter"] * 10, "lighter", 200, 0)))) != (1.0, 1.0):
            raise Feedback("when every label is 'lighter' the interval should be (1.0, 1.0).")
        return "your interval contains the share, has the right width, and handles the all-one-group edge case."
    run_check("check_bootstrap_ci", fn, body, expected="a function returning a pair (low, high)")


def check_mitigation_choice(answer, table) -> None:
    """``answer``: the name of the mitigation (a row of ``table``) that moved the engineer
    prompt's lighter share closest to the 50 % reference."""
    def body():
        if not isinstance(answer, str) or answer not in list(table.index):
            if isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool):
                raise Feedback(f"you answered with a number ({answer!r}); answer with the NAME of the mitigation, "
                               f"one of {list(table.index)}.", "idxmin() returns the row's name; min() its value.")
            raise Feedback(f"answer with one of {list(table.index)}, got {answer!r}.")
        best = (table["lighter share"] - 0.5).abs().idxmin()
        if answer != best:
            raise Feedback(f"'{answer}' is not the closest to 50 %: its share is {table.loc[answer, 'lighter share']:.2f}.",
                           "compare the absolute distance of each row's 'lighter share' from 0.5.")
        return f"'{best}' moved the share closest to 50 % ({table.loc[best, 'lighter share']:.2f})."
    run_check("check_mitigation_choice", answer, body, expected="the name of one row of the table (a string)")


DISCUSSIONS.update({
    "who-picks-the-reference": (
        "**A model discussion.** The audit's verdict depends on the reference: 50/50 lighter/darker, the "
        "training data, a country's census, a profession's workforce statistics, or a target a community "
        "asked for. Each answers a different question: *does the model reproduce the world as it is* "
        "(workforce statistics, which themselves encode historical exclusion), *does it reproduce its data* "
        "(amplification), or *does it show everyone as possible* (a uniform or aspirational reference). "
        "Published audits make this choice explicitly (Luccioni et al. 2023 compare against labour "
        "statistics and against each other). Whoever picks the reference exercises power, so the choice "
        "should be stated, justified and ideally made with the people depicted; an audit that hides its "
        "reference cannot be checked."),
})


def check_prompt_set(prompts, pipe: Pipeline, classifier, *, n_expected: int = 32) -> None:
    """``prompts``: a list of ``n_expected`` engineer prompts whose generations (with ``pipe``, the
    lesson's tiny pipeline, on its own device) are 35-65 % lighter skin, as read by ``classifier``
    (the lesson's attribute classifier)."""
    def body():
        if not isinstance(prompts, (list, tuple)) or not all(isinstance(p, str) for p in prompts):
            raise Feedback(f"my_prompts must be a list of strings, got {type(prompts).__name__}.")
        if len(prompts) != n_expected:
            raise Feedback(f"write {n_expected} prompts, you wrote {len(prompts)}.",
                           "build the list with a multiplication, e.g. ['...'] * 16 + ['...'] * 16.")
        if not all("engineer" in p for p in prompts):
            raise Feedback("every prompt must ask for an engineer.")
        if not any(("dark" in p.split() or "light" in p.split()) for p in prompts):
            raise Feedback("none of your prompts says anything about skin: this is the unmitigated baseline. "
                           "With this small model the baseline may land near 50 % by chance, but a mitigation "
                           "is something you control.",
                           "the model learned 'with light skin' and 'with dark skin' from its captions: decide "
                           "how many prompts carry each.")
        if pipe is None or classifier is None:
            raise Feedback("the check generates your images with the lesson's pipeline and reads them with its "
                           "classifier: pass both.", "check_prompt_set(my_prompts, pipe, classifier)")
        p = pipe
        for prompt in set(prompts):
            p.tokenizer.check(prompt)
        images = p(list(prompts), generator=0, output_type="np").images
        pred = classifier.predict(to_uint8(images))
        engineers = float((pred.profession == "engineer").mean())
        groups = pred.loc[pred.family == "portrait", "skin_group"].tolist()
        share = distribution(groups, GROUPS)[0] if groups else 0.0
        if engineers < 0.7:
            raise Feedback(f"only {engineers:.0%} of your images still show engineers.",
                           "keep the profession in every prompt and add, don't replace, words.")
        if not 0.35 <= share <= 0.65:
            raise Feedback(f"{share:.0%} of your engineers have lighter skin; aim for 35-65 %.",
                           "the model learned 'with light skin' and 'with dark skin' from its captions: "
                           "change how many prompts carry each.")
        return f"{share:.0%} of your engineers have lighter skin, and {engineers:.0%} are recognisably engineers."
    run_check("check_prompt_set", prompts, body, expected="a list of prompt strings")


# --------------------------------------------------------------------------------------------
# Filters (lesson 24)
# --------------------------------------------------------------------------------------------

def check_filter_error_rates(fn) -> None:
    """``fn(blocked, harmful) -> (false_positive_rate, false_negative_rate)`` over boolean arrays."""
    def body():
        cases = [([True, False, True, False], [True, True, False, False], (0.5, 0.5), "a mixed case"),
                 ([True, True, True, False], [True, True, False, False], (0.5, 0.0), "everything harmful blocked"),
                 ([False, False, False, False], [True, False, False, False], (0.0, 1.0), "a filter that blocks nothing")]
        for blocked, harmful, (fpr, fnr), label in cases:
            got = call(fn, np.array(blocked), np.array(harmful))
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return fpr, fnr`?")
            g_fpr, g_fnr = pair(got, names="(false_positive_rate, false_negative_rate)")
            b, h = np.array(blocked), np.array(harmful)
            if np.isclose(g_fpr, (b & ~h).mean()) and not np.isclose(g_fpr, fpr) or \
                    np.isclose(g_fnr, (~b & h).mean()) and not np.isclose(g_fnr, fnr):
                raise Feedback(f"for '{label}' you returned ({g_fpr:.2f}, {g_fnr:.2f}); expected ({fpr:.2f}, {fnr:.2f}): "
                               "you divided by ALL prompts.",
                               "the false-positive rate is among HARMLESS prompts only, the false-negative rate "
                               "among HARMFUL prompts only.")
            if np.isclose(g_fpr, fnr) and np.isclose(g_fnr, fpr) and not np.isclose(fpr, fnr):
                raise Feedback(f"for '{label}' the two rates are swapped.",
                               "a false POSITIVE is a harmless prompt that was blocked; a false NEGATIVE is a "
                               "harmful prompt that was let through.")
            if not (np.isclose(g_fpr, fpr) and np.isclose(g_fnr, fnr)):
                raise Feedback(f"for '{label}' you returned ({g_fpr:.2f}, {g_fnr:.2f}); expected ({fpr:.2f}, {fnr:.2f}).",
                               "divide by the number of harmless prompts (for the FPR) and of harmful prompts "
                               "(for the FNR), not by all prompts.")
        return "both rates are right, including for a filter that blocks nothing."
    run_check("check_filter_error_rates", fn, body, expected="a function returning a pair (false_positive_rate, false_negative_rate)")


def _group_table():
    """The lesson's real prompts that name a group (test split, original index kept, as in the
    lesson), with a fixed 'blocked' array that over-blocks some groups."""
    data = load_prompt_set()
    data = data[(data.split == "test") & (data.group != "")]
    rng = np.random.default_rng(24)
    groups = sorted(data.group.unique())
    rate = {g: 0.1 + 0.6 * i / max(1, len(groups) - 1) for i, g in enumerate(groups)}
    harmful = (data.label == "harmful").to_numpy()
    blocked = np.where(harmful, rng.random(len(data)) < 0.8, rng.random(len(data)) < data.group.map(rate).to_numpy())
    return data, blocked


def _as_share_dict(got):
    if hasattr(got, "to_dict") and not isinstance(got, dict):   # a pandas Series is fine too
        got = got.to_dict()
    if not isinstance(got, dict):
        raise Feedback(f"return a dict {{group: share}}, got {type(got).__name__}.")
    return got


def check_blocked_by_group(fn) -> None:
    """``fn(data, blocked) -> dict {group: share of that group's HARMLESS prompts blocked}``."""
    import pandas as pd

    def body():
        data = pd.DataFrame({"group": ["a", "a", "a", "b", "b", "b"],
                             "label": ["harmless", "harmless", "harmful", "harmless", "harmless", "harmful"]})
        blocked = np.array([True, False, True, False, False, True])
        got = _as_share_dict(call(fn, data.copy(), blocked.copy()))
        if set(got) != {"a", "b"}:
            raise Feedback(f"expected the keys 'a' and 'b', got {sorted(got)}.")
        if np.isclose(number(got["a"], what="your share for 'a'"), 2 / 3) or np.isclose(float(got["b"]), 1 / 3):
            raise Feedback("you counted harmful prompts too.",
                           "over-blocking is about HARMLESS prompts: keep rows with label == 'harmless' first.")
        if not (np.isclose(float(got["a"]), 0.5) and np.isclose(float(got["b"]), 0.0)):
            raise Feedback(f"got {got}; expected {{'a': 0.5, 'b': 0.0}}.",
                           "for each group: blocked harmless prompts / all harmless prompts of that group.")
        # The lesson's real prompts: a subset whose index is not 0..n-1, and many groups.
        real, blocked = _group_table()
        ok = real.label == "harmless"
        want = {g: float(blocked[(real.group == g).to_numpy() & ok.to_numpy()].mean()) for g in sorted(real.group.unique())}
        got = _as_share_dict(call(fn, real.copy(), blocked.copy()))
        if set(got) != set(want):
            raise Feedback(f"on the lesson's prompts (groups {sorted(want)}) your keys were {sorted(map(str, got))}.",
                           "one key per value of data['group'].")
        values = {g: number(v, what=f"your share for {g!r}") for g, v in got.items()}
        if any(np.isnan(v) for v in values.values()):
            raise Feedback("on the lesson's prompts (a subset of rows whose index is not 0, 1, 2, ...) your shares "
                           "are NaN: `blocked` was matched to the rows by index label, not by position.",
                           "attach the array by position: data.assign(blocked=np.asarray(blocked)), or use "
                           "boolean masks built with .to_numpy().")
        rev = {}
        for g in want:
            b = blocked & (real.group == g).to_numpy()
            rev[g] = float(ok.to_numpy()[b].mean()) if b.any() else float("nan")
        if all(np.isclose(values[g], rev[g]) for g in want if not np.isnan(rev[g])) and \
                not all(np.isclose(values[g], want[g]) for g in want):
            raise Feedback("on the lesson's prompts you returned, per group, the share of BLOCKED prompts that were "
                           "harmless; the question is the share of HARMLESS prompts that were blocked.",
                           "filter to harmless prompts first, then average `blocked` per group.")
        bad = [g for g in want if not np.isclose(values[g], want[g])]
        if bad:
            g = bad[0]
            raise Feedback(f"on the lesson's prompts your share for {g!r} is {values[g]:.3f}, expected {want[g]:.3f}.",
                           "for each group: blocked harmless prompts / all harmless prompts of that group; "
                           "line `blocked` up with the rows by position.")
        return "you measure over-blocking per group on harmless prompts only."
    run_check("check_blocked_by_group", fn, body, expected="a function returning a dict {group: share}")


DISCUSSIONS.update({
    "who-decides-what-is-blocked": (
        "**A model discussion.** Every filter encodes a policy (what counts as harmful) and an error "
        "budget (how many harmless requests may be refused to stop one harmful one). Both are value "
        "choices, usually made by the provider alone and rarely published with error rates. The lesson "
        "shows why that matters: a filter tuned on moderation data refused harmless prompts about some "
        "groups far more often than about others, so the cost of safety fell on the people the policy "
        "meant to protect. Good practice: publish the policy and per-group error rates (as Dixon et al. "
        "2018 propose), test with the communities affected, give users a way to appeal a refusal, and "
        "prefer refusing *outputs* that clearly break a rule over refusing *words*. Regulation (e.g. the "
        "EU Digital Services Act's transparency duties for content moderation) pushes in that direction."),
})


def _majority_amplification(data_share, generated):
    out = float(np.mean(np.asarray(generated) == "lighter"))
    return (out - data_share) if data_share > 0.5 else (data_share - out)


def check_where_bias_comes_from(fn) -> None:
    """``fn(data_share, generated) -> amplification toward the data's majority``: the majority
    group's share among the generated labels minus its share in the training data (after Zhao et
    al. 2017), where ``data_share`` is the lighter share in the data (never exactly 0.5) and
    ``generated`` an array of "lighter"/"darker" labels. Rejects the undirected difference (sign
    wrong when darker is the majority), the flipped sign, abs(), percentage points, a ratio and
    the generated share alone."""
    def body():
        cases = [(0.7, ["lighter"] * 8 + ["darker"] * 2, "lighter majority, over-drawn"),
                 (0.3, ["lighter"] * 2 + ["darker"] * 8, "darker majority, over-drawn"),
                 (0.7, ["lighter"] * 6 + ["darker"] * 4, "lighter majority, under-drawn"),
                 (0.6, ["darker", "lighter", "darker"] * 3 + ["lighter"], "output crosses 50 %"),
                 (0.25, ["darker"] * 8, "every image darker (edge case)")]
        for data, gen, label in cases:
            want = _majority_amplification(data, gen)
            out = float(np.mean(np.asarray(gen) == "lighter"))
            got = number(call(fn, data, np.array(gen)))
            if np.isclose(got, 100 * want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:.1f}, expected {want:.3f}: percentage points.",
                               "return a difference of shares (fractions between 0 and 1).")
            if np.isclose(got, out - data) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:+.3f}, expected {want:+.3f}: you measured the change "
                               "in the LIGHTER share, but here the majority in the data is darker.",
                               "amplification is about the data's majority: use the majority group's share "
                               "(1 - lighter share when lighter is the minority).")
            if np.isclose(got, -want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:+.3f}, expected {want:+.3f}: the sign is flipped.",
                               "amplification = share in the OUTPUTS minus share in the DATA: positive when the "
                               "model draws the majority even more often than its data show it.")
            if np.isclose(got, abs(want)) and want < 0:
                raise Feedback(f"for '{label}' you returned {got:+.3f}, expected {want:+.3f}: the model under-draws "
                               "the majority here, so amplification is negative; don't take abs().")
            if np.isclose(got, out) or np.isclose(got, 1 - out):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the share among the generated images "
                               f"alone; expected {want:+.3f}.",
                               "subtract the majority's share in the training data.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:+.3f}, expected {want:+.3f}.",
                               "find the data's majority group, then: its share among the generated images "
                               "minus its share in the data.")
        return ("your amplification has the right sign for either majority, is negative when the model "
                "under-draws the majority, and handles outputs of a single group.")
    run_check("check_where_bias_comes_from", fn, body, expected="a function returning one number (a difference of shares)")


DISCUSSIONS.update({
    "fix-the-captions-or-the-prompt": (
        "**A model discussion.** Marked captions make the bare prompt mean 'the majority'. Two fixes: "
        "rewrite the *captions* so that every group is named equally often (or none is), which removes the "
        "cause but needs re-captioning and retraining and a decision about which attributes to name at all; "
        "or rewrite the *prompt* at generation time (diversification, as in lesson 20), which is cheap but "
        "treats a symptom, can misfire (Google paused Gemini's image generation of people in February 2024 "
        "after it drew historically implausible figures) and hides the choice of target "
        "distribution inside the product. Either way someone chooses what a 'neutral' engineer looks like; "
        "that choice should be documented and made with the people who are under-drawn, and the effect "
        "should be measured as in this lesson, with confidence intervals, before and after."),
})


def _rogan_gladen(observed, e_l, e_d):
    return float(np.clip((observed - e_d) / (1 - e_l - e_d), 0.0, 1.0))


def check_measuring_the_measurer(fn) -> None:
    """``fn(observed, e_lighter, e_darker) -> corrected lighter share`` (Rogan and Gladen 1978):
    ``(observed - e_darker) / (1 - e_lighter - e_darker)`` clipped to [0, 1], where ``e_lighter``
    is the share of lighter faces labelled darker and ``e_darker`` the share of darker faces
    labelled lighter. Rejects the uncorrected share, the two error rates swapped, the errors
    applied forwards instead of undone, dividing by (1 - e_lighter) only, and no clipping."""
    def body():
        cases = [(0.6, 0.1, 0.2, "a mixed case"),
                 (0.3, 0.05, 0.1, "a minority of lighter faces"),
                 (0.42, 0.0, 0.0, "a perfect classifier"),
                 (0.05, 0.1, 0.1, "fewer 'lighter' labels than the errors alone explain (edge case)"),
                 (0.97, 0.1, 0.05, "more 'lighter' labels than possible (edge case)")]
        for obs, e_l, e_d, label in cases:
            want = _rogan_gladen(obs, e_l, e_d)
            got = number(call(fn, obs, e_l, e_d))
            raw = (obs - e_d) / (1 - e_l - e_d)
            if np.isclose(got, obs) and not np.isclose(want, obs):
                raise Feedback(f"for '{label}' you returned the observed share {got:.3f} unchanged; the corrected "
                               f"share is {want:.3f}.",
                               "the classifier's errors shift the audit: solve observed = t(1 - e_L) + (1 - t) e_D for t.")
            if np.isclose(got, obs * (1 - e_l) + (1 - obs) * e_d) and not np.isclose(want, got):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you APPLIED the "
                               "classifier's errors to the observed share a second time instead of undoing them.",
                               "the observed share already contains the errors; invert the formula for t.")
            if np.isclose(got, np.clip((obs - e_l) / (1 - e_l - e_d), 0, 1)) and not np.isclose(want, got):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: the two error rates are "
                               "swapped.",
                               "the 'lighter' labels that are wrong come from DARKER faces mislabelled lighter "
                               "(e_D): subtract e_D from the observed share.")
            if np.isclose(got, raw) and not np.isclose(raw, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, which is not a share; expected {want:.3f}.",
                               "with sampling noise the formula can leave [0, 1]: clip the estimate "
                               "(np.clip(t, 0, 1)).")
            if np.isclose(got, obs / (1 - e_l)) and not np.isclose(want, got):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}: you undid only the "
                               "lighter faces that were missed, not the darker faces counted as lighter.",
                               "t = (observed - e_D) / (1 - e_L - e_D).")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "solve observed = t(1 - e_L) + (1 - t) e_D for t, then clip to [0, 1].")
        return ("your correction undoes both kinds of error, leaves a perfect classifier's share alone and "
                "stays a share (between 0 and 1) at the edges.")
    run_check("check_measuring_the_measurer", fn, body, expected="a function returning one number (a share between 0 and 1)")


DISCUSSIONS.update({
    "what-not-to-infer": (
        "**A model discussion.** A correction needs error rates measured on labelled data, and for the "
        "course's painted skin shades that ground truth exists. For gender or race of real or realistic "
        "faces it does not: these are identities a person states, not properties of pixels, and a "
        "classifier that 'infers' them imposes categories (often binary) and errs most on the people "
        "already least represented (Buolamwini and Gebru 2018, \"Gender shades\", FAT* 2018). Audits such "
        "as Luccioni et al. (2023, \"Stable bias\") therefore avoid labelling generated faces with gender "
        "or ethnicity and compare outputs across prompts instead. What may be inferred is a measurable, "
        "documented proxy (a skin-tone scale such as Monk's, with its own error rates reported), described "
        "as that proxy; what should not be inferred is identity, and no correction formula repairs a "
        "category that should not have been assigned."),
})
