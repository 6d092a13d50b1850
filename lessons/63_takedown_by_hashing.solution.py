# %% [markdown]
# # Exercises: Takedown by hashing
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/63_takedown_by_hashing.ipynb)
#
# **You will practise** choosing a hash-list threshold from a false-match budget, and weighing who
# bears each kind of error.
#
# **Run time:** about 15 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## Exercise 1: the largest threshold within a false-match budget
#
# A platform may block at most a share `max_false_rate` of unrelated uploads. Given `nearest`, the
# distance (in bits) from each unrelated image's hash to its nearest listed hash, return the
# **largest integer threshold** `t` (0-256) such that the share of unrelated images with
# `nearest <= t` is at most `max_false_rate`. (A match means distance `<=` threshold.)

# %%
import numpy as np
from aigc_ethics import takedown as TD
from aigc_ethics.check.likeness import check_takedown_by_hashing


def choose_threshold(nearest, max_false_rate):
    ### BEGIN SOLUTION
    nearest = np.asarray(nearest)
    ok = [t for t in range(257) if (nearest <= t).mean() <= max_false_rate]
    return max(ok) if ok else -1
    ### END SOLUTION


check_takedown_by_hashing(choose_threshold)

# %% [markdown]
# Now apply it to real PDQ hashes: 20 listed synthetic portraits and 1,500 portraits of other
# synthetic people. Which threshold keeps false matches at 1 %, and how many 5 %-cropped copies
# does it still catch?

# %%
from aigc_ethics.datasets import PROFESSIONS, make_dataset, render_portrait
victim = TD.upscale(np.stack([render_portrait(PROFESSIONS[i % len(PROFESSIONS)], skin_tone=1 + i % 10, seed=500 + i)
                              for i in range(20)]))
listed = TD.pdq_hashes(victim)
nearest = TD.distances(TD.pdq_hashes(TD.upscale(make_dataset(seed=2, scale=0.17).images)), listed).min(1)
t = choose_threshold(nearest, 0.01)
cropped = np.diag(TD.distances(TD.pdq_hashes(TD.edit(victim, "crop", strength=0.05)), listed))
print(f"threshold {t}: false-match rate {(nearest <= t).mean():.3f}, cropped copies caught {(cropped <= t).mean():.2f}")

# %% [markdown]
# ## Open question
#
# Who should choose the threshold of a shared hash list, and by which number? Name both kinds of
# error and who bears each.

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = ("A low threshold lets cropped or captioned copies escape, and the person in the image pays by "
          "reporting every copy again; a high one blocks look-alike images of other people. The threshold "
          "should be set against a published false-match rate on a public benchmark, with human review "
          "near the threshold and an appeal for people whose uploads were blocked.")
### END SOLUTION
discuss("takedown-threshold", answer)
