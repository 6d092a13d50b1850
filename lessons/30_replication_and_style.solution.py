# %% [markdown]
# # Exercises: copies or style? — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/30_replication_and_style.ipynb)
#
# **You will practise**
# - searching a training set for each generation's nearest work (RMSE, pixels in [0, 1]);
# - setting a replica threshold from how close distinct training works are to each other;
# - judging where copying ends and style begins.
#
# **Run time:** a few seconds. Work through the lesson
# [Copies or style?](../notebooks/30_replication_and_style.ipynb) first.

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
from aigc_ethics.check.ip import check_replica_share, check_replication_and_style

# %% [markdown]
# ## Exercise 1: the nearest training work
#
# `generated` and `training` are uint8 image batches, shape (N, H, W, 3). For every generated
# image return the index of the nearest training image and the distance to it, where the
# distance is the root-mean-square difference over all pixels and channels, **pixels scaled to
# [0, 1]**. Return `(index, distance)`, two arrays of length N.

# %%
def my_nearest(generated, training):
    ### BEGIN SOLUTION: float in [0, 1] first, then all pairwise RMSEs by broadcasting
    g = generated.astype(float).reshape(len(generated), -1) / 255
    t = training.astype(float).reshape(len(training), -1) / 255
    d = np.sqrt(((g[:, None, :] - t[None, :, :]) ** 2).mean(axis=-1))
    return d.argmin(axis=1), d.min(axis=1)
    ### END SOLUTION

check_replication_and_style(my_nearest)

# %% [markdown]
# ## Exercise 2: when is "near" a copy?
#
# `pair_distances` is the square matrix of RMSEs between the training works of one artist (its
# diagonal is 0: each work compared with itself). A generation is a **replica** when its nearest
# distance is strictly below the `quantile` (e.g. 0.01) of the distances between **distinct**
# works, each pair counted once. Return the share of generations that are replicas.

# %%
def my_replica_share(nearest, pair_distances, quantile):
    ### BEGIN SOLUTION: distinct pairs only (i < j), then the share strictly below their quantile
    pairs = pair_distances[np.triu_indices(len(pair_distances), k=1)]
    return float(np.mean(np.asarray(nearest) < np.quantile(pairs, quantile)))
    ### END SOLUTION

check_replica_share(my_replica_share)

# %% [markdown]
# ## Exercise 3 (open question)
#
# Your rule separates replicas from generations that are merely in an artist's style. Which of
# the two does copyright protect, which one hurts the artist more, and who should choose the
# quantile (1 %? 5 %?) given whom each kind of error harms?

# %%
### BEGIN SOLUTION
answer = """Copyright protects the expression in a particular work, so a replica is the clear case; a
generation in an artist's style copies no single work and style as such is usually not protected. Yet
style imitation is what takes commissions away from the artist. A strict quantile protects providers
from false accusations, a looser one protects artists; the choice should be made openly, ideally with
artists at the table, and style imitation needs other remedies such as consent and payment."""
### END SOLUTION
discuss("replica-or-style", answer)
