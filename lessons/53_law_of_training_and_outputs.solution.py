# %% [markdown]
# # Exercises: The law of training and of outputs — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/53_law_of_training_and_outputs.ipynb)
#
# **You will practise**
# - reading a machine-readable TDM reservation file correctly (0 is not an opt-out; a broken file is an error);
# - measuring what honouring it removes from a training set;
# - judging what an opt-out should oblige after a model was trained.
#
# **Run time:** under a minute on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: who opted out?
#
# Write `reserved(text)` that reads a TDMRep-style file (a JSON list of rules with `location`
# `/works/<artist>/*` and `tdm-reservation` 0 or 1) and returns the **set of artist names** that
# reserved their rights. A file that is not valid JSON must raise `ValueError` (silently treating a
# broken file as "nothing reserved" would train on works whose owners tried to opt out).

# %%
import json
from aigc_ethics.check.rights import check_reserved_artists


def reserved(text):
    ### BEGIN SOLUTION
    rules = json.loads(text)          # json.JSONDecodeError is a ValueError
    return {r["location"].split("/")[2] for r in rules if r["tdm-reservation"] == 1}
    ### END SOLUTION


check_reserved_artists(reserved)

# %% [markdown]
# ## Exercise 2: what does it remove?
#
# Write `removed_share(artists, reserved)`: `artists` gives the artist of every item in a training set
# (`""` for a portrait), `reserved` is a set of artist names. Return the share (between 0 and 1) of the
# **whole** training set that honouring the reservations removes.

# %%
from aigc_ethics.check.rights import check_removed_share


def removed_share(artists, reserved):
    ### BEGIN SOLUTION
    return sum(a in reserved for a in artists) / len(artists)
    ### END SOLUTION


check_removed_share(removed_share)

# %% [markdown]
# ## Open question
#
# In the lesson, honouring the opt-out before training removed every work by `quist`; deleting the
# works and fine-tuning after training left the style in the model. Should an opt-out registered
# *after* a model was released oblige its provider to do anything, and what could be checked?
# Write two or three sentences.

# %%
import aigc_ethics.check.rights  # noqa: F401  (registers this lesson's model discussion)
from aigc_ethics.check import discuss
### BEGIN SOLUTION
answer = """A reservation should bind the next crawl and training run at once. For a released model the provider
should at least stop offering the artist's name as a prompt and publish a measured style-read test,
and pay or retrain at the next release, because deleting data alone does not remove the style."""
### END SOLUTION
discuss("opt-out-after-training", answer)
