"""An attribute classifier for the synthetic images: the course's measuring instrument.

It reads off an image what the dataset's ground truth records: family (portrait/artwork),
profession, artist style, skin tone (Monk 1-10), hair colour, clothing colour and background.
It is trained only on freshly drawn synthetic images (never on the generator's output), and its
accuracy is reported per attribute on held-out synthetic images, because an audit is only as
good as the instrument that measures it (the bias chapter makes this point with its confusion
matrices).

    python tools/train_attributes.py train     # retrains and rewrites the shipped weights

>>> from aigc_ethics.attributes import load_classifier
>>> clf = load_classifier()
>>> clf.predict(images).head()                 # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from aigc_ethics.core.checkpoints import CHECKPOINTS, CheckpointError, verify_checksums, write_checksums
from aigc_ethics.core.datasets import (
    BACKGROUNDS,
    CLOTHING_COLOURS,
    HAIR_COLOURS,
    PROFESSIONS,
    SKIN_GROUPS,
    STYLES,
    Composition,
    make_dataset,
)
from aigc_ethics.core.images import ImageBatch, check_images

CHECKPOINT = CHECKPOINTS / "attributes"

#: Each head and its classes. Portrait-only heads are ignored (masked) for artworks.
HEADS = {
    "family": ("portrait", "artwork"),
    "profession": PROFESSIONS,
    "style": STYLES,
    "skin_tone": tuple(range(1, 11)),
    "hair_colour": tuple(HAIR_COLOURS),
    "clothing": tuple(CLOTHING_COLOURS),
    "background": tuple(BACKGROUNDS),
}
PORTRAIT_HEADS = ("profession", "skin_tone", "hair_colour", "clothing", "background")


class AttributeNet(nn.Module):
    """A small CNN with one linear head per attribute."""

    def __init__(self, width: int = 32):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.GroupNorm(8, cout), nn.SiLU(),
                                 nn.Conv2d(cout, cout, 3, padding=1), nn.GroupNorm(8, cout), nn.SiLU())
        self.features = nn.Sequential(block(3, width), nn.MaxPool2d(2), block(width, 2 * width), nn.MaxPool2d(2),
                                      block(2 * width, 4 * width), nn.AdaptiveAvgPool2d(2), nn.Flatten())
        self.heads = nn.ModuleDict({k: nn.Linear(16 * width, len(v)) for k, v in HEADS.items()})

    def forward(self, x):
        h = self.features(x)
        return {k: head(h) for k, head in self.heads.items()}


def _to_tensor(images: ImageBatch) -> torch.Tensor:
    """List of PIL images, or uint8/float array (N, 32, 32, 3) -> float tensor (N, 3, 32, 32) in [-1, 1].

    Checked by :func:`aigc_ethics.core.images.check_images`: NaN, 16-bit or 0-255 float images
    and other sizes are refused with a one-line error instead of being read as something else."""
    if isinstance(images, torch.Tensor):
        raise TypeError("pass images as PIL images or a NumPy array, not a tensor")
    if isinstance(images, (list, tuple)) and len(images) == 0:
        raise ValueError("no images to classify: the list is empty")
    arr = check_images(images, name="images to classify", side=32)
    if arr.dtype == np.uint8:
        arr = arr.astype(np.float32) / 255.0
    return torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32)).permute(0, 3, 1, 2) * 2 - 1


def _targets(attrs: pd.DataFrame) -> dict[str, torch.Tensor]:
    out = {}
    for head, classes in HEADS.items():
        lookup = {c: i for i, c in enumerate(classes)}
        col = attrs[head] if head != "family" else attrs["family"]
        out[head] = torch.tensor([lookup.get(v, -100) for v in col], dtype=torch.long)
    return out


def _augment(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Mild blur, noise and brightness changes, so the classifier tolerates generator artifacts."""
    n = len(x)
    k = torch.tensor([0.25, 0.5, 0.25])
    kernel = (k[:, None] * k[None, :]).expand(3, 1, 3, 3)
    blurred = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), kernel, groups=3)
    mix = torch.rand(n, 1, 1, 1, generator=g)
    x = mix * blurred + (1 - mix) * x
    x = x + torch.randn(x.shape, generator=g) * torch.rand(n, 1, 1, 1, generator=g) * 0.08
    x = x * (1 + (torch.rand(n, 1, 1, 1, generator=g) - 0.5) * 0.06)
    return x.clamp(-1, 1)


