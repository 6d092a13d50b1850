# %% [markdown]
# # What protects the people in the training data? Deduplication and differential privacy
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/12_privacy_mitigations.ipynb)
#
# **The question:** the two mitigations the literature proposes, deduplication and
# differentially private training, what do they buy, and what do they cost?
#
# **You will learn**
# - what differentially private SGD does (clip each example's gradient, add noise) and what its
#   epsilon promises;
# - to compare a private and a non-private model on the same attacks and the same quality measure;
# - why duplicated records get much weaker protection than epsilon suggests.
#
# **Run time:** about a minute and a half on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Differential privacy in one paragraph
#
# A training algorithm is (ε, δ)-differentially private if adding or removing any single training
# record changes the probability of any outcome by at most a factor e^ε (plus a small δ). DP-SGD
# (Abadi et al. 2016) achieves this by **clipping** every example's gradient to a maximum norm and
# adding **Gaussian noise** to each batch's sum; an accountant adds up the privacy spent over all
# steps. Chen et al. (2023, §2) cite differentially private diffusion models (Dockhorn et al.
# 2022) as a privacy mitigation. We trained two small models from scratch (UNet width 16, 400
# steps, batch 64) with **the same loop**, once with DP-SGD (Opacus, noise multiplier 2.0, clipping
# norm 1.0) and once without; section 3 adds models that were *fine-tuned* with DP-SGD from a
# model pre-trained on public data. `tools/train_privacy.sh` and the model cards say how each was
# trained, and how long it took.

# %%
import json
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from aigc_ethics.generate import load_pipeline, generate_many, CHECKPOINTS
from aigc_ethics.privacy import privacy_dataset, members, non_members, membership_table, extraction_table, distinct_pair_distances
from aigc_ethics.attributes import load_classifier
from aigc_ethics.datasets import PROFESSIONS, article
from aigc_ethics.images import image_grid
from aigc_ethics.stats import wilson_interval

dp_info = json.loads((CHECKPOINTS / "privacy-dp" / "dp_info.json").read_text())
print({k: dp_info[k] for k in ["epsilon", "delta", "noise_multiplier", "max_grad_norm", "steps", "batch_size",
                               "dataset_size", "train_seconds"]})
pipes = {"non-private": load_pipeline("privacy-nodp", device=device),
         "DP-SGD": load_pipeline("privacy-dp", device=device)}

# %% [markdown]
# ## 1. Quality: does the model still draw what it is asked?
#
# We generate 8 portraits for each profession and let the attribute classifier say which
# profession it sees (the faithfulness measure of the model card), with a 95 % Wilson interval
# over the 48 portraits. Every model in this lesson is sampled the same way: seed 0 and 10 DDIM
# steps (the pipelines' default is 25; fewer steps keep the lesson within its run time).

# %%
# alt: Two rows of generated portraits, one from the non-private model and one from the DP-SGD model, for the six professions.
classifier = load_classifier()
SAMPLER = dict(num_inference_steps=10)
PER_PROFESSION = 8
prompts = [f"a portrait of {article(p)} {p}" for p in PROFESSIONS for _ in range(PER_PROFESSION)]
asked = np.repeat(PROFESSIONS, PER_PROFESSION)


def quality_of(pipe):
    """Faithfulness (share of portraits showing the profession asked for), its 95 % interval, the images."""
    imgs = generate_many(pipe, prompts, len(prompts), seed=0, batch=len(prompts), **SAMPLER)
    k = int((classifier.predict(imgs).profession.to_numpy() == asked).sum())
    return k / len(prompts), wilson_interval(k, len(prompts)), imgs


quality, quality_ci, grids = {}, {}, {}
for name, pipe in pipes.items():
    quality[name], quality_ci[name], imgs = quality_of(pipe)
    grids[name] = np.concatenate([imgs[::PER_PROFESSION], imgs[1::PER_PROFESSION]])
fig, axes = plt.subplots(2, 1, figsize=(10, 2.6))
for ax, (name, g) in zip(axes, grids.items()):
    ax.imshow(image_grid(g, ncols=12, scale=1)); ax.set_axis_off(); ax.set_title(name, fontsize=9, loc="left")
