# %% [markdown]
# # Exercises: Training a detector — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/42_training_a_detector.ipynb)
#
# **You will practise**
# - computing the average Fourier spectrum that reveals a generator's traces;
# - implementing the AUC and the expected calibration error (ECE) from their definitions;
# - measuring how much JPEG compression costs a detector, and arguing how a platform should use one.
#
# **Run time:** under 30 seconds. Work through the lessons
# [Forensic traces](../notebooks/41_forensic_traces.ipynb) and
# [Training a detector](../notebooks/42_training_a_detector.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.check import discuss
from aigc_ethics.check.misinformation import check_auc, check_average_spectrum, check_ece, check_jpeg_drop
from aigc_ethics.detect import SpectralDetector, jpeg, train_test

real_train, fake_train, real_test, fake_test = train_test(n_train=256, n_test=128)

# %% [markdown]
# ## Exercise 1: the average spectrum
#
# For RGB images `images` of shape `(N, H, W, 3)` (uint8), compute for each image the luma
# `g = images / 255 @ [0.299, 0.587, 0.114]`, subtract the image's mean, take the 2-D Fourier
# transform (`np.fft.fft2` over axes 1 and 2), centre it with `np.fft.fftshift(..., axes=(1, 2))`,
# and compute the log power `log(1 + |F|^2)`. Return the mean over the images, shape `(H, W)`.

# %%
def my_average_spectrum(images):
    ### BEGIN SOLUTION: luma, mean-free, fft2, fftshift, log1p of squared magnitude, mean over images
    g = np.asarray(images, dtype=float) / 255 @ np.array([0.299, 0.587, 0.114])
    g = g - g.mean(axis=(1, 2), keepdims=True)
    spectra = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g), axes=(1, 2))) ** 2)
    return spectra.mean(axis=0)
    ### END SOLUTION

check_average_spectrum(my_average_spectrum)

# %% [markdown]
# ## Exercise 2: the AUC
#
# The area under the ROC curve is the probability that a randomly chosen generated image
# (label 1) gets a higher score than a randomly chosen real one (label 0); a tie counts one half.
# Implement it by comparing every positive score with every negative score.

# %%
def my_auc(scores, labels):
    ### BEGIN SOLUTION: compare all positive/negative pairs; ties count 0.5
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    pos, neg = scores[labels == 1], scores[labels == 0]
    wins = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(wins + 0.5 * ties)
    ### END SOLUTION

check_auc(my_auc)

# %% [markdown]
# ## Exercise 3: expected calibration error
#
# Split $[0, 1]$ into `bins` equal-width bins (a probability of exactly 1 goes into the last bin).
# For each non-empty bin $b$ with $n_b$ predictions, compare the mean predicted probability with the
# share of generated images in it. ECE $= \sum_b \frac{n_b}{N}\,|\text{predicted}_b - \text{observed}_b|$.

# %%
def my_ece(probs, labels, bins=10):
    ### BEGIN SOLUTION: bin index = min(int(p * bins), bins - 1); count-weighted mean gap
    probs, labels = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    idx = np.minimum((probs * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        in_bin = idx == b
        if in_bin.any():
            total += in_bin.sum() * abs(probs[in_bin].mean() - labels[in_bin].mean())
    return total / len(probs)
    ### END SOLUTION

check_ece(my_ece)

# %% [markdown]
# ## Exercise 4: what does JPEG cost?
#
# Train the spectral detector on `real_train` and `fake_train`, then use **your** `my_auc` to
# measure its AUC on the clean test images and after JPEG at quality 50 applied to *both* real and
# generated test images (a platform recompresses every upload). Answer with the pair
# `(auc_clean, auc_jpeg)`.

# %%
detector = SpectralDetector().fit(real_train, fake_train)
labels = np.r_[np.zeros(len(real_test)), np.ones(len(fake_test))]
### BEGIN SOLUTION
auc_clean = my_auc(np.r_[detector.predict_proba(real_test), detector.predict_proba(fake_test)], labels)
auc_jpeg = my_auc(np.r_[detector.predict_proba(jpeg(real_test, quality=50)), detector.predict_proba(jpeg(fake_test, quality=50))], labels)
### END SOLUTION
check_jpeg_drop((auc_clean, auc_jpeg), detector, real_test, fake_test, quality=50)

# %% [markdown]
# ## Exercise 5 (open question)
#
# A social platform receives 10 million image uploads a day; suppose 1 in 1,000 is generated. A
# vendor's detector catches 90 % of generated images at a 1 % false-positive rate, measured on
# the vendor's own test set. What happens if the platform labels every flagged upload "AI-generated"?
# What would you do instead, and what should users see?

# %%
### BEGIN SOLUTION
answer = """Per day the detector would flag about 9,000 of the 10,000 generated uploads but also about
100,000 of the real ones, so more than nine in ten labels would be wrong and would accuse real
photographers. The vendor's rates also come from its own generators and clean files; after
recompression or with a new generator they are unknown. I would check provenance first, use the
score only to queue human review, show a hedged label with an appeal route, and publish measured
error rates."""
### END SOLUTION
discuss("detector-on-a-platform", answer)