NetT = TypeVar("NetT", bound=nn.Module)


def save_net(net: nn.Module, info: dict, directory) -> None:
    """Save a small classifier as the course ships them: ``model.safetensors`` (weights),
    ``info.json`` (how it was trained, what it scored) and ``checksums.json`` (SHA-256).
    Used by the attribute classifier and the likeness chapter's identity model."""
    from safetensors.torch import save_file
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    save_file(net.state_dict(), str(d / "model.safetensors"))
    (d / "info.json").write_text(json.dumps(info, indent=1))
    write_checksums(d)


def load_net(net: NetT, directory, *, what: str) -> tuple[NetT, dict]:
    """Load weights saved by :func:`save_net` into ``net`` after checking their SHA-256; returns
    ``(net, info)``. ``what`` names the model in the error raised when loading fails."""
    from safetensors.torch import load_file
    d = Path(directory)
    verify_checksums(d)
    try:
        net.load_state_dict(load_file(str(d / "model.safetensors")))
        info = json.loads((d / "info.json").read_text())
    except Exception as err:
        raise CheckpointError(f"could not load {what} in {d}: {err}") from None
    return net, info


class AttributeClassifier:
    """A trained :class:`AttributeNet` with ``predict`` and ``evaluate``."""

    def __init__(self, net: AttributeNet | None = None, info: dict | None = None):
        self.net = (net or AttributeNet()).eval()
        self.info = info or {}

    @torch.no_grad()
    def predict_proba(self, images: ImageBatch, batch_size: int = 256) -> dict[str, np.ndarray]:
        x = _to_tensor(images)
        outs: dict[str, list[np.ndarray]] = {k: [] for k in HEADS}
        for i in range(0, len(x), batch_size):
            for k, v in self.net(x[i:i + batch_size]).items():
                outs[k].append(torch.softmax(v, -1).cpu().numpy())
        return {k: np.concatenate(v) for k, v in outs.items()}

    def predict(self, images: ImageBatch) -> pd.DataFrame:
        """One row per image: the most likely class of every attribute (portrait-only
        attributes are blank for images classified as artworks), plus ``skin_group``."""
        proba = self.predict_proba(images)
        df = pd.DataFrame({k: [HEADS[k][i] for i in p.argmax(1)] for k, p in proba.items()})
        art = df["family"] == "artwork"
        for k in PORTRAIT_HEADS:
            df[k] = df[k].astype(object)
            df.loc[art, k] = ""
        df.loc[~art, "style"] = ""
        df["skin_group"] = [SKIN_GROUPS.get(t, "") if t != "" else "" for t in df["skin_tone"]]
        return df

    def evaluate(self, dataset) -> pd.DataFrame:
        """Accuracy per attribute on a labelled :class:`SyntheticDataset`."""
        pred = self.predict(dataset.images)
        truth = dataset.attributes
        rows = []
        for head in list(HEADS) + ["skin_group"]:
            mask = (truth["family"] == "portrait") if head in PORTRAIT_HEADS + ("skin_group",) else (
                truth["family"] == "artwork") if head == "style" else np.ones(len(truth), bool)
            mask = np.asarray(mask)
            acc = float((pred[head].values[mask].astype(str) == truth[head].values[mask].astype(str)).mean())
            rows.append({"attribute": head, "accuracy": round(acc, 4), "images": int(mask.sum()),
                         "classes": len(HEADS.get(head, ("lighter", "darker")))})
        return pd.DataFrame(rows)

    def save(self, directory=CHECKPOINT) -> None:
        save_net(self.net, self.info, directory)


