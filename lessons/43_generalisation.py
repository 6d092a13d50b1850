# %% [markdown]
# # Generalisation and robustness: when detectors fail
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/43_generalisation.ipynb)
#
# **The question:** a detector that is nearly perfect on its own generator meets images from a
# generator it never saw, or images recompressed by a social platform. What is left of its accuracy?
#
# **You will learn**
# - to evaluate detectors on unseen generators and after JPEG compression and resizing;
# - to measure whether augmentation during training (random JPEG and resizing) helps;
# - why a detector's failures matter beyond missed fakes: the "liar's dividend".
#
# **Run time:** about a minute on a laptop CPU (up to 90 seconds on a busy one).

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What the literature found
#
# Corvi et al. (2023, ICASSP) tested detectors built for GAN images on diffusion-model images and
# in "social network" conditions with compression and resizing: they generalised poorly and
# degraded under that processing. Ojha et al. (2023, "Towards universal fake image detectors that
# generalize across generative models", CVPR) made the same point about unseen generators. Wang et
# al. (2020) found that training with blur and JPEG augmentation made their detector more robust.
#
# **Which generators count as unseen here.** All detectors are trained on `tiny-ddim25` (the course
# model, DDIM, 25 steps). We test them on images no training used from nine others. Six are
# diffusion models: the same weights with 10 or 50 DDIM steps, with ancestral sampling (fresh
# noise at every step, like DDPM), the `balanced` fine-tune (different weights), `privacy-600`,
# a model trained separately from scratch on other portraits (same objective: it predicts the
# clean image), and `treering`, trained from scratch with another objective (it predicts the
# noise, like Stable Diffusion). All of these are small pixel-space denoising UNets. The last
# three sets come from a generator of **another architecture**: a small variational autoencoder
# (VAE, `aigc_ethics.vae`, about 12 minutes of training on one CPU thread; see its model card)
# trained on the same dataset, whose images are drawn from its prior and decoded. A VAE's decoder defines a
# Gaussian distribution for every pixel, so it can be shown as the decoder's mean (`vae-mean`,
# smooth) or as a true sample with per-pixel noise of the learned size (`vae-sample`, grainy);
# `vae-grain` adds noise of exactly the size of the renders' grain (3 grey levels), as a maker who
# knows what real images look like might. None of these images was in any training set, so each
# generator is "unseen" in the literature's sense.

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from aigc_ethics.imaging import OKABE_ITO
from aigc_ethics.detect import (train_detectors, train_test, generalisation_table,
                                robustness_sweep)

_, _, real_test, fake_test = train_test(n_train=256, n_test=128)
detectors = train_detectors(augmented=True, progress=True)   # spectral, CNN, and both with augmentation
print("detectors:", list(detectors))

# %% [markdown]
# ## 1. Unseen generators
#
# AUC of each detector against 128 real test images and 128 images of each generator.

# %%
gen_table = generalisation_table(detectors, real_test, n=128)
print(gen_table.round(2).to_string())

# %% [markdown]
# ### What the VAE's images look like, and the trait the detectors use
#
# The detectors of lesson 42 read the noise residual: the differences between neighbouring pixels.
# Below, real renders, the training generator, the noise-predicting `treering` model and the three
# VAE sets, with the histogram of those differences.

# %%
# alt: Left: six rows of eight 32-by-32 images: real renders (flat colours, people and patterns), the diffusion model's images (similar), the noise-predicting diffusion model's images (similar, slightly rougher), the VAE's mean images (blurry blobs), VAE samples (blurry and very noisy) and VAE mean plus fine grain. Right: histograms of neighbour-pixel differences on a log scale for the same six sources; the real renders form a narrow peak of small differences that no other source matches.
from aigc_ethics.detect import generated_images, neighbour_differences, smooth_fraction
gens = ("tiny-ddim25", "treering-ddim25", "vae-mean", "vae-sample", "vae-grain")
sources = {"real (renders)": real_test[:128], **{g: generated_images(g)[:128] for g in gens}}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
ax1.imshow(np.concatenate([np.concatenate(list(imgs[:8]), axis=1) for imgs in sources.values()])); ax1.set_axis_off()
ax1.set_title("rows: " + ", ".join(sources), fontsize=8)
for i, (label, imgs) in enumerate(sources.items()):
    ax2.hist(neighbour_differences(imgs).ravel(), bins=np.arange(0, 91, 3), histtype="step", lw=2, density=True, label=label, color=OKABE_ITO[i])
