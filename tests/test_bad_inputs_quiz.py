"""Bad answer sheets for quiz.score (issue 20): words are read by meaning, not truthiness."""

import numpy as np
import pytest

from aigc_ethics.chapters.quiz import score

TRUTH = [False, True, False, True]


def test_a_perfect_sheet_in_words_scores_4_of_4():
    assert score(["real", "generated", "Real", " generated "], TRUTH)["correct"] == 4
    assert score(["photo", "AI", "authentic", "fake"], TRUTH)["correct"] == 4
    assert score([0, 1, 0.0, 1.0], TRUTH)["correct"] == 4
    assert score(list(np.array(TRUTH)), TRUTH)["correct"] == 4
    assert score([None, True, None, "generated"], TRUTH)["n"] == 2
    assert score(["generated", "real"], np.array(["real", "generated"]))["correct"] == 0


@pytest.mark.parametrize("answers, words", [
    (["real", "generatd", "real", "generated"], "generatd"),
    (["yes", "no", "yes", "no"], "'yes'"),
    ([0.5, 1, 0, 1], "0.5"),
    ([float("nan"), 1, 0, 1], "nan"),
    ([2, 1, 0, 1], "2"),
    ("rgrg", "list"),
    (None, "list"),
    ([True] * 3, "3 answers for 4"),
    ([None] * 4, "no answered"),
])
def test_bad_sheets_are_refused(answers, words):
    with pytest.raises(ValueError) as err:
        score(answers, TRUTH)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_bad_truth_and_level():
    with pytest.raises(ValueError, match="truth"):
        score([True], [None])
    with pytest.raises(ValueError, match="truth item"):
        score([True], ["maybe"])
    for level in (0, 1, float("nan"), 95):
        with pytest.raises(ValueError, match="level"):
            score([True], [True], level=level)