def load_classifier(directory=CHECKPOINT) -> AttributeClassifier:
    """Load the shipped attribute classifier (SHA-256 checked)."""
    net, info = load_net(AttributeNet(), directory, what="the attribute classifier")
    return AttributeClassifier(net, info)


def train_classifier(epochs: int = 12, *, train_seed: int = 101, test_seed: int = 202, scale: float = 0.8,
                     seed: int = 0, progress: bool = True) -> tuple[AttributeClassifier, pd.DataFrame]:
    """Train on freshly drawn images (uniform skin tones, so the instrument is not skewed) and
    report held-out accuracy per attribute."""
    torch.manual_seed(seed)
    uniform = Composition(skin_tone_probs={p: (0.1,) * 10 for p in PROFESSIONS})
    train_ds = make_dataset(uniform, seed=train_seed, scale=scale)
    test_ds = make_dataset(uniform, seed=test_seed, scale=0.25)
    x = _to_tensor(train_ds.images)
    y = _targets(train_ds.attributes)
    net = AttributeNet()
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    g = torch.Generator().manual_seed(seed)
    steps_per_epoch = int(np.ceil(len(x) / 128))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * steps_per_epoch)
    start = time.time()
    for _ in tqdm(range(epochs), desc="training the attribute classifier", disable=not progress):
        net.train()
        perm = torch.randperm(len(x), generator=g)
        for i in range(steps_per_epoch):
            idx = perm[i * 128:(i + 1) * 128]
            logits = net(_augment(x[idx], g))
            loss = torch.stack([F.cross_entropy(logits[k], y[k][idx], ignore_index=-100) for k in HEADS
                                if (y[k][idx] != -100).any()]).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    net.eval()
    clf = AttributeClassifier(net)
    acc = clf.evaluate(test_ds)
    clf.info = {"epochs": epochs, "train_images": len(train_ds), "test_images": len(test_ds),
                "train_seed": train_seed, "test_seed": test_seed, "seconds": round(time.time() - start, 1),
                "held_out_accuracy": dict(zip(acc.attribute, acc.accuracy))}
    return clf, acc




def confusion(classifier: AttributeClassifier, dataset, *, attribute: str = "skin_tone", normalize: bool = True) -> pd.DataFrame:
    """Confusion matrix of ``attribute`` on a labelled dataset: rows = truth, columns = prediction.

    With ``normalize`` each row sums to 1, so entry (i, j) estimates P(predicted j | true i)."""
    valid = tuple(HEADS) + ("skin_group",)
    if attribute not in valid:
        raise ValueError(f"unknown attribute {attribute!r}; expected one of {valid}")
    truth = dataset.attributes
    mask = (truth.family == "portrait").values if attribute in PORTRAIT_HEADS + ("skin_group",) else (
        (truth.family == "artwork").values if attribute == "style" else np.ones(len(truth), bool))
    if not mask.any():
        raise ValueError(f"the dataset has no images labelled with {attribute!r}")
    pred = classifier.predict(dataset.images[mask])[attribute].astype(str).values
    true = truth[attribute].values[mask].astype(str)
    classes = [str(c) for c in (HEADS.get(attribute) or ("lighter", "darker"))]
    table = pd.crosstab(pd.Categorical(true, classes), pd.Categorical(pred, classes), dropna=False)
    table.index.name, table.columns.name = "true", "predicted"
    return table.div(table.sum(1).replace(0, 1), axis=0).round(4) if normalize else table


def corrected_distribution(observed, confusion_matrix: pd.DataFrame) -> np.ndarray:
    """Estimate the true distribution behind an observed (classified) one, by inverting the
    confusion matrix: observed = C^T true  =>  true = solve(C^T, observed), clipped and renormalised."""
    c = np.asarray(confusion_matrix, dtype=float)
    obs = np.asarray(observed, dtype=float)
    if c.shape != (len(obs), len(obs)):
        raise ValueError(f"confusion matrix {c.shape} does not match {len(obs)} categories")
    est = np.linalg.lstsq(c.T, obs, rcond=None)[0]
    est = np.clip(est, 0, None)
    return est / est.sum()