ax2.set_yscale("log"); ax2.set_xlabel("|difference| between neighbours (sum over R, G, B)"); ax2.legend(fontsize=8)
plt.tight_layout(); plt.show()
for label, imgs in sources.items():
    print(f"{label:16s} share of smooth neighbour pairs (<= 3 grey levels): {smooth_fraction(imgs).mean():.3f}")

# %% [markdown]
# ## 2. JPEG and resizing
#
# Now the generator stays the same but both real and generated test images are JPEG-compressed
# (quality 90 to 30) or shrunk and enlarged again, as platforms do with uploads.

# %%
rob_table = robustness_sweep(detectors, real_test, fake_test)
print(rob_table.round(2).to_string())

# %%
# alt: Two panels. Left: bars of AUC per generator for the four detectors: near 1 on every diffusion generator and on vae-mean and vae-grain (lower for the augmented CNN), but near 0 for the CNN and the augmented CNN, and between about 0.4 and 0.75 for the augmented spectral detector, on vae-sample. Right: AUC against post-processing setting, from clean through JPEG quality 90 to 30 and resizing, for the four detectors, with and without augmentation; dashed line at 0.5 for guessing.
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2))
gen_table.plot.bar(ax=ax1, rot=35, color=list(OKABE_ITO[:len(gen_table.columns)]), width=0.8)
plt.setp(ax1.get_xticklabels(), ha="right", fontsize=8)
ax1.axhline(0.5, color="k", ls=":", lw=1); ax1.set_ylim(0, 1.35); ax1.set_ylabel("AUC"); ax1.set_title("unseen generators", fontsize=9)
for i, name in enumerate(rob_table.columns):
    ax2.plot(range(len(rob_table)), rob_table[name], "o-" if "aug" in name else "s--", color=OKABE_ITO[i], label=name)
ax2.set_xticks(range(len(rob_table)), rob_table.index, rotation=30, fontsize=8)
ax2.axhline(0.5, color="k", ls=":", lw=1); ax2.set_ylim(0, 1.05); ax2.set_title("post-processing", fontsize=9); ax2.legend(fontsize=8)
ax1.legend(fontsize=8, ncol=2, loc="upper center"); plt.tight_layout(); plt.show()

# %% [markdown]
# ## 3. The drop, in one table

# %%
summary = pd.DataFrame({
    "in distribution": rob_table.loc["clean"],
    "worst unseen generator": gen_table.drop(index="tiny-ddim25").min(),
    "worst JPEG": rob_table.loc[[i for i in rob_table.index if i.startswith("JPEG")]].min(),
    "worst resize": rob_table.loc[[i for i in rob_table.index if i.startswith("resize")]].min(),
})
print(summary.round(2).to_string())

# %% tags=["remove-cell"]
# "What we found", checked on gen_table (unseen generators) and rob_table (post-processing).
g, r = gen_table, rob_table
plain, clean_gens = ["spectral", "CNN"], ["tiny-ddim25", "tiny-ddim10", "tiny-ddim50", "tiny-ancestral25",
                                          "balanced-ddim25", "privacy600-ddim25"]
