# %% [markdown]
# # Exercises: Protecting a style — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/39_protecting_a_style.ipynb)
#
# **You will practise** the three measurements that decide whether a remedy for a style works:
# residual style when the artist is named, collateral damage to the other artists, and the
# quality a cloak costs the artist; then you judge which remedy to recommend.
#
# **Run time:** under 30 seconds. Work through the lesson
# [Protecting a style](../notebooks/39_protecting_a_style.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: residual style
#
# Write `residual(pipe, classifier, artist, n)`: generate `n` images for a prompt that **names**
# `artist` (`artist_prompt(artist)` gives "a painting in the style of <artist>"), read their
# styles with `classifier.predict(images)["style"]`, and return the share in the artist's style,
# `ARTISTS[artist]`. The check runs your function on stand-in models whose answers it knows.

# %%
from aigc_ethics.check.style_remedies import check_residual_style
from aigc_ethics.datasets import ARTISTS, artist_prompt
from aigc_ethics.generate import generate_many


def residual(pipe, classifier, artist, n):
    ### BEGIN SOLUTION
    images = generate_many(pipe, artist_prompt(artist), n, seed=0)
    return float((classifier.predict(images)["style"] == ARTISTS[artist]).mean())
    ### END SOLUTION


check_residual_style(residual)

# %% [markdown]
# ## Exercise 2: collateral damage
#
# `before` and `after` are `pd.Series` indexed by artist: the share of each artist's generations
# read as their own style, for the original model and for a model in which `artist` was erased.
# Write `collateral(before, after, artist)`: the mean **drop** over the *other* artists.
# Then apply it to the broad erasure of the lesson (6 generations per artist).

# %%
import pandas as pd  # noqa: F401  (for your answer)
from aigc_ethics.check.style_remedies import check_collateral


def collateral(before, after, artist):
    ### BEGIN SOLUTION
    return float((before - after).drop(artist).mean())
    ### END SOLUTION


check_collateral(collateral)

# %%
from aigc_ethics import style_remedies as SR
from aigc_ethics.attributes import load_classifier
from aigc_ethics.generate import load_pipeline

classifier = load_classifier()
acc = {name: SR.style_accuracy(load_pipeline(name, device=device), classifier, n=6, seed=1)["share"]
       for name in ["tiny", "erased-quist-encoder"]}
print(f"collateral damage of the broad erasure: {collateral(acc['tiny'], acc['erased-quist-encoder'], 'quist'):.2f} "
      "(the mean share of the other artists' styles lost)")

# %% [markdown]
# ## Exercise 3: what the cloak costs the artist
#
# `works` are quist's works as published without protection, `cloaked` the same works with the
# lesson's cloak, and `processed` what a copier made of the cloaked works (JPEG, quality 75).
# Set `cost_psnr` to the PSNR in dB (mean over the images) that measures the cloak's visible cost
# **to the artist**. `aigc_ethics.cloak.psnr(a, b)` computes it for two batches.

# %%
from aigc_ethics import cloak as C
from aigc_ethics.check.style_remedies import check_cloak_psnr

w = SR.copier_works("copier-quist-cloaked")
works, cloaked = w["original"], w["trained_on"]
processed = C.COPIER_TRANSFORMS["jpeg 75"](cloaked)

### BEGIN SOLUTION
cost_psnr = C.psnr(works, cloaked)
### END SOLUTION
check_cloak_psnr(cost_psnr, works, cloaked, processed)

# %% [markdown]
# ## Open question: which remedy would you recommend?
#
# An illustrator asks you, a friend who took this course, which of the three remedies to rely on.
# Using the lesson's numbers (residual style, collateral damage, the cloak's cost and its survival
# under JPEG), what would you tell them, and who else should act? Write two or three sentences.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("None of them alone. An opt-out after training changed nothing, erasure removes the style only from "
          "the provider's model and a copier with a few works brings it back, and a cloak costs visible quality "
          "and JPEG undoes most of it. Opt out before training, keep high-resolution originals off the web, and "
          "press for consent and licensing rules, because the durable protection is legal, not technical.")
### END SOLUTION
discuss("which-style-remedy", answer)
