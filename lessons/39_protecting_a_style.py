# %% [markdown]
# # Protecting a style: opt-out, erasure or a cloak?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/39_protecting_a_style.ipynb)
#
# **The question:** an artist does not want a generator to paint "in the style of" them. Three
# remedies are on offer: ask the provider to delete their works (opt-out), ask the provider to
# *erase* the style from the model (concept erasure), or protect the works themselves before
# posting them, so that a copier who fine-tunes on them learns the style badly (a *cloak*). Which
# one leaves the least of the style, at what cost to the artist and to everyone else?
#
# **You will learn**
# - to measure *residual style*: the share of generations for a prompt **naming** the artist that a
#   style classifier reads as the artist's style, with a Wilson interval and the classifier's error rate;
# - what an opt-out, an ESD-style erasure (narrow and broad) and a cloak each leave, and what they cost:
#   collateral damage to other artists' styles, and the cloak's visible change to the artist's own works;
# - why a cloak computed against one model does not survive a copier's ordinary processing (JPEG, resizing).
#
# **Run time:** about 60 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Background
#
# **Opt-out.** Lesson 31 measured what an opt-out *after* training does: `optout-quist` was
# fine-tuned without any of quist's works, and prompts naming quist were still read as quist's style
# (rings) as often as before. Opt-out registries work *before* training: Spawning's "Have I Been
# Trained" site let artists flag their works for exclusion from Stable Diffusion 3's training data
# (80 million works by March 2023, as reported in coverage of Spawning's seed round on 3 May 2023,
# e.g. lbcgroup.tv), and Spawning's Do Not Train
# Registry is described by Spawning as respected by Stability AI and Hugging Face
# (spawning.substack.com, "The Spawning Guide to Rights Reservations"); the legal side (EU DSM
# Directive Art. 4, the AI Act) is in [lesson 53](53_law_of_training_and_outputs.ipynb). We could not
# verify the registry's current status (as of 2026-12-01 a third-party catalogue, datalicenses.pages.dev,
# describes its public site as under maintenance).
#
# **Concept erasure.** ESD, Gandikota et al., "Erasing Concepts from Diffusion Models" (ICCV 2023,
# pp. 2426-2436), fine-tunes a model so that its prediction *for the concept's prompt* matches the
# original model's prediction with **negative guidance** (steered away from the concept); the
# teacher is the frozen model itself and no images are needed. They erase five modern artists'
# styles; for artist styles they train only the layers that read the prompt (ESD-x), to limit
# interference with other prompts. Pham et al., "Circumventing Concept Erasure Methods for
# Text-to-Image Generative Models" (ICLR 2024), show that erased concepts come back through learned
# word embeddings without changing any weight.
#
# **Cloaks.** Glaze (Shan et al., "Glaze: Protecting Artists from Style Mimicry by Text-to-Image
# Models", USENIX Security 2023, arXiv:2302.04222) adds a small perturbation to each work, optimised so
# that the feature extractor of a latent-diffusion model sees the work in a different target style; a
# copier who fine-tunes on the cloaked works then learns a shifted style. They report mimicry disrupted
# in more than 92 % of cases at a low perturbation budget (LPIPS 0.05) and more than 85 % against
# adaptive countermeasures (abstract). Nightshade (Shan et al., IEEE S&P 2024, arXiv:2310.13828) uses
# similar perturbations to *poison* a concept for anyone who scrapes the images (under 100 samples for
# one prompt in SDXL, by their report). Anti-DreamBooth (Van Le et al., ICCV 2023) instead maximises
# the denoiser's training loss. Hönig, Rando, Carlini and Tramèr, "Adversarial Perturbations Cannot
# Reliably Protect Artists From Generative AI" (arXiv:2406.12027, 2024), tested Glaze, Mist and
# Anti-DreamBooth at an L-infinity budget of 8/255 against simple "robust mimicry" steps (Gaussian
# noising, DiffPure, noisy upscaling, IMPRESS++) on 10 artists and found all protections easily
# circumvented (their §6.1); the authors state that they do not believe the problem has a technical
# solution, because the artist must act first and cannot update a cloak after the work is downloaded
# (issue #1 of their code repository, ethz-spylab/robust-style-mimicry, July 2024).
#
# ## The experiment
#
# One artist, `quist` (style: rings), as in lesson 31. All models come from
# `tools/train_style_remedies.py` (their cards record the commands and times):
#
# | model | what happened |
# |---|---|
# | `tiny` | no remedy |
# | `optout-quist` | opt-out after training (lesson 31) |
# | `erased-quist` | ESD-style erasure; only quist's **word vector** trained (80 steps) |
# | `erased-quist-encoder` | ESD-style erasure; the **whole text encoder** trained (150 steps) |
# | `copier-quist` | a copier fine-tunes `erased-quist` on 16 of quist's works, as published |
# | `copier-quist-cloaked` | the same, but the works were **cloaked** before publication |
# | `copier-quist-cloaked-jpeg` | the same cloaked works, saved as **JPEG** (quality 75) by the copier |
#
# The copier starts from the *erased* model on purpose: a model that already draws rings for quist
# (like `tiny` or `optout-quist`) gives the copier nothing to learn, so a cloak could not show any
# effect there. Starting from the erased model also answers a second question: does erasure survive
# someone who has the artist's works?
#
# **The cloak** (`aigc_ethics.cloak.cloak`) is projected gradient ascent on the course model's own
# training loss, within 8/255 per pixel (the budget Hönig et al. test), computed against `tiny`,
# the public model a copier would start from. This is Anti-DreamBooth's idea; Glaze targets the
# image encoder of a latent-diffusion model, and our model has none (it works on pixels).
#
# **The measure.** First, how often is the style classifier itself wrong about a style? We ask it
# 300 real works (50 per artist) it never saw in training.

