"""Replication and style search (the course's "Have I Been Trained")."""
import numpy as np
import pytest

from aigc_ethics import replication as R
from aigc_ethics.datasets import make_dataset


@pytest.fixture(scope="module")
def works():
    return R.training_artworks(make_dataset(seed=0, scale=0.1))


def test_search_finds_exact_and_shifted_copies(works):
    q = works.images[[3, 7]]
    idx, d = R.search_training(q, works.images)
    assert idx.tolist() == [3, 7] and np.allclose(d, 0)
    idx_h, ham = R.search_training(q, works.images, method="phash")
    assert ham.tolist() == [0, 0]
    idx_k, d_k = R.search_training(q, works.images, k=3)
    assert idx_k.shape == (2, 3) and idx_k[0, 0] == 3 and np.all(np.diff(d_k, axis=1) >= 0)


def test_copy_threshold_within_groups_is_stricter(works):
    all_pairs = R.copy_threshold(works.images, seed=0)
    same = R.copy_threshold(works.images, seed=0, groups=works.attributes["artist"])
    assert 0 < same < all_pairs


def test_style_closeness_diagonal_for_training_works(works):
    """Training works themselves, as 'generations', are at distance 0 from their own artist."""
    a = works.attributes["artist"].values
    gens = {artist: works.images[np.flatnonzero(a == artist)[:4]] for artist in ["brenn", "quist"]}
    table = R.style_closeness(gens, works)
    assert table.loc["brenn", "brenn"] < 1e-3 and table.loc["quist", "quist"] < 1e-3
    assert table.loc["brenn", "quist"] > 0.05


def test_bad_input(works):
    with pytest.raises(ValueError, match="method"):
        R.search_training(works.images[:1], works.images, method="clip")
    with pytest.raises(ValueError, match="k must"):
        R.search_training(works.images[:1], works.images, k=0)
    with pytest.raises(ValueError, match="quantile"):
        R.copy_threshold(works.images, quantile=1.5)
    with pytest.raises(ValueError, match="labels"):
        R.copy_threshold(works.images, groups=["a"])
    with pytest.raises(ValueError, match="non-empty"):
        R.search_training(np.zeros((0, 32, 32, 3)), works.images)
