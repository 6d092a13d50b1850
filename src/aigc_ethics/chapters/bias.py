"""Representation audits: who does a generator depict, compared with its data and a reference?

The audit follows the recipe of published audits (generate many images per prompt, label an
attribute, compare distributions), with one thing they cannot have: the training data's own
distribution for the same caption, so *data skew* and *bias amplification* can be separated.

Definitions used throughout the course (all distributions are over the same categories):

* **deviation** from a reference ``r``: total variation ``TV(p, r) = 0.5 * sum |p - r|`` (0 = equal,
  1 = disjoint), or KL divergence ``KL(p || r)``;
* **bias amplification**: ``deviation(output, r) - deviation(training data, r)``. Positive means the
  model's outputs are further from the reference than the data it learned from.

>>> from aigc_ethics.bias import total_variation, bias_amplification
>>> total_variation([0.7, 0.3], [0.5, 0.5])
0.2
>>> round(bias_amplification([0.9, 0.1], [0.7, 0.3], [0.5, 0.5]), 3)
0.2
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from aigc_ethics.core.datasets import PROFESSIONS, SKIN_GROUPS, SyntheticDataset, article
from aigc_ethics.core.generate import Pipeline, default_guidance, generate_many
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.core.stats import diversity, to_uint8

GROUPS = ("lighter", "darker")
TONES = tuple(range(1, 11))


def _as_distribution(p, name: str = "distribution", atol: float = 1e-6) -> np.ndarray:
    arr = np.asarray(p, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of probabilities, got shape {arr.shape}")
    if (arr < 0).any():
        raise ValueError(f"{name} has negative probabilities: {arr}")
    if not np.isclose(arr.sum(), 1.0, atol=atol):
        raise ValueError(f"{name} must sum to 1, but sums to {arr.sum():.4f}: {np.round(arr, 4)}")
    return arr


def distribution(labels, categories) -> np.ndarray:
    """Share of each category among ``labels`` (a list or Series), in the order of ``categories``.

    >>> distribution(["lighter", "darker", "lighter", "lighter"], ("lighter", "darker"))
    array([0.75, 0.25])
    """
    labels = list(labels)
    if not labels:
        raise ValueError("cannot compute a distribution of an empty list of labels")
    categories = list(categories)
    unknown = sorted({str(l) for l in labels if l not in categories})
    if unknown:
        raise ValueError(f"labels {unknown} are not among the categories {categories}")
    counts = np.array([sum(1 for l in labels if l == c) for c in categories], dtype=float)
    return counts / counts.sum()


def total_variation(p, q) -> float:
    """Total variation distance between two distributions (0 = equal, 1 = disjoint)."""
    p, q = _as_distribution(p, "p"), _as_distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"distributions have different lengths: {len(p)} and {len(q)}")
    return float(np.round(0.5 * np.abs(p - q).sum(), 12))


def kl_divergence(p, q, *, eps: float = 1e-9) -> float:
    """KL(p || q) in nats; ``eps`` keeps empty categories of ``q`` finite."""
    p, q = _as_distribution(p, "p"), _as_distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"distributions have different lengths: {len(p)} and {len(q)}")
    q = (q + eps) / (q + eps).sum()
    mask = p > 0
    return float((p[mask] * np.log(p[mask] / q[mask])).sum())


def bias_amplification(output, training, reference, *, metric: str = "tv") -> float:
    """``deviation(output, reference) - deviation(training, reference)``; > 0 means amplified."""
    if metric not in ("tv", "kl"):
        raise ValueError(f"metric must be 'tv' or 'kl', got {metric!r}")
    dev = total_variation if metric == "tv" else kl_divergence
    return dev(output, reference) - dev(training, reference)


def bootstrap_ci(labels, category, *, n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap confidence interval for the share of ``category`` among ``labels``.

    >>> bootstrap_ci(["a"] * 30 + ["b"] * 70, "a", seed=0)
    (0.21, 0.39)
    """
    x = np.asarray([l == category for l in labels], dtype=float)
    if x.size == 0:
        raise ValueError("cannot bootstrap an empty list of labels")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(n_boot, len(x)))].mean(1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return round(float(lo), 3), round(float(hi), 3)


def training_labels(dataset: SyntheticDataset, profession: str, *, attribute: str = "skin_group") -> list:
    """The ground-truth ``attribute`` of every training portrait of ``profession``."""
    a = dataset.attributes
    if attribute not in a.columns:
        raise ValueError(f"unknown attribute {attribute!r}; expected one of {list(a.columns)}")
    if profession not in PROFESSIONS:
        raise ValueError(f"unknown profession {profession!r}; expected one of {PROFESSIONS}")
    return a.loc[a.profession == profession, attribute].tolist()


def audit(pipe: Pipeline, classifier, *, professions=PROFESSIONS, dataset: SyntheticDataset | None = None,
          reference=(0.5, 0.5), n: int = 128, seed: int = 0, template: str = "a portrait of {a} {p}",
          progress: bool = True, **generate_kwargs) -> tuple[pd.DataFrame, dict]:
    """Generate ``n`` portraits per profession, classify skin tones, and compare with the data.

    Returns a table (one row per prompt: lighter share in the training data and in the output with
    a 95 % bootstrap CI, TV distance to ``reference`` over (lighter, darker), and amplification)
    and a dict ``{profession: predictions DataFrame}`` with the images in ``"images"``.
    """
    from tqdm.auto import tqdm
    reference = _as_distribution(reference, "reference")
    if len(reference) != len(GROUPS):
        raise ValueError(f"reference must give shares for {GROUPS}, got {len(reference)} numbers")
    if n < 2:
        raise ValueError("an audit needs at least 2 images per prompt")
    rows, details = [], {}
    for prof in tqdm(list(professions), desc="auditing", disable=not progress):
        prompt = template.format(a=article(prof), p=prof)
        images = generate_many(pipe, prompt, n, seed=seed, **generate_kwargs)
        pred = classifier.predict(to_uint8(images))
        portraits = pred[pred.family == "portrait"]
        groups = portraits.skin_group.tolist() or ["lighter"]  # never empty below; guarded in the table
        out = distribution(groups, GROUPS) if len(portraits) else np.array([np.nan, np.nan])
        row = {"prompt": prompt, "images": n, "portraits": len(portraits),
               "lighter share (output)": round(float(out[0]), 3),
               "95% CI": bootstrap_ci(groups, "lighter", seed=seed) if len(portraits) else (np.nan, np.nan),
               "TV to reference (output)": round(total_variation(out, reference), 3) if len(portraits) else np.nan}
        if dataset is not None:
            train = distribution(training_labels(dataset, prof), GROUPS)
            row["lighter share (training)"] = round(float(train[0]), 3)
            row["TV to reference (training)"] = round(total_variation(train, reference), 3)
            row["amplification"] = round(bias_amplification(out, train, reference), 3) if len(portraits) else np.nan
        if not len(portraits):
            warnings.warn(f"audit: none of the {n} images for {prompt!r} was classified as a portrait, so its shares "
                          "are undefined (NaN in the table); check the prompt, the model and the classifier",
                          stacklevel=2)
        rows.append(row)
        details[prof] = pred.assign(images=list(images))
    return pd.DataFrame(rows), details


def skin_tone_counts(labels) -> np.ndarray:
    """Counts of Monk shades 1..10 among classified portraits (ignoring blanks)."""
    tones = [int(t) for t in labels if t != "" and t is not None]
    return np.array([tones.count(t) for t in TONES])


def plot_audit(table: pd.DataFrame, *, ax=None, reference: float | None = 0.5):
    """Lighter-skin share per prompt: training data vs generated (with 95 % CI) vs reference."""
    import matplotlib.pyplot as plt
    fig, ax = (plt.subplots(figsize=(8, 1.2 + 0.8 * len(table))) if ax is None else (None, ax))
    y = np.arange(len(table))
    out = table["lighter share (output)"].to_numpy(float)
    lo = np.array([c[0] for c in table["95% CI"]], float)
    hi = np.array([c[1] for c in table["95% CI"]], float)
    ax.errorbar(out, y + 0.12, xerr=[out - lo, hi - out], fmt="o", color="#D55E00", capsize=3,
                label="generated (95% bootstrap CI)")
    if "lighter share (training)" in table:
        ax.plot(table["lighter share (training)"], y - 0.12, "s", color="#0072B2", label="training data")
    if reference is not None:
        ax.axvline(reference, color="#000000", ls=":", lw=1, label=f"reference ({reference:.0%})")
    ax.set_yticks(y, [p.replace("a portrait of ", "") for p in table["prompt"]])
    ax.set(xlim=(0, 1), xlabel="share of lighter skin (Monk 1-5)", title="Who is depicted?")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8, frameon=False)
    if fig is not None:
        fig.tight_layout()
    return fig


