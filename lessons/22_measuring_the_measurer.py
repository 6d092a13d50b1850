# %% [markdown]
# # Measuring the measurer
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/22_measuring_the_measurer.ipynb)
#
# **The question:** an audit counts what a classifier says it sees. How do the classifier's own
# errors change the audit's result, and what should a classifier never be asked to infer?
#
# **You will learn**
# - to read a confusion matrix and turn it into an error rate per group;
# - how classification errors shift an audited distribution, and how to correct for them;
# - why real audits avoid inferring gender or race of real people from pixels.
#
# **Run time:** under 30 seconds.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## 1. The instrument's errors
#
# The attribute classifier was trained on freshly drawn synthetic portraits with uniform skin
# tones. We test it on 1,500 new ones (a seed it never saw). Rows are the true Monk shade,
# columns the predicted one; each row sums to 1.

# %%
# alt: A 10 by 10 heat map of the skin-tone classifier's confusion matrix on held-out synthetic portraits; almost all mass is on the diagonal, with small confusions between neighbouring light shades 1 to 3.
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics.attributes import confusion, corrected_distribution, load_classifier
from aigc_ethics.datasets import PROFESSIONS, Composition, make_dataset

classifier = load_classifier()
held_out = make_dataset(Composition(skin_tone_probs={p: (0.1,) * 10 for p in PROFESSIONS}), seed=303, scale=0.25)
tones = confusion(classifier, held_out, "skin_tone")
fig, ax = plt.subplots(figsize=(5, 4.2))
im = ax.imshow(tones.values, cmap="cividis", vmin=0, vmax=1)
ax.set(xticks=range(10), xticklabels=range(1, 11), yticks=range(10), yticklabels=range(1, 11),
       xlabel="predicted Monk shade", ylabel="true Monk shade", title="Skin-tone classifier on held-out portraits")
fig.colorbar(im, ax=ax, label="share of the true shade"); plt.show()
print("accuracy per true shade:", np.round(np.diag(tones.values), 3))

# %% [markdown]
# The lightest shades of the Monk scale are very close in colour (#f6ede4, #f3e7db, #f7ead0), so
# most errors are between neighbours. For the lighter/darker grouping used in the audits:

# %%
groups = confusion(classifier, held_out, "skin_group")
groups

# %% [markdown]
# ## 2. How errors shift an audit
#
# Suppose a set of portraits is truly 70 % lighter. If the classifier mislabels a share $e_L$ of
# lighter faces as darker and $e_D$ of darker faces as lighter, the audit reports
# $0.7 (1 - e_L) + 0.3\, e_D$. We check on a held-out set drawn with exactly that skew, and then
# correct the observed share by inverting the confusion matrix.

# %%
skewed = make_dataset(Composition(portraits_per_profession=300, artworks_per_style=0,
                                  skin_tone_probs={p: (0.14,) * 5 + (0.06,) * 5 for p in PROFESSIONS}), seed=404)
true_share = float((skewed.attributes.skin_group == "lighter").mean())
pred = classifier.predict(skewed.images)
observed = np.array([(pred.skin_group == "lighter").mean(), (pred.skin_group == "darker").mean()])
corrected = corrected_distribution(observed, groups)
print(f"true lighter share {true_share:.3f} | classifier says {observed[0]:.3f} | corrected {corrected[0]:.3f}")

# %% [markdown]
# On these clean synthetic images the instrument is nearly perfect, so the shift is small. On
# *generated* images it is less reliable: generations are blurrier and their colours drift, and
# we have no ground truth for them. That is why the course's audits report the classifier's
# accuracy next to every result, and why a real audit must validate its instrument on data like
# the data it audits.
#
# ## 3. What a classifier should not be asked
#
# Our "skin tone" is a flat colour painted by code, and our figures have no gender. Real audits
# face depictions of people. Luccioni et al. (2023, "Stable Bias", abstract) start from the point
# that the fictive humans a model generates "have no inherent gender or ethnicity", so they did
# not label generated faces with those categories. Instead they put gender and ethnicity markers
# in the *prompts*, and compared the variation those markers cause in the images with the
# variation caused by changing the profession. A classifier that claims to read gender or race
# off a face treats social identities as visual facts and builds in the stereotypes an audit is
# meant to expose. The Monk scale describes skin tone in images (Monk 2019); it does not assign race.
#
# What this course's labels can stand for: an attribute the data-maker controls, so that the
# mechanics of skew, amplification and mitigation can be measured exactly. What they cannot
# stand for: any real group of people.
#
# ## What we found
#
# - The classifier's held-out accuracy per shade is printed above; its errors concentrate on
#   neighbouring light shades, and lighter/darker grouping is nearly error-free on clean images.
# - Classifier errors shift audited shares in a predictable way, and a confusion matrix lets
#   you correct for them, but only where the matrix was measured on comparable images.
#
# **Next:** [mitigations and their costs](23_mitigations.ipynb).
