# %% [markdown]
# # Does a diffusion model copy its training data?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/10_memorisation.ipynb)
#
# **The question:** if a private photo of you, with your name in its caption, ends up in a
# generator's training data, can someone get it back out by typing your name?
#
# **You will learn**
# - to run an extraction attack: generate from a name, find the nearest training image, and
#   call a sample "extracted" below a distance threshold you justify from data;
# - how extraction depends on how often an image was duplicated, and on how long the model trained;
# - what deduplication with perceptual hashes does about it.
#
# **Run time:** about a minute on a laptop CPU.

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
# Carlini et al. (2023, USENIX Security) extracted **over a thousand training images** from
# state-of-the-art diffusion models with a generate-and-filter attack, "ranging from photographs
# of individual people to trademarked company logos" (abstract); in the body of the paper the
# attack prompts Stable Diffusion with the captions of its most-duplicated training images, and
# images duplicated many times were the ones that came back. Somepalli et al. (2022) found Stable
# Diffusion replicating training images, and Chen et al. (2023, §2.3 and Table 1) list
# deduplication (DALL·E 2, Craiyon) and differentially private training (Dockhorn et al. 2022)
# as the proposed mitigations. In the survey study
# that opens this course's reference documents ("A study on ethical implications of LLM-based
# video and image generation models", findings), **almost 90 %** of respondents were concerned
# about lifelike representations of people made without their permission.
#
# We cannot inspect Stable Diffusion's training set, but we can build a training set where we know
# every image, and plant the situation the literature describes.

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from aigc_ethics.privacy import (privacy_dataset, members, DEFAULT_COPIES,
                                 distinct_pair_distances, extraction_table)
from aigc_ethics.generate import load_pipeline

data = privacy_dataset(seed=0)
a = data.attributes
named = a[a.name != ""].drop_duplicates("item_id")
print(f"{len(data)} training records: {(a.name == '').sum()} generic portraits, "
      f"{len(named)} named portraits present {DEFAULT_COPIES} times")

# %%
# alt: Eight synthetic portraits, each labelled with an invented name and how many times it appears in the training data (1, 1, 4, 4, 16, 16, 64, 64).
fig, axes = plt.subplots(1, 8, figsize=(10, 1.8))
for ax, (_, row) in zip(axes, named.iterrows()):
    ax.imshow(data.images[row.name]); ax.set_axis_off()
    ax.set_title(f'"{row["name"]}"\n{row.copies}x', fontsize=9)
plt.suptitle("The eight named portraits (captioned 'a photo of <name>')", fontsize=10); plt.show()

# %% [markdown]
# The names are invented and the "people" are drawn by the dataset's renderer: nobody real is
# in this data. Think of each one as a photo posted with its owner's name, copied across the
# web 1 to 64 times.
#
# ## 1. When is a sample a copy?
#
# We compare images patch by patch: split both into 4 × 4 tiles, compute the root-mean-square
# difference of each pair of tiles, and keep the **largest** (a copy must match everywhere; this
# is in the spirit of the tiled distance of Carlini et al. 2023). To choose a threshold we look at
# how far apart *distinct* training portraits are: a sample closer to a training image than
# 99 % of pairs of different training images are to each other is no longer "a new portrait".

# %%
# alt: Histogram of the tiled distance between 2000 random pairs of different training portraits, with a vertical line at the 1st percentile, used as the extraction threshold.
pairs = distinct_pair_distances(members(data).images, n_pairs=2000, seed=0)
threshold = float(np.quantile(pairs, 0.01))
plt.figure(figsize=(6, 2.6))
plt.hist(pairs, bins=50, color="#0072B2")
plt.axvline(threshold, color="#D55E00", ls="--", label=f"threshold = 1st percentile = {threshold:.3f}")
plt.xlabel("tiled distance between two different training portraits"); plt.ylabel("pairs"); plt.legend()
plt.tight_layout(); plt.show()

# %% [markdown]
# ## 2. The attack: prompt with a name
#
# The model `privacy-1200` was trained from scratch on exactly this data for 1,200 steps (see its
# model card, and `tools/train_privacy.sh` to retrain it). For each name we generate 16 samples,
# find each sample's nearest training image, and count it as **extracted** if that is the named
# person's portrait and the distance is below the threshold.

