# %% [markdown]
# # Exercises: Generalisation — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/43_generalisation.ipynb)
#
# **You will practise**
# - computing a detector's generalisation gap, AUC on the generator it was trained on minus AUC on one it never saw;
# - measuring that gap for the lesson's augmented spectral detector on held-out images;
# - judging what a vendor's accuracy figure can and cannot tell a newsroom.
#
# **Run time:** under 30 seconds. Work through the lessons
# [Training a detector](../notebooks/42_training_a_detector.ipynb) and
# [Generalisation](../notebooks/43_generalisation.ipynb) first.

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
from aigc_ethics.check.misinformation import check_generalisation, check_generalisation_measured
from aigc_ethics.detect import SpectralDetector, generated_images, train_test
from aigc_ethics.stats import auc

# %% [markdown]
# ## Exercise 1: the generalisation gap
#
# Write `my_gap(detector, real, seen, unseen)`. `detector.predict_proba(images)` gives each image's
# probability of being generated. Compute the AUC of the detector for `real` (label 0) against `seen`
# (label 1, the generator it was trained on) and for `real` against `unseen` (a generator it never saw),
# and return **one number**, the gap `AUC(seen) - AUC(unseen)`: positive when the detector gets worse on
# the new generator, negative when it happens to do better.

# %%
def my_gap(detector, real, seen, unseen):
    ### BEGIN SOLUTION: two AUCs against the same real images, seen minus unseen
    def one_auc(fake):
        scores = np.r_[detector.predict_proba(real), detector.predict_proba(fake)]
        return auc(scores, np.r_[np.zeros(len(real)), np.ones(len(fake))])
    return one_auc(seen) - one_auc(unseen)
    ### END SOLUTION

check_generalisation(my_gap)

# %% [markdown]
# ## Exercise 2: the gap of an augmented detector
#
# Train the lesson's spectral detector with augmentation (random JPEG and resizing) on `tiny-ddim25`
# against real images. Measure its AUC on the **held-out** test images of its own generator and on the
# first 128 images of `vae-sample`, the VAE whose samples carry per-pixel noise. Answer the pair
# `(auc_seen, auc_unseen)`.

# %%
real_train, fake_train, real_test, fake_test = train_test(n_train=256, n_test=128)
detector = SpectralDetector(augment=True).fit(real_train, fake_train)
vae_sample = generated_images("vae-sample")[:128]
labels = np.r_[np.zeros(128), np.ones(128)]
### BEGIN SOLUTION
auc_seen = auc(np.r_[detector.predict_proba(real_test), detector.predict_proba(fake_test)], labels)
auc_unseen = auc(np.r_[detector.predict_proba(real_test), detector.predict_proba(vae_sample)], labels)
### END SOLUTION
check_generalisation_measured((auc_seen, auc_unseen), detector, real_test, fake_test, vae_sample,
                              real_train=real_train, seen_train=fake_train)
print(f"your gap: {my_gap(detector, real_test, fake_test, vae_sample):+.3f}")

# %% tags=["remove-cell", "solution-only"]
# As in the lesson: nearly perfect on the training generator, far lower on vae-sample (0.41 or 0.72
# depending on which generated images trained it, see the lesson).
assert auc_seen >= 0.99 and auc_unseen <= 0.8 and auc_seen - auc_unseen >= 0.2, (auc_seen, auc_unseen)

# %% [markdown]
# ## Exercise 3 (open question)
#
# A vendor tells a newsroom its detector is "99 % accurate on AI images". With your gap in mind, what
# would you ask the vendor before the newsroom relies on it, and who pays if nobody asks?

# %%
### BEGIN SOLUTION
answer = """The 99 % was probably measured on generators the detector was trained on; my detector is
nearly perfect there and far worse (0.72 here, 0.41 with other training images) on a VAE it never saw. I would ask which generators and which
processing the test used, whether any generator was held out of training, and the error rates at
the newsroom's threshold, and run our own held-out test. If nobody asks, real witnesses get flagged
and forgeries from new generators get cleared as real."""
### END SOLUTION
discuss("vendor-generalisation-claim", answer)
