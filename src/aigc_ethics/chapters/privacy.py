"""Privacy in miniature: memorisation, extraction, membership inference, and mitigations.

The privacy chapter trains small models on a *privacy dataset* whose every image is known:

* ``generic`` portraits under shared captions ("a portrait of a doctor"), like most web images;
* eight *named* portraits, each under its own caption ("a photo of ada"), like a private photo
  posted with a person's name. They are duplicated 1, 1, 4, 4, 16, 16, 64 and 64 times, as a
  photo that spreads across the web is. The names are invented and the "people" are drawn by
  :func:`aigc_ethics.datasets.render_portrait`: nobody real is in the data.

Functions here build that dataset (and its deduplicated version), train on it (optionally
with differentially private SGD via Opacus), and run the attacks:

* extraction: generate from a name, find the nearest training image (:func:`extraction_table`);
* membership inference: a loss attack (:func:`loss_scores`) and a SecMI-style attack
  (:func:`secmi_scores`), evaluated with :func:`roc`, :func:`auc` and :func:`tpr_at_fpr`.

>>> ds = privacy_dataset(generic_per_profession=4)
>>> len(ds), ds.attributes["copies"].max()
(194, 64)
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from aigc_ethics.core.datasets import PROFESSIONS, SyntheticDataset, default_composition, make_dataset
from aigc_ethics.core.generate import (
    Pipeline,
    TextEncoder,
    TinyDiffusionPipeline,
    Tokenizer,
    default_scheduler,
    default_unet,
    generate_many,
)
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.state import ema_update, load_state, run_steps, save_state
from aigc_ethics.core.stats import auc, bootstrap_metric, tpr_at_fpr
from aigc_ethics.core.train import TrainConfig, images_to_tensor, train

#: Invented first names for the "private" portraits (single words, so the tokenizer knows them).
PRIVATE_NAMES = ("ada", "bram", "cleo", "dario", "elin", "femi", "goran", "hana")
#: How many times each named portrait appears in the training set.
DEFAULT_COPIES = (1, 1, 4, 4, 16, 16, 64, 64)
#: Generic portraits per profession in the privacy training set.
GENERIC_PER_PROFESSION = 43


def _portraits(n_per_profession: int, seed: int) -> SyntheticDataset:
    comp = default_composition(portraits_per_profession=n_per_profession, artworks_per_style=0)
    return make_dataset(comp, seed=seed)


def named_prompt(name: str) -> str:
    """The caption (and prompt) under which a named portrait is stored: ``"a photo of ada"``."""
    return f"a photo of {name}"


def privacy_dataset(copies=DEFAULT_COPIES, *, generic_per_profession: int = GENERIC_PER_PROFESSION,
                    seed: int = 0, dedup: bool = False) -> SyntheticDataset:
    """The privacy chapter's training set: generic portraits plus duplicated, named ones.

    ``copies[i]`` is how often the portrait named ``PRIVATE_NAMES[i]`` appears; ``dedup=True``
    keeps one copy of each (what perceptual-hash deduplication finds, see :func:`deduplicate`).
    The ``attributes`` table has a ``name`` column ("" for generic portraits).

    >>> privacy_dataset(generic_per_profession=2, dedup=True).attributes["copies"].max()
    1
    """
    copies = tuple(int(c) for c in copies)
    if len(copies) > len(PRIVATE_NAMES):
        raise ValueError(f"at most {len(PRIVATE_NAMES)} named portraits, got {len(copies)} copy counts")
    if any(c < 1 for c in copies):
        raise ValueError(f"copy counts must be >= 1, got {copies}")
    if generic_per_profession < 1:
        raise ValueError(f"generic_per_profession must be >= 1, got {generic_per_profession}")
    generic = _portraits(generic_per_profession, seed)
    # the named portraits come from a separate draw, so they are not also generic images
    named = _portraits(2, seed + 10_000).subset(np.arange(2 * len(PROFESSIONS)) < len(copies))
    attrs_g = generic.attributes.assign(name="")
    attrs_n = named.attributes.assign(name=list(PRIVATE_NAMES[:len(copies)]))
    attrs_n["caption"] = [named_prompt(n) for n in attrs_n["name"]]
    attrs = pd.concat([attrs_g, attrs_n], ignore_index=True)
    attrs["item_id"] = np.arange(len(attrs))
    attrs["copies"] = [1] * len(attrs_g) + ([1] * len(copies) if dedup else list(copies))
    images = np.concatenate([generic.images, named.images])
    index = np.repeat(np.arange(len(attrs)), attrs["copies"].to_numpy())
    return SyntheticDataset(images[index], attrs.iloc[index].reset_index(drop=True),
                            generic.composition, seed)


def non_members(generic_per_profession: int = GENERIC_PER_PROFESSION, *, seed: int = 1) -> SyntheticDataset:
    """Fresh generic portraits from the same distribution, never used for training (for
    membership inference: the "outs")."""
    return _portraits(generic_per_profession, seed + 20_000)


def members(dataset: SyntheticDataset) -> SyntheticDataset:
    """The distinct generic training portraits of a privacy dataset (the "ins")."""
    a = dataset.attributes
    keep = (a["name"] == "") & ~a["item_id"].duplicated()
    return dataset.subset(keep.to_numpy())


# --------------------------------------------------------------------------------------------
# Training (scripts: tools/train_privacy.sh)
# --------------------------------------------------------------------------------------------

def train_snapshots(out_dir, *, snapshots=(600, 1200), dedup: bool = False, seed: int = 0,
                    threads: int | None = None) -> list[Path]:
    """Train on :func:`privacy_dataset` and keep the EMA pipeline at each step in ``snapshots``.

    Resumable: rerunning continues from the last saved state. Returns the snapshot folders.
    """
    if threads:
        torch.set_num_threads(threads)
    out = Path(out_dir)
    dataset = privacy_dataset(dedup=dedup, seed=seed)
    folders = []
    for steps in sorted(snapshots):
        target = out / f"pipeline-{steps}"
        if not (target / "model_index.json").exists():
            config = TrainConfig(steps=steps, batch_size=32, lr=5e-4, warmup=100, save_every=100, seed=seed)
            train(out, config=config, dataset=dataset)
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(out / "pipeline", target)
            shutil.copy(out / "train_info.json", target / "train_info.json")
        folders.append(target)
    return folders


# --------------------------------------------------------------------------------------------
# Differentially private training (DP-SGD with Opacus)
# --------------------------------------------------------------------------------------------

class _Denoiser(torch.nn.Module):
    """UNet + text encoder as one module, so Opacus can clip each example's whole gradient."""

    def __init__(self, unet, text_encoder):
        super().__init__()
        self.unet, self.text_encoder = unet, text_encoder

    def forward(self, xt, t, ids):
        return self.unet(xt, t, class_labels=self.text_encoder(ids)).sample