# %%
import numpy as np
from aigc_ethics import cloak as C, style_remedies as SR
from aigc_ethics.attributes import load_classifier
from aigc_ethics.core.stats import wilson_interval
from aigc_ethics.chapters.replication import training_artworks
from aigc_ethics.datasets import ARTISTS, artist_prompt, make_dataset
from aigc_ethics.generate import generate_many, load_pipeline

classifier = load_classifier()
held_out = training_artworks(make_dataset(seed=303, scale=0.1))
wrong = int((classifier.predict(held_out.images)["style"].to_numpy() != held_out.attributes["style"].to_numpy()).sum())
err_low, err_high = wilson_interval(wrong, len(held_out))
print(f"style classifier: {wrong} errors on {len(held_out)} held-out works "
      f"(error rate {wrong / len(held_out):.1%}, 95 % interval {err_low:.1%} to {err_high:.1%})")

# %% [markdown]
# On real works the classifier is (almost) never wrong; on *generations* we cannot know its error
# rate, because generations have no true style label. A share of 0.9 below should be read as
# "about 0.9, give or take the Wilson interval and an unknown classifier error on unusual images".
#
# **Residual style.** For every model: 16 generations for "a painting in the style of quist" (`make bench`
# uses 64).

# %%
MODELS = {"no remedy": "tiny", "opt-out": "optout-quist", "erasure (name only)": "erased-quist",
          "erasure (text encoder)": "erased-quist-encoder", "copier, clean works": "copier-quist",
          "copier, cloaked works": "copier-quist-cloaked", "copier, cloaked + JPEG": "copier-quist-cloaked-jpeg"}
pipes = {label: load_pipeline(name, device=device) for label, name in MODELS.items()}
shown, residual = {}, {}
for label, pipe in pipes.items():
    shown[label] = generate_many(pipe, artist_prompt("quist"), 16, seed=0)
    residual[label] = SR.style_share(shown[label], classifier, "quist")
import pandas as pd
table = pd.DataFrame(residual).T[["k", "n", "share", "low", "high"]]
table.rename_axis("model").round(2)

