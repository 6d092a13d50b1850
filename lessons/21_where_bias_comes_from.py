# %% [markdown]
# # Where does a generator's bias come from?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/21_where_bias_comes_from.ipynb)
#
# **The question:** if a model over-represents one group, is that the data, the prompt, or the
# way we sample?
#
# **You will learn**
# - that the output skew follows the training data's skew, by comparing models whose data
#   differ only in one profession's skin-tone mix;
# - that the wording of a prompt changes whom the model draws;
# - that guidance, which makes images follow the prompt, also narrows their variety.
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
# ## 1. Same model, different data
#
# Chen et al. (2023, §3) explain that skews in web-scale training data propagate into models.
# We test this directly. Besides the default model (72 % of its engineer portraits have lighter
# skin), the course ships variants fine-tuned by `tools/train_variants.sh` on data that differ
# **only** in the engineers' skin-tone mix: 10 %, 90 %, and a rebalanced set (50 % for every
# profession). Their model cards (`aigc_ethics/checkpoints/<name>/MODEL_CARD.md`) say how each
# was trained. We generate 64 engineers with each and measure the share of lighter skin.

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from aigc_ethics.generate import load_pipeline
from aigc_ethics.attributes import load_classifier
from aigc_ethics.bias import GROUPS, bootstrap_ci, distribution, training_labels
from aigc_ethics.datasets import composition_from_spec, make_dataset
from aigc_ethics.metrics import to_uint8

classifier = load_classifier()
N = 64

def lighter_share(pipe, prompt, n=N, seed=0, **kwargs):
    images = pipe(prompt, num_images_per_prompt=n, generator=seed, output_type="np", **kwargs).images
    pred = classifier.predict(to_uint8(images))
    groups = pred.loc[pred.family == "portrait", "skin_group"].tolist()
    return distribution(groups, GROUPS)[0], bootstrap_ci(groups, "lighter", seed=seed), pred

variants = {"engineer-10": "engineer=0.1", "balanced": "balanced", "tiny": "", "engineer-90": "engineer=0.9"}
rows = []
for name, spec in variants.items():
    data = make_dataset(composition_from_spec(spec), seed=0)
    train_share = distribution(training_labels(data, "engineer"), GROUPS)[0]
    share, ci, _ = lighter_share(load_pipeline(name, device=device), "a portrait of an engineer")
    rows.append({"model": name, "lighter share in data": round(train_share, 3),
                 "lighter share generated": round(share, 3), "95% CI": ci})
skew = pd.DataFrame(rows).set_index("model")
skew

# %%
# alt: Scatter plot of the share of lighter-skinned engineers in the training data (x axis) against the share among generated engineers (y axis) for four models, with 95% confidence bars and a dashed diagonal where output equals data.
fig, ax = plt.subplots(figsize=(4.5, 4.5))
x = skew["lighter share in data"].to_numpy(); y = skew["lighter share generated"].to_numpy()
lo = np.array([c[0] for c in skew["95% CI"]]); hi = np.array([c[1] for c in skew["95% CI"]])
ax.errorbar(x, y, yerr=[y - lo, hi - y], fmt="o", color="#D55E00", capsize=3)
for name, xi, yi in zip(skew.index, x, y):
    ax.annotate(name, (xi, yi), textcoords="offset points", xytext=(6, -10), fontsize=8)
ax.plot([0, 1], [0, 1], ls="--", color="#999999", label="output = data")
ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="share of lighter skin in the training data",
       ylabel="share among generated engineers", title="The output follows the data")
ax.legend(loc="upper left", fontsize=8); plt.show()

# %% [markdown]
# ## 2. The wording of the prompt
#
# The training captions used several templates ("a portrait of an engineer", "a photo of an
# engineer", "an engineer", "a person who is an engineer"). Does the wording change whom the
# default model draws? (Same seed for every wording.)

# %%
pipe = load_pipeline("tiny", device=device)
wordings = ["a portrait of an engineer", "a photo of an engineer", "an engineer", "a person who is an engineer"]
wording = pd.DataFrame([{"prompt": w, "lighter share": round(s, 3), "95% CI": ci}
                        for w in wordings for s, ci, _ in [lighter_share(pipe, w, n=48)]]).set_index("prompt")
wording

# %% [markdown]
# ## 3. Guidance narrows the variety
#
# Chefs are balanced in the data (50 % lighter). How many of the ten Monk shades appear among
# 48 generated chefs, and how even is the mix (entropy in bits; the data's is about 3.3), as the
# guidance scale grows?

# %%
from aigc_ethics.bias import skin_tone_counts
rows = []
for scale in (1.0, 3.0, 5.0):
    share, ci, pred = lighter_share(pipe, "a portrait of a chef", n=48, guidance_scale=scale)
    counts = skin_tone_counts(pred.loc[pred.family == "portrait", "skin_tone"])
    p = counts[counts > 0] / counts.sum()
    rows.append({"guidance": scale, "lighter share": round(share, 3), "shades present": int((counts > 0).sum()),
                 "entropy (bits)": round(float(-(p * np.log2(p)).sum()), 2)})
pd.DataFrame(rows).set_index("guidance")

# %% [markdown]
# ## What we found
#
# - **Data:** across the four models the generated share rises with the training share (the
#   plot). The points are pulled towards the middle: after a few hundred fine-tuning steps each
#   variant still carries its starting model's habits, and the default model itself draws fewer
#   lighter-skinned engineers than its data has. Where a point lies further from 50 % than its
#   data (above the diagonal on the right, below it on the left), the model amplified its data.
# - **Wording:** compare the shares with their confidence intervals. If the intervals overlap,
#   this audit cannot tell the wordings apart: with a bag-of-words text encoder and a 31-word
#   vocabulary, the wording carries little. Large models read whole sentences, and there the
#   wording matters more, which is why published audits report their exact prompts.
# - **Sampling:** as guidance grows, fewer kinds of faces appear (shades present, entropy) and the
#   share shifts (the third table): the knob that makes images "follow the prompt" also decides
#   who is in them.
#
# Caveat: the variants were *fine-tuned* from the default model for a few hundred steps (see their
# model cards), not trained from scratch; a from-scratch replication is one command
# (`python -m aigc_ethics.train --composition "engineer=0.1"`) and an hour of CPU.
#
# **Next:** [mitigations and their costs](23_mitigations.ipynb).
