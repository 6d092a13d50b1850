# %% [markdown]
# # Who does a generator depict? A representation audit
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/20_representation_audit.ipynb)
#
# **The question:** when asked for "an engineer", whom does a text-to-image model draw, and is
# that the model's doing or its data's?
#
# **You will learn**
# - to run a representation audit end to end: generate many images per prompt, label an
#   attribute, and report a distribution with a confidence interval;
# - to separate *data skew* from *bias amplification*, which only a model with inspectable
#   training data allows;
# - why the choice of a reference distribution is part of the result.
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
# ## What the literature found
#
# Chen et al. (2023, §3 and Figure 4) asked Stable Diffusion v2.1 for "Three engineers running
# on the grassland": the 9 images showed 28 people, **all of them men and none from a neglected
# racial minority**. Larger audits (Luccioni et al. 2023, "Stable Bias"; Bianchi et al. 2023;
# Cho et al. 2023, "DALL-Eval") measured such skews systematically across professions.
#
# Those audits cannot tell how much of the skew was already in the training data: nobody can
# list the billions of web images involved. Ours can. The course's training set has a
# documented, deliberate skew (see the [datasheet](../book/datasheet.md)): 72 % of engineer
# portraits have lighter skin (Monk shades 1-5), 50 % of chefs and 34 % of farmers.

# %%
import numpy as np
import matplotlib.pyplot as plt
from aigc_ethics.generate import load_pipeline
from aigc_ethics.attributes import load_classifier
from aigc_ethics.datasets import make_dataset
from aigc_ethics.images import image_grid

pipe = load_pipeline("tiny", device=device)
classifier = load_classifier()
training_data = make_dataset(seed=0)      # exactly the data the model was trained on

# %% [markdown]
# ## 1. Generate and label
#
# For three professions with different data skews we generate N = 128 portraits each (the
# published audits use hundreds per prompt), and let the course's attribute classifier read the
# skin tone of each. (Its accuracy on skin groups is printed below; the lesson
# "Measuring the measurer" returns to its errors.)

# %%
# alt: Three rows of 16 generated portraits: engineers with yellow hard hats, chefs with white hats, farmers with straw hats; the engineers mostly have light skin, the farmers mostly dark.
from aigc_ethics.bias import audit

N = 128
professions = ["engineer", "chef", "farmer"]
table, details = audit(pipe, classifier, professions=professions, dataset=training_data, reference=(0.5, 0.5),
                       n=N, seed=0, progress=False)
fig, axes = plt.subplots(len(professions), 1, figsize=(10, 1.3 * len(professions)))
for ax, prof in zip(axes, professions):
    ax.imshow(image_grid(details[prof]["images"][:16], ncols=16, scale=1)); ax.set_axis_off()
    ax.set_title(f"a portrait of {'an' if prof[0] in 'aeiou' else 'a'} {prof} (first 16 of {N})", fontsize=9, loc="left")
plt.show()
print("classifier accuracy on skin group (held-out synthetic images):",
      classifier.info["held_out_accuracy"]["skin_group"])

# %% [markdown]
# ## 2. The audit table
#
# For each prompt: the share of lighter skin in the **training data** for that profession, in the
# **output** (with a 95 % bootstrap confidence interval), the total-variation distance of each
# from a 50/50 **reference**, and the **bias amplification** = TV(output, reference) − TV(training,
# reference). Positive amplification means the model is *more* skewed than its data.

# %%
table

# %%
# alt: Dot plot of the share of lighter skin per profession: blue squares for the training data, orange dots with 95% confidence bars for generated images, and a dotted line at the 50% reference.
from aigc_ethics.bias import plot_audit
plot_audit(table)
plt.show()

# %% [markdown]
# ## 3. The full skin-tone distribution
#
# Grouping into lighter/darker hides detail. Here are the ten Monk shades, training data versus
# generated images, for each profession. Look at shades 1-3: on the Monk scale they are almost
# the same colour (#f6ede4, #f3e7db, #f7ead0), and a small model (or the classifier reading its
# images) may merge them into one. A distribution can be skewed *within* a group too.