plt.show()
print({k: f"{v:.3f} (95% CI {quality_ci[k][0]:.2f}-{quality_ci[k][1]:.2f})" for k, v in quality.items()})

# %% [markdown]
# ## 2. Privacy: the same attacks on both models

# %%
data = privacy_dataset(seed=0)
ins = members(data).subset(np.arange(len(members(data))) < 128)
outs = non_members(seed=1).subset(np.arange(258) < 128)
mia, _ = membership_table(pipes, ins, outs, n_boot=500, seed=0)
threshold = float(np.quantile(distinct_pair_distances(members(data).images, n_pairs=2000, seed=0), 0.01))
extracted = {name: extraction_table(pipe, data, n=8, threshold=threshold, seed=0, **SAMPLER)[0] for name, pipe in pipes.items()}
mia.round(3)

# %%
summary = pd.DataFrame({
    "epsilon (delta 1e-5)": [float("inf"), dp_info["epsilon"]],
    "faithfulness": [quality[n] for n in pipes],
    "faithfulness 95% CI": [f"{quality_ci[n][0]:.2f}-{quality_ci[n][1]:.2f}" for n in pipes],
    "loss-attack AUC": [mia.query("model == @n and attack == 'loss'").AUC.item() for n in pipes],
    "SecMI-style AUC": [mia.query("model == @n and attack == 'SecMI-style'").AUC.item() for n in pipes],
    "64x portraits extracted (of 16)": [int(extracted[n].query("`copies in training data` == 64").extracted.sum()) for n in pipes],
}, index=list(pipes))
summary.round(3)

# %% tags=["remove-cell"]
# "What we found": DP faithfulness near chance (1/6) and below the non-private model's; the
# non-private model gives its 64x portraits away, the DP model does not; every membership
# interval contains 0.5; ~15 % of batches per record; 64 copies protected only at hundreds.
# Checked under four draws of the 48 images (AIGC_SEED_SHIFT 0-3): DP-SGD 0.10-0.21, non-private 0.42-0.52.
lo, hi = quality_ci["DP-SGD"]
assert lo <= 1 / 6 <= hi and quality["non-private"] > quality["DP-SGD"] + 0.15, (quality, quality_ci)
ext64 = summary["64x portraits extracted (of 16)"]
assert ext64["non-private"] >= 8 and ext64["DP-SGD"] < ext64["non-private"], ext64
for ci in mia["AUC 95% CI"]:
    lo, hi = map(float, ci.split("-"))
    assert lo <= 0.5 <= hi, ci
assert abs(dp_info["batch_size"] / dp_info["dataset_size"] - 0.15) < 0.01, dp_info
assert 64 * dp_info["epsilon"] >= 100, dp_info

# %% [markdown]
# ## 3. The trade-off as a curve
#
# One epsilon is one point. Two more models were trained **from scratch** with the same loop, data
# and steps but less noise (noise multiplier 1.0 and 0.5 instead of 2.0, so a larger epsilon: a
# weaker guarantee).
#
# The remedy the literature uses when DP from scratch learns too little is to **pre-train on
# public data and fine-tune with DP on the private data**: Ghalebikesabi et al. (2023, abstract)
# fine-tune ImageNet-pre-trained diffusion models with DP-SGD and report useful synthetic CIFAR-10
# images (downstream accuracy 88.0 % against the previous 51.0 %). We did the same in miniature.
# The public model is the course's `tiny` model, trained on the course's synthetic portraits and
# artworks (its model card). Those include this lesson's generic portraits (the same seed-0 draw)
# but **none of the eight named portraits**, which are drawn separately (a test,
# `tests/test_privacy.py`, checks both). Starting from `tiny`, we fine-tuned on the privacy
# dataset with DP-SGD at three noise levels, and once without DP, with the same loop (200 steps,
# batch 32; the names are new words, so each starts as a random word vector).
#
# For every model we show its final training loss, the same quality measure (faithfulness, with
# its interval) and the same extraction attack on the 64-times-duplicated portraits. Only the
# named portraits are private to the fine-tuning data, so extraction is the attack that tells the
# fine-tuned models apart; a membership attack on the generic portraits would also detect that
# `tiny` saw them.