# %%
# alt: A grid of generations for the prompt "a painting in the style of quist", one row of eight per model (no remedy, opt-out, the two erasures, and the three copier fine-tunes): rows without a remedy and after opt-out show rings; the erased rows show other pictures; the copier rows show rings again.
import matplotlib.pyplot as plt
fig, axes = plt.subplots(len(shown), 1, figsize=(7, 1.0 * len(shown)))
for ax, (label, imgs) in zip(axes, shown.items()):
    ax.imshow(np.concatenate(list(imgs[:8]), axis=1)); ax.set_axis_off()
    ax.set_title(f"{label}: {residual[label]['share']:.0%} rings", fontsize=8, loc="left")
plt.tight_layout(); plt.show()

# %% [markdown]
# **Collateral damage.** An erasure that also removes *other* artists' styles harms people who asked
# for nothing. For the erased models and the original, we read 6 generations per other artist (the opt-out
# left the other artists unaffected in lesson 31).

# %%
others = [a for a in ARTISTS if a != "quist"]
kept = pd.DataFrame({label: SR.style_accuracy(pipes[label], classifier, artists=others, n=6, seed=1)["share"]
                     for label in ["no remedy", "erasure (name only)", "erasure (text encoder)"]})
kept.loc["mean"] = kept.mean()
kept.round(2)

# %% [markdown]
# What do the erased models draw *instead* when quist is named? The classifier's reading of the same
# 16 generations:

# %%
instead = {label: pd.Series(classifier.predict(shown[label])["style"]).replace("", "(not an artwork)")
           .value_counts().to_dict() for label in ["erasure (name only)", "erasure (text encoder)"]}
instead

# %% [markdown]
# **The cloak's cost to the artist.** The copier checkpoints ship the 16 works they were trained on.
# The cloak may change each pixel by at most 8 of 255 grey levels:

# %%
w = SR.copier_works("copier-quist-cloaked")
works, cloaked = w["original"], w["trained_on"]
cost = {"L-inf (grey levels)": C.linf(works, cloaked), "PSNR (dB)": round(C.psnr(works, cloaked), 1),
        "SSIM": round(C.ssim(works, cloaked), 3)}
cost

# %%
# alt: Three rows of eight 32x32 artworks: quist's original ring paintings, the same works cloaked (they look the same, slightly grainy), and the difference between them magnified ten times, a fine noise pattern.
diff = np.clip(127 + 10 * (cloaked.astype(int) - works.astype(int)), 0, 255).astype(np.uint8)
fig, axes = plt.subplots(3, 1, figsize=(7, 3.2))
for ax, imgs, title in zip(axes, [works, cloaked, diff], ["published works", "cloaked (8/255)", "difference x10"]):
    ax.imshow(np.concatenate(list(imgs[:8]), axis=1)); ax.set_axis_off(); ax.set_title(title, fontsize=8, loc="left")
plt.tight_layout(); plt.show()

# %% [markdown]
# **Does the cloak survive the copier's processing?** A cloak works by raising the model's training
# loss on the work. We measure that lift on the cloaked works against the same works uncloaked, after
# each thing a copier might do: JPEG, halving the size and back, a slight blur, and a light regeneration
# with the model itself (the transform is applied to both, so its own effect cancels);
# *survival* is the lift after the transform divided by the lift without it.

# %%
tiny = pipes["no remedy"]
surv = pd.DataFrame(C.survival(works, cloaked, tiny, transforms=["jpeg 75", "resize 0.5", "blur 0.6", "regenerate 0.15"],
                               prompt=artist_prompt("quist"), samples=4)).T
surv.round(3)

# %% [markdown]
# ## All remedies side by side

