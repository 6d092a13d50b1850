# %% [markdown]
# # Does a generator copy artists' works, or only their style?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/30_replication_and_style.ipynb)
#
# **The question:** when you ask for "a painting in the style of X", do you get one of X's
# training works back (replication), something new in X's style, or neither? Artists asking
# "have I been trained?" want to know both.
#
# **You will learn**
# - to search a training set for a generation's nearest neighbours, by pixels and by perceptual
#   hash: the course's own "Have I Been Trained";
# - to call a generation a replica only below a threshold you derive from the training data;
# - to measure how close "in the style of X" comes to X's works compared with other artists' works.
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
# ## What the literature says
#
# Chen et al. (2023, "A Pathway Towards Responsible AI Generated Content", §4 on intellectual
# property) cite Somepalli et al. (2022), who found Stable Diffusion replicating training images,
# and report Stability AI's plan to let artists exclude their works from future versions (§4.3);
# in their section on privacy (§2.3) they describe Spawning's "Have I Been Trained", a site that
# lets people check whether their photos or works were used as training material. Carlini et al.
# (2023) showed that heavily duplicated images are the ones that come back (see the privacy
# chapter).
#
# Our training set holds 3,000 artworks by six fictional artists (500 each, procedurally drawn),
# captioned "a painting in the style of <artist>" or "an artwork by <artist>". No real artist is
# involved.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics import replication as R
from aigc_ethics.datasets import ARTISTS, make_dataset
from aigc_ethics.generate import load_pipeline

works = R.training_artworks(make_dataset(seed=0))
pipe = load_pipeline("tiny", device=device)
generations = R.generate_by_artist(pipe, list(ARTISTS), n=16, seed=0)   # 16 per artist
print({artist: style for artist, style in ARTISTS.items()})

# %% [markdown]
# ## 1. Search the training set
#
# For every generation we find the nearest training artwork by root-mean-square pixel difference
# (RMSE, pixels in [0, 1]). When is "near" a copy? We ask the data: how close are two *different*
# works by the same artist? We call a generation a **replica** only if it is closer to a training
# work than 99 % of pairs of distinct works by the same artist are to each other.

# %%
threshold = R.copy_threshold(works.images, quantile=0.01, groups=works.attributes["artist"], seed=0)
all_gen = np.concatenate(list(generations.values()))
idx, dist = R.search_training(all_gen, works.images)
prompted = np.repeat(list(ARTISTS), 16)
same_artist = works.attributes["artist"].values[idx] == prompted
print(f"replica threshold (1st percentile, same-artist pairs): RMSE {threshold:.3f}")
print(f"generations below it: {np.mean(dist < threshold):.1%}; median nearest distance {np.median(dist):.3f}")
print(f"nearest work is by the prompted artist: {same_artist.mean():.1%}")

# %% tags=["remove-cell"]
# "What we found": about a fifth of the generations are replicas by our rule; the closest
# moravi generation is one of them.
replica_share = float(np.mean(dist < threshold))
assert 0.15 <= replica_share <= 0.3, replica_share
moravi = list(ARTISTS).index("moravi")
assert dist[moravi * 16:(moravi + 1) * 16].min() < threshold

# %%
# alt: Six pairs of small images, one per fictional artist: a generation in the top row and its nearest training artwork in the bottom row, with the RMSE between them and whether it is below the replica threshold.
fig, axes = plt.subplots(2, 6, figsize=(10, 3.6))
for k, artist in enumerate(ARTISTS):
    j = k * 16 + int(np.argmin(dist[k * 16:(k + 1) * 16]))          # this artist's closest case
    axes[0, k].imshow(all_gen[j]); axes[1, k].imshow(works.images[idx[j]])
    axes[0, k].set_title(f"'{artist}'", fontsize=9)
    axes[1, k].set_title(f"RMSE {dist[j]:.3f}" + (" replica" if dist[j] < threshold else ""), fontsize=8)
for ax in axes.ravel(): ax.set_axis_off()
axes[0, 0].text(-4, 16, "generated", rotation=90, va="center", ha="right", fontsize=8)
axes[1, 0].text(-4, 16, "nearest work", rotation=90, va="center", ha="right", fontsize=8)
plt.tight_layout(); plt.show()

# %% [markdown]
# Pixel distance is strict: a work shifted by a few pixels is "far". A perceptual hash (a 64-bit
# summary of the coarse brightness pattern) is more forgiving, and is how deduplication and
# look-up services usually work. Hamming distance 0-64; two unrelated images differ in about 32 bits.