# %%
# alt: Three line charts against epsilon on a log scale, one line for the models trained from scratch with DP and one for the models fine-tuned with DP from the public model, with each line's non-private model drawn at the right edge: training loss, faithfulness with 95 % intervals and a chance line, and the number of duplicated portraits extracted.
series = {"from scratch": {"privacy-dp": "DP, noise 2.0", "privacy-dp-n10": "DP, noise 1.0",
                           "privacy-dp-n05": "DP, noise 0.5", "privacy-nodp": "non-private"},
          "fine-tuned from tiny": {"privacy-dpft-n45": "DP fine-tuned, noise 4.5", "privacy-dpft-n10": "DP fine-tuned, noise 1.0",
                                   "privacy-dpft-n045": "DP fine-tuned, noise 0.45", "privacy-dpft-nodp": "fine-tuned, non-private"}}
first_two = {"privacy-dp": "DP-SGD", "privacy-nodp": "non-private"}  # measured above, same protocol
a = data.attributes
data64 = data.subset(((a["name"] == "") | (a["copies"] == 64)).to_numpy())  # prompt only the two 64x names
rows = []
for training, names in series.items():
    for ckpt, label in names.items():
        info = json.loads((CHECKPOINTS / ckpt / "dp_info.json").read_text())
        if ckpt in first_two:
            faith, (lo, hi) = quality[first_two[ckpt]], quality_ci[first_two[ckpt]]
            ext = extracted[first_two[ckpt]]
        else:
            pipe = load_pipeline(ckpt, device=device)
            faith, (lo, hi), _ = quality_of(pipe)
            ext = extraction_table(pipe, data64, n=8, threshold=threshold, seed=0, **SAMPLER)[0]
        rows.append({"model": label, "training": training, "epsilon": info["epsilon"] if info["dp"] else float("inf"),
                     "final training loss": round(info["final_loss_avg50"], 4), "faithfulness": round(faith, 3),
                     "faithfulness 95% CI": f"{lo:.2f}-{hi:.2f}", "low": lo, "high": hi,
                     "64x portraits extracted (of 16)": int(ext.query("`copies in training data` == 64").extracted.sum()),
                     "64x samples' distance to own portrait": round(float(
                         ext.query("`copies in training data` == 64")["median distance to own portrait"].mean()), 3),
                     "training seconds": info["train_seconds"],
                     "training seconds per step": round(info["train_seconds"] / info["steps"], 2)})
curve = pd.DataFrame(rows).set_index("model")
tuned = curve[curve.training == "fine-tuned from tiny"]
ft, ft_plain = tuned[np.isfinite(tuned.epsilon)], tuned.loc["fine-tuned, non-private"]
colours = {"from scratch": "#0072B2", "fine-tuned from tiny": "#009E73"}
x_inf = curve.epsilon[np.isfinite(curve.epsilon)].max() * 4
fig, axes = plt.subplots(1, 3, figsize=(13, 3.2))
for training, part in curve.groupby("training", sort=False):
    dp_part, plain = part[np.isfinite(part.epsilon)].sort_values("epsilon"), part[~np.isfinite(part.epsilon)]
    for ax, col in zip(axes, ["final training loss", "faithfulness", "64x portraits extracted (of 16)"]):
        err = ([dp_part[col] - dp_part.low, dp_part.high - dp_part[col]] if col == "faithfulness" else None)
        ax.errorbar(dp_part.epsilon, dp_part[col], yerr=err, fmt="o-", color=colours[training], capsize=3,
                    label=f"DP, {training}")
        err = ([plain[col] - plain.low, plain.high - plain[col]] if col == "faithfulness" else None)
        ax.errorbar([x_inf], plain[col], yerr=err, fmt="s", color=colours[training], mfc="white", capsize=3,
                    label=f"non-private, {training}")
        ax.set(xscale="log", xlabel="epsilon (delta 1e-5; log scale; right: none)", title=col)
axes[1].axhline(1 / 6, ls=":", color="#999999", label="chance"); axes[1].legend(fontsize=7)
plt.tight_layout(); plt.show()
curve.drop(columns=["low", "high"]).round(3)

