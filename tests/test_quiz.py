import numpy as np
import pytest

from aigc_ethics import quiz as Q


def test_wilson_known_values():
    lo, hi = Q.wilson_interval(9, 12)
    assert (round(lo, 3), round(hi, 3)) == (0.468, 0.911)
    assert Q.wilson_interval(0, 10)[0] == 0.0 and Q.wilson_interval(10, 10)[1] == 1.0
    assert Q.wilson_interval(10, 10)[0] < 1.0          # never a zero-width interval


def test_wilson_narrows_with_n():
    w = [np.subtract(*Q.wilson_interval(int(0.74 * n), n)[::-1]) for n in (12, 100, 1000)]
    assert w[0] > w[1] > w[2] > 0


@pytest.mark.parametrize("k,n,level", [(3, 0, 0.95), (5, 4, 0.95), (-1, 4, 0.95), (2, 4, 1.0)])
def test_wilson_validates(k, n, level):
    with pytest.raises(ValueError):
        Q.wilson_interval(k, n, level)


def test_score_counts_and_skips_unanswered():
    s = Q.score([True, False, None, True], [True, True, False, True])
    assert s["n"] == 3 and s["correct"] == 2 and s["low"] < 2 / 3 < s["high"]
    with pytest.raises(ValueError, match="answers for"):
        Q.score([True], [True, False])
    with pytest.raises(ValueError, match="no answered"):
        Q.score([None, None], [True, False])


def test_simulated_respondents_match_their_mean():
    sim = Q.simulate_respondents(4000, n_items=12, mean_accuracy=0.74, spread=0.1, seed=0)
    assert abs(sim.mean() - 0.74) < 0.01
    assert sim.min() >= 0 and sim.max() <= 1
    assert np.array_equal(sim, Q.simulate_respondents(4000, n_items=12, seed=0))
    with pytest.raises(ValueError, match="spread"):
        Q.simulate_respondents(10, spread=0.5)
    with pytest.raises(ValueError, match="mean_accuracy"):
        Q.simulate_respondents(10, mean_accuracy=1.2)


def test_make_quiz_mixes_both_kinds_reproducibly():
    a, b = Q.make_quiz(12, seed=0), Q.make_quiz(12, seed=0)
    assert a.images.shape == (12, 32, 32, 3) and a.images.dtype == np.uint8
    assert 0 < a.truth.sum() < 12
    assert np.array_equal(a.images, b.images) and np.array_equal(a.truth, b.truth)
    assert not np.array_equal(a.truth, Q.make_quiz(12, seed=1).truth) or \
        not np.array_equal(a.images, Q.make_quiz(12, seed=1).images)
    with pytest.raises(ValueError):
        Q.make_quiz(1)


def test_widget_records_answers_and_scores():
    quiz = Q.make_quiz(4, seed=0)
    w = Q.quiz_widget(quiz)
    real_btn, gen_btn = w.children[2].children
    for t in quiz.truth:
        (gen_btn if t else real_btn).click()
    assert w.answers == list(quiz.truth)
    assert "4 of 4 correct" in w.children[0].value
    gen_btn.click()                                   # extra clicks are ignored
    assert len(w.answers) == 4