def extend_vocabulary(tokenizer: Tokenizer, text_encoder: TextEncoder, words, *,
                      seed: int = 0) -> tuple[Tokenizer, TextEncoder]:
    """A tokenizer over the old vocabulary plus ``words``, and a copy of ``text_encoder`` whose
    known words keep their vectors; each new word gets a seeded random vector with the mean
    norm of the known ones (the tokenizer sorts its words, so old ids move).

    >>> tok, enc = extend_vocabulary(Tokenizer(["a", "photo"]), TextEncoder(3, embed_dim=4), ["ada"])
    >>> tok.vocab, enc.embed.weight.shape[0]
    (['a', 'ada', 'photo'], 4)
    """
    import copy
    if len(text_encoder.embed.weight) != len(tokenizer):
        raise ValueError(f"the text encoder has {len(text_encoder.embed.weight)} word vectors but the "
                         f"tokenizer {len(tokenizer)} ids")
    new = Tokenizer(list(tokenizer.vocab) + [str(w) for w in words], tokenizer.max_length)
    old_w = text_encoder.embed.weight.detach()
    dim = old_w.shape[1]
    enc = TextEncoder(len(new), embed_dim=dim, hidden_dim=text_encoder.config.hidden_dim)
    enc.mlp.load_state_dict(copy.deepcopy(text_encoder.mlp.state_dict()))
    enc.null.data.copy_(text_encoder.null.detach())
    scale = old_w[1:].norm(dim=1).mean()
    gen = torch.Generator().manual_seed(seed)
    weight = torch.zeros(len(new), dim)
    for w, i in new.word_to_id.items():
        if w in tokenizer.word_to_id:
            weight[i] = old_w[tokenizer.word_to_id[w]]
        else:
            v = torch.randn(dim, generator=gen)
            weight[i] = v / v.norm() * scale
    enc.embed.weight.data.copy_(weight)
    return new, enc


