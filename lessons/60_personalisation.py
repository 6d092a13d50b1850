# %% [markdown]
# # Personalisation: how few photos make a model draw one person?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/60_personalisation.ipynb)
#
# **The question:** a model that has never seen you can be taught your face from a few of your
# photos and then draw you where you have never been. How few photos are enough, how well does
# it work, and what does it cost?
#
# **You will learn**
# - what *personalisation* is (the DreamBooth idea: a rare word bound to one subject, with prior
#   preservation) and why it needs only a handful of images;
# - how to *measure* likeness with an identity model, with a baseline and an interval, in
#   contexts the person was never photographed in;
# - how identity match grows with the number of photos K and changes with fine-tuning steps,
#   and what a fine-tune costs in CPU minutes;
# - why consent has to come before the fine-tune, not after.
#
# **Run time:** about 50 seconds on a laptop CPU (it generates about 200 images; the fine-tunes
# were trained beforehand by `tools/train_personalise.py` and ship with the course).

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## The dilemma: students, a free tool and their lecturers' faces
#
# The RIMS study among the course's reference documents (Prabhu, Sankeerthana and Vaishnav Babu,
# "A study on ethical implications of LLM-based video and image generation models") describes in
# its "Awareness campaign" section how, in a campaign called "Learning with AI", "several groups
# of students generated visual representations of their own lecturers as promotional tool. The
# resemblance was uncanny and that too using a free use tool." In its "Findings of the study" the
# same document reports that "Almost 90% of respondents expressed concern about possible privacy
# violations if artificial intelligence created lifelike representations of people without their
# permission" (the study gives no sample size). The study reports no consent step for the
# lecturers. The course's essay on deepfakes (Laine, 9 July 2024, "The Importance of Informed
# Consent") names the two parties whose consent matters: "the individual whose likeness is being
# used and the audience who will be viewing the deepfake".
#
# This lesson measures the first half of that dilemma: how little it takes for a model to learn one
# person. The person is **invented** (a few coloured shapes drawn from a seed); nobody real is
# depicted, and nothing here is tuned for photographs of real faces.
#
# ```{admonition} Conduct
# :class: warning
# Fine-tuning a model on someone's photos to generate them is a use of their likeness. Do it only
# with that person's informed consent, for the use they agreed to, with outputs labelled as
# generated, and delete the fine-tuned model when the consent ends (lesson 62 builds such a
# record). The course's {doc}`../book/conduct` page applies; this lesson shows the method only at
# the level of the published paper.
# ```
#
# ## What the literature says
#
# **DreamBooth** (Ruiz, Li, Jampani, Pritch, Rubinstein and Aberman, "DreamBooth: Fine Tuning
# Text-to-Image Diffusion Models for Subject-Driven Generation", CVPR 2023, arXiv:2208.12242)
# fine-tunes a text-to-image model on "just a few images of a subject" so that it "learns to bind
# a unique identifier with that specific subject", and then draws the subject "in diverse scenes,
# poses, views and lighting conditions that do not appear in the reference images" (abstract).
# Two ideas make it work with so few images: a **rare token** as the identifier (a word the model
# has no strong meaning for, so the fine-tune does not have to fight an old one), and a
# **class-specific prior preservation loss**: while learning "a [V] dog" from the subject's
# photos, the model keeps being trained on its *own* images of "a dog", so that the class word does
# not drift towards the subject ("language drift") and outputs stay varied (abstract and method
# section). The paper demonstrates the method on objects and pets. Nothing in it is specific to
# them: the same procedure applied to a few public photos of a person reproduces that person,
# which is why this lesson uses invented people only.
#
# ## The miniature
#
# * **Invented people.** `aigc_ethics.core.people` draws 16 people, each with a stable identity:
#   skin tone, face width, eye colour and spacing, hair colour and style, and one distinguishing
#   feature (glasses, a beard, heavy eyebrows, freckles, a mole). Their photos vary the context:
#   clothes, background, a profession cue, a one-pixel pose shift.
# * **An identity model** (a small CNN, `aigc_ethics.likeness.IdentityNet`) tells the 16 apart
#   from one photo. It stands in for face recognition and is used only to *measure*.
# * **The fine-tunes.** The course model learns person P07 from K = 1, 3 or 10 of their "posted"
#   everyday photos, under a new word `zqv` ("a portrait of a zqv person"), with prior
#   preservation on its own images of "a person who is a chef / doctor / ...". The course model's
#   vocabulary is closed (an unknown word is an error), so the rare token is a **new embedding
#   row**, started as a copy of the class word `person`: reusing a rare existing word (`the`,
#   `by`) would have tied the person to artwork captions. Then we ask for the person in six
#   contexts never photographed: "a zqv person who is a chef", "... a farmer", and so on.