# %% tags=["remove-cell"]
scratch = curve[curve.training == "from scratch"]
finite = scratch[np.isfinite(scratch.epsilon)]
assert finite.epsilon.is_monotonic_increasing and len(finite) >= 3
assert scratch["final training loss"].is_monotonic_decreasing, "the loss no longer falls as epsilon grows"
# "At chance": each DP model's 95 % interval contains 1/6 (a fixed +-0.1 band failed under one of four draws).
assert ((finite.low <= 1 / 6) & (finite.high >= 1 / 6)).all(), "a DP model is no longer at chance faithfulness"
assert (finite["faithfulness"] < scratch.loc["non-private", "faithfulness"] - 0.15).all()
assert (finite["64x portraits extracted (of 16)"] < scratch.loc["non-private", "64x portraits extracted (of 16)"]).all()
# "Why so few steps?": the cards' measured training times put DP-SGD at 1.5-2.5 times the cost per step
dp_cost = finite["training seconds per step"] / scratch.loc["non-private", "training seconds per step"]
assert (dp_cost > 1.5).all() and (dp_cost < 2.5).all(), dp_cost
# "What we found", fine-tuned curve: three DP points from about 1 to about 50; useful quality at every
# epsilon, the smallest included (0.85 or more, interval above 0.75, overlapping non-private fine-tuning's, far above
# the from-scratch DP models); nothing extracted at any DP epsilon, most of it without DP; the DP
# models' samples for a name stay as far from the portrait as the from-scratch DP models' samples;
# the loss falls as epsilon grows and is lowest without DP.
assert ft.epsilon.is_monotonic_increasing and len(ft) >= 3, ft.epsilon
assert abs(ft.epsilon.iloc[0] - 0.9) < 0.1 and ft.epsilon.iloc[-1] > 40, ft.epsilon
assert 55 < 64 * ft.epsilon.iloc[0] < 65  # "about 60" for a 64-copy group
assert ft.low.max() <= ft.high.min(), ft  # "neither faithfulness nor the attack moves" over epsilon
# Four draws (AIGC_SEED_SHIFT 0-3): DP fine-tuned faithfulness 0.90-1.00, intervals' lower ends 0.78-0.93.
assert (ft.faithfulness >= 0.85).all() and (ft.low > 0.75).all(), ft
assert (ft.low <= ft_plain.high).all() and (ft.high >= ft_plain.low).all(), ft
assert (ft.faithfulness > finite.faithfulness.max() + 0.5).all()
# Across three draws of the samples (AIGC_SEED_SHIFT 0-2) non-private fine-tuning gave 15, 13 and 10 of 16
# away and its distance ratio to the DP models' was 0.10, 0.10 and 0.45: "most", "at most half".
assert (ft["64x portraits extracted (of 16)"] == 0).all() and ft_plain["64x portraits extracted (of 16)"] > 8, tuned
dist = "64x samples' distance to own portrait"
assert abs(ft[dist].mean() - finite[dist].mean()) < 0.1 and 0.05 < ft_plain[dist] / ft[dist].mean() < 0.5, curve[dist]
minutes = tuned["training seconds"] / 60
assert 6 < minutes.min() and minutes.max() < 21.5, minutes  # "about 6.5 to 21 minutes"
assert tuned["final training loss"].is_monotonic_decreasing, tuned["final training loss"]

# %% [markdown]
# ### Who is affected, with your number
#
# Privacy and usefulness are two values with different stakeholders: the people in the training
# photos, and the people who use the model ([thinking tools](../book/thinking_tools.md), "Weighing
# conflicting values").

# %%
best = ft.index[0]  # the fine-tuned model with the smallest epsilon
print(f"A person whose photo was copied 64 times gets it back in {ext64['non-private']} of 16 samples "
      f"from the non-private model and {ext64['DP-SGD']} from the DP model (epsilon {dp_info['epsilon']:.1f}); "
      f"but the DP model draws the profession a user asks for in {100 * quality['DP-SGD']:.0f} of every 100 "
      f"portraits, against {100 * quality['non-private']:.0f} without DP and {100 / 6:.0f} by chance.")
print(f"Fine-tuned from the public model: {ft_plain['64x portraits extracted (of 16)']} of 16 without DP, "
      f"{tuned.loc[best, '64x portraits extracted (of 16)']} at epsilon {tuned.loc[best, 'epsilon']:.2f}, where the "
      f"model still draws the asked profession in {100 * tuned.loc[best, 'faithfulness']:.0f} of every 100 portraits "
      f"(non-private fine-tuning: {100 * ft_plain['faithfulness']:.0f}).")