# %%
idx_h, ham = R.search_training(all_gen, works.images, method="phash")
print(f"median Hamming distance to the nearest training hash: {np.median(ham):.0f} bits; "
      f"within 4 bits: {np.mean(ham <= 4):.1%}; same artist by hash: "
      f"{np.mean(works.attributes['artist'].values[idx_h] == prompted):.1%}")

# %% tags=["remove-cell"]
# "What we found": the perceptual hash finds no generation within 4 bits of a training work.
assert np.mean(ham <= 4) == 0.0

# %% [markdown]
# ## 2. Style, not copies?
#
# For each prompted artist (rows), the median distance from its generations to the nearest work
# of each training artist (columns). If the model learned styles, the diagonal is the smallest in
# each row. The attribute classifier (trained on the same procedural styles) gives a second opinion.

# %%
# alt: Heat map of median nearest-neighbour distance: rows are the artist named in the prompt, columns the training artist; for most rows the diagonal cell is the darkest (closest), except for brenn.
closeness = R.style_closeness(generations, works)
fig, ax = plt.subplots(figsize=(5.5, 4))
im = ax.imshow(closeness.values, cmap="viridis_r")
ax.set_xticks(range(6), closeness.columns); ax.set_yticks(range(6), closeness.index)
ax.set_xlabel("training works of"); ax.set_ylabel("prompt names")
for i in range(6):
    for j in range(6):
        ax.text(j, i, f"{closeness.values[i, j]:.2f}", ha="center", va="center", fontsize=7, color="white")
fig.colorbar(im, label="median RMSE to the nearest work"); plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found": for five of six artists the nearest works in pixels are their own; not for brenn.
own_nearest = {a: closeness.loc[a].idxmin() == a for a in closeness.index}
assert sum(own_nearest.values()) == 5 and not own_nearest["brenn"], closeness

# %%
from aigc_ethics.attributes import load_classifier
style_table = R.style_read(generations, load_classifier())
style_table.round(2)

# %% tags=["remove-cell"]
# "What we found": the classifier reads the prompted artist's style in nearly all generations,
# brenn's grids included.
own_style = {a: style_table.loc[a, ARTISTS[a]] for a in ARTISTS}
assert min(own_style.values()) >= 0.9, own_style

# %% [markdown]
# ### Who is affected, with your number
#
# The artists whose works trained the model are indirect stakeholders: they never agreed, and
# clients who can type their name need not hire them, an allocative harm
# ([thinking tools](../book/thinking_tools.md)).

# %%
print(f"Of every 100 images generated with an artist's name, about {100 * np.mean(list(own_style.values())):.0f} "
      f"are in that artist's style and {100 * replica_share:.0f} are, by our rule, replicas of one training "
      f"work: the artist loses commissions to the first kind and may have a copyright claim only on the second.")

# %% [markdown]
# ## What we found
#
# - Naming an artist gives that artist's **style** almost every time: the classifier reads the
#   prompted artist's style in nearly all generations, and for five of the six artists the nearest
#   works in pixels are that artist's. For `brenn` (grids) pixel distance points elsewhere although
#   the classifier reads grids: RMSE is a poor judge of style for thin regular patterns.
# - Whether generations are **replicas** depends on the threshold, and the threshold depends on the
#   data. About a fifth of the generations (printed above) are closer to one training work than
#   99 % of pairs of distinct works by the same artist: by our own rule, replicas. Look at the
#   pairs: the closest `moravi` generation reproduces the colours and wave layout of one training
#   work almost exactly, while others are the right procedure with a new layout. With simple
#   procedural styles, "the style" and "a work" are hard to tell apart: the same difficulty courts
#   face with real artists. No artwork was duplicated in training, so nothing here is reproduced
#   pixel for pixel; the perceptual hash, which is built to find re-encoded copies, finds none
#   within 4 bits.
# - Copyright law protects works, not styles (in most jurisdictions); a model can imitate a style
#   without copying any work. That gap is what artists' opt-out demands are about: the next
#   lesson, [opt-out](31_opt_out.ipynb), removes one artist and measures what remains.
#
# **Caveats.** 16 generations per artist; one seed; synthetic "artists" whose styles are simple
# procedures, much easier to learn than a painter's.
#
# ## Try it
#
# Raise the guidance: `R.generate_by_artist(pipe, list(ARTISTS), n=16, seed=0, guidance_scale=3.0)`
# (extra keywords go to the pipeline). Do generations move closer to training works?
#
# **Next:** [opt-out: removing an artist after training](31_opt_out.ipynb).