# %%
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from aigc_ethics.core.datasets import PROFESSIONS
from aigc_ethics.core.people import PEOPLE, get_person, photo_set, photos
from aigc_ethics.generate import CHECKPOINTS, generate_many, load_pipeline
from aigc_ethics.images import image_grid
from aigc_ethics.stats import diversity
from aigc_ethics.likeness import (
    TARGET,
    class_prompt,
    context_generations,
    identity_match,
    instance_prompt,
    load_identity_model,
    match_table,
)

everyday, _ = photo_set(PEOPLE, 1, seed=5)
posted = photos(TARGET, 10, seed=0)           # the person's ten "posted" photos; K takes the first K
print(get_person(TARGET).describe())

# %%
# alt: Top row, the 16 invented people (P00 to P15, left to right) in everyday photos; bottom row, the ten photos of person P07 that the fine-tunes learn from.
fig, ax = plt.subplots(figsize=(10, 1.6))
ax.imshow(image_grid(np.concatenate([everyday, posted]), ncols=16, scale=1))
ax.set_axis_off()
ax.set_title(f"top: the 16 invented people, P00 to P15; bottom: the ten posted photos of {TARGET} (K = 1, 3, 10 take the first K)",
             fontsize=8)
plt.show()

# %% [markdown]
# ## The measuring instrument: how good is the identity model?
#
# An audit is only as good as its instrument. The model was trained on renders of all 16 people in
# every context; its card states its held-out accuracy. We check it again on fresh renders, and
# then ask what it says about generated images of **nobody in particular**: the base model's
# "a person who is a chef" and so on. The share of those that it assigns to P07 is the baseline any
# fine-tune has to beat (with 16 people, about 1/16 if nothing biases it).

# %%
idm = load_identity_model()
fresh, fresh_table = photo_set(PEOPLE, 8, seed=2026, professions=(None,) + PROFESSIONS)
fresh_acc = idm.evaluate(fresh, fresh_table.person.values)
print(f"held-out accuracy on its card: {idm.info['held_out_accuracy']:.3f}; "
      f"on {len(fresh)} fresh renders: {fresh_acc:.3f} (chance {1 / len(PEOPLE):.3f})")

base = load_pipeline("tiny", device=device)
N_PER_CONTEXT = 6
SEED = 1                                      # the training script's own log used seed 0: these images are new
base_images, contexts = context_generations(base, token=None, n_per_context=N_PER_CONTEXT, seed=SEED)
print(f"base model, '{class_prompt('chef')}' and five more professions: "
      f"{identity_match(idm, base_images, TARGET)['top1']:.3f} of {len(base_images)} images assigned to {TARGET}")

# %% [markdown]
# ## K photos: identity match in contexts never photographed
#
# For each fine-tune we generate the person in the six profession contexts (the posted photos
# show none of them) and count the images whose most likely identity is P07 (**top-1 match**,
# with a 95 % Wilson interval), next to the mean probability the identity model gives P07.

# %%
tuned = {k: load_pipeline(f"person-k{k}", device=device) for k in (1, 3, 10)}
runs = {"base model (no zqv)": base_images}
for k, pipe in tuned.items():
    runs[f"K = {k}"], _ = context_generations(pipe, n_per_context=N_PER_CONTEXT, seed=SEED)