# %%
pipe = load_pipeline("privacy-1200", device=device)
table, samples = extraction_table(pipe, data, n=16, threshold=threshold, seed=0)
table.round(3)

# %%
# alt: For each of the eight names, the training portrait (top row) above the closest of its 16 generated samples (bottom row); the 16x and 64x portraits are reproduced almost exactly.
from aigc_ethics.privacy import tile_distance
fig, axes = plt.subplots(2, 8, figsize=(10, 2.9))
for k, (_, row) in enumerate(named.iterrows()):
    own = data.images[row.name]
    best = samples[row["name"]][tile_distance(samples[row["name"]], own[None]).argmin()]
    axes[0, k].imshow(own); axes[1, k].imshow(best)
    axes[0, k].set_title(f'{row["name"]} ({row.copies}x)', fontsize=8)
for ax in axes.ravel(): ax.set_axis_off()
axes[0, 0].text(-4, 16, "training", rotation=90, va="center", ha="right", fontsize=8)
axes[1, 0].text(-4, 16, "closest sample", rotation=90, va="center", ha="right", fontsize=8)
plt.show()

# %% [markdown]
# Now the same attack **without a name**: 16 samples for each profession's generic prompt
# ("a portrait of a doctor", a caption shared by dozens of training portraits). For each sample we
# find its nearest distinct training image (generic or named) and ask two questions: is it within
# the threshold of *some* training portrait, and is that portrait one of the eight named people?

# %%
from aigc_ethics.datasets import PROFESSIONS, article
from aigc_ethics.generate import generate_many
from aigc_ethics.privacy import nearest_training_image
generic = np.concatenate([generate_many(pipe, f"a portrait of {article(p)} {p}", 16, seed=0) for p in PROFESSIONS])
distinct = ~a.item_id.duplicated()
nearest, generic_dist = nearest_training_image(generic, data.images[distinct.to_numpy()])
near_copy = generic_dist < threshold
of_named = near_copy & (a.loc[distinct, "name"].to_numpy()[nearest] != "")
print(f"{len(generic)} samples from generic prompts: {near_copy.sum()} lie within the threshold of a training "
      f"portrait ({len(set(nearest[near_copy]))} different ones); {of_named.sum()} of them are a named person's portrait.")

# %% tags=["remove-cell"]
# "What we found": generic prompts give near-copies of training portraits too (most samples), but
# rarely a named person's, far below the rate the name gives at 16 or 64 copies.
assert near_copy.mean() > 0.5, near_copy.mean()
assert of_named.mean() < 0.1, of_named.sum()
assert of_named.mean() < table.query("`copies in training data` >= 16").rate.min() / 5, table

# %% [markdown]
# ## 3. Duplication and training length
#
# The same attack on the same run stopped at 600 steps, and on a model trained for 1,200 steps on
# the **deduplicated** data (each named portrait once). First, can perceptual hashing find the
# duplicates? `deduplicate` keeps the first of every group of images whose 64-bit perceptual hashes
# differ in at most `max_hamming` bits. Because we know which records are copies, we can count its
# mistakes at several settings.

# %%
from aigc_ethics.privacy import dedup_sweep
sweep = dedup_sweep(data, max_hammings=(0, 2, 4, 6))
sweep

# %% tags=["remove-cell"]
# "What we found": every setting finds every copy; looser settings remove more distinct portraits.
n_copies = int(named["copies"].sum() - len(named))
assert (sweep["duplicate copies removed"] == n_copies).all(), sweep
assert sweep["distinct images wrongly removed"].is_monotonic_increasing, sweep

# %% [markdown]
# Every setting removes all the copies here (they are exact), but a looser setting also throws
# away *distinct* portraits that merely look alike: synthetic portraits share a layout, and a
# 64-bit hash of a 32-pixel image has little room. Here `max_hamming=0` is the right choice; on
# web data, where copies are re-encoded, resized and cropped, deduplication needs a looser
# threshold and then pays in distinct images removed, or in copies missed.

