# %% [markdown]
# # Exercises: content credentials — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/35_content_credentials.ipynb)
#
# **You will practise**
# - turning a C2PA verification into a verdict a platform can show, with the course's provenance module;
# - catching tampering, untrusted signers and unsigned labels;
# - judging what to show when an image carries no credentials at all.
#
# **Run time:** a few seconds. Work through the lesson
# [Can a label or a signature travel with a generated image?](../notebooks/35_content_credentials.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics import provenance as P
from aigc_ethics.check import discuss
from aigc_ethics.check.ip import check_content_credentials

# %% [markdown]
# ## Exercise 1: a verdict from a manifest
#
# A platform receives image bytes `data` and holds the root certificate it trusts
# (`trust_anchor`, a PEM string, or `None` when it trusts nobody). Using
# `P.verify(data, trust_anchor=...)`, return exactly one of:
#
# - `"generated"` / `"not generated"`: the manifest is **Trusted** and its
#   `digital_source_type` is / is not `"trainedAlgorithmicMedia"`;
# - `"unknown signer"`: the manifest is intact (**Valid**) but does not chain to the trusted root;
# - `"tampered"`: the manifest does not match the file any more (**Invalid**);
# - `"no credentials"`: there is no manifest (**Missing**), whatever other labels the file carries.

# %%
def my_verdict(data, trust_anchor):
    ### BEGIN SOLUTION: decide from the verified state, and from the claim only when trusted
    result = P.verify(data, trust_anchor=trust_anchor)
    if result["state"] == "Trusted":
        return "generated" if result["digital_source_type"] == "trainedAlgorithmicMedia" else "not generated"
    return {"Valid": "unknown signer", "Invalid": "tampered"}.get(result["state"], "no credentials")
    ### END SOLUTION

check_content_credentials(my_verdict)

# %% [markdown]
# ## Exercise 2 (open question)
#
# Most images a platform sees carry no credentials. What should it show for them, and what for
# "unknown signer" and "tampered"? Who is harmed if "no credentials" is shown as "fake", or the
# lack of an AI label as "real"?

# %%
### BEGIN SOLUTION
answer = """For no credentials it should show nothing that sounds like a verdict, maybe "no provenance
information", because re-saving and most uploads strip manifests and most cameras never add one. Showing
it as fake accuses honest photographers and the people in their photos; showing unlabelled images as real
helps forgers who just strip the manifest. An unknown signer means only that someone signed; tampered
deserves a visible warning. A trusted manifest should show who signed and what they claimed."""
### END SOLUTION
discuss("credentials-absence", answer)