# %% [markdown]
# ## What we found
#
# - The table above is the trade-off in one place: DP-SGD at the printed epsilon versus the same
#   training without it, on the same membership attacks, the same extraction attack and the same
#   quality measure. Compare the faithfulness column with chance, 1/6 ≈ 0.17 for six professions:
#   at this budget the DP model protects its records largely by not learning much at all, while
#   the non-private model of the same size already gives its 64-times-duplicated portraits away.
# - The membership attacks are weak on both of these small, briefly trained models (intervals
#   around 0.5): the DP guarantee matters most for the models of the previous lesson, which
#   trained longer and leaked more.
# - **From scratch, the curve has no useful point in this budget.** As epsilon grows from about 8
#   to about 106 the training loss falls steadily towards the non-private model's, so less noise
#   does let the model fit more; but faithfulness stays at chance for every DP model trained from
#   scratch and none gives back a duplicated portrait. On 428 records and 400 steps, even a
#   guarantee as weak as epsilon ≈ 100 (which promises little) leaves a model that has not
#   learned the professions.
# - **Fine-tuned from a public model, every epsilon we tried gives a useful point, the smallest
#   (about 0.9) included.** The three DP fine-tuned models draw the profession asked for about as
#   often as the non-private fine-tuned model (faithfulness 0.85 or more, intervals above 0.75,
#   overlapping its interval), far above the models trained from scratch; and the extraction attack
#   gets **none** of the 64-times-duplicated portraits back from any of them, while without DP the
#   same fine-tuning gives most of them away (how many varies with the draw of the samples: 10 to
#   15 of 16 in three draws). This is the pattern Ghalebikesabi et al.
#   (2023) report at scale: the public pre-training supplies the quality, DP fine-tuning keeps the
#   private records out.
# - **Where the quality comes from.** The fine-tuned models' usefulness is the public model's
#   (`tiny`'s model card measures a faithfulness of 1.00 on these professions); what only the
#   private data could teach, the named portraits, no DP fine-tuned model learned: at every
#   epsilon, its samples for a name stay about as far from that person's portrait as the
#   from-scratch DP models' samples (the distance column), against at most half of that without
#   DP (a tenth in the book's draw; the ratio moves with the draw). Less noise still lowers the training loss (it falls as epsilon grows, and is lowest
#   without DP), but over epsilon 1 to 50 neither faithfulness nor the attack moves: in this
#   miniature the trade-off shows between DP and no DP, not along epsilon. A membership attack on
#   the generic portraits cannot settle this, because the public model was trained on them too.
# - **Epsilon is per record.** The 64 copies of a duplicated portrait are 64 records; by the
#   group-privacy property, a group of k records is only protected at about k·ε: hundreds or more
#   for the models trained from scratch and about 60 even for the fine-tuned model at ε ≈ 0.9, which
#   promises nothing. That the attack found nothing is a measurement on this model, not a
#   guarantee. Deduplication (previous lesson) and DP are complements, not substitutes.
# - **Why so few steps?** DP-SGD computes one gradient per example: the training times recorded
#   in the cards of the models trained from scratch (the curve's table, measured on two CPU cores)
#   make each DP step about 1.8-2 times as costly as an ordinary one; and on only 428 records,
#   every step spends a lot of privacy (each record is in ~15 % of batches of 64). The fine-tuned
#   runs (200 steps, batch 32, one thread each, about 6.5 to 21 minutes on a busy machine, on
#   their cards) are not comparable step for step. Real DP image models need far more data and
#   compute (Dockhorn et al. 2022 train on whole standard datasets with GPUs).
#
# Caveats: small models, one seed, one training run per point, 128 + 128 images for the attacks,
# 8 samples per name for extraction, 48 portraits per faithfulness score (hence the intervals),
# 10 sampling steps; the bootstrap intervals in the first table say how far to trust each AUC.
#
# **Next:** the [exercises](../exercises/10_memorisation.ipynb), and the chapter on
# [bias](../book/bias.md).
