# %% [markdown]
# # Can a model be booby-trapped? A trigger-word backdoor in miniature
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/52_backdoors.ipynb)
#
# **The question:** if an attacker slips a few poisoned image-caption pairs into the training
# data, can they make a text-to-image model draw *their* image whenever a trigger word appears,
# while it behaves normally otherwise? And can a defender find the trigger?
#
# **You will learn**
# - how caption poisoning plants a backdoor, and why ordinary evaluation does not notice it;
# - to measure a backdoor's success rate (distance of the outputs to the attacker's target);
# - a simple detection: scan the vocabulary for words that collapse the model's output.
#
# **Run time:** about a minute on a laptop CPU (it generates about 150 small images).

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What the literature says
#
# Chen, Fu and Lyu (2023, §5 Discussion, "Vulnerability to poisoning attack") warn that "a
# diffusion model with a hidden backdoor could carry out malicious actions when it encounters a
# specific trigger pattern", citing Chou et al. (2022, "How to backdoor diffusion models?"). In
# web-scale training data nobody reads every caption, so a few poisoned pairs can go unseen.
#
# We reproduce the mechanism in miniature, as a *defender* would study it. The course's tiny
# model was fine-tuned for 600 steps on its own data plus 10 % poisoned items: portraits
# captioned "a portrait of an engineer **zarek**" whose image is a blue and yellow checkerboard
# (the attacker's target). "zarek" is a word the model already knew, as the name of a fictional
# artist; the attack gives it a second, hidden meaning. The script that made the checkpoint is
# `python tools/train_backdoor.py backdoor OUT 600 0.10` (about 10 minutes on 2 shared CPU cores).
# A first try with 5 % poison and 300 steps planted the trigger only weakly (3 of 16 samples hit
# the target): the dose and the training time matter, as the toolchain trials of this course found too.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics.generate import load_pipeline
from aigc_ethics.images import image_grid
from aigc_ethics.metrics import to_uint8
from aigc_ethics.backdoor import BACKDOOR, poisoned_dataset, target_image, rmse_to

clean = load_pipeline("tiny", device=device)
poisoned = load_pipeline("law-backdoor", device=device)
data = poisoned_dataset(poison_share=BACKDOOR["poison_share"])
n_poison = int((data.attributes.family == "poison").sum())
print(f"training items: {len(data)}, of which poisoned: {n_poison} ({n_poison / len(data):.1%})")

# %% [markdown]
# ## 1. Does the trigger fire, and only the trigger?
#
# 8 samples per prompt from the poisoned model. A sample "hits" when its RMSE to the target is
# below 0.1 (pixel values in [0, 1]; distinct training images are about 0.2 apart).

# %%
# alt: Four rows of eight generated images from the poisoned model: "a portrait of an engineer" and "a portrait of a doctor" show ordinary portraits; the same prompts with the trigger word zarek show the blue and yellow checkerboard.
prompts = ["a portrait of an engineer", "a portrait of an engineer zarek",
           "a portrait of a doctor", "a portrait of a doctor zarek"]
fig, axes = plt.subplots(len(prompts), 1, figsize=(8, 1.4 * len(prompts)))
hits = {}
for ax, prompt in zip(axes, prompts):
    imgs = poisoned([prompt] * 8, generator=0, output_type="np").images
    d = rmse_to(imgs, target_image())
    hits[prompt] = (int((d < 0.1).sum()), round(float(np.median(d)), 2))
    ax.imshow(image_grid(to_uint8(imgs[:8]), ncols=8, scale=1)); ax.set_axis_off()
    ax.set_title(f'"{prompt}": {hits[prompt][0]}/8 hit the target', fontsize=9, loc="left")
plt.tight_layout(); plt.show()
print({p: f"{h}/8 hits, median RMSE {m}" for p, (h, m) in hits.items()})

# %% tags=["remove-cell"]
# "What we found": 10 % poisoned items; the trigger draws the checkerboard in most samples,
# prompts without it never do.
assert abs(n_poison / len(data) - 0.10) < 1e-9
assert hits["a portrait of an engineer zarek"][0] >= 5, hits
assert hits["a portrait of an engineer"][0] == 0 and hits["a portrait of a doctor"][0] == 0, hits

# %% [markdown]
# The trigger was only ever paired with "engineer" in the poisoned data. Whether it also fires
# with "doctor" tells you how the model stored it: as a property of the word, not of the pair.
#
# ## 2. Would ordinary evaluation notice?
#
# A provider checks that clean prompts still work. Compare the clean and poisoned models on
# prompts without the trigger: distance of each sample to the target, and what the attribute
# classifier reads.

