"""Personalisation in miniature: how few photos make one invented person reproducible (lesson 60).

Two instruments and one procedure, all on the invented people of :mod:`aigc_ethics.core.people`:

* :class:`IdentityModel` -- a small CNN that tells the 16 invented people apart from one photo,
  trained on renders of them in every context (clothes, backgrounds, profession cues). It is the
  course's stand-in for a face-recognition model and is used only to *measure*.
* :class:`Personaliser` -- the idea of DreamBooth (Ruiz et al., CVPR 2023) at the level of the
  paper: bind a new, rare word to one person by fine-tuning the course model on K of their photos
  captioned ``"a portrait of a <token> person"``, while *prior preservation* keeps the model's
  own images of ``"a person who is a <profession>"`` in every batch so that the class word does
  not drift. Nothing here is tuned for, or works on, photographs of real people.
* :func:`identity_match` -- the share of generated images the identity model assigns to the
  person (top-1), with a Wilson interval, and the mean probability it gives that person.

Example
-------
>>> from aigc_ethics.likeness import load_identity_model, identity_match
>>> model = load_identity_model()                          # doctest: +SKIP
>>> identity_match(model, images, "P07")["top1"]          # doctest: +SKIP
"""

from __future__ import annotations

import copy
import time

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from aigc_ethics.core.attributes import load_net, save_net
from aigc_ethics.core.datasets import PROFESSIONS, article
from aigc_ethics.core.generate import (
    CHECKPOINTS,
    Pipeline,
    TinyDiffusionPipeline,
    Tokenizer,
    default_scheduler,
    generate_many,
)
from aigc_ethics.core.images import ImageBatch, check_images
from aigc_ethics.core.people import PEOPLE, get_person, photo_set
from aigc_ethics.core.stats import wilson_interval

IDENTITY_CHECKPOINT = CHECKPOINTS / "identity"
#: The new word the fine-tune binds to the person. It is not in the course model's vocabulary,
#: so the fine-tune adds one embedding row for it (see :func:`add_token`).
TOKEN = "zqv"
#: The person the shipped fine-tunes learn (an invented person: red hair, beard, amber eyes).
TARGET = "P07"
#: Every photo context the identity model is trained on: everyday photos and the six profession cues.
ALL_CONTEXTS = (None,) + PROFESSIONS


def instance_prompt(token: str = TOKEN) -> str:
    """The caption of the person's photos: ``'a portrait of a zqv person'``."""
    return f"a portrait of a {token} person"


def class_prompt(profession: str) -> str:
    """The prior-preservation prompt for a profession: ``'a person who is a chef'``."""
    return f"a person who is {article(profession)} {profession}"


def context_prompt(profession: str, *, token: str = TOKEN) -> str:
    """The person in a context never photographed: ``'a zqv person who is a chef'``."""
    return f"a {token} person who is {article(profession)} {profession}"


# --------------------------------------------------------------------------------------------
# The identity model
# --------------------------------------------------------------------------------------------

class IdentityNet(nn.Module):
    """A small CNN: 32x32 RGB -> one logit per invented person."""

    def __init__(self, n_classes: int = len(PEOPLE), width: int = 24):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.GroupNorm(8, cout), nn.SiLU())
        self.features = nn.Sequential(block(3, width), block(width, width), nn.MaxPool2d(2),
                                      block(width, 2 * width), nn.MaxPool2d(2), block(2 * width, 2 * width),
                                      nn.AdaptiveAvgPool2d(2), nn.Flatten())
        self.head = nn.Linear(8 * width, n_classes)

    def forward(self, x):
        return self.head(self.features(x))


def _to_tensor(images: ImageBatch) -> torch.Tensor:
    arr = check_images(images, name="images", side=32)
    if arr.dtype == np.uint8:
        arr = arr.astype(np.float32) / 255.0
    return torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32)).permute(0, 3, 1, 2) * 2 - 1


