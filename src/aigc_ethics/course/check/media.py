"""Checks for lesson ``64_video_and_voice`` (the likeness chapter): the base-rate arithmetic of a
deepfake detector, and its open question."""

from __future__ import annotations

import numpy as np

from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check

#: (sensitivity, specificity, prevalence, label) cases; the first is the lesson's own setting.
_CASES = ((0.95, 0.95, 0.001, "a good lab detector, one call in a thousand faked"),
          (0.80, 0.90, 0.05, "a weaker detector, one call in twenty faked"),
          (0.99, 0.999, 0.5, "half the calls faked"),
          (0.70, 0.60, 0.01, "a detector barely better than chance"))


def _ppv(sens: float, spec: float, prev: float) -> float:
    hits = sens * prev
    return hits / (hits + (1 - spec) * (1 - prev))


def check_flagged_share(fn) -> None:
    """``fn(sensitivity, specificity, prevalence) -> share of flagged calls that are deepfakes``
    (the precision, or positive predictive value, by Bayes' rule).

    Rejects, with a message naming the misconception: the accuracy, the prevalence, the
    sensitivity, the answer with the prevalence ignored, specificity used as the false-positive
    rate, a percentage instead of a fraction, and a list instead of one number. Accepts any way of
    writing Bayes' rule (counts per million calls, odds, numpy).
    """
    def body():
        for sens, spec, prev, label in _CASES:
            want = _ppv(sens, spec, prev)
            got = number(call(fn, sens, spec, prev))
            if np.isclose(got, 100 * want, rtol=1e-6):
                raise Feedback(f"for '{label}' you returned {got:.3g}, which is a percentage.",
                               "return a fraction between 0 and 1.")
            wrongs = {
                "accuracy": (sens * prev + spec * (1 - prev),
                             "that is the detector's accuracy (the share of ALL calls it labels correctly), "
                             "not the share of FLAGGED calls that are fakes; accuracy is high simply because most calls are real."),
                "prevalence": (prev, "that is the prevalence (the share of all calls that are fakes), before the "
                                     "detector has said anything."),
                "sensitivity": (sens, "that is the sensitivity (the share of fakes the detector flags): it answers "
                                      "'given a fake, how often is it flagged?', the reverse of the question."),
                "no prevalence": (sens / (sens + (1 - spec)),
                                  "your answer ignores the prevalence: it would be right only if half the calls were fakes."),
                "spec as FPR": (sens * prev / (sens * prev + spec * (1 - prev)),
                                "you used the specificity as the false-positive rate; a real call is flagged with "
                                "probability 1 - specificity."),
            }
            matches = [why for value, why in wrongs.values()
                       if np.isclose(got, value, rtol=1e-6) and not np.isclose(value, want, rtol=1e-6)]
            if len(matches) > 1:
                continue  # two misconceptions give this number here; a later case tells them apart
            if matches:
                raise Feedback(f"for '{label}' you returned {got:.4f}: {matches[0]}",
                               "flagged fakes = sensitivity x prevalence; flagged real calls = "
                               "(1 - specificity) x (1 - prevalence); divide the first by their sum.")
            if not np.isclose(got, want, rtol=1e-6):
                raise Feedback(f"for '{label}' you returned {got:.4f}, expected {want:.4f}.",
                               "imagine a million calls: count the flagged fakes and the flagged real calls.")
        return ("your function gives the share of flagged calls that are fakes; at one fake call in a "
                f"thousand, even a 95 %/95 % detector is right about a flag only {_ppv(0.95, 0.95, 0.001):.1%} of the time.")
    run_check("check_flagged_share", fn, body, expected="a function returning one number (a fraction)")


DISCUSSIONS.update({
    "detector-on-every-call": """\
A detector that flags 98 of every 100 flagged calls wrongly (the lesson's number at one fake in a
thousand) does not protect the finance clerk of the Arup case by itself: clerks learn to click
flags away, and the one real fake is lost among false alarms. What worked in that case's
aftermath was procedural: a **second channel** (call back a known number, ask a question only the
real colleague can answer) and a rule that large transfers need two people, whatever the video
shows. A detector is useful where prevalence is high (a fact-checker triaging clips already
suspected) or as one input to a human review. Who pays for false alarms matters too: if the flagged
real callers are disproportionately people with accents or poor connections the training data
lacked, the detector shifts suspicion onto them (see the bias chapter on measuring the measurer).""",
})
