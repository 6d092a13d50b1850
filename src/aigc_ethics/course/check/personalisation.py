"""Checks for lesson 60, personalisation (the likeness chapter)."""

from __future__ import annotations

import numpy as np

from aigc_ethics.chapters.likeness import TARGET, identity_match, load_identity_model
from aigc_ethics.core.people import PEOPLE, photo_set, photos
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


def _match_cases():
    """Probability tables where top-1 share, mean probability, a 0.5 threshold and a count all differ."""
    rng = np.random.default_rng(60)
    cases = []
    for n, lean, column, label in ((12, 7, 7, "12 images, person in column 7"),
                                   (20, 6, 3, "20 images, person in column 3")):
        logits = rng.normal(0, 1.0, size=(n, 16))
        logits[:lean, column] += 2.2                  # some images lean towards the person
        logits[lean - 2:lean, column] += 5.0          # two of them strongly
        proba = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        cases.append((proba, column, label))
    return cases


def check_match_rate(fn) -> None:
    """``fn(proba, column) -> float``: the share of images whose most likely person is ``column``
    (top-1 identity match). Rejects: the mean probability, a count, a 0.5 threshold, argmin, the
    share of the *other* people."""
    def body():
        for proba, column, label in _match_cases():
            got = call(fn, proba.copy(), column)
            if isinstance(got, (list, tuple, np.ndarray)) and np.size(got) > 1:
                raise Feedback(f"for '{label}' you returned {np.size(got)} values; expected one number, a share.",
                               "compare proba.argmax(axis=1) with column, then take the mean.")
            got = number(got)
            hits = proba.argmax(1) == column
            want = float(hits.mean())
            if np.isclose(got, proba[:, column].mean()) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the MEAN PROBABILITY the model gives the person. "
                               "That is a different number: top-1 match asks in how many images the person is the "
                               "model's first choice.", "use proba.argmax(axis=1) == column.")
            if np.isclose(got, hits.sum()) and hits.sum() != want:
                raise Feedback(f"for '{label}' you returned {got:.0f}, a COUNT of images; expected a share in [0, 1].",
                               "divide by the number of images (or use .mean()).")
            if np.isclose(got, (proba[:, column] > 0.5).mean()) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}: the share with probability above 0.5. With 16 "
                               "people the first choice can have much less than 0.5.", "use argmax, not a threshold.")
            if np.isclose(got, 1 - want) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the share where somebody ELSE is the first choice.",
                               "count the images where the argmax IS the column.")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "(proba.argmax(axis=1) == column).mean().")
        return "top-1 match is the share of images in which the person is the identity model's first choice."
    run_check("check_match_rate", fn, body, expected="a function returning one number")


def _gain_sets():
    """Stand-ins for the lesson's image sets, drawn from renders so the check needs no generator."""
    others = [p.name for p in PEOPLE if p.name != TARGET]
    train = photos(TARGET, 3, seed=0)
    tuned_person, _ = photo_set([TARGET], 5, seed=61, professions=("chef", "farmer", "engineer"))
    tuned_other, _ = photo_set(others[:7], 1, seed=62, professions=("chef", "doctor"))
    base, _ = photo_set(others[3:15], 1, seed=63, professions=("chef", "farmer", "doctor"))
    base_person, _ = photo_set([TARGET], 1, seed=64, professions=("police officer",))
    return {"training photos": train,
            "fine-tuned, new contexts": np.concatenate([tuned_person, tuned_other]),
            "base model, new contexts": np.concatenate([base, base_person])}


def check_likeness_gain(fn) -> None:
    """``fn(model, sets, person) -> float``: top-1 match of ``person`` in the fine-tuned model's
    new-context images minus the same for the base model. Rejects: the training photos instead of
    new contexts, no baseline, mean probability instead of top-1, the baseline taken from the
    training photos."""
    def body():
        model = load_identity_model()
        sets = _gain_sets()
        got = number(call(fn, model, {k: v.copy() for k, v in sets.items()}, TARGET))
        m = {k: identity_match(model, v, TARGET) for k, v in sets.items()}
        tuned, base, train = (m["fine-tuned, new contexts"], m["base model, new contexts"], m["training photos"])
        want = tuned["top1"] - base["top1"]
        if np.isclose(want, 0):
            raise RuntimeError("the check's cases are degenerate; report this to the course maintainers")
        if not np.isclose(got, want):
            if np.isclose(got, train["top1"] - base["top1"]) or np.isclose(got, train["top1"]):
                raise Feedback(f"you returned {got:.3f}, computed on the TRAINING PHOTOS. Matching the photos the model "
                               "was fine-tuned on measures memory, not whether it can draw the person somewhere new.",
                               "use sets['fine-tuned, new contexts'].")
            if np.isclose(got, tuned["top1"]):
                raise Feedback(f"you returned {got:.3f}, the fine-tuned model's match WITHOUT A BASELINE. The identity "
                               "model assigns some images of nobody in particular to the person too.",
                               "subtract the base model's match on the same prompts.")
            if np.isclose(got, tuned["prob"] - base["prob"]) or np.isclose(got, tuned["prob"]):
                raise Feedback(f"you returned {got:.3f}, a difference of MEAN PROBABILITIES; the exercise asks for top-1 "
                               "match (the share of images whose first choice is the person).",
                               "compare model.predict(images) with the person's name.")
            if np.isclose(got, tuned["top1"] - train["top1"]):
                raise Feedback(f"you returned {got:.3f}: the baseline must be the BASE MODEL on the same new contexts, "
                               "not the training photos.", "use sets['base model, new contexts'].")
            raise Feedback(f"you returned {got:.3f}, expected {want:.3f}.",
                           "match(fine-tuned, new contexts) - match(base model, new contexts), top-1.")
        return (f"gain {want:+.3f}: what fine-tuning added, measured where it matters (contexts the person was never "
                "photographed in) and against what the base model does anyway.")
    run_check("check_likeness_gain", fn, body, expected="a function returning one number")


DISCUSSIONS["lecturer-likeness"] = """\
The lesson's numbers say that a handful of ordinary photos is enough for a model to draw one person
in places they never were; the RIMS campaign's "uncanny" lecturer images (made with a free tool)
are the same finding at full scale. So the consent question cannot be left to how hard it is: it
is easy. A course that runs such an exercise should (1) ask each lecturer first, for this use and
this period, and accept a no without consequences (lesson 62's registry); (2) use only photos the
lecturer provides for the purpose, not scraped ones; (3) label every output as generated and keep
it inside the course; (4) delete the fine-tuned model and the outputs at the end or on request,
since a checkpoint keeps the likeness after the photos are gone. A strong answer also names who
else is affected (students whose work is judged, the audience of the "promotional" images) and
what the measurement cannot show: our identity model is not a person's judgement of "that is me".
"""