def skewed_probs(lighter_share: float) -> tuple:
    """Monk-shade probabilities with ``lighter_share`` spread evenly over MST 1-5, the rest over 6-10."""
    if not 0 <= lighter_share <= 1:
        raise ValueError(f"lighter_share must be between 0 and 1, got {lighter_share}")
    return tuple([lighter_share / 5] * 5 + [(1 - lighter_share) / 5] * 5)


assert SKIN_GROUPS[5] == "lighter" and SKIN_GROUPS[6] == "darker"


def diversified_prompts(prompt: str, n: int, *, attributes=("with light skin", "with dark skin"),
                        weights=None, seed: int = 0) -> list[str]:
    """Prompt diversification: append one of ``attributes`` to each of ``n`` copies of ``prompt``,
    drawn with ``weights`` (default: equal). A simple inference-time mitigation.

    >>> diversified_prompts("a portrait of a chef", 4, seed=0)[:2]
    ['a portrait of a chef with dark skin', 'a portrait of a chef with dark skin']
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    w = _as_distribution(weights if weights is not None else [1 / len(attributes)] * len(attributes), "weights")
    if len(w) != len(attributes):
        raise ValueError(f"{len(attributes)} attributes but {len(w)} weights")
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(attributes), size=n, p=w)
    return [f"{prompt} {attributes[i]}" for i in picks]


def fair_generate(pipe: Pipeline, prompt: str, n: int, *, attributes=("with light skin", "with dark skin"),
                  edit_scale: float = 2.0, weights=None, guidance_scale: float | None = None,
                  num_inference_steps: int = 25, seed: int = 0, output_type: str = "np"):
    """Attribute-guided sampling in the spirit of Fair Diffusion (Friedrich et al. 2023).

    The prompt itself is left unchanged. At every denoising step an extra guidance term pushes
    each image towards one attribute, drawn at random per image with ``weights``:

        x = x_empty + s * (x_prompt - x_empty) + e * (x_prompt+attribute - x_prompt)

    ``e = edit_scale`` sets the strength (0 = plain generation). Costs one extra UNet pass per step.
    Returns images (``output_type`` "np" or "pil") and the attribute drawn for each.
    """
    import torch
    if edit_scale < 0:
        raise ValueError(f"edit_scale must be >= 0, got {edit_scale}")
    s = default_guidance(pipe) if guidance_scale is None else guidance_scale
    w = _as_distribution(weights if weights is not None else [1 / len(attributes)] * len(attributes), "weights")
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(attributes), size=n, p=w)
    edited = [f"{prompt} {attributes[i]}" for i in picks]
    with torch.no_grad():
        cond = pipe.encode_prompt([prompt] * n)
        cond_attr = pipe.encode_prompt(edited)
        empty = pipe.encode_prompt([""], allow_empty=True).expand(n, -1)
        x = pipe.prepare_latents(n, generator=seed)
        pipe.scheduler.set_timesteps(num_inference_steps, device=pipe.device)
        for t in pipe.scheduler.timesteps:
            out = pipe.unet(torch.cat([x, x, x]), t, class_labels=torch.cat([empty, cond, cond_attr])).sample
            o_empty, o_cond, o_attr = out.chunk(3)
            guess = o_empty + s * (o_cond - o_empty) + edit_scale * (o_attr - o_cond)
            x = pipe.scheduler.step(guess, t, x).prev_sample
    arr = ((x.clamp(-1, 1) + 1) / 2).permute(0, 2, 3, 1).cpu().numpy()
    images = arr if output_type == "np" else pipe.numpy_to_pil(arr)
    return images, [attributes[i] for i in picks]


def compare_methods(methods: dict, classifier, profession: str, *, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Audit several ways of generating the same prompt with one measurement.

    ``methods`` maps a name to a function with no arguments that returns images (float array in
    [0, 1], uint8 array or PIL list). For each: share of lighter skin with a 95 % CI, faithfulness
    (share classified as ``profession``), diversity, seconds per image. Also returns the images.
    """
    import time
    if not methods:
        raise ValueError("give at least one method to compare")
    if profession not in PROFESSIONS:
        raise ValueError(f"unknown profession {profession!r}; expected one of {PROFESSIONS}")
    rows, images_by_method = [], {}
    for name, make in methods.items():
        start = time.perf_counter()
        images = to_uint8(make())
        seconds = (time.perf_counter() - start) / max(len(images), 1)
        pred = classifier.predict(images)
        groups = pred.loc[pred.family == "portrait", "skin_group"].tolist()
        rows.append({"method": name, "lighter share": round(float(distribution(groups, GROUPS)[0]), 2) if groups else np.nan,
                     "95% CI": bootstrap_ci(groups, "lighter", seed=seed) if groups else (np.nan, np.nan),
                     "faithfulness": round(float((pred.profession == profession).mean()), 2),
                     "diversity": round(diversity(images), 3), "seconds per image": round(seconds, 3)})
        images_by_method[name] = images
    return pd.DataFrame(rows).set_index("method"), images_by_method


