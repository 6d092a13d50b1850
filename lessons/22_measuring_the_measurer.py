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
tones = confusion(classifier, held_out, attribute="skin_tone")
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
groups = confusion(classifier, held_out, attribute="skin_group")
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
# On these clean synthetic images the instrument is nearly perfect, so there is almost nothing to
# correct. Audits rarely get clean images. A common cheap shortcut is to audit **thumbnails**, the
# small previews a search engine or a platform returns. Here every image is shrunk to 10 x 10
# pixels and enlarged back, first the held-out set (to measure the instrument *under the same
# condition*), then the skewed set (the audit):

# %%
from dataclasses import replace
from aigc_ethics.images import thumbnail_roundtrip

held_thumbs = replace(held_out, images=thumbnail_roundtrip(held_out.images, side=10))
groups_thumb = confusion(classifier, held_thumbs, attribute="skin_group")
pred_t = classifier.predict(thumbnail_roundtrip(skewed.images, side=10))
observed_t = np.array([(pred_t.skin_group == "lighter").mean(), (pred_t.skin_group == "darker").mean()])
corrected_t = corrected_distribution(observed_t, groups_thumb)
print(groups_thumb.round(3))
print(f"true lighter share {true_share:.3f} | on thumbnails the classifier says {observed_t[0]:.3f} | "
      f"corrected with the thumbnail confusion matrix {corrected_t[0]:.3f}")

# %% tags=["remove-cell"]
assert abs(corrected[0] - true_share) < 0.02, "the clean-image audit is no longer nearly exact"
assert observed_t[0] < true_share - 0.05, "thumbnails no longer make the classifier under-count lighter skin"
assert groups_thumb.loc["lighter", "darker"] > groups_thumb.loc["darker", "lighter"], "the errors are no longer one-sided"
assert abs(corrected_t[0] - true_share) < abs(observed_t[0] - true_share) / 3, "the correction no longer recovers most of the error"

# %% [markdown]
# The thumbnail errors are one-sided: lighter faces are read as darker far more often than the
# reverse, so the audit under-reports the skew. Inverting the confusion matrix measured **under the
# same condition** recovers most of it. The same correction with the clean-image matrix would fix
# nothing, because that matrix has no errors to invert: a real audit must validate its instrument
# on data like the data it audits. Generated images are such a condition too: lesson 20 showed the
# generator's colours drift darker, which this classifier, exact on renders, reads as darker skin.
#
# ### Who is affected, with your number

# %%
n_people = 1000
missed = round(n_people * (true_share - observed_t[0]))
print(f"In a set of {n_people:,} images with the true mix above, the thumbnail audit reports "
      f"{round(n_people * observed_t[0])} lighter-skinned people instead of {round(n_people * true_share)}: "
      f"it makes a skewed set look {missed} people more balanced than it is. The people harmed by the skew "
      f"(the under-represented darker-skinned group) would be told the problem is smaller than it is; "
      f"the corrected audit reports {round(n_people * corrected_t[0])}.")

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
# - On clean held-out renders the classifier's lighter/darker grouping is nearly error-free, and
#   the audit of a 70 %-lighter set is exact before and after correction.
# - On thumbnails its errors are large and one-sided (lighter read as darker), so the audit
#   under-reports the skew by the amount printed above; the confusion matrix measured on
#   thumbnails corrects most of that error. A correction is only as good as the conditions under
#   which its matrix was measured.
#
# **Next:** [mitigations and their costs](23_mitigations.ipynb).
