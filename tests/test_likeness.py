"""Personalisation and identity match (aigc_ethics.chapters.likeness), including bad input."""
import numpy as np
import pytest
import torch

from aigc_ethics.core.generate import UnknownWordError, load_pipeline
from aigc_ethics.core.people import PEOPLE, photo_set, photos
from aigc_ethics.likeness import (
    TARGET,
    TOKEN,
    IdentityModel,
    Personaliser,
    add_token,
    context_prompt,
    identity_match,
    load_identity_model,
    match_table,
)


@pytest.fixture(scope="module")
def pipe():
    torch.set_num_threads(1)
    return load_pipeline("tiny", device="cpu")


@pytest.fixture(scope="module")
def idm():
    return load_identity_model()


def test_identity_model_accuracy_on_fresh_renders(idm):
    images, table = photo_set(PEOPLE, 6, seed=987, professions=(None, "chef", "doctor"))
    acc = idm.evaluate(images, table.person.values)
    assert acc >= 0.85, acc
    assert idm.info["held_out_accuracy"] >= 0.9


def test_identity_match_counts_and_interval(idm):
    images, _ = photo_set([TARGET, "P00"], 4, seed=3)
    m = identity_match(idm, images, TARGET)
    assert m["n"] == 8 and 0 <= m["low"] <= m["top1"] <= m["high"] <= 1
    own = identity_match(idm, images[:4], TARGET)
    other = identity_match(idm, images[4:], TARGET)
    assert own["top1"] > other["top1"] and own["prob"] > other["prob"]
    table = match_table(idm, {"own": images[:4], "other": images[4:]}, TARGET)
    assert list(table.model) == ["own", "other"]


def test_identity_match_bad_input(idm):
    with pytest.raises(KeyError, match="unknown identity"):
        identity_match(idm, photos("P01", 2), "Alice")
    with pytest.raises(ValueError, match="empty"):
        identity_match(idm, [], TARGET)
    with pytest.raises(ValueError):
        identity_match(idm, np.zeros((2, 64, 64, 3), np.uint8), TARGET)
    with pytest.raises(ValueError, match="2 images but 3 names"):
        idm.evaluate(photos("P01", 2), ["P01"] * 3)


def test_add_token_keeps_every_old_word(pipe):
    new = add_token(pipe, token=TOKEN)
    assert TOKEN in new.tokenizer.word_to_id and TOKEN not in pipe.tokenizer.word_to_id
    old_w, new_w = pipe.text_encoder.embed.weight, new.text_encoder.embed.weight
    for word, i in pipe.tokenizer.word_to_id.items():
        assert torch.equal(old_w[i], new_w[new.tokenizer.word_to_id[word]])
    # old prompts encode exactly as before
    with torch.no_grad():
        a = pipe.encode_prompt(["a person who is a chef"])
        b = new.encode_prompt(["a person who is a chef"])
    assert torch.allclose(a, b)
    with pytest.raises(UnknownWordError):
        pipe.tokenizer([context_prompt("chef")])
    with pytest.raises(ValueError, match="already a word"):
        add_token(pipe, token="person")
    with pytest.raises(ValueError, match="lowercase word"):
        add_token(pipe, token="Zq v")


def test_personaliser_trains_only_unet_and_token_row(pipe):
    tuner = Personaliser(pipe, photos(TARGET, 2, seed=0), prior=None, batch_size=2, seed=0)
    before = tuner.text.embed.weight.detach().clone()
    mlp_before = [p.detach().clone() for p in tuner.text.mlp.parameters()]
    unet_before = next(tuner.unet.parameters()).detach().clone()
    loss = tuner.train_step()
    assert np.isfinite(loss) and tuner.step == 1
    changed = (tuner.text.embed.weight.detach() != before).any(1)
    assert changed.nonzero().flatten().tolist() == [tuner.pipe.tokenizer.word_to_id[TOKEN]]
    assert all(torch.equal(a, b) for a, b in zip(mlp_before, tuner.text.mlp.parameters()))
    assert not torch.equal(unet_before, next(tuner.unet.parameters()))
    # the starting pipeline is not changed
    assert TOKEN not in pipe.tokenizer.word_to_id
    # resumable: state -> load gives the same next loss
    tensors, meta = tuner.state()
    twin = Personaliser(pipe, photos(TARGET, 2, seed=0), prior=None, batch_size=2, seed=0)
    twin.load({k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in tensors.items()}, meta)
    assert twin.step == 1
    assert abs(twin.train_step() - tuner.train_step()) < 1e-5


def test_personaliser_bad_input(pipe):
    with pytest.raises(ValueError, match="no photos"):
        Personaliser(pipe, [])
    with pytest.raises(ValueError, match="no photos"):
        Personaliser(pipe, np.zeros((0, 32, 32, 3), np.uint8))
    with pytest.raises(ValueError):
        Personaliser(pipe, np.zeros((3, 48, 48, 3), np.uint8))           # wrong size
    with pytest.raises(ValueError):
        Personaliser(pipe, [np.zeros((32, 32, 3), np.uint8), np.zeros((16, 16, 3), np.uint8)])  # mismatched
    with pytest.raises(ValueError, match="as many prompts as images"):
        Personaliser(pipe, photos(TARGET, 1), prior=(photos("P01", 3), ["a person who is a chef"]))
    with pytest.raises(ValueError, match="batch_size"):
        Personaliser(pipe, photos(TARGET, 1), batch_size=0)


def test_untrained_identity_model_is_not_the_shipped_one():
    assert IdentityModel().info == {}


def test_bench_reports_identity_match_vs_k():
    from bench_chapters import CHAPTER_BENCHES, bench_personalisation
    assert CHAPTER_BENCHES["personalisation"] is bench_personalisation
    out = bench_personalisation(n_per_context=1)
    for label in ("base", "K=1", "K=3", "K=10"):
        top1, low, high = out[f"personalisation/match/{label}"]
        assert 0 <= low <= top1 <= high <= 1
    assert all(0 < out[f"personalisation/train_cpu_seconds/K={k}"] < 600 for k in (1, 3, 10))
    assert out["personalisation/identity_model/held_out_accuracy"] >= 0.9


@pytest.mark.parametrize("k", [1, 3, 10])
def test_shipped_fine_tunes_know_the_word_and_their_cost(k, pipe):
    import json

    from aigc_ethics.core.generate import CHECKPOINTS
    tuned = load_pipeline(f"person-k{k}", device="cpu")
    assert TOKEN in tuned.tokenizer.word_to_id
    # every old word keeps its meaning in the vocabulary (the tokenizer renumbers alphabetically)
    assert set(pipe.tokenizer.vocab) | {TOKEN} == set(tuned.tokenizer.vocab)
    record = json.loads((CHECKPOINTS / f"person-k{k}" / "training.json").read_text())
    assert record["k"] == k and record["person"] == TARGET and record["steps"] == 100
    assert 0 < record["cpu_seconds"] < 600 and set(record["curve"]) >= {"50", "100", "150"}
