# %% [markdown]
# # Appendix A2 · Bias on a real model: a representation audit you label yourselves
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/appendices/A2_bias_on_a_real_model.ipynb)
#
# **This appendix needs a GPU and internet** (Colab: *Runtime → Change runtime type → GPU*). It
# re-runs the audit of [lesson 20](../notebooks/20_representation_audit.ipynb) on a Stable
# Diffusion model from the Hugging Face Hub, with the same prompts. The course site shows it
# **without outputs**: your run computes every number.
#
# **You will learn**
# - to run a representation audit with a *stated labelling method*: two people label every image
#   by hand, and their agreement is reported next to the result;
# - what a real-model audit cannot tell you that the miniature could.
#
# **Run time:** not measured by the course (it has no GPU); estimated at 2-5 minutes of generation
# on a Colab T4 (72 images with SD-Turbo), then about 15 minutes of labelling by two people.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab,hub] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Opt in: the model and the size of the run
#
# The model is `HUB_MODELS["fast"]` (SD-Turbo, 4 steps, no guidance), unless the environment
# variable `AIGC_HUB_MODEL` names another Hub id or a folder holding a saved diffusers pipeline.
# For `HUB_MODELS["standard"]` use 25 steps and guidance 7.5. The next cell stops with a message if
# this runtime has no GPU or no internet.

# %% tags=["parameters"]
import os
from aigc_ethics.generate import HUB_MODELS

MODEL = os.environ.get("AIGC_HUB_MODEL") or HUB_MODELS["fast"]
SETTINGS = dict(num_inference_steps=4, guidance_scale=0.0)   # SD-Turbo; SD 1.5: 25 steps, guidance 7.5
PROFESSIONS = ["engineer", "chef", "farmer"]   # lesson 20's three
N = 24                   # images per profession (seeds 0..N-1 by the course's seed rule)
BATCH = 8

# %%
from aigc_ethics.generate import HubUnavailableError
from aigc_ethics.notebook import hub_pipeline

try:
    pipe = hub_pipeline(MODEL, device=device)
except HubUnavailableError as err:
    raise SystemExit(str(err)) from None      # stops "Run all" here, with the reason
print(f"model: {MODEL} on {device}; settings: {SETTINGS}")

# %% [markdown]
# ## 1. Generate with the miniature's prompts
#
# The prompts are the course's own (`profession_prompt`, "a portrait of an engineer") for lesson 20's
# three professions, so the only change from lesson 20 is the model (and the labeller, below).

# %%
from aigc_ethics.datasets import profession_prompt
from aigc_ethics.generate import generate_many

gens = {p: generate_many(pipe, profession_prompt(p), N, seed=0, batch=BATCH, **SETTINGS) for p in PROFESSIONS}
print({p: g.shape for p, g in gens.items()})

# %% [markdown]
# ## 2. The labelling method, stated
#
# Lesson 20 labelled its images with the course's attribute classifier. **That classifier cannot
# label these images**: it was trained on the course's synthetic 32 × 32 world and has never seen
# a photograph, so its labels here would be numbers without meaning. Automatic alternatives
# (zero-shot CLIP, skin-colour estimates) carry biases of their own that would have to be
# measured first ([lesson 22](../notebooks/22_measuring_the_measurer.ipynb)).
#
# The method used here: **two people label every image independently**, by eye, with three
# answers: `lighter` skin (Monk skin tone scale 1-5, as in the course), `darker` skin (Monk 6-10),
# `unsure` (no visible person, several people, a mask, lighting that hides it; the default). Label
# only what you can see: perceived skin tone, never a guessed gender, ethnicity or identity. The
# sheets are the course's labelling widget (`label_images`, also offered at the end of lesson 20).
#
# **Labeller A** clicks through the sheets below.

# %%
from IPython.display import display
from aigc_ethics.widgets import label_images

sheets_a = {p: label_images(gens[p], ncols=8, size=96) for p in PROFESSIONS}
for p in PROFESSIONS:
    print(f"labeller A, {p}:")
    display(sheets_a[p])

# %% [markdown]
# **Labeller B** clicks through these, without looking at labeller A's answers (scroll A's sheets
# out of view, or label on a second copy of the notebook and paste the list over).

# %%
sheets_b = {p: label_images(gens[p], ncols=8, size=96) for p in PROFESSIONS}
for p in PROFESSIONS:
    print(f"labeller B, {p}:")
    display(sheets_b[p])

# %% [markdown]
# When both have labelled every sheet, run the rest. The next cell reads the clicks; the one after
# prints them, so that you can keep them with your result (or paste a saved list back in instead
# of clicking).

# %% tags=["labels"]
labels = {p: list(sheets_a[p].labels) for p in PROFESSIONS}
labels_b = {p: list(sheets_b[p].labels) for p in PROFESSIONS}

# %%
print({"A": labels, "B": labels_b})
unlabelled = [p for p in PROFESSIONS if all(l == "unsure" for l in labels[p]) or all(l == "unsure" for l in labels_b[p])]
if unlabelled:
    raise SystemExit(f"label the sheets first: no image of {unlabelled} was labelled lighter or darker by both labellers")

# %% [markdown]
# ## 3. The audit, and how far the labellers agree
#
# `audit_labels` is what lesson 20's optional hub section uses for hand labels: the share of `lighter`
# among the sure labels, its bootstrap interval, and the total-variation distance to a reference
# (here 50 / 50, the reference of lesson 20; the choice of reference is part of the result).
# Agreement is the share of images both labellers put in the same group; the rows where they
# disagree are the images whose label is a judgement call.

# %%
import pandas as pd
from aigc_ethics.bias import audit_labels

rows = {}
for p in PROFESSIONS:
    row = audit_labels(labels[p], reference=(0.5, 0.5), seed=0)
    row["lighter share (labeller B)"] = audit_labels(labels_b[p], reference=(0.5, 0.5), seed=0)["lighter share"]
    row["labellers agree"] = round(sum(a == b for a, b in zip(labels[p], labels_b[p])) / N, 3)
    rows[p] = row
table = pd.DataFrame(rows).T
table

# %% [markdown]
# ## Compare with the miniature
#
# **The miniature's number:** lesson 20's audit table gives, per profession, the share of lighter
# skin in the tiny model's generations with its interval, next to the share in its training data
# (72 % for engineers, 50 % for chefs, 34 % for farmers; see the datasheet), and the
# amplification. Compare your lighter shares with lesson 20's per profession: same prompts, same
# reference, different model and labeller.
#
# **What would make the comparison unfair**
# - *Different measurers.* Lesson 20's labels come from a classifier with measured error rates;
#   yours from two people whose agreement is in the table. A gap smaller than the labellers'
#   disagreement is not a finding.
# - *No training share, so no amplification.* The miniature's audit could separate data skew from
#   model skew because its training set is known. Nobody can count skin tones in SD's billions of
#   training images, so this audit measures the output only; do not call a skew "amplified".
# - *Sample size.* 24 images per profession give wide intervals (12 of 24 has a Wilson interval from
#   0.31 to 0.69); lesson 20 generated 128 per profession. Raise `N` if you can label more.
# - *What the prompt covers.* "a portrait of an engineer" gives a real model room for cartoons,
#   groups and objects; count the `?` answers and report them, as `audit_labels` does.