# %%
rates = {"1,200 steps": table}
for label, name in [("600 steps", "privacy-600"), ("1,200 steps, deduplicated", "privacy-dedup-1200")]:
    rates[label], _ = extraction_table(load_pipeline(name, device=device), data, n=16, threshold=threshold, seed=0)
summary = pd.DataFrame({k: v.set_index("name")["extracted"] for k, v in rates.items()})
summary.insert(0, "copies", named.set_index("name")["copies"])
summary

# %% tags=["remove-cell"]
# "What we found", checked on the 16 samples per name of this seed.
full, short, dedup = summary["1,200 steps"], summary["600 steps"], summary["1,200 steps, deduplicated"]
many, few, once = summary["copies"] >= 16, summary["copies"] <= 4, summary["copies"] == 1
assert (full[many] == 16).all(), full                   # 16 or 64 copies: every sample is the portrait
assert full[few].max() < full[many].min(), full         # 1 or 4 copies: fewer ...
assert full[few].sum() > 0, full                        # ... but not none
assert (full >= short).all() and full.sum() > short.sum(), summary   # longer training extracts more
assert dedup.max() <= full[once].max(), summary         # dedup: every name down to a single copy's level

# %%
# alt: Line chart of the share of 16 samples extracted against the number of copies of the portrait in the training data (log scale), for the model at 600 and 1200 steps and the deduplicated model.
plt.figure(figsize=(6, 3))
for col, marker in zip(summary.columns[1:], "os^"):
    per_level = (summary.groupby("copies")[col].sum() / (16 * summary.groupby("copies").size()))
    plt.plot(per_level.index, per_level.values, marker=marker, label=col)
plt.xscale("log"); plt.xticks([1, 4, 16, 64], ["1", "4", "16", "64"])
plt.xlabel("copies of the portrait in the training data"); plt.ylabel("share of samples extracted")
plt.ylim(-0.05, 1.05); plt.legend(fontsize=8); plt.tight_layout(); plt.show()

# %% [markdown]
# ### Who is affected, with your number
#
# The people in the photos are indirect stakeholders: they never used the model, yet a stranger
# who knows their name can pull their portrait out of it, an interpersonal harm
# ([thinking tools](../book/thinking_tools.md)).

# %%
def per_100(sel, col="1,200 steps"):
    return round(100 * summary.loc[sel, col].sum() / (16 * sel.sum()))
print(f"Of every 100 images a stranger generates from a person's name, {per_100(once)} reproduce that "
      f"person's photo if it was posted once, {per_100(many)} if it was copied 16 or more times, and "
      f"{per_100(many, '1,200 steps, deduplicated')} for the same people once the copies are removed.")

# %% [markdown]
# ## What we found
#
# - Portraits duplicated 16 or 64 times come back out in every one of the 16 samples prompted with
#   their name; portraits present once or four times come back out less often, but not never
#   (up to 8 of 16 in the table of section 3, with this seed). That is the pattern Carlini et al.
#   (2023) report at scale: duplicated images are the most at risk, yet one copy is not safe.
# - Training longer extracts more: no name is extracted less often at 1,200 steps than at 600
#   (compare the two columns).
# - Deduplication (perceptual hashing finds every copy here, because our copies are exact, but a
#   loose threshold also discards distinct look-alikes) brings the extraction rate of every name
#   down to about what a single copy gives.
# - The name *targets* memorisation; it does not create it. Generic prompts ("a portrait of a
#   doctor") also came back within the threshold of a training portrait in most samples (section 2:
#   with only 43 portraits per profession, this small model has memorised many of them), but they
#   returned a named person's portrait in fewer than 1 in 10 samples, where that person's name
#   returns it every time at 16 or 64 copies. A caption that names one image is what lets a stranger
#   choose *whose* photo comes out: the privacy story of a name attached to a private photo.
#
# Caveats: one small model, 16 samples per name, one seed, so each rate has a wide uncertainty
# (a count of k out of 16); real models see billions of images, and near-duplicates on the web are
# rarely pixel-identical, so real deduplication needs a looser threshold and still misses some.
#
# **Try it:** change `threshold` (e.g. the 5th percentile) and rerun section 2: how much does the
# verdict depend on it? **Next:** [membership inference](11_membership_inference.ipynb) and the
# [exercises](../exercises/10_memorisation.ipynb).
