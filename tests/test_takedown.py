"""The takedown-by-hashing helpers (lesson 63): PDQ hashes, distances, edits, hash lists, bad input."""
import numpy as np
import pytest

from aigc_ethics import takedown as TD
from aigc_ethics.datasets import render_portrait


@pytest.fixture(scope="module")
def portraits():
    return TD.upscale(np.stack([render_portrait("chef", skin_tone=1 + i, seed=i) for i in range(6)]))


def test_hash_shape_and_identity(portraits):
    h = TD.pdq_hashes(portraits)
    assert h.shape == (6, 256) and h.dtype == bool
    d = TD.distances(h, h)
    assert (np.diag(d) == 0).all() and (d == d.T).all()
    assert TD.pdq_hashes(portraits, dihedral=True).shape == (6, 8, 256)


def test_distances_match_bit_count():
    rng = np.random.default_rng(0)
    a, b = rng.random((3, 256)) > 0.5, rng.random((4, 256)) > 0.5
    want = np.array([[int((x != y).sum()) for y in b] for x in a])
    assert (TD.distances(a, b) == want).all()


def test_jpeg_matches_crop_does_not(portraits):
    h = TD.pdq_hashes(portraits)
    j = np.diag(TD.distances(TD.pdq_hashes(TD.edit(portraits, "jpeg", strength=0.5)), h))
    c = np.diag(TD.distances(TD.pdq_hashes(TD.edit(portraits, "crop", strength=0.15)), h))
    assert (j <= TD.PDQ_THRESHOLD).all() and j.mean() < c.mean()


def test_dihedral_catches_flip(portraits):
    flipped = TD.pdq_hashes(TD.edit(portraits, "flip"))
    assert (np.diag(TD.distances(flipped, TD.pdq_hashes(portraits, dihedral=True))) <= TD.PDQ_THRESHOLD).all()


@pytest.mark.parametrize("kind", TD.EDITS)
def test_edits_keep_shape(portraits, kind):
    out = TD.edit(portraits, kind, strength=0.1)
    assert out.shape == portraits.shape and out.dtype == np.uint8


def test_hex_roundtrip(portraits):
    h = TD.pdq_hashes(portraits)
    text = "# a list\n\n" + "\n".join(TD.to_hex(h)) + "\n"
    assert (TD.load_hash_list(text) == h).all()


def test_match_table():
    h = np.zeros((2, 256), bool); h[1, :128] = True
    t = TD.match_table(h, {"same": h}, ~h, thresholds=[0, 200])
    assert t.loc["same", 0] == 1.0 and t.loc["false match (unrelated)", 0] == 0.0
    assert t.loc["false match (unrelated)", 200] == 1.0


@pytest.mark.parametrize("text, match", [
    ("0" * 63, "63 characters"),                  # truncated line
    ("0" * 60 + "zzzz", "not hexadecimal"),        # corrupted characters
    ("# only a comment\n", "no hashes"),           # empty list
    ("0" * 64 + "\n" + "f" * 65, "line 2"),        # one bad line among good ones
])
def test_corrupted_hash_list(text, match):
    with pytest.raises(ValueError, match=match):
        TD.load_hash_list(text)


def test_bad_inputs(portraits):
    with pytest.raises(TypeError):
        TD.load_hash_list(b"00")
    with pytest.raises(ValueError, match="kind"):
        TD.edit(portraits, "blur")
    with pytest.raises(ValueError, match="strength"):
        TD.edit(portraits, "crop", strength=0.6)
    with pytest.raises(ValueError, match=r"\(N, 256\)"):
        TD.distances(np.zeros((2, 64), bool), np.zeros((2, 256), bool))
    with pytest.raises(ValueError, match="0/1"):
        TD.distances(np.full((1, 256), 2), np.zeros((1, 256), bool))
    with pytest.raises(ValueError):
        TD.pdq_hashes(np.zeros((2, 64, 64), np.uint8))          # no colour axis
    with pytest.raises(ValueError, match="one row per listed"):
        TD.match_table(np.zeros((2, 256), bool), {"x": np.zeros((3, 256), bool)}, np.zeros((1, 256), bool))
    with pytest.raises(ValueError):
        TD.photo_patches(0)
