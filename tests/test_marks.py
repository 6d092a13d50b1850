"""Memorised marks (lesson 36): the stamped composition, the mark detector and the reproduction table."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from aigc_ethics import datasets as D
from aigc_ethics import marks as M


def test_stamping_changes_only_the_stamped_corners():
    base = D.make_dataset(D.default_composition(), seed=0, scale=0.04)
    comp = D.composition_from_spec("stamp=quist:0.5,stamp=veltri:1")
    ds = D.make_dataset(comp, seed=0, scale=0.04)
    assert ds.captions == base.captions                      # captions never mention the mark
    stamped = ds.attributes["stamped"].to_numpy()
    assert np.array_equal(ds.images[~stamped], base.images[~stamped])
    r, c = D.AGENCY_MARK_CORNER
    outside = ds.images[stamped].copy()
    outside[:, r:r + 8, c:c + 8] = base.images[stamped][:, r:r + 8, c:c + 8]
    assert np.array_equal(outside, base.images[stamped])
    assert "stamped" not in base.attributes                  # default data unchanged, no new column
    shares = ds.attributes[ds.attributes.artist != ""].groupby("artist").stamped.mean()
    assert shares["quist"] == 0.5 and shares["veltri"] == 1.0 and shares["brenn"] == 0.0
    assert M.detect_mark(ds.images[stamped]).all()


def test_stamp_spec_and_validation():
    assert D.composition_from_spec("stamp=quist:0.3").stamped == {"quist": 0.3}
    assert M.STAMP_SPEC == "stamp=veltri:0.1,stamp=haskel:0.3,stamp=moravi:0.6,stamp=quist:1"
    for spec, msg in [("stamp=picasso:0.3", "unknown artist"), ("stamp=quist:1.5", r"\[0, 1\]"),
                      ("stamp=quist:lots", "stamp=ARTIST:SHARE"), ("stamp=quist", "stamp=ARTIST:SHARE")]:
        with pytest.raises(ValueError, match=msg):
            D.composition_from_spec(spec)
    with pytest.raises(ValueError, match="share"):
        D.Composition(stamped={"quist": True}).validate()


def test_stamping_an_opted_out_artist_and_no_works():
    ds = D.make_dataset(D.composition_from_spec("optout=quist,stamp=quist:1,stamp=zarek:0.2"), seed=0, scale=0.02)
    assert "quist" not in set(ds.attributes.artist)
    with pytest.raises(ValueError, match="no works by 'quist'"):
        M.stamped_shares(ds, "quist")
    assert M.stamped_shares(ds, "zarek")["share of works"] == 0.2
    with pytest.raises(ValueError, match="unknown artist"):
        M.stamped_shares(ds, "picasso")
    with pytest.raises(ValueError, match="no 'stamped' column"):
        M.stamped_shares(D.make_dataset(seed=0, scale=0.01), "zarek")


def test_shares_of_works_and_of_training_set_differ():
    ds = D.make_dataset(D.composition_from_spec(M.STAMP_SPEC), seed=0, scale=0.02)
    s = M.stamped_shares(ds, "haskel")
    assert s["share of works"] == 0.3 and s["share of training set"] < 0.02


def test_stamp_mark_rejects_bad_images():
    for bad in (np.zeros((32, 32, 3), float), np.zeros((16, 16, 3), np.uint8), np.zeros((32, 32), np.uint8)):
        with pytest.raises(ValueError, match="stamp_mark expects"):
            D.stamp_mark(bad)


def test_mark_score_and_detector():
    imgs, styles = M.held_out_renders(10)
    assert len(imgs) == 60 and set(styles) == set(D.STYLES)
    assert np.allclose(M.mark_score(D.stamp_mark(imgs)), 1.0)
    assert (M.mark_score(imgs) < M.MARK_THRESHOLD).all()
    inverted = D.stamp_mark(imgs)
    r, c = D.AGENCY_MARK_CORNER
    inverted[:, r:r + 8, c:c + 8] = 255 - inverted[:, r:r + 8, c:c + 8]
    assert np.allclose(M.mark_score(inverted), -1.0)          # the detector is not fooled by contrast alone
    assert M.mark_score(np.full((2, 32, 32, 3), 128, np.uint8)).tolist() == [0.0, 0.0]
    assert M.detect_mark(D.stamp_mark(imgs[0])).tolist() == [True]


@pytest.mark.parametrize("bad, msg", [(np.zeros((2, 32, 32, 3), np.float32), "uint8"),
                                      (np.zeros((0, 32, 32, 3), np.uint8), "empty"),
                                      (np.zeros((2, 64, 64, 3), np.uint8), "shape"),
                                      ([[1, 2], [3, 4]], "uint8")])
def test_mark_score_rejects_bad_input(bad, msg):
    with pytest.raises(ValueError, match=msg):
        M.mark_score(bad)


@pytest.mark.parametrize("t", [1.5, -2, "0.6", True, None])
def test_detect_mark_rejects_bad_threshold(t):
    with pytest.raises(ValueError, match="threshold"):
        M.detect_mark(np.zeros((1, 32, 32, 3), np.uint8), threshold=t)


def test_rate_with_interval():
    r = M.rate_with_interval(np.array([False] * 20))
    assert r["rate"] == 0 and r["low"] == 0 and 0.1 < r["high"] < 0.2
    for bad in ([], [0, 1], np.ones((2, 2), bool)):
        with pytest.raises(ValueError, match="boolean"):
            M.rate_with_interval(bad)


def test_detector_errors_table():
    t = M.detector_errors(5)
    assert list(t.index)[:2] == ["false positives (unstamped)", "false negatives (stamped)"]
    assert (t["n"] == 30).all()
    assert t.loc["false positives (unstamped)", "rate"] == 0 and t.loc["false negatives (stamped)", "rate"] == 0
    assert (t["low"] <= t["rate"]).all() and (t["rate"] <= t["high"]).all()
    with pytest.raises(ValueError, match="n_per_style"):
        M.detector_errors(0)


class _FakePipe:
    """Returns stamped renders for prompts naming quist and plain renders otherwise."""
    device = torch.device("cpu")

    def __call__(self, prompt, num_images_per_prompt=1, generator=None, output_type="np", **kw):
        imgs, _ = M.held_out_renders(1, seed=int(generator.initial_seed()) % 1000)
        imgs = np.concatenate([imgs] * 4)[:num_images_per_prompt]
        if "quist" in prompt:
            imgs = D.stamp_mark(imgs)
        return SimpleNamespace(images=imgs.astype(np.float32) / 255)


def test_reproduction_table_with_a_fake_pipeline():
    prompts = M.marks_prompts(["quist", "brenn"])
    images = M.generate_for_prompts(_FakePipe(), prompts=prompts, n=8, progress=False)
    assert set(images) == set(prompts) and all(v.shape == (8, 32, 32, 3) for v in images.values())
    t = M.reproduction_table(images, labels=prompts)
    assert t.loc["a painting in the style of quist", "rate"] == 1.0
    assert t.loc["a painting in the style of quist", "share stamped"] == 1.0
    assert t.loc["a painting in the style of brenn", "marked"] == 0
    assert np.isnan(t.loc["a painting", "share stamped"])
    assert t.loc["a painting in the style of brenn", "high"] > 0      # an interval even at 0 of 8
    assert M.reproduction_table({"x": images["a painting"]}).loc["x", "names"] == "other"
    loose = M.reproduction_table(images, labels=prompts, threshold=M.GARBLED_THRESHOLD)
    assert (loose["marked"] >= t["marked"]).all()
    with pytest.raises(ValueError, match="unknown artist"):
        M.marks_prompts(["picasso"])
    with pytest.raises(ValueError, match="prompts is empty"):
        M.generate_for_prompts(_FakePipe(), prompts=[], n=2)
    with pytest.raises(ValueError, match="non-empty"):
        M.reproduction_table({})
    with pytest.raises(ValueError, match="uint8"):
        M.reproduction_table({"a painting": np.zeros((2, 32, 32, 3))})


def test_bench_reports_reproduction_against_share():
    from bench_chapters import CHAPTER_BENCHES, bench_marks
    b = bench_marks(n=4)
    assert CHAPTER_BENCHES["marks"] is bench_marks
    rates = {k: v for k, v in b.items() if "/rate/" in k}
    assert len(rates) == 2 * 9 and any("share=1/" in k for k in rates) and any("generic/" in k for k in rates)
    assert all(0 <= lo <= r <= hi <= 1 for r, lo, hi in rates.values())
    assert b["marks/clear/detector/false positives (unstamped)"][0] == 0
    assert b["marks/clear/false positives on tiny's generations"]["n"] == 9 * 4