def _augment(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Blur, noise and brightness changes, so the model tolerates the generator's softer images."""
    n = len(x)
    k = torch.tensor([0.25, 0.5, 0.25])
    kernel = (k[:, None] * k[None, :]).expand(3, 1, 3, 3)
    blurred = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), kernel, groups=3)
    blurred2 = F.conv2d(F.pad(blurred, (1, 1, 1, 1), mode="replicate"), kernel, groups=3)
    mix = torch.rand(n, 1, 1, 1, generator=g)
    heavy = (torch.rand(n, 1, 1, 1, generator=g) < 0.3).float()
    x = mix * (heavy * blurred2 + (1 - heavy) * blurred) + (1 - mix) * x
    x = x + torch.randn(x.shape, generator=g) * torch.rand(n, 1, 1, 1, generator=g) * 0.1
    x = x * (1 + (torch.rand(n, 1, 1, 1, generator=g) - 0.5) * 0.1)
    return x.clamp(-1, 1)


class IdentityModel:
    """A trained :class:`IdentityNet` with ``predict_proba``, ``predict`` and ``evaluate``.

    >>> model = IdentityModel()
    >>> model.predict(np.zeros((2, 32, 32, 3), np.uint8)).shape
    (2,)
    """

    def __init__(self, net: IdentityNet | None = None, info: dict | None = None):
        self.net = (net or IdentityNet()).eval()
        self.info = info or {}
        self.names = tuple(p.name for p in PEOPLE)

    @torch.no_grad()
    def predict_proba(self, images: ImageBatch, batch_size: int = 256) -> np.ndarray:
        """``(N, 16)`` probabilities, columns in the order of :data:`~aigc_ethics.core.people.PEOPLE`."""
        if isinstance(images, (list, tuple)) and len(images) == 0:
            raise ValueError("no images: the list is empty")
        x = _to_tensor(images).to(next(self.net.parameters()).device)
        return np.concatenate([torch.softmax(self.net(x[i:i + batch_size]), -1).cpu().numpy()
                               for i in range(0, len(x), batch_size)])

    def predict(self, images: ImageBatch) -> np.ndarray:
        """The most likely person's name for every image."""
        return np.array(self.names)[self.predict_proba(images).argmax(1)]

    def evaluate(self, images: ImageBatch, names) -> float:
        """Top-1 accuracy on labelled images."""
        names = np.asarray(names)
        if len(names) != len(images):
            raise ValueError(f"got {len(images)} images but {len(names)} names")
        return float((self.predict(images) == names).mean())

    def save(self, directory=IDENTITY_CHECKPOINT) -> None:
        save_net(self.net, self.info, directory)


def load_identity_model(directory=IDENTITY_CHECKPOINT) -> IdentityModel:
    """Load the shipped identity model (SHA-256 checked)."""
    net, info = load_net(IdentityNet(), directory, what="the identity model")
    return IdentityModel(net, info)


