# %% [markdown]
# # What does opting out undo?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/31_opt_out.ipynb)
#
# **The question:** an artist asks a model provider to remove their works. The provider deletes
# them from the training data and updates the model. Do prompts naming the artist still
# produce their style?
#
# **You will learn**
# - to measure a style with a classifier: the share of generations read as the artist's style;
# - what removing an artist's works and fine-tuning does, and does not, change;
# - why opt-out is easy before training and hard after it.
#
# **Run time:** about 40 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Background
#
# Chen et al. (2023, §4.3) describe Stability AI's plan to let artists exclude their works from
# future versions of Stable Diffusion, and (§2.3) the "Have I Been Trained" search that lets
# people check whether their works were used for training.
# An opt-out registered *after* a model was trained can only be honoured by retraining or by
# changing the model that exists.
#
# Our experiment: the shipped model `tiny` was trained on works by six fictional artists. The
# variant `optout-quist` starts from it and is fine-tuned for 400 steps on the same data with
# every work by `quist` (style: rings) removed (`composition_from_spec("optout=quist")`; the model
# card in `checkpoints/optout-quist` records the command, about 12 minutes on a shared 2-core CPU).

# %%
from aigc_ethics import replication as R
from aigc_ethics.attributes import load_classifier
from aigc_ethics.datasets import composition_from_spec, make_dataset
from aigc_ethics.generate import load_pipeline

data = make_dataset(composition_from_spec("optout=quist"), seed=0, scale=0.1)   # a tenth, to count quickly
print("artists in the opt-out training data:", sorted(set(data.attributes["artist"]) - {""}))
classifier = load_classifier()
artists = ["quist", "zarek"]            # the opted-out artist and one who stayed
reads = {name: R.style_read(R.generate_by_artist(load_pipeline(name, device=device), artists, n=16, seed=0),
                            classifier)
         for name in ["tiny", "optout-quist"]}
reads["tiny"].round(2)

# %%
reads["optout-quist"].round(2)

# %%
# alt: Bar chart of the share of 16 generations the classifier reads as rings (quist's style) for the prompt naming quist, before and after the opt-out fine-tune: both bars are at or near 1.
import matplotlib.pyplot as plt
share = [float(reads[n].loc["quist"].get("rings", 0.0)) for n in ["tiny", "optout-quist"]]
plt.figure(figsize=(4.5, 2.6))
plt.bar(["before (tiny)", "after opt-out fine-tune"], share, color=["#0072B2", "#D55E00"])
plt.ylim(0, 1.05); plt.ylabel("share read as 'rings'")
plt.title("prompt: 'a painting in the style of quist'", fontsize=9); plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found": quist's works are gone from the data, yet prompts naming quist are read as rings
# as often as before (within one generation of 16), and zarek is unaffected.
assert "quist" not in set(data.attributes["artist"])
assert share[1] >= share[0] - 1 / 16 and share[1] >= 0.9, share
zarek_read = [float(reads[n].loc["zarek"].get("shards", 0.0)) for n in ["tiny", "optout-quist"]]
assert abs(zarek_read[1] - zarek_read[0]) <= 1 / 16, zarek_read

# %% [markdown]
# ### Who is affected, with your number
#
# The artist who opted out is the stakeholder the measure was made for; whether it protects them
# decides whether the promise is honest ([thinking tools](../book/thinking_tools.md), rights and duties).

# %%
print(f"After the opt-out, {16 * share[1]:.0f} of every 16 images made with quist's name are still "
      f"in quist's style (before: {16 * share[0]:.0f}): an artist who opted out of this already-trained "
      f"model keeps losing work to imitations of it, and the opt-out gives a false sense of protection.")

# %% [markdown]
# ## What we found
#
# - Removing `quist`'s works and fine-tuning changed **nothing we can measure**: prompts naming
#   `quist` are still read as rings, as often as before (tables above), and the artist who
#   stayed is unaffected too.
# - **Why.** Fine-tuning only changes what the new data asks for. No caption in it contains the word
#   `quist`, so the word's embedding receives no gradient at all, and nothing in the new data asks
#   the network to *stop* drawing rings when that embedding appears. Deleting data is not
#   unlearning. Machine-unlearning methods try to push a concept out deliberately (for example by
#   fine-tuning the artist's name towards a generic prompt), and can only be checked by
#   measurements like this one.
# - **Before training**, opt-out is simple: a model trained from scratch without the works never
#   sees the style, and our tokenizer would refuse the unknown name (we did not train such a model
#   here; the style could still arrive through other artists' imitations). That is why
#   opt-out registers matter most *before* the next training run, and why they do nothing for models
#   already released, copied and fine-tuned by others.
# - What opt-out cannot undo at all: copies of the model already downloaded, images already made,
#   and styles learned from *other* artists' imitations of the opted-out artist.
#
# **Caveats.** One fine-tune (400 steps, learning rate 3e-4), 16 generations per prompt, a classifier
# trained on the same procedural styles. A longer fine-tune might erode the style through forgetting,
# but forgetting is not a guarantee an artist can rely on.
#
# ## Try it
#
# Ask both models for "an artwork" with no artist (`pipe("an artwork", num_images_per_prompt=32)`)
# and read the styles: did the opt-out change how often rings appear unprompted?
#
# **Next:** [invisible watermarks](32_invisible_watermarks.ipynb).
