# %% [markdown]
# # Exercises: A provenance workflow — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/44_provenance_workflow.ipynb)
#
# **You will practise**
# - turning the lesson's triage order into a decision: strongest evidence first, stop at the first answer;
# - handling the cases where the evidence is weak, broken or exactly at a threshold;
# - deciding what readers should see for each verdict.
#
# **Run time:** under 30 seconds. Work through the lesson
# [A provenance workflow](../notebooks/44_provenance_workflow.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

from aigc_ethics.check import discuss
from aigc_ethics.check.misinformation import TRIAGE_VERDICTS, check_provenance_workflow

print("verdicts:", list(TRIAGE_VERDICTS))

# %% [markdown]
# ## Exercise 1: a triage decision
#
# A newsroom's tools have already examined a file and report `findings`, a dict with
# - `"signature"`: `"trusted"` (C2PA credentials chaining to a trusted signer), `"untrusted"` (a valid
#   signature from an unknown signer), `"broken"` (a manifest that does not match the file) or `None`;
# - `"signed_ai"`: whether the signed credentials declare the image AI-generated;
# - `"label_ai"`: whether an unsigned disclosure label (IPTC) says AI-generated;
# - `"watermark"`: the provider's watermark score (`None` without the key); marked when **above** `watermark_threshold`;
# - `"detector"`: the detector's probability; flagged when **above** `threshold`.
#
# Return one of the verdicts printed above, asking the strongest question first and stopping at the
# first answer:
# 1. trusted signature: `"AI-generated (signed)"` if it declares AI, otherwise `"camera/edited (signed)"`, unless
#    the watermark is detected too, which is `"conflicting evidence"`;
# 2. watermark detected: `"AI-generated (watermark)"`;
# 3. broken signature: `"credentials broken"`;
# 4. untrusted signature declaring AI: `"AI-generated (signed, unknown signer)"`;
# 5. AI label: `"AI-generated (self-declared)"`;
# 6. detector flags it: `"possibly AI-generated"`; otherwise `"no evidence of generation"`.

# %%
def my_triage(findings, threshold=0.5, watermark_threshold=5.0):
    ### BEGIN SOLUTION: strongest evidence first; thresholds are strict (score must be above)
    marked = findings["watermark"] is not None and findings["watermark"] > watermark_threshold
    if findings["signature"] == "trusted":
        if findings["signed_ai"]:
            return "AI-generated (signed)"
        return "conflicting evidence" if marked else "camera/edited (signed)"
    if marked:
        return "AI-generated (watermark)"
    if findings["signature"] == "broken":
        return "credentials broken"
    if findings["signature"] == "untrusted" and findings["signed_ai"]:
        return "AI-generated (signed, unknown signer)"
    if findings["label_ai"]:
        return "AI-generated (self-declared)"
    if findings["detector"] is not None and findings["detector"] > threshold:
        return "possibly AI-generated"
    return "no evidence of generation"
    ### END SOLUTION

check_provenance_workflow(my_triage)

# %% [markdown]
# ## Exercise 2 (open question)
#
# For each of your verdicts, what should a reader of the newsroom's site see next to the image? Which
# verdict should the newsroom never publish on its own, and why?

# %%
### BEGIN SOLUTION
answer = """Readers should see what is known and from where, worded as strongly as the evidence:
'signed by X: created with an AI tool', 'the uploader says it is AI-generated', 'contains the provider's
watermark', and for a detector flag at most 'may be AI-generated (automated estimate)' with an appeal
route; never 'real'. The detector-only verdict should not be published alone: its error rates come from
clean files, and a recompressed genuine photo can be flagged, accusing a real witness."""
### END SOLUTION
discuss("what-readers-see", answer)
