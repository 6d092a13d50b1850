# %% [markdown]
# # Exercises: invisible watermarks — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/32_invisible_watermarks.ipynb)
#
# **You will practise**
# - building a keyed spread-spectrum watermark and its blind detector from scratch;
# - choosing a detection threshold for a stated false-positive rate;
# - attacking a watermark under a quality budget, and arguing who should hold the keys.
#
# **Run time:** under 20 seconds. Work through the lesson
# [Can an invisible mark prove that an image was generated?](../notebooks/32_invisible_watermarks.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from PIL import Image
from aigc_ethics.check import discuss
from aigc_ethics.check.ip import check_attack_under_budget, check_keyed_watermark, check_threshold_at_fpr

# %% [markdown]
# ## Exercise 1: a keyed watermark and its detector
#
# The simplest spread-spectrum watermark adds a secret pattern $p$ of $\pm 1$ values, one per
# pixel, drawn from a random generator seeded with the key, scaled by `strength` (grey levels):
# $y = x + s\,p$. The detector does not need the original image: it correlates the pattern with
# the image minus its mean and normalises,
# $z = \sum p\,(y - \bar y) \,/\, \sqrt{\sum (y - \bar y)^2}$.
# Without the watermark (or with another key) $z$ is about $N(0, 1)$; with it, $z$ grows like
# $s\sqrt{n}/\sigma$ for $n$ pixels and image contrast $\sigma$.
#
# Implement both for a grey image given as a float array. Use
# `np.random.default_rng(key).choice([-1.0, 1.0], size=gray.shape)` for the pattern.

# %%
def my_embed(gray, key, strength=2.0):
    ### BEGIN SOLUTION: draw the keyed +-1 pattern and add strength times it
    pattern = np.random.default_rng(key).choice([-1.0, 1.0], size=gray.shape)
    return gray + strength * pattern
    ### END SOLUTION


def my_detect(gray, key):
    ### BEGIN SOLUTION: normalised correlation of the pattern with the mean-free image
    pattern = np.random.default_rng(key).choice([-1.0, 1.0], size=gray.shape)
    residual = gray - gray.mean()
    return float((pattern * residual).sum() / np.sqrt((residual ** 2).sum()))
    ### END SOLUTION

check_keyed_watermark(my_embed, my_detect)

# %% [markdown]
# ## Exercise 2: a threshold for a 1 % false-positive rate
#
# Given the detector's scores on images that carry **no** watermark, return the threshold $t$
# such that a score *strictly greater* than $t$ counts as "watermarked", at most a share `fpr` of
# the un-watermarked images would be accused, and $t$ is as low as possible (every point lower
# costs detections for nothing). Choose $t$ among the negatives' own scores.

# %%
def my_threshold(negative_scores, fpr):
    ### BEGIN SOLUTION: with k = floor(fpr * n) false positives allowed, take the (k+1)-th largest score
    k = int(np.floor(fpr * len(negative_scores)))
    return float(np.sort(negative_scores)[::-1][k])
    ### END SOLUTION

check_threshold_at_fpr(my_threshold)

# %% [markdown]
# ## Exercise 3: break the course watermark under a quality budget
#
# You are the attacker. You receive 256 × 256 images that were upsampled from 32 × 32
# generations and then watermarked with the course method (key unknown to you). Write
# `my_attack(image) -> image` that brings the detection score under the threshold for at least
# 7 of 8 images while keeping the mean PSNR to the watermarked image at least **35 dB** (better
# than JPEG at quality 50 does on these images). The lesson's spectrum plot is the hint.

# %%
def my_attack(image):
    ### BEGIN SOLUTION: remove every frequency above 1/16 cycle per pixel (where the watermark lives)
    from scipy.fft import dctn, idctn
    arr = np.asarray(image, dtype=float)
    h, w = arr.shape[:2]
    ky, kx = np.meshgrid(np.arange(h) / (2 * h), np.arange(w) / (2 * w), indexing="ij")
    keep = (np.hypot(ky, kx) < 1 / 16)[..., None]
    out = idctn(dctn(arr, axes=(0, 1), norm="ortho") * keep, axes=(0, 1), norm="ortho")
    return Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8))
    ### END SOLUTION

check_attack_under_budget(my_attack)

# %% [markdown]
# The course watermark hides where an upsampled 32 × 32 image has no content, which makes it
# invisible and robust to JPEG, blur and noise, and yet an attacker who knows that can filter it
# out at no visible cost. The library's `attacks.lowpass` is this attack; lesson 34 runs it
# against every method.
#
# ## Exercise 4 (open question)
#
# Who should hold watermark keys: the model provider, everyone (a public key or detector), or a
# third party? For each choice, say who can detect, who can remove or forge, and what happens
# with open-weight models that anyone can run without a watermark.

# %%
### BEGIN SOLUTION
answer = """If only the provider holds the key, attackers do not know what to remove, but everyone
must trust the provider's answer and it can refuse or be wrong. A public key or detector lets every
newsroom check images, but it also tells attackers exactly what to filter out or to forge onto a real
photo. A regulated third party that answers queries without revealing the key is a compromise, with
rate limits against probing. In every case, open-weight models can be run without any watermark, so
a missing watermark proves nothing; signed provenance for authentic images is needed as well."""
### END SOLUTION
discuss("who-holds-watermark-keys", answer)
