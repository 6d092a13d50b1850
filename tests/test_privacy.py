"""Privacy chapter library: dataset, distances, deduplication, attacks, metrics, bad input."""
import numpy as np
import pytest
import torch

from aigc_ethics import generate as G
from aigc_ethics import privacy as P
from aigc_ethics.metrics import auc, bootstrap_metric, roc_curve, tpr_at_fpr


@pytest.fixture(scope="module")
def small():
    return P.privacy_dataset(generic_per_profession=3)


@pytest.fixture(scope="module")
def random_pipe(small):
    torch.manual_seed(0)
    tok = G.Tokenizer(small.vocabulary())
    return G.TinyDiffusionPipeline(unet=G.default_unet(8), scheduler=G.default_scheduler(),
                                   text_encoder=G.TextEncoder(len(tok), embed_dim=32), tokenizer=tok)


def test_privacy_dataset_duplicates_named_portraits(small):
    a = small.attributes
    named = a[a.name != ""].drop_duplicates("item_id")
    assert named.name.tolist() == list(P.PRIVATE_NAMES)
    assert named.copies.tolist() == list(P.DEFAULT_COPIES)
    assert len(small) == 18 + sum(P.DEFAULT_COPIES)
    assert (a.loc[a.name != "", "caption"] == [P.named_prompt(n) for n in a.loc[a.name != "", "name"]]).all()
    dedup = P.privacy_dataset(generic_per_profession=3, dedup=True)
    assert len(dedup) == 18 + 8 and dedup.attributes.copies.max() == 1
    # the named portraits are not also generic training images, and non-members are fresh
    assert len(P.members(small)) == 18
    nm = P.non_members(generic_per_profession=3)
    assert not any((nm.images[i] == small.images).all(axis=(1, 2, 3)).any() for i in range(len(nm)))


def test_privacy_dataset_bad_input():
    with pytest.raises(ValueError, match=">= 1"):
        P.privacy_dataset(copies=(1, 0))
    with pytest.raises(ValueError, match="at most"):
        P.privacy_dataset(copies=(1,) * 9)


def test_tile_distance_needs_every_tile_to_match():
    a = np.zeros((1, 32, 32, 3), np.float32)
    b = a.copy()
    b[0, :8, :8] = 1.0  # one tile completely different
    assert P.tile_distance(a, b, tiles=4)[0] == pytest.approx(1.0)
    assert np.sqrt(((a - b) ** 2).mean()) < 0.3  # while the whole-image RMSE stays small
    with pytest.raises(ValueError, match="same size"):
        P.tile_distance(a, np.zeros((1, 16, 16, 3)))
    with pytest.raises(ValueError, match="divide"):
        P.tile_distance(a, b, tiles=5)
    with pytest.raises(ValueError, match="non-empty"):
        P.tile_distance(np.zeros((0, 32, 32, 3)), b)


def test_nearest_and_distinct_pairs(small):
    imgs = P.members(small).images
    idx, dist = P.nearest_training_image(imgs[:3], imgs)
    assert idx.tolist() == [0, 1, 2] and np.allclose(dist, 0)
    d = P.distinct_pair_distances(imgs, n_pairs=200)
    assert (d > 0).all()
    with pytest.raises(ValueError):
        P.distinct_pair_distances(imgs[:1])


def test_deduplicate_finds_the_copies(small):
    keep = P.deduplicate(small.images)
    assert len(keep) == small.attributes.item_id.nunique()
    with pytest.raises(ValueError, match="max_hamming"):
        P.deduplicate(small.images, max_hamming=65)


def test_extraction_table_and_attacks_run(random_pipe, small):
    table, samples = P.extraction_table(random_pipe, small, n=2, threshold=0.05, num_inference_steps=2)
    assert table.name.tolist() == list(P.PRIVATE_NAMES) and (table.extracted == 0).all()
    assert samples["ada"].shape == (2, 32, 32, 3)
    with pytest.raises(ValueError, match="threshold"):
        P.extraction_table(random_pipe, small, threshold=2.0)
    m = P.members(small)
    s1 = P.loss_scores(random_pipe, m.images[:4], m.captions[:4], timesteps=(10,), n_noise=1)
    s2 = P.secmi_scores(random_pipe, m.images[:4], m.captions[:4], inversion_steps=2)
    assert s1.shape == s2.shape == (4,) and (s1 <= 0).all() and (s2 <= 0).all()
    assert np.allclose(s1, P.loss_scores(random_pipe, m.images[:4], m.captions[:4], timesteps=(10,), n_noise=1))
    with pytest.raises(ValueError, match="captions"):
        P.loss_scores(random_pipe, m.images[:4], m.captions[:3])
    with pytest.raises(ValueError, match="timestep"):
        P.loss_scores(random_pipe, m.images[:2], m.captions[:2], timesteps=(5000,))
    with pytest.raises(ValueError, match="step"):
        P.secmi_scores(random_pipe, m.images[:2], m.captions[:2], t=10, step=20)