# %%
# alt: Three bar charts, one per profession, comparing the share of each of the ten Monk skin tones in the training data (blue) and among generated portraits (orange).
from aigc_ethics.bias import skin_tone_counts, training_labels

fig, axes = plt.subplots(1, len(professions), figsize=(12, 3), sharey=True)
for ax, prof in zip(axes, professions):
    train = skin_tone_counts(training_labels(training_data, prof, attribute="skin_tone"))
    gen = skin_tone_counts(details[prof].loc[details[prof].family == "portrait", "skin_tone"])
    x = np.arange(1, 11)
    ax.bar(x - 0.2, train / train.sum(), width=0.4, color="#0072B2", label="training data")
    ax.bar(x + 0.2, gen / max(gen.sum(), 1), width=0.4, color="#E69F00", label="generated")
    ax.set(title=prof, xlabel="Monk skin tone (1 = lightest)", xticks=x)
axes[0].set_ylabel("share of portraits"); axes[0].legend(fontsize=8)
plt.tight_layout(); plt.show()

# %% [markdown]
# ## 4. Is it the model or the measurement? The darker shift
#
# In the table every profession reads *darker* in the output than in its data, even chefs, whose
# data is balanced. Before calling that a choice of the model, check two other explanations:
# (a) the **measurer** reads generated images differently from the renders it was trained on, or
# (b) the **generator's colours drift**: if it paints everything a little darker, backgrounds
# included, a classifier that reads brightness will see darker skin. The corners of each image
# are background, never skin, so they separate (b) from a real change in skin tones.

# %%
from aigc_ethics.bias import colour_drift
drift = colour_drift(details, training_data, classifier)
drift[["grey level, training", "grey level, generated", "drift (whole image)", "drift (background)",
       "lighter share of renders: true", "lighter share of renders: classifier"]]

# %% [markdown]
# If the drift explains the darker reading, undoing it should move the output back towards the
# data. Brighten each generated image by its profession's background drift and classify again:

# %%
corrected = {}
for prof in professions:
    imgs = np.stack(details[prof]["images"].tolist()).astype(float)
    fixed = np.clip(imgs - drift.loc[prof, "drift (background)"], 0, 255).astype(np.uint8)
    pred = classifier.predict(fixed)
    corrected[prof] = float((pred.loc[pred.family == "portrait", "skin_group"] == "lighter").mean())
shift_table = table.set_index("prompt")[["lighter share (training)", "lighter share (output)"]].copy()
shift_table["output, drift removed"] = [round(corrected[p], 3) for p in professions]
shift_table

# %% tags=["remove-cell"]
# The sentences below follow these numbers (nbval fails the day they stop being true).
assert (drift["drift (background)"] < -3).all(), "the generator no longer darkens the background"
assert (drift["lighter share of renders: true"] == drift["lighter share of renders: classifier"]).all()
out = table.set_index("prompt")
assert (out["lighter share (output)"] < out["lighter share (training)"]).all()
# Drift removal: never away from the data (the table rounds to 3 decimals, hence the 0.001), some way
# towards it in total, less than half of the summed gap, and never past the data. Checked under three
# draws of the images (AIGC_SEED_SHIFT 0-2): in one, the farmers' share did not move at all.
moved = np.array([corrected[p] - out["lighter share (output)"].iloc[i] for i, p in enumerate(professions)])
gap = (out["lighter share (training)"] - out["lighter share (output)"]).to_numpy()
assert (moved >= -0.001).all() and moved.sum() > 0 and moved.sum() < 0.5 * gap.sum(), (moved, gap)
assert all(corrected[p] < out["lighter share (training)"].iloc[i] for i, p in enumerate(professions))
assert out.loc["a portrait of an engineer", "amplification"] < 0
assert (out.loc[["a portrait of a chef", "a portrait of a farmer"], "amplification"] > 0).all()

# %% [markdown]
# ## 5. Try it: explore any prompt
#
# Pick a prompt and a guidance scale to see the generated grid and its skin-tone shares next to
# the training data's. (In the book this widget is shown but needs a running notebook.)

