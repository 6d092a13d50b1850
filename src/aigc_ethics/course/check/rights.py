"""Checks for the creators'-rights lessons (53: the law of training and outputs)."""

from __future__ import annotations

import numpy as np

from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check

_SHARE_CASES = [
    # (artist of each item, '' for a portrait; reserved artists; what the case is)
    (["", "", "a", "a", "b", "", "c", "b"], {"a"}, "8 items, artist a (2 works) reserved"),
    (["a"] * 3 + ["b"] * 5 + [""] * 12, {"a", "b"}, "20 items, two artists reserved"),
    ([""] * 9 + ["c"], {"z"}, "a reserved artist with no works in the data"),
    (["q"] * 7 + [""] * 3, {"q"}, "7 of 10 items by the reserved artist"),
]


def _right_share(artists, reserved) -> float:
    return sum(a in reserved for a in artists) / len(artists)


def check_removed_share(fn) -> None:
    """``fn(artists, reserved) -> float``: the share of the whole dataset (portraits included)
    that honouring the opt-outs of the ``reserved`` artists removes. Rejects the share kept, the
    share among artworks only, a count, a percentage, a list, and a constant copied from the lesson."""
    def body():
        got_all = []
        for artists, reserved, what in _SHARE_CASES:
            right = _right_share(artists, reserved)
            raw = call(fn, list(artists), set(reserved))
            if isinstance(raw, (list, tuple, np.ndarray)) and np.size(raw) != 1:
                raise Feedback(f"for {what} your function returned {len(raw)} values; expected one number "
                               f"(a share between 0 and 1).",
                               "return the fraction of all items removed, e.g. np.mean([...]), not the per-item list.")
            got = number(raw)
            got_all.append(got)
            if np.isclose(got, right):
                continue
            n_art = sum(bool(a) for a in artists)
            if np.isclose(got, 1 - right):
                hint = "that is the share KEPT; the question asks for the share removed."
            elif n_art and np.isclose(got, sum(a in reserved for a in artists) / n_art) :
                hint = ("you divided by the number of artworks only; the share is of the whole training set, "
                        "portraits included.")
            elif np.isclose(got, sum(a in reserved for a in artists)):
                hint = "that is a count of works; divide by the number of items to get a share."
            elif np.isclose(got, 100 * right):
                hint = "that is a percentage; return a fraction between 0 and 1."
            else:
                hint = "count the items whose artist is in `reserved` and divide by the number of all items."
            raise Feedback(f"for {what} the share removed is {right:.3f}; your function returned {got:.3f}.", hint)
        if len(set(np.round(got_all, 6))) == 1:
            raise Feedback("your function returns the same number for every dataset.",
                           "compute the share from the arguments, not from the lesson's number.")
        return ("right: the share is of the whole training set; an artist with no works in the data "
                "removes nothing, and what is removed from the data says nothing yet about the model.")
    run_check("check_removed_share", fn, body, expected="a function (artists, reserved) -> a share between 0 and 1")


_RULES_CASES = [
    ('[{"location": "/works/quist/*", "tdm-reservation": 1}]', {"quist"}, "one reserved artist"),
    ('[{"location": "/works/quist/*", "tdm-reservation": 0}, {"location": "/works/zarek/*", '
     '"tdm-reservation": 1, "tdm-policy": "https://example.org/policy"}]', {"zarek"},
     "quist states 'not reserved' (0), zarek reserves"),
    ('[{"location": "/works/brenn/*", "tdm-reservation": 1}, {"location": "/works/veltri/*", '
     '"tdm-reservation": 1}]', {"brenn", "veltri"}, "two reserved artists"),
    ('[]', set(), "an empty rules file"),
]


def check_reserved_artists(fn) -> None:
    """``fn(text) -> set of artist names`` whose ``/works/<artist>/*`` rule has
    ``tdm-reservation`` 1; a file that is not JSON must raise ValueError. Rejects counting
    ``tdm-reservation: 0`` as reserved, returning a list with duplicates or paths, and silently
    returning an empty set for a malformed file."""
    def body():
        for text, right, what in _RULES_CASES:
            got = call(fn, text)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if isinstance(got, str) or not hasattr(got, "__iter__"):
                raise Feedback(f"for {what} your function returned {got!r}; expected a set of artist names.")
            got_set = set(got)
            if any(str(g).startswith("/") for g in got_set):
                raise Feedback(f"for {what} you returned paths {sorted(got_set)}; expected artist names "
                               f"such as 'quist'.", "take the part of the location after '/works/'.")
            if got_set == right:
                continue
            if "quist" in got_set and "zarek" in right:
                hint = ("'tdm-reservation': 0 means rights are NOT reserved (TDMRep): mining is allowed; "
                        "only 1 is an opt-out.")
            else:
                hint = "keep the artists whose rule has 'tdm-reservation' equal to 1."
            raise Feedback(f"for {what} the reserved artists are {sorted(right)}; you returned {sorted(got_set)}.", hint)
        try:
            got = call(fn, "{location: /works/quist/*")
        except ValueError:
            return ("right: only a reservation of 1 opts out, and a file that cannot be read is an error to "
                    "report, not an empty opt-out list.")
        raise Feedback(f"a malformed file returned {got!r} instead of raising ValueError.",
                       "a crawler that reads a broken file as 'nothing reserved' trains on works whose owners "
                       "tried to opt out; let json.loads' error propagate or raise ValueError.")
    run_check("check_reserved_artists", fn, body, expected="a function (text) -> set of artist names")


DISCUSSIONS.update({
    "opt-out-after-training": (
        "**A model discussion.** The lesson measured two things: honouring a reservation *before* "
        "training removes the artist's works completely (the share you computed), so the model never "
        "sees the style; honouring it *after* training by deleting the works and fine-tuning changed "
        "nothing measurable in the model. A fair rule therefore has to say *when* a reservation counts. "
        "The EU's Art. 4(3) reservation and the AI Act's Art. 53(1)(c) policy look forward: they bind the "
        "next crawl and the next training run. For models already trained, a fair answer can ask for "
        "measured unlearning (with a test like this lesson's style read), retraining at the next "
        "release, or payment instead of removal, and must admit what none of them reach: copies of "
        "open models already downloaded, and styles learned from other artists' imitations. Japan's "
        "Art. 30-4 has no opt-out at all, and the UK has none for commercial training, so the same "
        "artist has different protection in different places."),
})