assert (g.loc[clean_gens, plain] >= 0.99).all().all(), g                 # perfect in distribution and on clean-image models
# the augmented CNN's numbers move between training runs (0.61 and 0.77 on treering in two of ours):
# only what held in every run is asserted
assert 0.85 <= g.loc["treering-ddim25", "CNN"] <= 0.98 and g.loc["treering-ddim25", "CNN+aug"] < g.loc["treering-ddim25", "CNN"], g
assert g.loc["treering-ddim25", "spectral"] >= 0.97, g
assert (g.loc[["vae-mean", "vae-grain"], plain] >= 0.95).all().all(), g   # still caught
assert g.loc["vae-sample", "CNN"] < 0.01 and g.loc["vae-sample", "spectral"] >= 0.99, g
# spectral+aug on vae-sample depends on which generated images trained it: 0.41 with the cache's
# earlier seed rule, 0.72 with generate_many's; what held in both is asserted
assert 0.3 <= g.loc["vae-sample", "spectral+aug"] <= 0.8 and g.loc["vae-sample", "spectral"] - g.loc["vae-sample", "spectral+aug"] >= 0.2, g
assert g.loc["vae-sample", "CNN+aug"] < 0.3, g
assert (g.loc[["vae-mean", "vae-grain"], "CNN+aug"] < g.loc[["vae-mean", "vae-grain"], "CNN"] - 0.2).all(), g
processed = [i for i in r.index if i in ("JPEG q75", "JPEG q50", "JPEG q30") or i.startswith("resize")]
assert r.loc[processed, plain].stack().between(0.35, 0.65).all() and r.loc[processed].min().min() < 0.5, r
assert r.loc[processed, ["spectral+aug", "CNN+aug"]].stack().between(0.35, 0.7).all(), r
assert r.loc["clean", "spectral+aug"] >= 0.99, r
assert (r.loc[["JPEG q50", "JPEG q30"], "spectral+aug"] > r.loc[["JPEG q50", "JPEG q30"], "spectral"]).all(), r
assert (r.loc[["JPEG q90", "resize 0.75"], "spectral+aug"] < r.loc[["JPEG q90", "resize 0.75"], "spectral"]).all(), r
assert r.loc["clean", "CNN+aug"] <= 0.9, r

# %% [markdown]
# ### Who is affected, with your number
#
# Honest photographers whose uploads a platform recompresses, and readers who trust a detector's
# verdict, are the stakeholders; the harm reaches the information ecosystem as a whole, the
# liar's dividend below ([thinking tools](../book/thinking_tools.md)).

# %%
q75 = r.loc["JPEG q75", "spectral"]
print(f"After JPEG at quality 75, the spectral detector orders a real and a generated image correctly in "
      f"{100 * q75:.0f} of every 100 pairs, a coin toss: an honest photographer whose upload was recompressed "
      f"is as likely to look generated as a forger. And a forger using VAE samples is ranked more real than "
      f"the real photo in {100 * (1 - g.loc['vae-sample', 'CNN']):.0f} of every 100 pairs by the CNN.")

