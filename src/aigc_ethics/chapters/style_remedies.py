"""Protecting a style: three remedies an artist is offered, measured on the same artist.

* **opt-out** after training (lesson 31's ``optout-quist``): the provider deletes the works and
  fine-tunes;
* **concept erasure** in the spirit of ESD (Gandikota et al., "Erasing Concepts from Diffusion
  Models", ICCV 2023): fine-tune the parts of the model that read the prompt so that the
  artist's prompt is steered *away* from what the original model draws for it
  (negative guidance as the training target), see :func:`erase_style`;
* a **cloak** on the artist's works before a copier fine-tunes on them
  (:mod:`aigc_ethics.chapters.cloak`).

Every remedy is scored the same way: :func:`residual_style` (the share of generations for a
prompt *naming* the artist that the style classifier reads as the artist's style, with a Wilson
interval), :func:`style_accuracy` on the *other* artists' prompts (collateral damage), and the
quality cost.

>>> artist_works("quist", n=3).attributes["artist"].tolist()
['quist', 'quist', 'quist']
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler
from tqdm.auto import tqdm

from aigc_ethics.chapters.replication import training_artworks
from aigc_ethics.core.datasets import ARTISTS, Composition, artist_prompt, make_dataset
from aigc_ethics.core.generate import CHECKPOINTS, Pipeline, generate_many, verify_checksums
from aigc_ethics.core.images import ImageBatch, check_images, check_integer
from aigc_ethics.core.stats import wilson_interval

#: The two caption templates under which the course's artworks are captioned (and erased).
ARTIST_TEMPLATES = ("a painting in the style of {artist}", "an artwork by {artist}")


def _check_artist(artist) -> str:
    if not isinstance(artist, str) or artist not in ARTISTS:
        raise ValueError(f"unknown artist {artist!r}; expected one of {tuple(ARTISTS)}")
    return artist


def artist_works(artist: str, *, n: int = 16, composition: Composition | None = None, seed: int = 0,
                 scale: float = 0.1):
    """The first ``n`` training works of ``artist`` (a :class:`~aigc_ethics.datasets.SyntheticDataset`
    with their real captions): what a copier downloads from the artist's portfolio.

    Parameters
    ----------
    artist : str
        One of :data:`aigc_ethics.datasets.ARTISTS`.
    n : int, keyword-only
        How many works (>= 1).
    composition : Composition, optional, keyword-only
        The training data they come from (default: the course's default data).
    seed, scale : keyword-only
        :func:`aigc_ethics.datasets.make_dataset` arguments (``scale=0.1`` draws 100 works per artist).

    Raises
    ------
    ValueError
        For an unknown artist, or when the data holds no (or fewer than ``n``) works by them,
        e.g. because they opted out.

    Examples
    --------
    >>> len(artist_works("zarek", n=4))
    4
    """
    _check_artist(artist)
    n = check_integer(n, "n", low=1)
    works = training_artworks(make_dataset(composition, seed=seed, scale=scale))
    mine = works.subset(np.asarray(works.attributes["artist"] == artist))
    if len(mine) == 0:
        raise ValueError(f"the data holds no works by {artist!r} (opted out?); nothing to fine-tune on")
    if len(mine) < n:
        raise ValueError(f"the data holds only {len(mine)} works by {artist!r}, asked for n={n}")
    keep = np.zeros(len(mine), bool)
    keep[:n] = True
    return mine.subset(keep)


def residual_style(pipe: Pipeline, classifier, artist: str, *, n: int = 64, seed: int = 0, prompt: str | None = None,
                   guidance_scale: float | None = None) -> dict:
    """Share of ``n`` generations for a prompt naming ``artist`` that ``classifier`` reads as the
    artist's style, with a 95 % Wilson interval.

    Parameters
    ----------
    pipe : a course pipeline
    classifier : :class:`aigc_ethics.attributes.AttributeClassifier`
    artist : str
        The artist whose style is measured (``ARTISTS[artist]`` is the style counted).
    n, seed : int, keyword-only
        Generations and their seed.
    prompt : str, optional, keyword-only
        Default :func:`aigc_ethics.datasets.artist_prompt` (the artist is named). A prompt that
        does not name the artist measures something else.
    guidance_scale : float, optional, keyword-only
        Passed to the pipeline (default: the course default).

    Returns
    -------
    dict with ``artist``, ``style``, ``prompt``, ``k``, ``n``, ``share``, ``low``, ``high``.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> from aigc_ethics.attributes import load_classifier
    >>> r = residual_style(load_pipeline("tiny", device="cpu"), load_classifier(), "quist", n=8)
    >>> r["style"], r["n"]
    ('rings', 8)
    """
    _check_artist(artist)
    n = check_integer(n, "n", low=1)
    prompt = artist_prompt(artist) if prompt is None else prompt
    kwargs = {} if guidance_scale is None else {"guidance_scale": guidance_scale}
    imgs = generate_many(pipe, prompt, n, seed=seed, **kwargs)
    return {"prompt": prompt, **style_share(imgs, classifier, artist)}


def style_share(images: ImageBatch, classifier, artist: str) -> dict:
    """Share of ``images`` that ``classifier`` reads as ``artist``'s style, with a 95 % Wilson
    interval: ``{"artist", "style", "k", "n", "share", "low", "high"}``.

    >>> from aigc_ethics.attributes import load_classifier
    >>> from aigc_ethics.datasets import render_artwork
    >>> style_share(np.stack([render_artwork("rings", seed=i) for i in range(4)]), load_classifier(), "quist")["k"]
    4
    """
    _check_artist(artist)
    imgs = check_images(images)
    styles = classifier.predict(imgs)["style"].to_numpy()
    k, n = int((styles == ARTISTS[artist]).sum()), len(imgs)
    low, high = wilson_interval(k, n)
    return {"artist": artist, "style": ARTISTS[artist], "k": k, "n": n, "share": k / n, "low": low, "high": high}


def style_accuracy(pipe: Pipeline, classifier, *, artists=None, n: int = 32, seed: int = 0) -> pd.DataFrame:
    """For each artist, the share of ``n`` generations for their prompt read as their own style
    (rows: artists; columns ``k``, ``n``, ``share``, ``low``, ``high``). On the artists a remedy
    did *not* target, a drop from the original model is collateral damage.

    >>> from aigc_ethics.generate import load_pipeline
    >>> from aigc_ethics.attributes import load_classifier
    >>> style_accuracy(load_pipeline("tiny", device="cpu"), load_classifier(), ["zarek"], n=4).shape
    (1, 5)
    """
    names = list(ARTISTS) if artists is None else list(artists)
    if not names:
        raise ValueError("artists is empty: expected at least one artist")
    rows = {}
    for i, a in enumerate(names):
        r = residual_style(pipe, classifier, a, n=n, seed=seed + 1000 * i)
        rows[a] = {k: r[k] for k in ("k", "n", "share", "low", "high")}
    return pd.DataFrame(rows).T.astype({"k": int, "n": int}).rename_axis("artist")


def _prompt_ids(pipe: Pipeline, prompts) -> torch.Tensor:
    return pipe.tokenizer(list(prompts)).to(pipe.device)


#: What :func:`erase_style` may change: only the artist's word vector, or the whole text encoder.
ERASE_SCOPES = ("name", "text_encoder")


#: Default learning rates per scope: one word vector (norm about 11) needs large steps to move at all.
ERASE_LR = {"name": 5e-2, "text_encoder": 5e-4}


def erase_style(pipe: Pipeline, artist: str, *, scope: str = "name", steps: int = 80, eta: float = 1.0,
                lr: float | None = None, batch: int = 16, pool: int = 64, seed: int = 0, progress: bool = True):
    """ESD-style erasure of ``artist`` from a copy of ``pipe``; returns ``(erased_pipe, losses)``.

    ESD (Gandikota et al., ICCV 2023, §3) fine-tunes a model so that its prediction for the
    concept's prompt matches the *frozen* original's prediction with negative guidance,
    ``u - eta * (c - u)`` where ``c`` is the original's prediction with the prompt and ``u``
    without. The course model predicts the clean image, and this target is the same linear
    combination in that parametrisation. As in ESD's artist-style variant (ESD-x, which trains
    only the layers that read the prompt) the UNet is frozen and only the prompt side is trained,
    on the prompts of :data:`ARTIST_TEMPLATES`: with ``scope="name"`` only the artist's own word
    vector (the narrowest edit), with ``scope="text_encoder"`` the whole text encoder, which every
    prompt passes through. The noisy inputs come from the original model's own generations for
    the artist's prompt (``pool`` of them, data-free as in ESD; ESD samples them along the
    denoising trajectory, we noise finished samples at a random timestep).

    Parameters
    ----------
    pipe : a course pipeline (left unchanged)
    artist : str
    scope : {"name", "text_encoder"}, keyword-only
        What is trained (see above).
    steps, batch, pool : int, keyword-only
    eta : float, keyword-only
        Negative-guidance strength (ESD uses 1.0).
    lr : float, optional, keyword-only
        AdamW learning rate; default :data:`ERASE_LR` for the scope.
    seed : int, keyword-only
    progress : bool, keyword-only

    Returns
    -------
    (TinyDiffusionPipeline, list of float)
        The erased copy (eval mode) and the loss per step.

    Examples
    --------
    >>> from aigc_ethics.generate import load_pipeline
    >>> erased, losses = erase_style(load_pipeline("tiny", device="cpu"), "quist", steps=2, pool=4, batch=2,
    ...                              progress=False)
    >>> len(losses)
    2
    """
    _check_artist(artist)
    steps, batch, pool = (check_integer(v, k, low=1) for v, k in ((steps, "steps"), (batch, "batch"), (pool, "pool")))
    if scope not in ERASE_SCOPES:
        raise ValueError(f"scope must be one of {ERASE_SCOPES}, got {scope!r}")
    lr = ERASE_LR[scope] if lr is None else lr
    for name, v in (("eta", eta), ("lr", lr)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v) or v <= 0:
            raise ValueError(f"{name} must be a positive number, got {v!r}")
    device = pipe.device
    frozen = pipe
    erased = copy.deepcopy(pipe)
    erased.unet.eval().requires_grad_(False)
    erased.text_encoder.train().requires_grad_(True)
    params = list(erased.text_encoder.parameters())
    keep_rows = None
    if scope == "name":
        params = [erased.text_encoder.embed.weight]
        keep_rows = torch.zeros(erased.text_encoder.embed.weight.shape[0], 1, device=device)
        keep_rows[_prompt_ids(pipe, [artist])[0, 0]] = 1.0
    sched = DDPMScheduler.from_config(pipe.scheduler.config)
    prompts = [t.format(artist=artist) for t in ARTIST_TEMPLATES]
    x0_pool = torch.from_numpy(generate_many(frozen, prompts[0], pool, seed=seed).astype(np.float32) / 127.5 - 1)
    x0_pool = x0_pool.permute(0, 3, 1, 2).to(device)
    ids = _prompt_ids(pipe, prompts)
    null_ids = torch.zeros_like(ids[:1])
    with torch.no_grad():
        c_frozen = frozen.text_encoder(ids)
        u_frozen = frozen.text_encoder(null_ids)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    g = torch.Generator().manual_seed(seed)
    losses = []
    for _ in tqdm(range(steps), desc=f"erasing {artist}", disable=not progress, mininterval=2):
        idx = torch.randint(0, pool, (batch,), generator=g)
        which = torch.randint(0, len(prompts), (batch,), generator=g)
        x0 = x0_pool[idx]
        noise = torch.randn(x0.shape, generator=g).to(device)
        t = torch.randint(0, sched.config.num_train_timesteps, (batch,), generator=g).to(device)
        xt = sched.add_noise(x0, noise, t)
        with torch.no_grad():
            c = frozen.unet(xt, t, class_labels=c_frozen[which]).sample
            u = frozen.unet(xt, t, class_labels=u_frozen.expand(batch, -1)).sample
            target = u - eta * (c - u)
        pred = erased.unet(xt, t, class_labels=erased.text_encoder(ids[which])).sample
        loss = F.mse_loss(pred, target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if keep_rows is not None:          # only the artist's word vector may move
            erased.text_encoder.embed.weight.grad *= keep_rows
        opt.step()
        losses.append(float(loss.detach()))
    erased.text_encoder.eval().requires_grad_(False)
    return erased, losses


#: The shipped copier checkpoints of lesson 39; each holds the works it was fine-tuned on.
COPIER_CHECKPOINTS = ("copier-quist", "copier-quist-cloaked", "copier-quist-cloaked-jpeg")


def copier_works(name: str = "copier-quist-cloaked") -> dict:
    """The works a shipped copier checkpoint was fine-tuned on (SHA-256 checked):
    ``{"original": the artist's works as published, "trained_on": what the copier trained on}``,
    both uint8 ``(16, 32, 32, 3)``.

    >>> copier_works("copier-quist")["original"].shape      # doctest: +SKIP
    (16, 32, 32, 3)
    """
    if name not in COPIER_CHECKPOINTS:
        raise ValueError(f"unknown copier checkpoint {name!r}; expected one of {COPIER_CHECKPOINTS}")
    folder = CHECKPOINTS / name
    verify_checksums(folder)
    with np.load(folder / "copier_works.npz") as f:
        return {"original": f["original"], "trained_on": f["trained_on"]}


def remedy_row(pipe: Pipeline, classifier, artist: str, *, n: int = 64, n_other: int = 32, seed: int = 0) -> dict:
    """One row of the remedies table: residual style when ``artist`` is named, and the mean share
    of the *other* artists' generations read as their own style (collateral damage shows as a drop).

    >>> from aigc_ethics.generate import load_pipeline
    >>> from aigc_ethics.attributes import load_classifier
    >>> sorted(remedy_row(load_pipeline("tiny", device="cpu"), load_classifier(), "quist", n=4, n_other=2))
    ['high', 'low', 'n', 'other_styles_kept', 'other_styles_min', 'residual_style']
    """
    _check_artist(artist)
    r = residual_style(pipe, classifier, artist, n=n, seed=seed)
    others = style_accuracy(pipe, classifier, artists=[a for a in ARTISTS if a != artist], n=n_other, seed=seed + 1)
    return {"residual_style": r["share"], "low": r["low"], "high": r["high"], "n": r["n"],
            "other_styles_kept": float(others["share"].mean()), "other_styles_min": float(others["share"].min())}