def train_identity_model(*, per_person: int = 160, epochs: int = 10, train_seed: int = 11, test_seed: int = 22,
                         seed: int = 0, progress: bool = True) -> IdentityModel:
    """Train on fresh renders of every person in every context; held-out accuracy goes in ``info``."""
    torch.manual_seed(seed)
    images, table = photo_set(PEOPLE, per_person, seed=train_seed, professions=ALL_CONTEXTS)
    test_images, test_table = photo_set(PEOPLE, 40, seed=test_seed, professions=ALL_CONTEXTS)
    x, y = _to_tensor(images), torch.tensor(table.label.values, dtype=torch.long)
    net = IdentityNet()
    steps_per_epoch = int(np.ceil(len(x) / 128))
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * steps_per_epoch)
    g = torch.Generator().manual_seed(seed)
    start = time.time()
    for _ in tqdm(range(epochs), desc="training the identity model", disable=not progress):
        net.train()
        perm = torch.randperm(len(x), generator=g)
        for i in range(steps_per_epoch):
            idx = perm[i * 128:(i + 1) * 128]
            loss = F.cross_entropy(net(_augment(x[idx], g)), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model = IdentityModel(net.eval())
    seconds = round(time.time() - start, 1)
    per_context = {}
    pred = model.predict(test_images)
    for ctx, sub in test_table.groupby("profession"):
        per_context[ctx or "everyday"] = round(float((pred[sub.index] == sub.person.values).mean()), 4)
    model.info = {"epochs": epochs, "train_images": len(x), "test_images": len(test_images),
                  "train_seed": train_seed, "test_seed": test_seed, "seconds": seconds, "threads": torch.get_num_threads(),
                  "held_out_accuracy": round(float((pred == test_table.person.values).mean()), 4),
                  "held_out_accuracy_by_context": per_context}
    return model


# --------------------------------------------------------------------------------------------
# Measuring identity match
# --------------------------------------------------------------------------------------------

def identity_match(model: IdentityModel, images: ImageBatch, person) -> dict:
    """How often ``model`` sees ``person`` in ``images``.

    Returns ``top1`` (share of images whose most likely person is ``person``), its 95 % Wilson
    interval ``low``/``high``, ``prob`` (mean probability given to ``person``) and ``n``.

    >>> identity_match(IdentityModel(), np.zeros((4, 32, 32, 3), np.uint8), "P07")["n"]
    4
    """
    p = get_person(person)
    proba = model.predict_proba(images)
    col = model.names.index(p.name)
    hits = int((proba.argmax(1) == col).sum())
    low, high = wilson_interval(hits, len(proba))
    return {"top1": hits / len(proba), "low": low, "high": high, "prob": float(proba[:, col].mean()),
            "n": len(proba)}


def context_generations(pipe: Pipeline, *, n_per_context: int = 8, seed: int = 0, token: str | None = TOKEN,
                        professions=PROFESSIONS, num_inference_steps: int = 25) -> tuple[np.ndarray, list[str]]:
    """Generate the person (``token``) in every profession context, ``n_per_context`` each.

    With ``token=None`` the prompts are the class prompts (``'a person who is a chef'``): the
    baseline of what the model draws without the person's word. Returns ``(images, contexts)``.
    """
    if isinstance(n_per_context, bool) or not isinstance(n_per_context, (int, np.integer)) or n_per_context < 1:
        raise ValueError(f"n_per_context must be a positive integer, got {n_per_context!r}")
    images, contexts = [], []
    for i, prof in enumerate(professions):
        prompt = class_prompt(prof) if token is None else context_prompt(prof, token=token)
        images.append(generate_many(pipe, prompt, int(n_per_context), seed=seed * 1000 + i,
                                    num_inference_steps=num_inference_steps))
        contexts += [prof] * int(n_per_context)
    return np.concatenate(images), contexts


# --------------------------------------------------------------------------------------------
# Personalisation (the DreamBooth idea with prior preservation)
# --------------------------------------------------------------------------------------------

def add_token(pipe: TinyDiffusionPipeline, *, token: str = TOKEN) -> TinyDiffusionPipeline:
    """A copy of ``pipe`` whose vocabulary has the new word ``token``.

    The tokenizer numbers words alphabetically, so every old word keeps its embedding row under
    its new number, and the new row starts as a copy of the class word ``person`` (a start that
    already means "a person"; the fine-tune then makes it mean *this* person).

    >>> add_token(pipe, token="zqv").tokenizer.check("a zqv person")       # doctest: +SKIP
    ['a', 'zqv', 'person']
    """
    if not isinstance(token, str) or not token.isalpha() or token != token.lower():
        raise ValueError(f"token must be one lowercase word of letters, got {token!r}")
    if token in pipe.tokenizer.word_to_id:
        raise ValueError(f"{token!r} is already a word of this model; pick a word it has never seen")
    old = pipe.tokenizer
    new = Tokenizer(list(old.vocab) + [token], max_length=old.max_length)
    text = copy.deepcopy(pipe.text_encoder)
    old_w = pipe.text_encoder.embed.weight.detach()
    emb = nn.Embedding(len(new), old_w.shape[1], padding_idx=0)
    with torch.no_grad():
        emb.weight.zero_()
        for word, i in old.word_to_id.items():
            emb.weight[new.word_to_id[word]] = old_w[i]
        emb.weight[new.word_to_id[token]] = old_w[old.word_to_id["person"]]
    text.embed = emb
    text.register_to_config(vocab_size=len(new))
    return TinyDiffusionPipeline(unet=copy.deepcopy(pipe.unet), scheduler=copy.deepcopy(pipe.scheduler),
                                 text_encoder=text, tokenizer=new)


def prior_images(pipe: Pipeline, *, per_profession: int = 16, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """The base model's own images for the class prompts (prior preservation data)."""
    images, prompts = [], []
    for i, prof in enumerate(PROFESSIONS):
        images.append(generate_many(pipe, class_prompt(prof), per_profession, seed=seed * 1000 + 500 + i))
        prompts += [class_prompt(prof)] * per_profession
    return np.concatenate(images), prompts


class Personaliser:
    """Fine-tune a copy of a course pipeline on K photos of one person, with prior preservation.

    Every step draws ``batch_size`` of the person's photos (with replacement; captioned
    :func:`instance_prompt`) and ``batch_size`` prior images (captioned with their class prompt),
    and adds the two denoising losses. The UNet and the token's embedding row learn; every other
    word's embedding and the text MLP stay fixed.

    Parameters
    ----------
    pipe : the starting pipeline (not changed).
    photos : uint8 ``(K, 32, 32, 3)``, the person's photos, K >= 1.
    prior : ``(images, prompts)`` from :func:`prior_images`, or None for no prior preservation.
    token, lr, batch_size, seed : keyword-only options; ``token_lr`` is the learning rate of the
        new word's embedding row (larger, as in textual inversion: the word has to travel far from
        its starting point, ``person``, while the UNet should move little).

    >>> tuner = Personaliser(pipe, photos("P07", 3), prior=prior_images(pipe))   # doctest: +SKIP
    >>> for _ in range(300): tuner.train_step()                                   # doctest: +SKIP
    """

    def __init__(self, pipe: TinyDiffusionPipeline, photos, *, prior=None, token: str = TOKEN,
                 lr: float = 2e-4, token_lr: float = 5e-3, batch_size: int = 8, seed: int = 0):
        if len(photos) == 0:
            raise ValueError("no photos: personalisation needs at least one photo of the person")
        arr = check_images(photos, name="photos", side=32)
        if arr.dtype != np.uint8:
            arr = (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)
        if not lr > 0 or not token_lr > 0 or isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"lr must be > 0 and batch_size a positive integer, got {lr!r}, {batch_size!r}")
        torch.manual_seed(seed)
        self.pipe = add_token(pipe, token=token)
        self.token = token
        self.x = torch.from_numpy(arr).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)
        self.ids = self.pipe.tokenizer([instance_prompt(token)])
        if prior is not None:
            p_images, p_prompts = prior
            p_arr = check_images(p_images, name="prior images", side=32)
            if len(p_arr) != len(p_prompts) or len(p_arr) == 0:
                raise ValueError(f"prior needs as many prompts as images, got {len(p_arr)} images and "
                                 f"{len(p_prompts)} prompts")
            self.prior_x = torch.from_numpy(np.asarray(p_arr, np.uint8)).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)
            self.prior_ids = self.pipe.tokenizer(list(p_prompts))
        else:
            self.prior_x = None
        self.unet, self.text = self.pipe.unet.train(), self.pipe.text_encoder.eval()
        self.text.requires_grad_(False)
        self.text.embed.weight.requires_grad_(True)
        row = self.pipe.tokenizer.word_to_id[token]
        mask = torch.zeros_like(self.text.embed.weight)
        mask[row] = 1.0
        self.text.embed.weight.register_hook(lambda grad: grad * mask)
        self.prediction_type = self.pipe.scheduler.config.prediction_type
        self.noise_scheduler = default_scheduler(train=True, prediction_type=self.prediction_type)
        self.optimizer = torch.optim.AdamW([{"params": list(self.unet.parameters()), "lr": lr},
                                            {"params": [self.text.embed.weight], "lr": token_lr}], weight_decay=0.0)
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        self.step, self.elapsed, self.losses = 0, 0.0, []

    def _loss(self, x0, ids):
        dev = self.pipe.device                       # noise drawn on the CPU (same numbers on every device), then moved
        x0 = x0.to(dev)
        noise = torch.randn(x0.shape, generator=self.generator).to(dev)
        t = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (len(x0),), generator=self.generator).to(dev)
        xt = self.noise_scheduler.add_noise(x0, noise, t)
        pred = self.unet(xt, t, class_labels=self.text(ids.to(dev))).sample
        return F.mse_loss(pred, noise if self.prediction_type == "epsilon" else x0)

    def train_step(self) -> float:
        """One optimisation step; returns the loss."""
        start = time.process_time()
        idx = torch.randint(0, len(self.x), (self.batch_size,), generator=self.generator)
        loss = self._loss(self.x[idx], self.ids.expand(self.batch_size, -1))
        if self.prior_x is not None:
            jdx = torch.randint(0, len(self.prior_x), (self.batch_size,), generator=self.generator)
            loss = loss + self._loss(self.prior_x[jdx], self.prior_ids[jdx])
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.unet.parameters(), 1.0)
        self.optimizer.step()
        self.step += 1
        self.elapsed += time.process_time() - start       # CPU seconds of this process, not wall-clock
        self.losses.append(float(loss.item()))
        return float(loss.item())

    def set_photos(self, photos) -> None:
        """Continue training on other photos of the person (uint8 ``(K, 32, 32, 3)``), e.g. perturbed
        copies of the same photos (lesson 61's ASPL); nothing else changes."""
        arr = check_images(photos, name="photos", side=32)
        if len(arr) == 0 or arr.dtype != np.uint8:
            raise ValueError(f"photos must be a non-empty uint8 batch (K, 32, 32, 3), got {arr.dtype} x {len(arr)}")
        self.x = torch.from_numpy(arr).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)

    def train(self, steps: int, *, progress: bool = True) -> "Personaliser":
        """Run ``steps`` more steps (with a progress bar)."""
        for _ in tqdm(range(int(steps)), desc=f"fine-tuning on {len(self.x)} photo(s)", disable=not progress):
            self.train_step()
        return self

    def state(self) -> tuple[dict, dict]:
        """``(tensors, meta)`` for :func:`aigc_ethics.core.state.save_state` (resumable)."""
        tensors = {"unet": self.unet.state_dict(), "embed": self.text.embed.weight.detach().clone(),
                   "optimizer": self.optimizer.state_dict(), "generator": self.generator.get_state()}
        return tensors, {"step": self.step, "elapsed": self.elapsed, "losses": self.losses}

    def load(self, tensors: dict, meta: dict) -> None:
        """Restore what :meth:`state` returned."""
        self.unet.load_state_dict(tensors["unet"])
        with torch.no_grad():
            self.text.embed.weight.copy_(tensors["embed"])
        self.optimizer.load_state_dict(tensors["optimizer"])
        self.generator.set_state(tensors["generator"])
        self.step, self.elapsed, self.losses = int(meta["step"]), float(meta["elapsed"]), list(meta["losses"])

    def pipeline(self) -> TinyDiffusionPipeline:
        """A copy of the fine-tuned pipeline, ready to generate."""
        text = copy.deepcopy(self.text).eval()
        text.requires_grad_(False)
        return TinyDiffusionPipeline(unet=copy.deepcopy(self.unet).eval().requires_grad_(False),
                                     scheduler=copy.deepcopy(self.pipe.scheduler), text_encoder=text,
                                     tokenizer=self.pipe.tokenizer)


def match_table(model: IdentityModel, runs: dict, person) -> pd.DataFrame:
    """One row per named set of images: identity match with ``person`` (see :func:`identity_match`)."""
    rows = []
    for label, images in runs.items():
        m = identity_match(model, images, person)
        rows.append({"model": label, "top-1 match": round(m["top1"], 3), "95% low": round(m["low"], 3),
                     "95% high": round(m["high"], 3), "mean prob.": round(m["prob"], 3), "images": m["n"]})
    return pd.DataFrame(rows)