def train_dp(out_dir, *, steps: int = 600, batch_size: int = 64, noise_multiplier: float = 0.8,
             max_grad_norm: float = 1.0, lr: float = 1e-3, delta: float = 1e-5, seed: int = 0,
             threads: int | None = None, save_every: int = 50, base_channels: int = 16,
             dp: bool = True, init=None, ema_rate: float = 0.005) -> Path:
    """Train the privacy chapter's model with DP-SGD (Opacus): every example's gradient is
    clipped to ``max_grad_norm`` and Gaussian noise of ``noise_multiplier * max_grad_norm`` is
    added to each batch's sum. Batches are Poisson-sampled (expected size ``batch_size``), as the
    privacy accounting assumes. Writes ``out_dir/pipeline`` and ``out_dir/dp_info.json`` with
    the epsilon spent (RDP accountant) at ``delta``. Resumable from ``out_dir/state.pt``.

    Each *copy* of a duplicated image is a separate record: a picture present k times is
    protected only by the weaker guarantee of a group of k records (about k times epsilon).

    ``dp=False`` runs the very same loop without clipping and noise: the fair non-private
    baseline. ``base_channels`` sets the UNet width (16 by default: DP-SGD computes a gradient per
    example, which is slow on a CPU).

    ``init`` (a pipeline folder) *fine-tunes* that model instead of training from scratch (DP
    fine-tuning of a model pre-trained on public data, as in Ghalebikesabi et al. 2023): its UNet
    width replaces ``base_channels``, and the text encoder's vocabulary is extended with the
    dataset's new words (the private names), whose word vectors start as seeded random draws at
    the scale of the known ones (:func:`extend_vocabulary`). ``ema_rate`` is the weight of each
    step in the moving average that is shipped.
    """
    import copy
    import json as _json

    from opacus import PrivacyEngine
    from opacus.validators import ModuleValidator


    if threads:
        torch.set_num_threads(threads)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    dataset = privacy_dataset(seed=seed)
    if init is None:
        tokenizer = Tokenizer(dataset.vocabulary())
        model = _Denoiser(default_unet(base_channels), TextEncoder(len(tokenizer), embed_dim=4 * base_channels))
    else:
        public = TinyDiffusionPipeline.from_pretrained(init)
        tokenizer, text_encoder = extend_vocabulary(public.tokenizer, public.text_encoder, dataset.vocabulary(),
                                                    seed=seed)
        model = _Denoiser(public.unet.train(), text_encoder.train())
        base_channels = int(public.unet.config.block_out_channels[0])
    x = images_to_tensor(dataset.images)
    ids = tokenizer(dataset.captions)
    problems = ModuleValidator.validate(model, strict=False)
    if problems:
        raise RuntimeError(f"Opacus cannot train this model: {problems}")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    data = torch.utils.data.TensorDataset(x, ids)
    loader = torch.utils.data.DataLoader(data, batch_size=batch_size, shuffle=True,
                                         generator=torch.Generator().manual_seed(seed))
    engine = None
    if dp:
        engine = PrivacyEngine(accountant="rdp")
        model, optimizer, loader = engine.make_private(module=model, optimizer=optimizer, data_loader=loader,
                                                       noise_multiplier=noise_multiplier,
                                                       max_grad_norm=max_grad_norm, poisson_sampling=True)
    inner = model._module if dp else model
    plain_optimizer = optimizer.original_optimizer if dp else optimizer
    ema = copy.deepcopy(inner).eval().requires_grad_(False)
    scheduler = default_scheduler(train=True)
    state_path, step, elapsed, losses = out / "state.pt", 0, 0.0, []
    if state_path.exists():
        tensors, meta = load_state(state_path)
        state = {**tensors, **meta}
        inner.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        plain_optimizer.load_state_dict(state["optimizer"])
        if engine is not None:
            engine.accountant.history = [tuple(h) for h in state["accountant"]]
        step, elapsed, losses = state["step"], state["elapsed"], state["losses"]
        torch.set_rng_state(state["rng"])
    gen = torch.Generator().manual_seed(seed + step)
    start = time.time() - elapsed

    def batches():
        while True:
            for x0, batch_ids in loader:
                if len(x0):  # Poisson sampling can draw an empty batch
                    yield x0, batch_ids

    stream = batches()

    def step_fn() -> float:
        x0, batch_ids = next(stream)
        noise = torch.randn(x0.shape, generator=gen)
        t = torch.randint(0, scheduler.config.num_train_timesteps, (len(x0),), generator=gen)
        xt = scheduler.add_noise(x0, noise, t)
        keep = (torch.rand(len(x0), generator=gen) >= 0.1).long()  # caption dropout for guidance
        loss = torch.nn.functional.mse_loss(model(xt, t, batch_ids * keep[:, None]), x0)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        ema_update(ema, inner, rate=ema_rate)
        return float(loss)

    def on_step(step: int, loss: float, bar) -> None:
        losses.append((step, loss, round(time.time() - start, 1)))

    def save(step: int) -> None:
        save_state(state_path, {"model": inner.state_dict(), "ema": ema.state_dict(),
                                "optimizer": plain_optimizer.state_dict(), "rng": torch.get_rng_state()},
                   {"step": step, "accountant": engine.accountant.history if engine else None,
                    "elapsed": time.time() - start, "losses": losses})

    step = run_steps(step_fn, steps=steps, start=step, save=save, save_every=save_every,
                     desc="DP training" if dp else "training", on_step=on_step)
    epsilon = engine.get_epsilon(delta) if engine else float("inf")
    pipe = TinyDiffusionPipeline(unet=ema.unet, scheduler=default_scheduler(train=False),
                                 text_encoder=ema.text_encoder, tokenizer=tokenizer)
    pipe.save_pretrained(out / "pipeline")
    info = {"dp": dp, "base_channels": base_channels, "steps": step, "batch_size": batch_size,
            "noise_multiplier": noise_multiplier if dp else 0.0,
            "max_grad_norm": max_grad_norm, "lr": lr, "delta": delta, "epsilon": round(float(epsilon), 3) if dp else None,
            "dataset_size": len(dataset), "train_seconds": round(time.time() - start, 1),
            "final_loss_avg50": float(np.mean([l for _, l, _ in losses[-50:]])) if losses else None,
            "sample_rate": batch_size / len(dataset), "seed": seed, "ema_rate": ema_rate,
            "init": None if init is None else Path(init).name}
    (out / "dp_info.json").write_text(_json.dumps(info, indent=1))
    (out / "pipeline" / "dp_info.json").write_text(_json.dumps(info, indent=1))
    return out / "pipeline"


