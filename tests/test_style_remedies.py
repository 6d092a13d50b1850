"""Unit tests for aigc_ethics.chapters.style_remedies (lesson 39)."""

import numpy as np
import pytest
import torch

from aigc_ethics.attributes import load_classifier
from aigc_ethics.chapters import style_remedies as S
from aigc_ethics.core.datasets import composition_from_spec, render_artwork
from aigc_ethics.generate import load_pipeline


@pytest.fixture(scope="module")
def pipe():
    return load_pipeline("tiny", device="cpu")


@pytest.fixture(scope="module")
def clf():
    return load_classifier()


def test_artist_works_are_the_artists_training_works():
    w = S.artist_works("quist", n=5)
    assert len(w) == 5 and set(w.attributes["artist"]) == {"quist"}
    assert all("quist" in c for c in w.captions)
    assert np.array_equal(w.images, S.artist_works("quist", n=5).images)


@pytest.mark.parametrize("artist", ["picasso", "", None, 3])
def test_unknown_artist_is_refused(artist, pipe, clf):
    with pytest.raises(ValueError, match="unknown artist"):
        S.artist_works(artist)
    with pytest.raises(ValueError, match="unknown artist"):
        S.residual_style(pipe, clf, artist, n=1)
    with pytest.raises(ValueError, match="unknown artist"):
        S.erase_style(pipe, artist, steps=1, progress=False)


def test_no_works_for_an_artist_who_opted_out():
    with pytest.raises(ValueError, match="no works by 'quist'"):
        S.artist_works("quist", composition=composition_from_spec("optout=quist"))


def test_too_few_works_and_bad_n():
    with pytest.raises(ValueError, match="only"):
        S.artist_works("quist", n=10_000)
    with pytest.raises(ValueError, match="n must be"):
        S.artist_works("quist", n=0)


def test_style_share_counts_the_style_not_the_name(clf):
    rings = np.stack([render_artwork("rings", seed=i) for i in range(4)])
    shards = np.stack([render_artwork("shards", seed=i) for i in range(4)])
    r = S.style_share(np.concatenate([rings, shards]), clf, "quist")
    assert (r["k"], r["n"], r["share"]) == (4, 8, 0.5) and r["low"] < 0.5 < r["high"]
    with pytest.raises(ValueError, match="empty"):
        S.style_share(np.zeros((0, 32, 32, 3), np.uint8), clf, "quist")


def test_residual_style_names_the_artist(pipe, clf):
    r = S.residual_style(pipe, clf, "quist", n=4)
    assert r["prompt"] == "a painting in the style of quist" and r["n"] == 4 and 0 <= r["share"] <= 1


def test_style_accuracy_table(pipe, clf):
    t = S.style_accuracy(pipe, clf, artists=["zarek", "brenn"], n=2)
    assert list(t.index) == ["zarek", "brenn"] and list(t.columns) == ["k", "n", "share", "low", "high"]
    with pytest.raises(ValueError, match="empty"):
        S.style_accuracy(pipe, clf, artists=[], n=2)


def test_name_erasure_touches_only_the_name(pipe):
    erased, losses = S.erase_style(pipe, "quist", steps=2, pool=2, batch=2, progress=False)
    assert len(losses) == 2 and all(np.isfinite(losses))
    before, after = pipe.text_encoder.embed.weight, erased.text_encoder.embed.weight
    changed = torch.nonzero((before - after).abs().sum(1) > 0).flatten().tolist()
    assert changed == [pipe.tokenizer.word_to_id["quist"]]
    for a, b in zip(pipe.unet.parameters(), erased.unet.parameters()):
        assert torch.equal(a, b)
    for a, b in zip(pipe.text_encoder.mlp.parameters(), erased.text_encoder.mlp.parameters()):
        assert torch.equal(a, b)


def test_encoder_erasure_changes_the_encoder_and_leaves_the_original(pipe):
    w0 = pipe.text_encoder.mlp[0].weight.clone()
    erased, _ = S.erase_style(pipe, "quist", scope="text_encoder", steps=1, pool=2, batch=2, progress=False)
    assert torch.equal(pipe.text_encoder.mlp[0].weight, w0)
    assert not torch.equal(erased.text_encoder.mlp[0].weight, w0)


@pytest.mark.parametrize("kwargs, match", [
    ({"scope": "unet"}, "scope"), ({"eta": 0}, "eta"), ({"lr": -1.0}, "lr"), ({"steps": 0}, "steps"),
    ({"batch": True}, "batch"),
])
def test_erase_style_rejects_bad_options(pipe, kwargs, match):
    with pytest.raises(ValueError, match=match):
        S.erase_style(pipe, "quist", progress=False, **{"steps": 1, **kwargs})


def test_remedy_row(pipe, clf):
    row = S.remedy_row(pipe, clf, "quist", n=2, n_other=1)
    assert set(row) == {"residual_style", "low", "high", "n", "other_styles_kept", "other_styles_min"}