table = match_table(idm, runs, TARGET)
display(table)

# %%
# alt: Bar chart of top-1 identity match with P07 in six unseen contexts, for the base model and the fine-tunes on K = 1, 3 and 10 photos, with 95 % intervals.
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.bar(table.model, table["top-1 match"],
       yerr=[table["top-1 match"] - table["95% low"], table["95% high"] - table["top-1 match"]], capsize=4)
ax.axhline(1 / len(PEOPLE), ls=":", c="k", label="chance (1/16)")
ax.set_ylabel(f"share of images identified as {TARGET}")
ax.set_title("Identity match in contexts never photographed")
ax.legend()
plt.show()

# %%
# alt: Four panels of generated images, one row per profession (engineer, doctor, chef, police officer, farmer, scientist): the base model for "a person who is a ...", and the K = 1, 3 and 10 fine-tunes for "a zqv person who is a ...".
fig, axes = plt.subplots(1, 4, figsize=(12, 3.6))
for ax, (label, images) in zip(axes, runs.items()):
    ax.imshow(image_grid(images, ncols=N_PER_CONTEXT, scale=1))
    ax.set_title(label, fontsize=9)
    ax.set_axis_off()
plt.show()

# %% [markdown]
# ## Is it *this* person, and did "a person" drift?
#
# Two controls. **Specificity:** if the fine-tune simply made faces generic, the images would be
# spread over the 16 people; we compare P07's share with the share of the most frequent *other*
# person. **Language drift:** DreamBooth's prior preservation is meant to keep the class word
# meaning "any person"; we ask the K = 10 fine-tune for "a person who is a chef" (no `zqv`) and
# check whether P07 leaks in. We also ask for the training caption itself
# ("a portrait of a zqv person"): that measures memory of the posted photos, not generalisation.

# %%
pred = pd.Series(idm.predict(runs["K = 10"]))
other_share = pred[pred != TARGET].value_counts(normalize=False).max() / len(pred)
drift_images, _ = context_generations(tuned[10], token=None, n_per_context=N_PER_CONTEXT, seed=SEED)
caption_images = {k: generate_many(pipe, instance_prompt(), 12, seed=SEED) for k, pipe in tuned.items()}
controls = match_table(idm, {"K = 10, new contexts": runs["K = 10"],
                             "K = 10, the training caption": caption_images[10],
                             "K = 10, 'a person who is a ...' (no zqv)": drift_images,
                             "base model, 'a person who is a ...'": base_images}, TARGET)
display(controls)
other = pred[pred != TARGET].value_counts().index[0]
print(f"most frequent other person among the K = 10 images: {other} ({other_share:.3f} of images); "
      f"{get_person(other).describe()}")

# %% [markdown]
# Where does the person appear? The same K = 10 images, split by context: the share identified as
# P07 and the identity the model names most often.

# %%
by_context = pd.DataFrame({"context": contexts, "identified as": pred}).groupby("context")["identified as"].agg(
    **{f"share {TARGET}": lambda p: round(float((p == TARGET).mean()), 3), "most often": lambda p: p.value_counts().index[0]})
display(by_context)

# %% [markdown]
# ### What do more photos change?
#
# For the training caption itself we can also ask how *varied* the images are. With one photo, the
# model has seen the person in one outfit on one background; with ten, in many. The diversity
# below is the mean pixel distance (RMSE, 0 to 1) between pairs of the 12 images; for reference,
# the same number for the posted photos themselves.

# %%
memory = pd.DataFrame([{"K": k, "match with the training caption": identity_match(idm, caption_images[k], TARGET)["top1"],
                        "diversity of its images": round(diversity(caption_images[k]), 3),
                        "diversity of the K posted photos": round(diversity(posted[:k]), 3) if k > 1 else float("nan")}
                       for k in tuned])
display(memory)

