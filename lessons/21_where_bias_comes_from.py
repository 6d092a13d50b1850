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
# ## 4. How a model can *amplify*: markedness in captions
#
# Section 1 shows the default model drawing *fewer* lighter-skinned engineers than its data has
# (lesson 20 explains part of that: its images are darker overall). So where does the
# amplification that audits of large models report come from? One mechanism is in the captions.
# People describe what they see as unusual and leave the usual unsaid: a caption says "a
# dark-skinned engineer" far more often than "a light-skinned engineer". Bianchi et al. (2023,
# "Easily accessible text-to-image generation amplifies demographic stereotypes at large scale")
# discuss how such defaults make a plain prompt return the majority. If minority photos are
# *marked* and majority photos are not, the bare caption "an engineer" is, in the data, mostly
# about the majority, and a model that learns captions faithfully will over-draw it for the bare
# prompt.
#
# The course's default captions name the skin group in 20 % of captions *for both groups*
# (unmarked). The variant `marked` was fine-tuned (600 steps, model card in
# `checkpoints/marked`) on the same images with **markedness**: a darker-skinned portrait's caption
# names its group in 80 % of cases, a lighter-skinned one never
# (`composition_from_spec("mark=darker:0.8")`). Same people, same shares; only the captions differ.

# %%
marked_data = make_dataset(composition_from_spec("mark=darker:0.8"), seed=0)
a = marked_data.attributes
engineers = a[a.profession == "engineer"]
bare = engineers[~engineers.caption.str.contains("skin")]
data_share = float((engineers.skin_group == "lighter").mean())
bare_share = float((bare.skin_group == "lighter").mean())
print(f"lighter share among all engineer portraits: {data_share:.3f}; "
      f"among engineers whose caption names no skin: {bare_share:.3f}")

N_MARK = 128
rng = np.random.default_rng(0)
shares, draws = {}, {}
for name in ("tiny", "marked"):
    share, ci, pred = lighter_share(load_pipeline(name, device=device), "a portrait of an engineer", n=N_MARK)
    shares[name] = (share, ci)
    draws[name] = (pred.loc[pred.family == "portrait", "skin_group"] == "lighter").to_numpy()
# bootstrap the difference between the two models (same prompt, same seeds, 2,000 resamples)
diff = np.array([rng.choice(draws["marked"], len(draws["marked"])).mean()
                 - rng.choice(draws["tiny"], len(draws["tiny"])).mean() for _ in range(2000)])
diff_ci = tuple(round(float(q), 3) for q in np.quantile(diff, [0.025, 0.975]))
mark_table = pd.DataFrame([
    {"model": "tiny (unmarked captions)", "lighter share generated": round(shares["tiny"][0], 3), "95% CI": shares["tiny"][1]},
    {"model": "marked", "lighter share generated": round(shares["marked"][0], 3), "95% CI": shares["marked"][1]},
]).set_index("model")
print(f"marked - tiny: {shares['marked'][0] - shares['tiny'][0]:+.3f}, 95% CI {diff_ci}; "
      f"marked vs its data: {shares['marked'][0]:.3f} vs {data_share:.3f} "
      f"(the marked model's own 95% CI is {shares['marked'][1]})")
mark_table

# %% [markdown]
# ### Who is affected, with your number

# %%
n_images = 1000
extra_majority = round(n_images * (shares["marked"][0] - shares["tiny"][0]))
print(f"A stock-image service generating {n_images:,} pictures for the bare query 'engineer' would show about "
      f"{extra_majority} more lighter-skinned engineers with marked captions than with unmarked ones, from the "
      f"same people in the data. Darker-skinned engineers become rarer in the default results (a "
      f"representational harm) and are shown mostly when a user asks for them by their skin: the captions' "
      f"habit of naming only the minority became the model's habit of drawing the majority by default.")

# %% tags=["remove-cell"]
# The sentences of "What we found" follow these numbers (nbval fails the day they stop being true).
assert bare_share > data_share + 0.1, "markedness no longer makes bare captions mostly lighter"
assert diff_ci[0] > 0, "the marked model no longer draws more lighter-skinned engineers than tiny"
assert shares["marked"][0] > data_share, "the marked model is no longer above its data's share"
assert shares["tiny"][0] < data_share, "the default model no longer damps the engineer skew"
assert skew["lighter share generated"].is_monotonic_increasing, "output no longer rises with the data's share"
lows, highs = zip(*wording["95% CI"])
assert max(lows) < min(highs), "the wording intervals no longer all overlap"
guid = pd.DataFrame(rows).set_index("guidance")
assert guid["entropy (bits)"].is_monotonic_decreasing and guid["lighter share"].is_monotonic_decreasing
assert guid["shades present"].is_monotonic_decreasing

# %% [markdown]
# ## What we found
#
# - **Data:** across the four models the generated share rises with the training share (the
#   plot). The points are pulled towards the middle: after a few hundred fine-tuning steps each
#   variant still carries its starting model's habits, and the default model itself draws fewer
#   lighter-skinned engineers than its data has (lesson 20: it damps and darkens).
# - **Markedness amplifies.** With the same people in the data, captions that name only the
#   minority make the bare prompt "a portrait of an engineer" draw *more* lighter-skinned engineers:
#   the `marked` model's share is above the unmarked model's by the difference printed in section 4,
#   whose 95 % bootstrap interval excludes zero, and its point estimate is above the data's own
#   share (the model is more skewed than its data), although at N = 128 its interval still includes
#   the data's share, so that last comparison needs more images to be decided. The cause is in the data's *captions*, not its pictures: among engineers whose caption
#   names no skin, the lighter share is far higher than among all engineers, and the model learned
#   exactly that. This is the shape of amplification audits report for large models: the default
#   prompt returns the unmarked majority. A fix follows from the cause: caption both groups
#   equally (as the default data does), or prompt for the group explicitly (lesson 23).
# - **Wording:** the four wordings' confidence intervals all overlap, so this audit cannot tell
#   them apart: with a bag-of-words text encoder and a 31-word
#   vocabulary, the wording carries little. Large models read whole sentences, and there the
#   wording matters more, which is why published audits report their exact prompts.
# - **Sampling:** as guidance grows from 1 to 5, fewer shades appear, the mix becomes less even
#   (entropy falls) and the share of lighter-skinned chefs falls too (the third table; 48 chefs per
#   scale, one seed): guidance, the knob that makes images "follow the prompt", also decides who
#   is in them.
#
# Caveat: the variants were *fine-tuned* from the default model for a few hundred steps (see their
# model cards), not trained from scratch; a from-scratch replication is one command
# (`python -m aigc_ethics.train --composition "engineer=0.1"`) and an hour of CPU.
#
# **Next:** [mitigations and their costs](23_mitigations.ipynb).