# --------------------------------------------------------------------------------------------
# Similarity for extraction
# --------------------------------------------------------------------------------------------

def _float_images(images: ImageBatch, name: str) -> np.ndarray:
    arr = np.asarray(images)
    if arr.ndim == 3:
        arr = arr[None]
    if arr.ndim != 4 or arr.shape[-1] != 3 or len(arr) == 0:
        raise ValueError(f"{name} must be a non-empty batch of RGB images (N, H, W, 3), got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name} must be numeric images (uint8 0-255 or floats in [0, 1]), got dtype {arr.dtype}")
    if arr.dtype != np.uint8 and not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).reshape(len(arr), -1).any(1).sum())
        raise ValueError(f"{name} must hold finite pixel values, got NaN or inf in {bad} of {len(arr)} images")
    return arr.astype(np.float32) / 255.0 if arr.dtype == np.uint8 else arr.astype(np.float32)


def tile_distance(a, b, *, tiles: int = 4) -> np.ndarray:
    """Patch-wise distance between matching images of two batches: split each image into
    ``tiles x tiles`` patches, take the RMSE of each pair of patches, and keep the *largest*.
    A copy must match everywhere; one different patch is enough to count as different (in the
    spirit of the tiled distance of Carlini et al. 2023). Pixels in [0, 1].

    >>> tile_distance(np.zeros((1, 32, 32, 3)), np.zeros((1, 32, 32, 3))).tolist()
    [0.0]
    """
    a, b = _float_images(a, "a"), _float_images(b, "b")
    if a.shape[1:] != b.shape[1:]:
        raise ValueError(f"images must have the same size, got {a.shape[1:3]} and {b.shape[1:3]}")
    if len(b) == 1 and len(a) > 1:
        b = np.repeat(b, len(a), 0)
    if len(a) != len(b):
        raise ValueError(f"batches must have the same length (or one image), got {len(a)} and {len(b)}")
    n, h, w, _ = a.shape
    if tiles < 1 or h % tiles or w % tiles:
        raise ValueError(f"tiles must divide the image size {h}x{w}, got {tiles}")
    d = ((a - b) ** 2).reshape(n, tiles, h // tiles, tiles, w // tiles, 3).mean(axis=(2, 4, 5))
    return np.sqrt(d.reshape(n, -1).max(1))


def nearest_training_image(samples, training_images, *, tiles: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """For each sample, the index of the training image with the smallest :func:`tile_distance`,
    and that distance."""
    s, t = _float_images(samples, "samples"), _float_images(training_images, "training_images")
    idx, dist = np.empty(len(s), int), np.empty(len(s), np.float32)
    for i, x in enumerate(s):
        d = tile_distance(t, x[None], tiles=tiles)
        idx[i], dist[i] = int(d.argmin()), float(d.min())
    return idx, dist


def distinct_pair_distances(images: ImageBatch, *, n_pairs: int = 2000, seed: int = 0, tiles: int = 4) -> np.ndarray:
    """:func:`tile_distance` between random pairs of *different* images (to set a threshold: a
    sample closer to a training image than almost any two distinct training images are to each
    other is a copy)."""
    x = _float_images(images, "images")
    if len(x) < 2:
        raise ValueError("need at least two images")
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(x), n_pairs)
    j = (i + rng.integers(1, len(x), n_pairs)) % len(x)
    return tile_distance(x[i], x[j], tiles=tiles)


def perceptual_hashes(images: ImageBatch, *, hash_size: int = 8) -> list:
    """``imagehash.phash`` of each image (upsampled 4x first: the hash needs more than 32 pixels)."""
    import imagehash
    from PIL import Image
    arr = (np.clip(_float_images(images, "images"), 0, 1) * 255).round().astype(np.uint8)
    return [imagehash.phash(Image.fromarray(a).resize((128, 128), Image.BICUBIC), hash_size=hash_size)
            for a in arr]


def deduplicate(images: ImageBatch, *, max_hamming: int = 0) -> np.ndarray:
    """Indices of the images to keep: the first of every group whose perceptual hashes differ
    by at most ``max_hamming`` bits (of 64)."""
    if not 0 <= max_hamming <= 64:
        raise ValueError(f"max_hamming must be between 0 and 64, got {max_hamming}")
    hashes = perceptual_hashes(images)
    keep, kept_hashes = [], []
    bits = np.array([h.hash.ravel() for h in hashes])
    for i, b in enumerate(bits):
        if kept_hashes and (np.abs(np.array(kept_hashes) ^ b).sum(1) <= max_hamming).any():
            continue
        keep.append(i)
        kept_hashes.append(b)
    return np.array(keep, dtype=int)


def dedup_sweep(dataset: SyntheticDataset, *, max_hammings=(0, 2, 4, 6)) -> pd.DataFrame:
    """How :func:`deduplicate` behaves on a dataset whose true duplicates are known: records
    kept, copies removed, and distinct images wrongly removed (merged with a look-alike)."""
    ids = dataset.attributes["item_id"].to_numpy()
    n_distinct = len(set(ids))
    rows = []
    for h in max_hammings:
        kept = set(ids[deduplicate(dataset.images, max_hamming=h)])
        rows.append({"max Hamming distance": h, "records kept": len(kept),
                     "duplicate copies removed": len(ids) - n_distinct,
                     "distinct images wrongly removed": n_distinct - len(kept)})
    return pd.DataFrame(rows).set_index("max Hamming distance")


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------

def extraction_table(pipe: Pipeline, dataset: SyntheticDataset, *, n: int = 16, threshold: float = 0.05, seed: int = 0,
                     **kwargs) -> tuple[pd.DataFrame, dict]:
    """Prompt the model with each private name, ``n`` times, and count *extracted* samples: those
    whose nearest training image (by :func:`tile_distance`) is that person's portrait, at a
    distance below ``threshold``. Returns the table (one row per name) and the samples."""
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1 (pixel scale), got {threshold}")
    attrs = dataset.attributes
    distinct = ~attrs["item_id"].duplicated()
    train_images, train_ids = dataset.images[distinct.to_numpy()], attrs.loc[distinct, "item_id"].to_numpy()
    rows, samples = [], {}
    named = attrs[distinct & (attrs["name"] != "")]
    for _, row in named.iterrows():
        imgs = generate_many(pipe, named_prompt(row["name"]), n, seed=seed, **kwargs)
        idx, dist = nearest_training_image(imgs, train_images)
        own = tile_distance(imgs, dataset.images[attrs.index[attrs.item_id == row.item_id][0]][None])
        hit = (train_ids[idx] == row["item_id"]) & (dist < threshold)
        samples[row["name"]] = imgs
        rows.append({"name": row["name"], "copies in training data": int(row["copies"]), "samples": n,
                     "extracted": int(hit.sum()), "rate": float(hit.mean()),
                     "median distance to own portrait": float(np.median(own))})
    return pd.DataFrame(rows), samples


# --------------------------------------------------------------------------------------------
# Membership inference
# --------------------------------------------------------------------------------------------

def _x0_prediction(pipe: Pipeline, xt, t, ids):
    t_batch = torch.full((len(xt),), int(t), dtype=torch.long, device=xt.device)
    return pipe.unet(xt, t_batch, class_labels=pipe.text_encoder(ids)).sample


def _prepare(pipe: Pipeline, images: ImageBatch, captions):
    x = _float_images(images, "images")
    if len(captions) != len(x):
        raise ValueError(f"got {len(x)} images but {len(captions)} captions")
    device = pipe.unet.device
    x0 = images_to_tensor((np.clip(x, 0, 1) * 255).round().astype(np.uint8)).to(device)
    return x0, pipe.tokenizer(list(captions)).to(device)


@torch.no_grad()
def loss_scores(pipe: Pipeline, images: ImageBatch, captions, *, timesteps=(50, 100, 200, 300), n_noise: int = 2, seed: int = 0) -> np.ndarray:
    """Loss attack: minus the model's average denoising error (clean-image prediction error) on
    each image, at fixed timesteps and fixed noise. Members of the training set tend to have a
    *smaller* error, so a *higher* score means "more likely a member"."""
    x0, ids = _prepare(pipe, images, captions)
    alphas = pipe.scheduler.alphas_cumprod.to(x0.device)
    gen = torch.Generator().manual_seed(seed)
    err = torch.zeros(len(x0), device=x0.device)
    for t in timesteps:
        if not 0 <= int(t) < len(alphas):
            raise ValueError(f"timestep {t} outside 0..{len(alphas) - 1}")
        for _ in range(n_noise):
            noise = torch.randn(x0.shape, generator=gen).to(x0.device)
            a = alphas[int(t)]
            xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
            err += ((_x0_prediction(pipe, xt, t, ids) - x0) ** 2).mean(dim=(1, 2, 3))
    return (-err / (len(timesteps) * n_noise)).cpu().numpy()


def _ddim_move(pipe: Pipeline, x, t_from, t_to, ids, alphas):
    """One deterministic DDIM step from timestep ``t_from`` to ``t_to`` (either direction)."""
    x0_hat = _x0_prediction(pipe, x, t_from, ids).clamp(-1, 1)
    a_from, a_to = alphas[int(t_from)], alphas[int(t_to)]
    eps = (x - a_from.sqrt() * x0_hat) / (1 - a_from).sqrt()
    return a_to.sqrt() * x0_hat + (1 - a_to).sqrt() * eps


@torch.no_grad()
def secmi_scores(pipe: Pipeline, images: ImageBatch, captions, *, t: int = 100, step: int = 20, inversion_steps: int = 10) -> np.ndarray:
    """A SecMI-style attack (Duan et al. 2023): bring each image deterministically to timestep
    ``t`` by DDIM inversion, take one DDIM step down to ``t - step`` and invert it back up to
    ``t``, and measure how far it lands from where it started. A model that memorised an image
    retraces its path more exactly, so members have a *smaller* error; the score is minus that
    error (higher = "more likely a member")."""
    if not 0 < step < t < 1000:
        raise ValueError(f"need 0 < step < t < 1000, got t={t}, step={step}")
    x0, ids = _prepare(pipe, images, captions)
    alphas = pipe.scheduler.alphas_cumprod.to(x0.device)
    x = x0
    path = np.linspace(0, t, inversion_steps + 1).round().astype(int)
    for a, b in zip(path[:-1], path[1:]):  # deterministic DDIM inversion 0 -> t
        x = _ddim_move(pipe, x, a, b, ids, alphas)
    down = _ddim_move(pipe, x, t, t - step, ids, alphas)
    back = _ddim_move(pipe, down, t - step, t, ids, alphas)
    return (-((back - x) ** 2).mean(dim=(1, 2, 3))).cpu().numpy()


#: Settings of the two attacks used by the chapter (cheap enough for a CPU notebook).
LOSS_ATTACK = dict(timesteps=(50, 100, 200), n_noise=1)
SECMI_ATTACK = dict(t=100, step=20, inversion_steps=5)


def membership_table(pipes: dict, members_ds: SyntheticDataset, non_members_ds: SyntheticDataset, *,
                     n_boot: int = 500, seed: int = 0, attacks=("loss", "SecMI-style")) -> tuple[pd.DataFrame, dict]:
    """Run the attacks on every pipeline in ``pipes`` ({label: pipeline}); return a table of AUC
    (with a 95 % bootstrap interval) and TPR at 1 % FPR, and the raw scores."""
    images = np.concatenate([members_ds.images, non_members_ds.images])
    captions = members_ds.captions + non_members_ds.captions
    labels = np.r_[np.ones(len(members_ds), bool), np.zeros(len(non_members_ds), bool)]
    rows, scores = [], {}
    for name, pipe in pipes.items():
        for attack in attacks:
            if attack not in ("loss", "SecMI-style"):
                raise ValueError(f"unknown attack {attack!r}; expected 'loss' or 'SecMI-style'")
            s = (loss_scores(pipe, images, captions, **LOSS_ATTACK) if attack == "loss"
                 else secmi_scores(pipe, images, captions, **SECMI_ATTACK))
            lo, hi = bootstrap_metric(auc, s, labels, n_boot=n_boot, seed=seed)
            rows.append({"model": name, "attack": attack, "AUC": auc(s, labels), "AUC 95% CI": f"{lo:.2f}-{hi:.2f}",
                         "TPR at 1% FPR": tpr_at_fpr(s, labels, fpr=0.01)})
            scores[(name, attack)] = s
    return pd.DataFrame(rows), {"scores": scores, "labels": labels}



# --------------------------------------------------------------------------------------------
# Shipping the chapter's checkpoints
# --------------------------------------------------------------------------------------------