def test_roc_auc_tpr():
    s, y = [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]
    assert auc(s, y) == 0.75
    assert auc([1, 2, 3, 4], [0, 0, 1, 1]) == 1.0 and auc([4, 3, 2, 1], [0, 0, 1, 1]) == 0.0
    assert auc([1, 1, 1, 1], [0, 1, 0, 1]) == 0.5  # ties count half
    fpr, tpr = roc_curve(s, y)
    assert fpr[0] == tpr[0] == 0 and fpr[-1] == tpr[-1] == 1
    assert tpr_at_fpr([1, 2, 3, 4], [0, 0, 1, 1], fpr=0.0) == 1.0
    lo, hi = bootstrap_metric(auc, np.r_[np.arange(20), np.arange(20) + 5], np.r_[np.zeros(20), np.ones(20)], n_boot=100)
    assert lo <= auc(np.r_[np.arange(20), np.arange(20) + 5], np.r_[np.zeros(20), np.ones(20)]) <= hi
    with pytest.raises(ValueError, match="both"):
        auc([1, 2], [1, 1])
    with pytest.raises(ValueError, match="fpr"):
        tpr_at_fpr(s, y, fpr=1.5)
    with pytest.raises(ValueError, match="NaN"):
        auc([np.nan, 1], [0, 1])


class _CopyingPipe:
    """A stand-in generator: for ``copy_name``'s prompt it returns that person's training portrait
    exactly; for every other prompt a flat grey image (far from every portrait)."""

    device = "cpu"

    def __init__(self, dataset, copy_name):
        from aigc_ethics.privacy import named_prompt
        a = dataset.attributes
        self.portrait = dataset.images[a.index[a["name"] == copy_name][0]]
        self.prompt = named_prompt(copy_name)

    def __call__(self, prompt, num_images_per_prompt=1, output_type="np", **kwargs):
        from types import SimpleNamespace
        img = self.portrait / 255.0 if prompt == self.prompt else np.full_like(self.portrait, 0.5, dtype=float)
        return SimpleNamespace(images=np.repeat(img[None], num_images_per_prompt, axis=0).astype(np.float32))


def test_extraction_counts_exact_copies_and_only_them():
    """Kills the mutant that flips `dist < threshold`: an exact copy is extracted, a grey image is not."""
    from aigc_ethics.privacy import extraction_table, privacy_dataset
    ds = privacy_dataset()
    table, _ = extraction_table(_CopyingPipe(ds, "dario"), ds, n=3, threshold=0.05)
    got = dict(zip(table["name"], table["extracted"]))
    assert got["dario"] == 3
    assert sum(v for k, v in got.items() if k != "dario") == 0


def test_public_model_saw_the_generic_portraits_but_no_named_one():
    """Lesson 12 fine-tunes `tiny` with DP: its training data (make_dataset, seed 0) must hold none of
    the private named portraits (else DP fine-tuning could not protect them), while the generic
    portraits are the same seed-0 draw (why the lesson attacks the named portraits, not membership)."""
    from aigc_ethics.core.datasets import make_dataset
    public = make_dataset(seed=0)
    flat = public.images.reshape(len(public), -1).astype(np.int16)
    data = P.privacy_dataset()
    a = data.attributes
    distinct = ~a.item_id.duplicated()

    def nearest_l1(img):
        return float(np.abs(flat - img.reshape(-1).astype(np.int16)).mean(1).min())

    named = data.images[(distinct & (a.name != "")).to_numpy()]
    generic = data.images[(distinct & (a.name == "")).to_numpy()][:12]
    assert len(named) == len(P.PRIVATE_NAMES)
    assert min(nearest_l1(x) for x in named) > 3.0          # no copy, not even a near one (grey levels)
    assert max(nearest_l1(x) for x in generic) == 0.0       # exact copies
    assert not set(P.PRIVATE_NAMES) & set(public.vocabulary())


def test_extend_vocabulary_keeps_known_words():
    tok = G.Tokenizer(["a", "of", "photo"])
    torch.manual_seed(0)
    enc = G.TextEncoder(len(tok), embed_dim=8, hidden_dim=16)
    new_tok, new_enc = P.extend_vocabulary(tok, enc, ["ada", "photo"], seed=0)
    assert new_tok.vocab == ["a", "ada", "of", "photo"]
    for w in tok.vocab:
        assert torch.equal(new_enc.embed.weight[new_tok.word_to_id[w]], enc.embed.weight[tok.word_to_id[w]])
    with torch.no_grad():   # a prompt of known words encodes exactly as before
        assert torch.allclose(new_enc(new_tok(["a photo of"])), enc(tok(["a photo of"])))
    ada = new_enc.embed.weight[new_tok.word_to_id["ada"]].detach()
    assert ada.norm() == pytest.approx(float(enc.embed.weight[1:].norm(dim=1).mean()), rel=1e-4)
    with pytest.raises(ValueError, match="word vectors"):
        P.extend_vocabulary(G.Tokenizer(["a"]), enc, ["ada"])


def test_train_dp_fine_tunes_a_public_model(tmp_path):
    pytest.importorskip("opacus")
    out = P.train_dp(tmp_path / "ft", steps=2, batch_size=8, noise_multiplier=1.0, threads=1, save_every=1,
                     init=G.TINY_CHECKPOINT, lr=1e-4, ema_rate=0.5)
    pipe = G.TinyDiffusionPipeline.from_pretrained(out, verify=False)
    assert pipe.unet.config.block_out_channels[0] == 32 and "ada" in pipe.tokenizer.vocab
    import json
    info = json.loads((tmp_path / "ft" / "dp_info.json").read_text())
    assert info["init"] == "tiny" and info["base_channels"] == 32 and info["epsilon"] > 0 and info["steps"] == 2
    assert pipe(P.named_prompt("ada"), num_inference_steps=2, output_type="np").images.shape == (1, 32, 32, 3)
