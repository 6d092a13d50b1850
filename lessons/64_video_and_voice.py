# %% [markdown]
# # Video and voice: what a deepfake detector's alarm is worth
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/64_video_and_voice.ipynb)
#
# **The question:** face-swapped video and cloned voices have already been used to steal money and
# to tell voters not to vote. If a bank or a phone company ran a deepfake detector on every call,
# how often would an alarm actually mean a fake?
#
# **You will learn**
# - how face swapping and voice cloning work at the level of their ingredients (no recipe);
# - what detection and provenance can and cannot do, with a published measurement of detectors on
#   deepfakes collected in 2024;
# - to compute the share of flagged calls that are fakes from a detector's sensitivity, its
#   specificity and the prevalence of fakes, and to plot it across prevalence.
#
# **Run time:** under 10 seconds on a laptop CPU. This is a reading lesson: nothing is generated,
# and no real person's face or voice appears (see [conduct](../book/conduct.md)).

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## 1. How face swapping and voice cloning work (the ingredients only)
#
# - **Face swap.** A face detector finds the face in each video frame; a model trained on many
#   pictures of the *target* person re-draws that region with the target's identity while keeping
#   the pose, expression and lighting of the *source* actor; the result is blended back into the
#   frame. Real-time systems do this per frame during a video call. What the attacker needs is
#   footage of the target: a company's public videos and recorded meetings are enough, as the Arup
#   case below shows.
# - **Voice cloning.** A text-to-speech model trained on many speakers learns to separate *what*
#   is said from *who* says it; a short recording of the target conditions the "who". The speech is
#   then typed, or a live speaker's voice is converted.
# - **What both share with this course's models.** They are conditional generators, like the
#   small diffusion model of lesson [01_how_text_to_image_works](01_how_text_to_image_works.ipynb): the condition is a person's
#   identity instead of a caption. That is why the course never trains on real people: the same
#   code that learns "a doctor" from captions learns a named person from their photos.
#
# ## 2. What detection and provenance can and cannot do
#
# - **Detection reads traces** that a generator leaves (lesson [41_forensic_traces](41_forensic_traces.ipynb)) and
#   **fails on generators it was not trained on** (lesson [43_generalisation](43_generalisation.ipynb)). Chandra et al.
#   (2025), "Deepfake-Eval-2024: A Multi-Modal In-the-Wild Benchmark of Deepfakes Circulated in
#   2024" (arXiv:2503.02857, abstract), collected 45 hours of video, 56.5 hours of audio and 1,975
#   images from social media and detection-platform users in 2024; for open-source
#   state-of-the-art detectors, AUC fell by 50 % for video, 48 % for audio and 45 % for image
#   models compared with earlier academic benchmarks. Commercial and fine-tuned detectors did
#   better but "do not yet reach the accuracy of deepfake forensic analysts" (same abstract). We
#   read the abstract, not the result tables.
# - **Provenance** (signed content credentials, lesson [35_content_credentials](35_content_credentials.ipynb); watermarks,
#   lessons [32_invisible_watermarks](32_invisible_watermarks.ipynb) and [33_tree_ring](33_tree_ring.ipynb)) proves where a *signed* file
#   came from. A live call carries no credential, and an attacker's own software adds none:
#   provenance can vouch for the real, not expose the fake.
# - **Even a good detector is judged at a base rate.** Its benchmark accuracy is measured on test
#   sets that are often half fakes. Real calls are overwhelmingly real. The rest of this lesson
#   computes what that does to the meaning of an alarm.
#
# ## 3. The experiment: how often is a flagged call a fake?
#
# A detector has a **sensitivity** (the share of fakes it flags) and a **specificity** (the share
# of real calls it lets through). The **prevalence** is the share of calls that are fakes. Out of a
# million calls, the flagged fakes are `sensitivity x prevalence x 1e6` and the flagged real calls
# `(1 - specificity) x (1 - prevalence) x 1e6`; the share of alarms that are right (the
# *precision*, or positive predictive value) is the first over their sum.
#
# The two operating points below are **assumptions**, not published numbers: "95 % / 95 %" stands
# for a detector as good as many reported on academic benchmarks, "80 % / 80 %" for one degraded on
# unseen generators as Chandra et al. report (a fall in AUC does not translate to one operating
# point, so we do not derive it from their numbers). The prevalence, one fake in a thousand calls,
# is also an assumption; nobody publishes the true rate.

# %%
import numpy as np

DETECTORS = {"lab-grade (95 % / 95 %)": (0.95, 0.95), "degraded (80 % / 80 %)": (0.80, 0.80)}
PREVALENCE = 1 / 1000            # assumed: one fake call in a thousand


def flagged_share(sensitivity, specificity, prevalence):
    flagged_fakes = sensitivity * prevalence
    flagged_real = (1 - specificity) * (1 - prevalence)
    return flagged_fakes / (flagged_fakes + flagged_real)


