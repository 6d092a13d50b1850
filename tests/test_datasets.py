import numpy as np
import pytest

from aigc_ethics import datasets as D
from aigc_ethics.images import image_grid


def test_same_seed_same_data():
    a = D.make_dataset(seed=3, scale=0.01)
    b = D.make_dataset(seed=3, scale=0.01)
    assert np.array_equal(a.images, b.images)
    assert a.captions == b.captions
    c = D.make_dataset(seed=4, scale=0.01)
    assert not np.array_equal(a.images, c.images)


def test_shapes_labels_and_captions():
    ds = D.make_dataset(seed=0, scale=0.02)
    assert ds.images.shape == (len(ds), 32, 32, 3) and ds.images.dtype == np.uint8
    a = ds.attributes
    assert set(a.family) == {"portrait", "artwork"}
    port = a[a.family == "portrait"]
    assert port.skin_tone.between(1, 10).all()
    for _, row in port.iterrows():
        assert row.profession in row.caption
        assert row.skin_group == ("lighter" if row.skin_tone <= 5 else "darker")
    art = a[a.family == "artwork"]
    for _, row in art.iterrows():
        assert row.artist in row.caption and D.ARTISTS[row.artist] == row.style


def test_skin_tone_distribution_follows_composition():
    probs = {p: (0.1,) * 10 for p in D.PROFESSIONS}
    probs["engineer"] = (1.0,) + (0.0,) * 9
    ds = D.make_dataset(D.Composition(portraits_per_profession=200, artworks_per_style=0,
                                      skin_tone_probs=probs), seed=1)
    eng = ds.attributes[ds.attributes.profession == "engineer"]
    assert (eng.skin_tone == 1).all()
    chef = ds.attributes[ds.attributes.profession == "chef"]
    assert chef.skin_tone.nunique() >= 8


def test_duplicates_and_opt_out():
    comp = D.Composition(portraits_per_profession=5, artworks_per_style=5, duplicates={0: 4, 7: 2},
                         opted_out=("quist",))
    ds = D.make_dataset(comp, seed=0)
    assert len(ds) == 6 * 5 + 5 * 5 + 3 + 1
    assert (ds.attributes.item_id == 0).sum() == 4
    rows = np.where(ds.attributes.item_id == 0)[0]
    assert all(np.array_equal(ds.images[rows[0]], ds.images[r]) for r in rows)
    assert "quist" not in set(ds.attributes.artist)
    # opting out one artist leaves every other image unchanged
    base = D.make_dataset(D.Composition(portraits_per_profession=5, artworks_per_style=5), seed=0)
    keep = base.attributes.artist != "quist"
    assert np.array_equal(base.images[keep.values], D.make_dataset(
        D.Composition(portraits_per_profession=5, artworks_per_style=5, opted_out=("quist",)), seed=0).images)


@pytest.mark.parametrize("bad, match", [
    (dict(skin_tone_probs={**D.DEFAULT_SKIN_TONE_PROBS, "chef": (0.5,) * 10}), "sum"),
    (dict(skin_tone_probs={**D.DEFAULT_SKIN_TONE_PROBS, "pilot": (0.1,) * 10}), "unknown profession"),
    (dict(opted_out=("picasso",)), "unknown artist"),
    (dict(duplicates={0: 0}), "must be >= 1"),
])
def test_bad_composition_is_explained(bad, match):
    with pytest.raises(ValueError, match=match):
        D.make_dataset(D.default_composition(**bad), scale=0.01)


def test_render_bad_input():
    with pytest.raises(ValueError, match="Monk"):
        D.render_portrait("chef", skin_tone=11)
    with pytest.raises(ValueError, match="profession"):
        D.render_portrait("pilot", skin_tone=3)
    with pytest.raises(ValueError, match="style"):
        D.render_artwork("cubism")


def test_monk_scale_is_ordered_light_to_dark():
    lum = [np.dot(D.hex_to_rgb(h), (0.299, 0.587, 0.114)) for h in D.MONK_SKIN_TONES]
    assert lum[0] > lum[5] > lum[9]


def test_image_grid_checks_sizes():
    with pytest.raises(ValueError):
        image_grid([])
    with pytest.raises(ValueError, match="same size"):
        image_grid([np.zeros((32, 32, 3), np.uint8), np.zeros((16, 16, 3), np.uint8)])
    assert image_grid([np.zeros((32, 32, 3), np.uint8)] * 3, ncols=2, scale=1).size == (67, 67)


def test_datasheet_table_is_up_to_date(root):
    """book/generated/composition.md is what the code produces now."""
    from aigc_ethics.datasets import composition_markdown
    assert (root / "book" / "generated" / "composition.md").read_text() == composition_markdown()


def test_composition_spec():
    comp = D.composition_from_spec("engineer=0.1, optout=quist")
    assert np.isclose(sum(comp.skin_tone_probs["engineer"][:5]), 0.1)
    assert comp.opted_out == ("quist",)
    assert all(np.allclose(p, 0.1) for p in D.composition_from_spec("balanced").skin_tone_probs.values())
    with pytest.raises(ValueError, match="unknown profession"):
        D.composition_from_spec("pilot=0.5")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        D.composition_from_spec("engineer=1.5")
    with pytest.raises(ValueError, match="cannot read"):
        D.composition_from_spec("nonsense")