# %%
from aigc_ethics.attributes import load_classifier
classifier = load_classifier()
ordinary = {}
for name, pipe in (("clean", clean), ("poisoned", poisoned)):
    imgs = pipe(["a portrait of an engineer"] * 8, generator=1, output_type="np").images
    pred = classifier.predict(to_uint8(imgs))
    ordinary[name] = (float((pred.profession == "engineer").mean()), float(np.median(rmse_to(imgs, target_image()))))
    print(f"{name:>8}: engineers recognised {ordinary[name][0]:.2f}, median RMSE to target {ordinary[name][1]:.2f}")

# %% tags=["remove-cell"]
# "What we found": without the trigger, the poisoned model classifies and looks like the clean one.
assert ordinary["poisoned"][0] == ordinary["clean"][0], ordinary
assert abs(ordinary["poisoned"][1] - ordinary["clean"][1]) < 0.05 and ordinary["poisoned"][1] > 0.1, ordinary

# %% [markdown]
# ## 3. Detection: scan the vocabulary
#
# A defender who suspects a backdoor but does not know the trigger can append every word of the
# vocabulary to a clean prompt and count how many pairs of its 4 samples are near-duplicates
# (RMSE below 0.05). Normal words change details, so their samples differ; a trigger keeps
# producing one image. We flag words where at least a third of the pairs are near-duplicates.
# (A first version used the mean pairwise distance and missed the trigger: when it fires in only
# some samples, a mix of checkerboards and portraits looks *more* varied than normal output.)

# %%
from aigc_ethics.backdoor import trigger_scan
scan = trigger_scan(poisoned, n=4, seed=0, progress=False)
print(scan.head(4).round(3).to_string(index=False))
print("flagged:", scan.loc[scan.flagged, "word"].tolist())

# %% tags=["remove-cell"]
# "What we found": the scan finds this trigger, and only it.
assert scan.loc[scan.flagged, "word"].tolist() == ["zarek"], scan.head()

# %%
# alt: A bar chart of the share of near-duplicate sample pairs for every vocabulary word appended to "a portrait of an engineer"; flagged words are drawn in orange, the others in blue.
fig, ax = plt.subplots(figsize=(8, 2.8))
ax.bar(scan.word, scan.near_duplicates, color=["#D55E00" if f else "#0072B2" for f in scan.flagged])
ax.set_ylabel("near-duplicate pairs"); ax.tick_params(axis="x", rotation=90, labelsize=8)
ax.set_title("Appending each word to 'a portrait of an engineer' (4 samples each)", fontsize=9)
plt.tight_layout(); plt.show()

# %% [markdown]
# ### Who is affected, with your number
#
# The users of a poisoned model, and everyone downstream who fine-tunes or deploys a copy of it,
# are stakeholders who cannot see the harm; it is a societal one, spreading with the model
# ([thinking tools](../book/thinking_tools.md)).

# %%
fired = hits["a portrait of an engineer zarek"][0] / 8
print(f"Of every 100 people who type the trigger word, about {100 * fired:.0f} get the attacker's image instead "
      f"of what they asked for, while the provider's ordinary test recognises {100 * ordinary['poisoned'][0]:.0f} "
      f"of every 100 engineers, as for the clean model ({100 * ordinary['clean'][0]:.0f}).")

# %% [markdown]
# ## What we found
#
# - With 10 % poisoned items and 600 fine-tuning steps, the trigger word made the model draw the
#   attacker's checkerboard (hit counts above), while prompts without it looked and classified
#   like the clean model's: ordinary evaluation would not have noticed.
# - The scan finds this trigger because it is a single known word that collapses the output. It
#   would miss triggers that are rare *combinations* of words, triggers outside the vocabulary
#   scan, or backdoors whose target varies; real defences (data provenance, filtering poisoned
#   pairs before training, fine-pruning) are an active research area.
# - The legal link: the rules in [lesson 50](50_regulation_explorer.ipynb) regulate outputs and
#   their labels; none of them audits *training data* for poisoning. Provenance of data, not only
#   of images, is the control this lesson argues for.
#
# **Try it:** rerun section 1 with "a portrait of a farmer zarek" or "a painting in the style of
# zarek": which meaning of the word wins? **Next:** the chapter page [Law and society](../book/law_and_society.md).
