# %% [markdown]
# # Mitigating bias, and what it costs
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/23_mitigations.ipynb)
#
# **The question:** can we make a generator depict people more evenly, and what do we pay in
# faithfulness, variety and time?
#
# **You will learn**
# - three mitigations: rebalancing the training data, diversifying the prompt, and
#   attribute-guided sampling in the spirit of Fair Diffusion (Friedrich et al. 2023);
# - to audit each one with the same measurement, before and after;
# - to weigh their costs: does the image still show the profession, how varied is it, how slow?
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
# ## The prompt and the measurement
#
# We audit "a portrait of an engineer", the most skewed profession in the training data (72 %
# lighter skin). For each method we generate 64 images with the same seed and record:
# the **share of lighter skin** (target: the 50 % reference) with a 95 % CI; **faithfulness**
# (the share the classifier still recognises as engineers); **diversity** (mean pixel distance
# between images); and **seconds per image** on this machine.

# %%
import matplotlib.pyplot as plt
from aigc_ethics.attributes import load_classifier
from aigc_ethics.bias import compare_methods, diversified_prompts, fair_generate
from aigc_ethics.images import image_grid
from aigc_ethics.generate import load_pipeline

classifier = load_classifier()
pipe = load_pipeline("tiny", device=device)
PROMPT, N = "a portrait of an engineer", 64

methods = {
    "no mitigation": lambda: pipe(PROMPT, num_images_per_prompt=N, generator=0, output_type="np").images,
    "rebalanced data": lambda: load_pipeline("balanced", device=device)(
        PROMPT, num_images_per_prompt=N, generator=0, output_type="np").images,
    "prompt diversification": lambda: pipe(diversified_prompts(PROMPT, N, seed=0), generator=0, output_type="np").images,
    "attribute guidance": lambda: fair_generate(pipe, PROMPT, N, edit_scale=2.0, seed=0)[0],
}
table, images = compare_methods(methods, classifier, "engineer")
table.drop(columns="seconds per image")

# %% [markdown]
# (Seconds per image vary between machines, so they are printed separately.)

# %%
# NBVAL_IGNORE_OUTPUT
table[["seconds per image"]]

# %%
# alt: Four rows of twelve generated engineers, one row per method: no mitigation, rebalanced data, prompt diversification and attribute guidance; the mitigated rows show more darker-skinned engineers.
fig, axes = plt.subplots(len(images), 1, figsize=(9, 1.2 * len(images)))
for ax, (name, imgs) in zip(axes, images.items()):
    ax.imshow(image_grid(imgs[:12], ncols=12, scale=1)); ax.set_axis_off(); ax.set_title(name, fontsize=9, loc="left")
plt.show()

# %% [markdown]
# ## Which differences can this audit decide?
#
# With 64 images per method, the intervals in the table overlap each other and 50 %, so reading a
# ranking off the shares would be reading noise. The methods were run from the *same seeds*: image
# *i* of every method starts from the same noise. A **paired** comparison resamples image indices
# jointly, so the noise the methods share cancels and the interval of each *change* is narrower.

# %%
from aigc_ethics.bias import paired_differences
paired = paired_differences(images, classifier, "no mitigation")
paired

# %% tags=["remove-cell"]
assert paired.loc["rebalanced data", "decided"] and paired.loc["rebalanced data", "change vs no mitigation"] < 0
assert not paired.loc["prompt diversification", "decided"]
assert not paired.loc["attribute guidance", "decided"]

# %% [markdown]
# ### Who is affected, with your number

# %%
change = paired.loc["rebalanced data", "change vs no mitigation"]
print(f"If this generator illustrated 1,000 job adverts for engineers, rebalancing its data would show about "
      f"{abs(round(1000 * change))} more darker-skinned engineers ({'decided' if paired.loc['rebalanced data', 'decided'] else 'not decided'} "
      f"at N = {N}); for the two cheaper methods this audit cannot tell whether anyone would see a different engineer.")

# %% [markdown]
# ## What we found
#
# - The table gives your numbers for each method: how close the share came to 50 %, and at what
#   cost in faithfulness, diversity and time. With 64 images the intervals overlap, so the table
#   alone cannot rank the methods.
# - The paired comparison decides one thing: **rebalancing the data** lowered the lighter share
#   (its interval excludes zero). For prompt diversification and attribute guidance the paired
#   interval includes zero: at N = 64 this audit cannot say they changed anything. Deciding would
#   take more images (the interval narrows with the square root of N), which is why published
#   audits use hundreds per prompt.
# - **Rebalancing the data** fixes the cause, but needs the data, a training run, and someone to
#   decide the target mix; for a web-scale model that is a large, contested project.
# - **Prompt diversification** is cheap and needs no retraining, but here it moved the share
#   little: our bag-of-words text encoder averages "with dark skin" with the rest of the prompt,
#   so the three extra words weigh little. It also only works for attributes the model has words
#   for, and it silently changes what the user asked for.
# - **Attribute guidance** leaves the prompt alone and steers every sampling step; it costs an
#   extra network pass per step (the time column) and can push images away from the profession
#   (faithfulness).
# - None of them decides *which* distribution is right. That remains a human choice, and an
#   audit is how you check that the choice was implemented.
#
# **Exercise:** [which mitigation moved the metric most?](../exercises/23_mitigations.ipynb)