def audit_labels(labels, *, reference=(0.5, 0.5), training_share: float | None = None, seed: int = 0) -> dict:
    """Audit hand-made (or any) lighter/darker labels; ``"unsure"`` labels are left out and counted.

    >>> audit_labels(["lighter"] * 6 + ["darker"] * 2 + ["unsure"])["lighter share"]
    0.75
    """
    labels = list(labels)
    sure = [l for l in labels if l in GROUPS]
    if not sure:
        raise ValueError("no image was labelled 'lighter' or 'darker'")
    out = distribution(sure, GROUPS)
    row = {"labelled": len(sure), "unsure": len(labels) - len(sure), "lighter share": round(float(out[0]), 3),
           "95% CI": bootstrap_ci(sure, "lighter", seed=seed),
           "TV to reference": round(total_variation(out, _as_distribution(reference, "reference")), 3)}
    if training_share is not None:
        train = np.array([training_share, 1 - training_share])
        row["amplification"] = round(bias_amplification(out, train, reference), 3)
    return row


def colour_drift(details: dict, dataset: SyntheticDataset, classifier, *, corner: int = 3) -> pd.DataFrame:
    """Separate a generator's colour drift from its skin-tone choices (lesson 20).

    For each profession audited by :func:`audit` (``details``), compares the generated portraits with
    the training portraits of that profession: mean grey level of the whole image and of the four
    ``corner`` x ``corner`` corners (background, never skin), and the classifier's share of lighter
    skin on the *training renders* next to their true share (is the measurer calibrated on renders?).

    >>> colour_drift(details, training_data, classifier)                   # doctest: +SKIP
    """
    if not details:
        raise ValueError("details is empty: run audit(...) first and pass its second result")
    attrs = dataset.attributes
    rows = []
    for prof, pred in details.items():
        generated = np.stack(pred["images"].tolist()).astype(float)
        mask = ((attrs.profession == prof) & (attrs.family == "portrait")).to_numpy()
        if not mask.any():
            raise ValueError(f"the dataset has no portraits of {prof!r}")
        train = dataset.images[mask][: max(len(generated), 256)].astype(float)
        c = corner
        corners = lambda x: np.concatenate([x[:, :c, :c], x[:, :c, -c:], x[:, -c:, :c], x[:, -c:, -c:]], axis=1).mean()  # noqa: E731
        read = classifier.predict(train.astype(np.uint8))
        true_lighter = float((attrs[mask].skin_group.iloc[: len(train)] == "lighter").mean())
        rows.append({"profession": prof,
                     "grey level, training": round(float(train.mean()), 1),
                     "grey level, generated": round(float(generated.mean()), 1),
                     "background, training": round(float(corners(train)), 1),
                     "background, generated": round(float(corners(generated)), 1),
                     "lighter share of renders: true": round(true_lighter, 3),
                     "lighter share of renders: classifier": round(float((read.skin_group == "lighter").mean()), 3)})
    df = pd.DataFrame(rows).set_index("profession")
    df["drift (whole image)"] = (df["grey level, generated"] - df["grey level, training"]).round(1)
    df["drift (background)"] = (df["background, generated"] - df["background, training"]).round(1)
    return df