# %%
summary = pd.DataFrame({
    "residual style": table["share"],
    "95 % interval": [f"{lo:.2f}-{hi:.2f}" for lo, hi in zip(table["low"], table["high"])],
    "other styles kept": [f"{v:.2f}" if v == v else "" for v in kept.loc["mean"].reindex(table.index)],
    "cost to the artist": ["", "", "", "", "", f"PSNR {cost['PSNR (dB)']} dB", f"PSNR {cost['PSNR (dB)']} dB"],
})
summary.round(2)

# %%
# alt: Horizontal bar chart of residual style (share of 16 generations for "a painting in the style of quist" read as rings) for the seven models, with 95 % Wilson intervals as error bars.
fig, ax = plt.subplots(figsize=(6.5, 2.8))
y = np.arange(len(table))[::-1]
ax.barh(y, table["share"], xerr=[table["share"] - table["low"], table["high"] - table["share"]],
        color=["#999999", "#0072B2", "#009E73", "#009E73", "#D55E00", "#E69F00", "#CC79A7"], capsize=3)
ax.set_yticks(y, table.index, fontsize=8); ax.set_xlim(0, 1.05)
ax.set_xlabel("residual style: share read as 'rings' when quist is named")
plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found" asserts, on the numbers above.
share = table["share"]
assert wrong / len(held_out) <= 0.01
# 1. opt-out leaves the style: as high as with no remedy (within one generation of 16), and high
assert share["opt-out"] >= share["no remedy"] - 1 / 16 and table.loc["opt-out", "low"] >= 0.8
# 2. both erasures remove the style when quist is named
assert table.loc["erasure (name only)", "high"] <= 0.2 and table.loc["erasure (text encoder)", "high"] <= 0.2
# 3. the narrow erasure keeps the other styles as well as no remedy; the broad one destroys some
assert kept.loc["mean", "erasure (name only)"] >= kept.loc["mean", "no remedy"] - 1 / 6
assert kept.loc["mean", "erasure (text encoder)"] <= kept.loc["mean", "no remedy"] - 0.2
assert (kept.loc[others, "erasure (text encoder)"] <= 1 / 6).sum() >= 2   # some lost theirs almost completely
# ... and what the erased prompt draws instead is mostly not read as an artwork
assert all(instead[k].get("(not an artwork)", 0) > 8 for k in instead)
# 4. a copier with 16 clean works brings the style back after the erasure
assert table.loc["copier, clean works", "low"] > table.loc["erasure (name only)", "high"]
# 5. the cloak costs visible quality and keeps to its budget
assert cost["L-inf (grey levels)"] <= 8 and 29 < cost["PSNR (dB)"] < 33
# 6. the cloak did not stop the copier (cloaked as high as clean, within one of 16), nor did the JPEG'd cloak
assert share["copier, cloaked works"] >= share["copier, clean works"] - 1 / 16
assert share["copier, cloaked + JPEG"] >= share["copier, cloaked works"] - 1 / 16
# 7. the cloak raises the training loss; JPEG removes part of that lift, resizing most of it
assert surv.loc["none", "lift"] > 0
assert 0 < surv.loc["jpeg 75", "survival"] < 1 and surv.loc["resize 0.5", "survival"] < min(0.5, surv.loc["jpeg 75", "survival"])
# ... and a light regeneration with the model itself removes almost all of it
assert surv.loc["regenerate 0.15", "survival"] < 0.2

# %% [markdown]
# ### Who is affected, with your numbers
#
# The artist asked for protection; other artists and ordinary users carry the side effects
# ([thinking tools](../book/thinking_tools.md): who bears the cost, who gets the benefit).

# %%
enc = kept["erasure (text encoder)"].drop("mean")
hit = [a for a in others if enc[a] < 0.5]
print(f"The artist (quist): after an opt-out {share['opt-out']:.0%} of images made with their name are still in "
      f"their style; after an erasure {share['erasure (name only)']:.0%}, until a copier with 16 of their works "
      f"brings it back to {share['copier, clean works']:.0%}; cloaking their works costs them "
      f"{cost['PSNR (dB)']} dB PSNR on everything they publish.")