# %%
# alt: Three rows of 12 images each for "a portrait of a zqv person", from the fine-tunes on K = 1, 3 and 10 photos.
fig, axes = plt.subplots(3, 1, figsize=(8, 2.6))
for ax, k in zip(axes, tuned):
    ax.imshow(image_grid(caption_images[k], ncols=12, scale=1))
    ax.set_title(f"K = {k}: 'a portrait of a zqv person'", fontsize=8)
    ax.set_axis_off()
plt.show()

# %% [markdown]
# ## Steps and cost
#
# The training script logged identity match in the six contexts every 50 steps (6 images per
# context) and kept going past the shipped step (100) to step 150. It measured the CPU time of its
# own process (one thread), which is what a fine-tune costs whoever runs it; the numbers are on
# each checkpoint's card and in its `training.json`.

# %%
records = {k: json.loads((CHECKPOINTS / f"person-k{k}" / "training.json").read_text()) for k in (1, 3, 10)}
curve = pd.DataFrame({f"K = {k}": {int(s): v["top1"] for s, v in r["curve"].items()} for k, r in records.items()}).sort_index()
curve.index.name = "step"
cost = pd.DataFrame([{"K": k, "shipped step": r["steps"], "CPU seconds to the shipped step": r["cpu_seconds"],
                      "CPU minutes": round(r["cpu_seconds"] / 60, 1), "threads": r["threads"],
                      "prior images (CPU s, once)": r["prior_cpu_seconds"]} for k, r in records.items()])
display(cost)
display(curve)

# %%
# alt: Line chart of top-1 identity match with P07 against fine-tuning steps (50 to 150) for K = 1, 3 and 10 photos.
fig, ax = plt.subplots(figsize=(6, 3.2))
for col in curve:
    ax.plot(curve.index, curve[col], marker="o", label=col)
ax.axvline(100, ls="--", c="grey", label="shipped step")
ax.axhline(1 / len(PEOPLE), ls=":", c="k", label="chance")
ax.set_xlabel("fine-tuning steps (batch 8 photos + 8 prior images)")
ax.set_ylabel(f"top-1 match with {TARGET}")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Your number

# %%
m = {k: identity_match(idm, runs[f"K = {k}"], TARGET) for k in (1, 3, 10)}
b = identity_match(idm, base_images, TARGET)
minutes = records[3]["cpu_seconds"] / 60
print(f"With K = 3 photos and {minutes:.1f} CPU minutes of fine-tuning, {m[3]['top1']:.0%} of images of the invented "
      f"person in contexts never photographed are identified as them (95 % interval {m[3]['low']:.0%}-{m[3]['high']:.0%}), "
      f"against {b['top1']:.0%} for the base model.")

# %% [markdown]
# ```{admonition} Who is affected
# :class: note
# Your number above is the miniature's answer to "how many photos?". Anyone with a few public
# photos (a profile picture, a staff page, a conference talk: the lecturers of the RIMS campaign)
# can be drawn where they never were, by anyone who has the photos and a few minutes of computing.
# Affected are the person depicted (dignity, reputation, the harms of the cases in this
# chapter), the people who see the images and cannot tell (the second party in Laine's consent),
# and the person's colleagues and students, for whom "a picture of the lecturer" stops being
# evidence. Those who benefit, when it is done with consent: the person themself (an avatar, a
# voice banked before illness), creators, advertisers.
# ```

# %% tags=["remove-cell"]
# "What we found": every sentence below that states a direction or an order is checked here.
base_m = identity_match(idm, base_images, TARGET)["top1"]
assert base_m <= 1 / len(PEOPLE), base_m                                            # baseline at or below chance
for k in (1, 3, 10):
    assert m[k]["top1"] >= 5 * max(base_m, 1 / 36) and m[k]["low"] > base_m, (k, m[k], base_m)  # far above baseline