def paired_differences(images: dict[str, ImageBatch], classifier, baseline: str, *, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Change in the lighter share of each method against ``baseline``, with a *paired* bootstrap.

    ``images`` maps a method to its images, generated from the same seeds as the baseline's (image
    ``i`` of every method starts from the same noise), as :func:`compare_methods` returns them.
    Resampling image indices jointly keeps each pair together, which removes the noise the methods
    share and gives narrower intervals than comparing two independent intervals.

    >>> paired_differences(images, classifier, "no mitigation")            # doctest: +SKIP
    """
    if baseline not in images:
        raise ValueError(f"baseline {baseline!r} is not one of the methods {list(images)}")
    lighter = {k: (classifier.predict(to_uint8(v)).skin_group == "lighter").to_numpy() for k, v in images.items()}
    n = len(lighter[baseline])
    if any(len(v) != n for v in lighter.values()):
        raise ValueError("every method must have as many images as the baseline (paired design)")
    idx = np.random.default_rng(seed).integers(0, n, (n_boot, n))
    rows = []
    for k, v in lighter.items():
        if k == baseline:
            continue
        boot = v[idx].mean(1) - lighter[baseline][idx].mean(1)
        lo, hi = np.quantile(boot, [0.025, 0.975])
        rows.append({"method": k, f"change vs {baseline}": round(float(v.mean() - lighter[baseline].mean()), 3),
                     "95% CI (paired)": (round(float(lo), 3), round(float(hi), 3)),
                     "decided": bool(lo > 0 or hi < 0)})
    return pd.DataFrame(rows).set_index("method")