# %% [markdown]
# ## What we found
#
# Read the tables above; the statements below were checked against them when this notebook was
# written, and `make bench` re-measures them.
#
# - In distribution, both detectors without augmentation are perfect or nearly so (AUC 1.0).
# - **Unseen diffusion generators that predict the clean image did not break them**: the other
#   samplers, the fine-tune and the separately trained `privacy-600` leave the same trace (too many
#   perfectly smooth neighbourhoods, lesson 41), so a detector of that trace transfers (AUC 1.0
#   without augmentation).
# - **The noise-predicting `treering` model dents the CNN**: its images are much less smooth than
#   those of the clean-image models, though still smoother than the renders (lesson 41), so the
#   CNN, which sees only neighbour differences, drops to about 0.95 (its augmented version lower
#   still, between about 0.6 and 0.8 in our runs: its training is not reproducible to two decimals), while the spectral detector, which also reads the spectrum, stays near 1.0.
# - **A generator of another architecture breaks them, in an instructive way.** The VAE's decoder
#   mean (`vae-mean`) and the mean plus render-sized grain (`vae-grain`) are still caught: they are
#   blurry everywhere and lack the renders' flat, finely grained areas, so they look "not like a
#   render" to both detectors. But a true sample of the VAE (`vae-sample`) carries strong per-pixel
#   noise (the learned decoder sigma, about 16 grey levels), and the CNN, which only sees neighbour
#   differences and learned "smooth means generated", ranks (nearly) every VAE sample as more real
#   than every real render: AUC below 0.01, confidently wrong. The spectral detector
#   without augmentation keeps 1.0 (presumably because its logistic regression on the whole
#   difference histogram also counts far too many large differences against an image), but the
#   same detector trained with augmentation falls well below it (to between about 0.4 and 0.75
#   in the two draws of training images we tried: how far depends on which generated images it
#   trained on), and the augmented CNN stays below 0.3. On the other two VAE sets the augmented CNN also falls far below the plain CNN's 1.0 (to
#   between about 0.4 and 0.7 in our runs). This is the failure Wang et al. (2020), Ojha et al. (2023) and Corvi et al. (2023)
#   describe: a detector learns the trait that separates its *training* generator from real
#   images, and a generator without that trait, or with its opposite, walks through. An AUC far
#   below 0.5 is worse than guessing in practice: flipping the score would fix this generator and
#   break the others.
# - **Augmentation changes the answer on unseen generators, mostly for the worse**: on
#   `vae-sample` it lowered the spectral detector's AUC from 1.0 to between about 0.4 and 0.75 and left the CNN's
#   below 0.3; on `treering` it lowered the CNN from about 0.95 to between 0.6 and 0.8, and on the
#   other VAE sets from 1.0 to between about 0.4 and 0.7 (the augmented CNN varies between runs). A plausible
#   reading (we did not test it further): JPEG and resizing smooth the real training images too, so
#   an augmented detector learns to accept more kinds of texture as real and to lean on other
#   cues, and the grainy VAE samples pass those.
# - **Post-processing breaks them**: JPEG at quality 75 or lower and downscaling erase the pixel-level
#   grain the detectors rely on, and the AUC falls to between about 0.4 and 0.65 (the augmented
#   detectors, whose training varies, keep up to about 0.7 in places), near guessing (0.5).
#   Below 0.5 the scores' order has flipped: compressed real images now look "smoother" than
#   compressed generated ones.
# - **Augmentation is no cure at this scale**: the augmented forensic-feature detector keeps its
#   clean AUC and does better at strong JPEG (quality 50 and 30) but *worse* at quality 90 and at
#   resize 0.75; the augmented CNN loses much of its clean AUC (it learns a harder task in the same
#   15 epochs) and stays near guessing after processing. Augmentation only covers what training
#   anticipated, and it trades clean accuracy for robustness. (Wang et al. trained a far larger
#   network on far more data; this is a miniature, not a replication.)
#
# ## The liar's dividend
#
# Chesney and Citron (2019, "Deep fakes: a looming challenge for privacy, democracy, and national
# security", 107 California Law Review 1753) named the *liar's dividend*: once the public knows that
# convincing fakes exist, people caught on genuine recordings can dismiss them as fake. (We read the
# article's abstract and published summaries of this argument, not the full text; the term is theirs.)
# Unreliable detectors feed it twice: a real image scored "probably generated" after a platform
# recompressed it hands the liar an argument, and a generated image that passes an outdated
# detector acquires false credibility. That is why the last lesson of this chapter puts
# **provenance** before detection.
#
# ## Try it
#
# Change `settings` in `robustness_sweep` to `{"JPEG q10": ("jpeg", 10)}` or try
# `CNNDetector(augment=True, epochs=30)`: can you buy robustness without losing clean accuracy?
#
# Previous: [Training a detector](42_training_a_detector.ipynb).