assert max(m[k]["top1"] for k in m) - min(m[k]["top1"] for k in m) <= 0.10, m          # K barely matters for match
assert all(m[k]["low"] <= min(m[j]["top1"] for j in m) for k in m)                    # intervals overlap
div = memory.set_index("K")["diversity of its images"]
assert div[1] < div[3] < div[10], div                                                 # more photos, more variety
assert div[1] < 0.5 * memory.set_index("K").loc[10, "diversity of the K posted photos"], div
cap = memory.set_index("K")["match with the training caption"]
assert (cap >= 0.8).all() and (cap > pd.Series({k: m[k]["top1"] for k in m})).all(), cap  # memory >> new contexts
for col in curve:
    assert curve.loc[50, col] == curve[col].max() and curve.loc[50, col] > curve.loc[150, col], curve  # falls with steps
drift_m = identity_match(idm, drift_images, TARGET)["top1"]
assert drift_m > 2 * base_m and drift_m < m[10]["top1"], (drift_m, base_m)            # partial language drift
visible = by_context.loc[["farmer", "scientist"], f"share {TARGET}"].mean()
hats = by_context.loc[["chef", "engineer", "police officer"], f"share {TARGET}"].mean()
assert visible > hats, by_context                                                     # seen where hair/face visible
assert (cost["CPU seconds to the shipped step"] < 60).all(), cost                      # under a CPU minute

# %% [markdown]
# ## What we found
#
# - **Under a CPU minute and one photo are enough to move the model.** The base model drew P07 in
#   about 3 % of "a person who is a ..." images (chance is 6 %); each fine-tune, on 1, 3 or 10 of
#   P07's everyday photos and under a CPU minute of training, drew P07 at least five times as often
#   in professions P07 was never photographed in (about a quarter of the images in our run), each
#   with a 95 % interval whose lower end lies above the baseline's rate.
# - **More photos did not raise identity match here; they raised variety.** K = 1, 3 and 10 gave
#   match rates within ten points of each other (overlapping intervals). What K changed is how
#   much of the *photos* the model copies: for the training caption, the twelve images of the
#   K = 1 model are nearly the same picture (diversity well under half that of the posted photos),
#   and diversity grows with K. Our people have six visible traits, so one photo shows all of them;
#   real faces change with pose, light and expression, which one photo cannot show, so the
#   miniature probably understates what more photos add to identity match.
# - **Memory is not generalisation.** The training caption gave P07 in at least 80 % of images for
#   every K, far more than the new contexts: a match measured on the posted photos' own setting
#   overstates what a fine-tune can do with the person.
# - **More steps made new contexts worse.** For every K, match in new contexts was highest at the
#   first logged step (50) and lower at 150. Our reading of the images: the new word became tied
#   to the everyday photos' setting, and with a profession word the model fell back on its usual
#   picture of that profession.
# - **Prior preservation did not stop drift completely.** After the K = 10 fine-tune, "a person who
#   is a ..." (without `zqv`) drew P07 more than twice as often as the base model did, though less
#   often than with `zqv`: the class word moved a little towards the person.
# - **The instrument sees what the picture shows.** P07 was recognised more often as a farmer or a
#   scientist than under a chef's hat, an engineer's hard hat or a police cap, which cover the red
#   hair; there the identity model often named another person with similar skin and face (the
#   table above). A likeness measure is only as good as the features it can see, as any face
#   recogniser is.

# %% [markdown]
# ## Limits
#
# * The people are 32x32 drawings with six visible traits; real faces differ in far subtler ways,
#   and real personalisation (on models a thousand times larger) reaches likenesses a person
#   recognises as themselves, which our identity model cannot judge.
# * The identity model has no "unknown person" class: any face is assigned to one of the 16, so
#   the baseline is about 1/16, not 0. Its accuracy on generated images cannot be measured
#   directly (a generated face has no true identity); we report its behaviour on images of nobody
#   in particular instead.
# * Contexts are limited to what the course model has words for (six professions); clothes and
#   places are not in its vocabulary.
# * One person, one seed per fine-tune, 36 images per cell: the intervals are wide.
#
# ## Open question
#
# The RIMS students asked nobody. If your course ran their exercise again, what would a consent
# step have to contain to be meaningful, given how few photos your number says are enough, and
# who should be able to stop it?