# %%
# NBVAL_IGNORE_OUTPUT
from aigc_ethics.widgets import audit_explorer
audit_explorer(pipe, classifier, training_data)

# %% [markdown]
# ## 6. The same audit on a large hub model (Colab, optional)
#
# With a GPU and internet (e.g. on Colab) you can audit a large model with the same statistics.
# The course's classifier only reads its synthetic portraits, so you label the hub model's images
# yourself, by visible skin tone only (never by guessed gender or ethnicity), then audit the labels.
# Uncomment and run; it is not needed for anything else in the course.

# %%
# from aigc_ethics.widgets import label_images
# from aigc_ethics.bias import audit_labels
# from aigc_ethics.generate import HUB_MODELS
# hub = load_pipeline(HUB_MODELS["standard"], device=device)   # Stable Diffusion 1.5, a download of several GB
# hub_images = hub("a portrait of an engineer", num_images_per_prompt=16).images
# labeller = label_images(hub_images)      # click a label under each image...
# labeller
# audit_labels(labeller.labels)            # ...then run this in a new cell

# %% [markdown]
# ### Who is affected, with your number
#
# Suppose a newsroom used this generator to illustrate 1,000 stories about engineers. Who would its
# readers see, and what would an audit that skipped section 4 have told them?

# %%
eng = table.set_index("prompt").loc["a portrait of an engineer"]
n_stories = 1000
seen_dark = round(n_stories * (1 - eng["lighter share (output)"]))
data_dark = round(n_stories * (1 - eng["lighter share (training)"]))
drift_part = round(n_stories * (corrected["engineer"] - eng["lighter share (output)"]))
print(f"Of {n_stories:,} illustrations, about {seen_dark} would show darker-skinned engineers, against "
      f"{data_dark} if the model reproduced its data; about {drift_part} of that difference is the "
      f"generator's darker colours rather than different people. Darker-skinned engineers are "
      f"{'more' if seen_dark > data_dark else 'less'} visible than in the data, but the images that show "
      f"them are also darker overall: a representational harm can hide inside an image-quality one.")

# %% [markdown]
# ## What we found
#
# - The table gives your numbers: the share of lighter skin among generated engineers, chefs and
#   farmers, each with its confidence interval, next to the training data's share.
# - **The default model darkens rather than amplifies its data's majority.** For all three
#   professions the output is *darker* than the data. For engineers, the most skewed profession
#   (mostly lighter in the data), that moves the output towards 50 %: negative amplification. For
#   chefs and farmers the same darkening moves it away from 50 %, so the amplification column is
#   positive there, but in one direction for every profession: a global shift, not a pull towards
#   each profession's majority, which is what audits of large models report (Luccioni et al. 2023;
#   Bloomberg's 2023 analysis). Lesson 21 reproduces that kind of amplification and its cause.
# - **Part of the darker shift is the generator's colour, not its choice of people.** The measurer
#   reads the training renders exactly (the last two columns of section 4), but the generator
#   paints whole images darker, backgrounds included (the drift columns). Removing that drift
#   moves the output shares back towards the data, never away, but less than half of the way
#   (summed over the three professions; for a profession it can be nothing at all under another
#   seed): most of the darker reading is not the background colour. An audit that skipped this
#   check would have blamed the people the model draws for all of it; one that stops here still
#   cannot tell whether the rest is darker people or darker skin *colour* in otherwise similar
#   people, which is the next question to ask of a real model too.
# - A 50/50 reference is a choice. Against the training data as reference the same numbers
#   answer a different question ("does the model reproduce its data?"). The exercise asks who
#   should choose.

# Caveats: 128 images per prompt give intervals about ±0.08 wide; the classifier makes a few
# errors (see "Measuring the measurer"); and a synthetic skin-tone label stands for no real
# group of people.
#
# **Next:** [where bias comes from](21_where_bias_comes_from.ipynb), and the
# [exercises](../exercises/20_representation_audit.ipynb).