for name, (sens, spec) in DETECTORS.items():
    acc = sens * PREVALENCE + spec * (1 - PREVALENCE)
    print(f"{name:24s} accuracy {acc:.3f}   share of alarms that are fakes {flagged_share(sens, spec, PREVALENCE):.4f}")
good = flagged_share(*DETECTORS["lab-grade (95 % / 95 %)"], PREVALENCE)
weak = flagged_share(*DETECTORS["degraded (80 % / 80 %)"], PREVALENCE)

# %%
# alt: Line chart, log-scale x axis of prevalence from one fake in 100,000 calls to one in two, y axis the share of flagged calls that are fakes from 0 to 1. Two rising curves, the lab-grade detector above the degraded one; a dashed vertical line marks the assumed prevalence of one in a thousand, where both curves are near zero.
import matplotlib.pyplot as plt
from aigc_ethics.core.images import OKABE_ITO

prevalences = np.logspace(-5, np.log10(0.5), 200)
curves = {name: flagged_share(sens, spec, prevalences) for name, (sens, spec) in DETECTORS.items()}
fig, ax = plt.subplots(figsize=(6.5, 3.8))
for (name, curve), colour, style in zip(curves.items(), (OKABE_ITO[4], OKABE_ITO[5]), ("-", "--")):
    ax.plot(prevalences, curve, style, color=colour, lw=2, label=name)
ax.axvline(PREVALENCE, color="black", ls=":", lw=1, label="assumed prevalence (1 in 1,000)")
ax.set(xscale="log", xlabel="prevalence: share of all calls that are fakes",
       ylabel="share of flagged calls\nthat are fakes", ylim=(0, 1))
ax.legend(fontsize=8, loc="upper left")
plt.tight_layout()
plt.show()

# %% [markdown]
# ### Your number
#
# Read the printout: a detector that is right about 95 % of *all* calls is right about an *alarm*
# only about 2 % of the time at one fake in a thousand. Accuracy stays high because nearly every
# call is real and nearly every real call passes; the alarms are mostly real callers.
#
# ```{admonition} Who is affected, with your number
# :class: note
# Per 10,000 calls at the assumed prevalence, the lab-grade detector raises the alarms computed
# below. Each false alarm is a real customer, relative or colleague treated as a suspected
# impostor; if the detector errs more on accents, languages or poor connections its training data
# lacked (lesson [22_measuring_the_measurer](22_measuring_the_measurer.ipynb)), the suspicion falls on them. Meanwhile the
# finance clerk who sees about 50 false alarms for each true one learns to click alarms away.
# ```

# %%
calls = 10_000
sens, spec = DETECTORS["lab-grade (95 % / 95 %)"]
fakes = calls * PREVALENCE
true_alarms, false_alarms = sens * fakes, (1 - spec) * (calls - fakes)
print(f"per {calls:,} calls: {fakes:.0f} fakes, {true_alarms:.1f} true alarms, {false_alarms:.0f} false alarms "
      f"({false_alarms / true_alarms:.0f} false per true)")

# %% [markdown]
# ## Limits
#
# - The operating points and the prevalence are assumptions chosen to show the arithmetic; change
#   them and the numbers change, but the shape does not: at a low prevalence, precision is set by
#   the false-positive rate, however high the sensitivity.
# - A real detector outputs a score, and the threshold trades sensitivity for specificity (lesson
#   [42_training_a_detector](42_training_a_detector.ipynb)); a higher threshold raises precision and misses more fakes.
# - Prevalence is not fixed: a call that already asks for an urgent secret transfer is far more
#   likely to be a fake than a random call, which is why procedures that act on *context* (a call
#   back on a known number, two people to approve a transfer) can beat a detector.
#
# **Open question.** Should a phone company run a deepfake detector on every call it carries? Who
# gains, who pays for the false alarms, and what would you put in its place? (Exercise 2 asks you.)
#
# ## What we found
#
# At an assumed prevalence of one fake call in a thousand, a detector with 95 % sensitivity and 95 %
# specificity is right about fewer than 2 in 100 of its alarms, although its accuracy is 95 %; a
# detector degraded to 80 % / 80 % on unseen generators, as in-the-wild benchmarks suggest, is right
# about fewer than 1 in 100. For both, the share of alarms that are right rises with the prevalence,
# which is why detection helps most where fakes are already suspected.

# %% tags=["remove-cell"]
acc_good = 0.95 * PREVALENCE + 0.95 * (1 - PREVALENCE)
assert good < 0.02 and acc_good > 0.94, (good, acc_good)
assert weak < 0.01 and weak < good, weak
for curve in curves.values():
    assert np.all(np.diff(curve) > 0)
assert np.all(curves["lab-grade (95 % / 95 %)"] > curves["degraded (80 % / 80 %)"])
assert 40 < false_alarms / true_alarms < 60, false_alarms / true_alarms
