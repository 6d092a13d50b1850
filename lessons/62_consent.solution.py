# %% [markdown]
# # Exercises: Consent
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/62_consent.ipynb)
#
# **You will practise** deciding a request against a consent record (scope, grant, expiry,
# revocation, unknown person), computing how many copies shared images become, and judging who
# should remove the copies a revocation cannot recall.
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
# ## Exercise 1: decide a request
#
# `records` is a dict from person id to a consent record with the fields `purposes` (list of
# strings), `granted`, `expires` and `revoked` (integer days, `revoked` may be `None`). Write
# `my_decide(records, person_id, purpose, day)` that returns the reason, one of
# `"allowed"`, `"unknown person"`, `"revoked"`, `"not yet granted"`, `"expired"`, `"out of scope"`.
#
# Rules: consent counts from the `granted` day to the `expires` day, **both included**; it stops on
# the `revoked` day itself (a request that day is refused); a person with no record must be refused,
# not crash the service. Check in this order: unknown person, revoked, not yet granted, expired,
# out of scope.

# %%
from aigc_ethics.check.consent import check_consent_decision, check_expected_copies


def my_decide(records, person_id, purpose, day):
    ### BEGIN SOLUTION
    r = records.get(person_id)
    if r is None:
        return "unknown person"
    if r["revoked"] is not None and day >= r["revoked"]:
        return "revoked"
    if day < r["granted"]:
        return "not yet granted"
    if day > r["expires"]:
        return "expired"
    if purpose not in r["purposes"]:
        return "out of scope"
    return "allowed"
    ### END SOLUTION


check_consent_decision(my_decide)

# %% [markdown]
# ## Exercise 2: how many copies?
#
# In the lesson's simulation every copy is reshared, on average, `m` times (`0 <= m < 1`), and each
# reshare is a copy that is reshared in turn. Write `my_expected_copies(n_generated, m)` returning the
# expected number of copies that `n_generated` images become in the end, **the original images
# included**. (The lesson printed one such number; your function must work for any `n` and `m`.)

# %%
def my_expected_copies(n_generated, m):
    ### BEGIN SOLUTION
    return n_generated / (1 - m)
    ### END SOLUTION


check_expected_copies(my_expected_copies)

# %% [markdown]
# ## Open question
#
# A person revokes consent after images of them have been shared. Using the lesson's numbers, GDPR
# Art. 17 (paragraphs 1 to 3) and the takedown rows of the regulation table: who should carry the
# cost of removing the copies that revocation cannot recall, and what could each party actually do?

# %%
from aigc_ethics.check import discuss

### BEGIN SOLUTION
answer = """Revocation only stops the service's next images: in the lesson about one copy in five appeared
after the person revoked. The service made the images public, so under Art. 17(2) it should at least notify the
platforms it knows of and publish hashes of what it released, and it can keep the audit log that shows where each
image went. Platforms are the only party that can remove copies at scale, which is what takedown laws such as
TAKE IT DOWN require, but only for intimate images. The person should not have to find every copy alone; Art.
17(3) means a news use may legitimately stay."""
### END SOLUTION
discuss("consent-revocation", answer)
