# %% [markdown]
# # Exercises: personalisation — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/60_personalisation.ipynb)
#
# **You will practise** measuring likeness honestly: the top-1 identity match of a set of images,
# and the gain a fine-tune brings *in contexts the person was never photographed in*, against a
# baseline; then you judge what the lecturer exercise of the RIMS study would have needed.
#
# **Run time:** under 20 seconds. Work through the lesson
# [Personalisation](../notebooks/60_personalisation.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: top-1 identity match
#
# The identity model returns, for every image, a probability for each of the 16 invented people
# (`proba`, shape `(N, 16)`). Write `match_rate(proba, column)`: the share of images whose **most
# likely** person is the one in `column`. Return one number in [0, 1].

# %%
import numpy as np
from aigc_ethics.check.personalisation import check_match_rate


def match_rate(proba, column):
    ### BEGIN SOLUTION
    return float((np.asarray(proba).argmax(axis=1) == column).mean())
    ### END SOLUTION


check_match_rate(match_rate)

# %% [markdown]
# ## Exercise 2: what did the fine-tune add?
#
# `sets` holds three sets of images: `"training photos"` (the K photos the model was fine-tuned
# on), `"fine-tuned, new contexts"` (the fine-tuned model's images of the person in professions
# never photographed) and `"base model, new contexts"` (the base model's images for the same
# professions, without the person's word). Write `likeness_gain(model, sets, person)`: the
# fine-tuned model's top-1 match with `person` where it matters, minus the match the base model
# gets anyway. `model.predict(images)` returns the most likely person's name for each image, and
# `identity_match(model, images, person)["top1"]` the share.

# %%
from aigc_ethics.check.personalisation import check_likeness_gain
from aigc_ethics.likeness import identity_match  # noqa: F401  (for your answer)


def likeness_gain(model, sets, person):
    ### BEGIN SOLUTION
    tuned = identity_match(model, sets["fine-tuned, new contexts"], person)["top1"]
    base = identity_match(model, sets["base model, new contexts"], person)["top1"]
    return tuned - base
    ### END SOLUTION


check_likeness_gain(likeness_gain)

# %% [markdown]
# ## Open question: what would the lecturer exercise have needed?
#
# The RIMS campaign had students generate likenesses of their own lecturers with a free tool, and
# reports no consent step. Using the lesson's number (how few photos, how many CPU minutes), say
# what a consent step for such an exercise must contain to be meaningful, and what it cannot
# undo. Write two or three sentences.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("Because three photos and a few CPU minutes are enough, consent cannot rely on the task being hard: each "
          "lecturer must be asked first, for this use and period, with a real option to refuse, and only photos they "
          "provide should be used. Outputs should be labelled as generated and kept in the course, and the fine-tuned "
          "model deleted at the end, because copies already shared cannot be recalled.")
### END SOLUTION
discuss("lecturer-likeness", answer)