print(f"Other artists: the broad erasure keeps only {kept.loc['mean', 'erasure (text encoder)']:.0%} of their "
      f"styles on average (no remedy: {kept.loc['mean', 'no remedy']:.0%}); {', '.join(hit) or 'nobody'} "
      f"lost theirs although they asked for nothing. The narrow erasure keeps "
      f"{kept.loc['mean', 'erasure (name only)']:.0%}.")
print("Users: a prompt naming quist now returns something else without saying so.")

# %% [markdown]
# ## What we found
#
# - **Opt-out after training** leaves the style where it was: the share of generations for "a painting
#   in the style of quist" read as rings is as high after the opt-out fine-tune as with no remedy
#   (lesson 31's finding, measured again here).
# - **Both erasures** remove the style when quist is named: (almost) nothing is read as rings any more.
#   What comes instead is mostly not even read as an artwork (the table of readings above): negative
#   guidance pushes the prompt *away* from what the model drew, not *towards* anything in particular,
#   so a user who names quist gets something else without being told.
# - **Where the erasure acts decides who else pays.** Training only quist's word vector kept the
#   other five styles as well as no remedy did: in our bag-of-words text encoder no other prompt uses
#   that vector. Training the whole text encoder, which every prompt passes through, cost other
#   artists their styles (the collateral table: some of them lost theirs almost completely), the
#   interference ESD's authors avoid by training only the prompt-reading layers.
# - **A copier undoes the erasure.** Fine-tuning the (narrowly) erased model on 16 of quist's works
#   brought the style back (the copier rows): an erasure protects the one prompt in the one released
#   model, not the style from someone who has the works (compare Pham et al., ICLR 2024, who needed no works at all).
# - **The cloak did not stop the copier in our miniature**, at the usual 8/255 budget: the copier
#   that trained on cloaked works draws rings as often as the one that trained on clean works. The
#   cloak is real (it raises the model's training loss on the works, the survival table) and it is
#   visible on these flat 32 × 32 artworks (PSNR about 31 dB, the difference image), but the pixels
#   still show rings, and a pixel-space model learns what the pixels show. Published cloaks get
#   their leverage from the *encoder* of a latent-diffusion model, which our model does not have;
#   so this is a limit of the miniature as much as a finding about cloaks.
# - **What the copier's processing does to the cloak:** JPEG at quality 75 and a resize to half size
#   and back remove part (JPEG) or most (resize) of the cloak's effect on the training loss before any
#   training happens, and a light regeneration with the model itself (strength 0.15: noised to
#   timestep 80 of 1000 and denoised in the last 3 of 25 DDIM steps, the family of Hönig et al.'s
#   "noisy upscaling") removes almost all of it: the fragility
#   Hönig et al. (2024) report for published tools; here the JPEG'd
#   cloak changed nothing further because the clean cloak already did not protect.
#
# **Caveats.** One artist, 16 generations per model here (64 in `make bench`; see the Wilson intervals), a classifier that is
# never wrong on real works but whose error on unusual generations we cannot measure, six procedural
# styles, a bag-of-words text encoder (in real models an artist's name shares tokens and context with
# other prompts, so even a "narrow" erasure has neighbours), one cloak computed against the model the
# copier starts from (the most favourable case for the artist), one copier recipe (150 steps).
#
# ## Try it
#
# Load `copier-quist` and ask it for "an artwork" with no artist named (`generate_many(pipe, "an
# artwork", 32)`): did the copier's fine-tune on 16 works change what the model draws for everyone?
#
# ## Open question
#
# If no technical remedy survives a determined copier, what should an artist be able to demand, and
# from whom: the provider who trained on their works, the platform that hosts the fine-tunes, or the
# person who made them? Lesson 53 gives the legal starting points.
#
# **Exercises:** [exercises/39](../exercises/39_protecting_a_style.ipynb).
#
# **Next:** the [law of training and outputs](53_law_of_training_and_outputs.ipynb).
