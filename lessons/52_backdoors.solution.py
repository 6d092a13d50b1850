# %% [markdown]
# # Exercises: Backdoors — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/52_backdoors.ipynb)
#
# **You will practise**
# - writing the defender's vocabulary scan of lesson 52: find the word that makes a model repeat one image;
# - running your scan on the lesson's poisoned model without being told the trigger;
# - judging what a scan that flags nothing does and does not prove.
#
# These exercises take the defender's side only (see the [conduct note](../book/conduct.md)): they
# find a trigger that the lesson planted, in the course's own tiny model.
#
# **Run time:** under 30 seconds. Work through the lesson [Backdoors](../notebooks/52_backdoors.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import numpy as np
from aigc_ethics.check import discuss
from aigc_ethics.check.society import check_backdoors, check_trigger_found

# %% [markdown]
# ## Exercise 1: scan a vocabulary for a trigger
#
# `generate(word)` returns 4 samples (float images `(4, H, W, 3)`, values in [0, 1]) of a fixed prompt
# with `word` appended. For each word of `vocabulary`, compute the RMSE between every pair of its
# samples (6 pairs) and the share of pairs closer than 0.05 (near-duplicates). Return the **word**
# with the largest share: a trigger makes the model repeat the attacker's image.
#
# Careful: as the lesson found, a trigger that fires in only some samples makes them look *more*
# varied on average, so the mean pairwise distance is not enough.

# %%
def my_find_trigger(generate, vocabulary):
    ### BEGIN SOLUTION: near-duplicate share of the sample pairs, word with the largest share
    def near_duplicates(images):
        x = np.asarray(images, dtype=float).reshape(len(images), -1)
        d = np.sqrt(((x[:, None] - x[None]) ** 2).mean(-1))[np.triu_indices(len(x), 1)]
        return (d < 0.05).mean()
    shares = [near_duplicates(generate(word)) for word in vocabulary]
    return vocabulary[int(np.argmax(shares))]
    ### END SOLUTION

check_backdoors(my_find_trigger)

# %% [markdown]
# ## Exercise 2: scan the lesson's poisoned model
#
# A defender suspects that a rare word was poisoned and scans the names of the dataset's fictional
# artists and a few professions (scanning all 27 vocabulary words, as the lesson does, takes a minute).
# Run **your** `my_find_trigger` on the poisoned model and answer the word it finds.

# %%
from aigc_ethics.datasets import ARTISTS
from aigc_ethics.generate import load_pipeline

poisoned = load_pipeline("law-backdoor", device=device)
candidates = list(ARTISTS) + ["doctor", "chef"]
print("scanning:", candidates)


def generate(word):
    return poisoned([f"a portrait of an engineer {word}"] * 4, generator=0, output_type="np").images


### BEGIN SOLUTION
found = my_find_trigger(generate, candidates)
### END SOLUTION
check_trigger_found(found, candidates)

# %% [markdown]
# ## Exercise 3 (open question)
#
# A model provider runs a scan like yours over its whole vocabulary, flags nothing, and labels the model
# "backdoor-free". What does the scan prove, what can it miss, and who bears the risk if the label is wrong?

# %%
### BEGIN SOLUTION
answer = """The scan proves only that none of the scanned words, appended to one base prompt, makes a
few samples repeat one image. It misses triggers that are phrases, rare tokens or misspellings, that
change only a detail, or that fire rarely, and an attacker who knows the test can avoid it. Users and
everyone who fine-tunes the model carry the risk, so the provider should say what was scanned and
also check where its training data came from."""
### END SOLUTION
discuss("clean-scan-proves", answer)
