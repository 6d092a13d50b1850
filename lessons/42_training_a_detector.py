# %% [markdown]
# # Training a detector: how well can a machine spot our generator?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/42_training_a_detector.ipynb)
#
# **The question:** trained on examples from one generator, how accurately does a detector tell its
# images from real ones, and can we trust the probability it reports?
#
# **You will learn**
# - to train two detectors on a laptop CPU: logistic regression on spectral features and a small CNN;
# - to report a detector with AUC, accuracy, the true-positive rate at a fixed false-positive rate;
# - to check calibration with a reliability diagram and the expected calibration error (ECE).
#
# **Run time:** about 30 seconds on a laptop CPU.

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
# Wang et al. (2020, "CNN-generated images are surprisingly easy to spot... for now", CVPR) trained
# one standard image classifier on real photographs and images of a single GAN and found that it
# recognised the images of that GAN, and, with blur and JPEG augmentation, of many others. Corvi et
# al. (2023) found detectors trained on GAN images did much worse on diffusion-model images, and
# that detectors trained on the right generator work well *on that generator*. This lesson measures
# the "works well in distribution" half with our own numbers; the next lesson measures the other half.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics.detect import SpectralDetector, CNNDetector, train_test, evaluate, reliability_curve
from aigc_ethics.metrics import roc_curve

real_train, fake_train, real_test, fake_test = train_test(n_train=256, n_test=128)
print(f"training: {len(real_train)} real + {len(fake_train)} generated; "
      f"test: {len(real_test)} real + {len(fake_test)} generated (never seen in training)")

# %% [markdown]
# ## 1. Detector A: logistic regression on forensic features
#
# The features are the traces of the previous lesson: the radial log power spectrum (12 rings), the
# spectrum along the horizontal and vertical frequency axes, and the histogram of differences
# between neighbouring pixels (16 bins), 92 numbers per image. A logistic regression learns one
# weight per number.

# %%
spectral = SpectralDetector(bins=12).fit(real_train, fake_train)
print("features per image:", spectral.features(real_test[:1]).shape[1])
res_spec = evaluate(spectral, real_test, fake_test)
print({k: round(v, 3) for k, v in res_spec.items()})

# %% [markdown]
# ## 2. Detector B: a small CNN on pixels
#
# Three convolution layers (about 14,000 weights) trained from scratch for 15 passes over the 512
# training images, which takes some seconds here. Its input is the difference between neighbouring
# pixels (a fixed noise residual, a common first step of forensic networks); everything else it
# learns itself. Because its training depends on floating-point details, we print it to 2 decimals.

# %%
cnn = CNNDetector(epochs=15, seed=0).fit(real_train, fake_train, progress=True)
print("training loss, first and last epoch:", round(cnn.losses[0], 2), round(cnn.losses[-1], 2))
res_cnn = evaluate(cnn, real_test, fake_test)
print({k: round(v, 2) for k, v in res_cnn.items()})

# %% [markdown]
# ## 3. ROC curves and calibration
#
# The ROC curve shows every trade-off between catching generated images (true-positive rate) and
# falsely accusing real ones (false-positive rate). The reliability diagram asks a different
# question: when the detector says "80 % generated", are 80 % of such images generated? Points on the
# diagonal mean the probabilities can be taken at face value; the ECE averages the gaps.

# %%
# alt: Left, ROC curves of the spectral detector and the CNN hugging the top-left corner; right, a reliability diagram with each detector's observed share of generated images per confidence bin against the diagonal of perfect calibration.
labels = np.r_[np.zeros(len(real_test)), np.ones(len(fake_test))]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.8))
for name, det, res in (("spectral", spectral, res_spec), ("CNN", cnn, res_cnn)):
    probs = np.r_[det.predict_proba(real_test), det.predict_proba(fake_test)]
    fpr, tpr = roc_curve(probs, labels)
    ax1.plot(fpr, tpr, label=f"{name} (AUC {res['AUC']:.2f})")
    curve = reliability_curve(probs, labels, bins=10)
    ax2.plot(curve["predicted"], curve["observed"], "o-", label=f"{name} (ECE {res['ECE']:.2f})")
ax1.plot([0, 1], [0, 1], "k:", lw=1); ax1.set_xlabel("false-positive rate"); ax1.set_ylabel("true-positive rate")
ax2.plot([0, 1], [0, 1], "k:", lw=1); ax2.set_xlabel("predicted P(generated)"); ax2.set_ylabel("observed share generated")
ax1.legend(fontsize=8); ax2.legend(fontsize=8); ax1.set_title("ROC", fontsize=9); ax2.set_title("reliability", fontsize=9)
plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found": both detectors separate held-out images almost perfectly, and almost every
# prediction is close to 0 or 1.
for det, res in ((spectral, res_spec), (cnn, res_cnn)):
    assert res["AUC"] >= 0.99, res
    p = np.r_[det.predict_proba(real_test), det.predict_proba(fake_test)]
    assert np.mean((p > 0.1) & (p < 0.9)) < 0.1, np.mean((p > 0.1) & (p < 0.9))

# %% [markdown]
# ### Who is affected, with your number
#
# A detector's false positives fall on honest photographers; its misses on readers
# ([thinking tools](../book/thinking_tools.md)).

# %%
flagged = {name: int((det.predict_proba(real_test) > 0.5).sum()) for name, det in (("spectral", spectral), ("CNN", cnn))}
from aigc_ethics.quiz import wilson_interval
bound = 1000 * wilson_interval(max(flagged.values()), len(real_test))[1]   # upper end of the 95 % interval
print(f"At the 0.5 threshold, {flagged['spectral']} (spectral) and {flagged['CNN']} (CNN) of {len(real_test)} real test "
      f"images were flagged as AI: up to about {bound:.0f} of every 1,000 honest photographers' images like these "
      f"could be, and nothing is known yet about other cameras, processing or generators (lesson 43).")

# %% [markdown]
# ## What we found
#
# - On held-out images **from the generator they were trained on**, both detectors separate
#   generated from real images almost perfectly (the AUCs printed above). This is the
#   "surprisingly easy to spot" half of Wang et al. (2020), reproduced in miniature.
# - Calibration is a separate property: an AUC near 1 says the *ranking* is right, the ECE says
#   whether the *probabilities* are. Here almost every prediction is close to 0 or 1, so the middle
#   bins of the reliability diagram hold only a handful of images and their points are noisy. A platform that shows users "93 % likely AI-generated" needs
#   the second.
# - All of this was measured on clean files from one sampler of one model. The next lesson changes
#   both.
#
# ## Try it
#
# Train with fewer examples (`train_test(n_train=32)`) or fewer CNN epochs and watch AUC and ECE.
#
# Exercises: [Training a detector](../exercises/42_training_a_detector.ipynb) (the average spectrum,
# AUC and ECE from their definitions, the cost of JPEG). Next:
# [Generalisation and robustness](43_generalisation.ipynb).
