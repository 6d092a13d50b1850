import numpy as np
import pytest

from aigc_ethics import quiz as Q
from aigc_ethics.generate import load_pipeline

PIPE = load_pipeline("tiny", device="cpu")


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
        Q.wilson_interval(k, n, level=level)


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
    assert "4 of 4 correct" in w.children[0].value and "74%" in w.children[0].value
    gen_btn.click()                                   # extra clicks are ignored
    assert len(w.answers) == 4


# ---- round 2: photographs with a regenerated tile ----------------------------------------------

def test_photo_refuses_people_and_unknown_names():
    assert Q.photo("coffee", short_side=64).shape[0] == 64
    with pytest.raises(ValueError, match="person"):
        Q.photo("astronaut")
    with pytest.raises(ValueError, match="unknown photo"):
        Q.photo("lena")
    with pytest.raises(ValueError, match="short_side"):
        Q.photo("coffee", short_side=8)


def test_feather_mask_and_paste():
    m = Q.feather_mask(32, feather=4)
    assert m.shape == (32, 32) and m[16, 16] == 1 and 0 < m[0, 0] < m[2, 2] < 1
    assert (Q.feather_mask(8, feather=0) == 1).all()
    img = np.zeros((64, 64, 3), np.uint8)
    out = Q.paste_tile(img, np.full((32, 32, 3), 200, np.uint8), (32, 0), feather=4)
    assert out[:32].max() == 0 and out[48, 16, 0] == 200 and 0 < out[32, 16, 0] < 200
    with pytest.raises(ValueError, match="outside"):
        Q.paste_tile(img, np.zeros((32, 32, 3), np.uint8), (40, 0))
    with pytest.raises(ValueError):
        Q.feather_mask(8, feather=5)


def test_match_colours_copies_mean_and_spread():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 100, (2, 8, 8, 3)).astype(np.uint8)
    b = rng.integers(100, 250, (2, 8, 8, 3)).astype(np.uint8)
    m = Q.match_colours(a, b).astype(float)
    assert np.allclose(m.mean((1, 2)), b.mean((1, 2)), atol=1) and np.allclose(m.std((1, 2)), b.std((1, 2)), atol=1.5)
    with pytest.raises(ValueError):
        Q.match_colours(a, b[:1])


def test_regenerate_tiles_validates_and_is_seeded():
    tiles = Q.photo_crops(2, size=64, seed=0)[0][:, :32, :32]
    a = Q.regenerate_tiles(tiles, PIPE, strength=0.2, seed=1, steps=10)
    assert a.shape == tiles.shape and a.dtype == np.uint8
    assert np.array_equal(a, Q.regenerate_tiles(tiles, PIPE, strength=0.2, seed=1, steps=10))
    strong = Q.regenerate_tiles(tiles, PIPE, strength=1.0, seed=1, steps=10)
    change = lambda x: np.abs(x.astype(float) - tiles).mean()  # noqa: E731
    assert change(strong) > change(a) > 0       # more strength, further from the photo
    import torch
    before = torch.get_num_threads()
    Q.regenerate_tiles(tiles[:1], PIPE, strength=0.1, seed=1, steps=4, threads=1)
    assert torch.get_num_threads() == before                 # the thread setting is restored
    for bad in (dict(strength=0), dict(strength=1.5), dict(seed=-1), dict(threads=0)):
        with pytest.raises(ValueError):
            Q.regenerate_tiles(tiles, PIPE, **bad)
    with pytest.raises(ValueError, match="uint8"):
        Q.regenerate_tiles(tiles.astype(float), PIPE)
    with pytest.raises(ValueError, match="load_pipeline"):
        Q.regenerate_tiles(tiles, None)


def test_photo_quiz_edits_exactly_one_tile_of_the_edited_items():
    q = Q.make_photo_quiz(4, pipe=PIPE, seed=0, strength=0.3)
    assert q.images.shape == (4, 96, 96, 3) and q.truth.sum() == 2
    for img, orig, t, box in zip(q.images, q.originals, q.truth, q.boxes):
        diff = np.abs(img.astype(int) - orig).sum(-1)
        if not t:
            assert box is None and diff.max() == 0
        else:
            r, c = box
            inside = np.zeros_like(diff, bool)
            inside[r:r + 32, c:c + 32] = True
            assert diff[~inside].max() == 0 and diff[inside].mean() > 2
    again = Q.make_photo_quiz(4, pipe=PIPE, seed=0, strength=0.3)
    assert np.array_equal(q.images, again.images) and q.boxes == again.boxes
    with pytest.raises(ValueError):
        Q.make_photo_quiz(1, pipe=PIPE)


def test_tile_energy_localises_a_smooth_tile():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (96, 96, 3)).astype(np.uint8)
    img[32:64, 64:96] = 120                                   # one flat (noise-free) tile
    e = Q.tile_residual_energy(img)
    assert e.shape == (3, 3) and np.unravel_index(np.argmin(e), e.shape) == (1, 2)
    quiz = Q.PhotoQuiz(img[None], np.array([True]), ["x"], originals=img[None], boxes=[(32, 64)])
    s, lab = Q.localisation_scores(quiz)
    assert lab.sum() == 1 and s[lab == 1][0] == s.max()
    assert Q.statistic_answers(quiz) == [True]
    with pytest.raises(ValueError):
        Q.tile_residual_energy(img[:50])
    with pytest.raises(ValueError, match="no edited"):
        Q.localisation_scores(Q.PhotoQuiz(img[None], np.array([False]), ["x"], originals=img[None], boxes=[None]))


def test_widget_takes_custom_labels():
    quiz = Q.make_quiz(2, seed=0)
    w = Q.quiz_widget(quiz, labels=("original", "edited"), what="a photograph")
    assert [b.description for b in w.children[2].children] == ["original", "edited"]
    assert "a photograph" in w.children[1].value and "original or edited" in w.children[0].value


def test_widget_without_survey_comparison():
    quiz = Q.make_quiz(2, seed=0)
    w = Q.quiz_widget(quiz, compare_with_survey=False)
    for _ in range(2):
        w.children[2].children[0].click()
    assert "74%" not in w.children[0].value and "50 %" in w.children[0].value
