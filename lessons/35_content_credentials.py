# %% [markdown]
# # Can a label or a signature travel with a generated image?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/35_content_credentials.ipynb)
#
# **The question:** instead of hiding a mark in the pixels, a generator can *attach* a statement
# to the file: "made by a trained algorithm", signed so that nobody can alter it unnoticed. What
# does such a content credential prove, and what happens to it when the image is shared?
#
# **You will learn**
# - to write and read a disclosure label (the IPTC digital source type `trainedAlgorithmicMedia`)
#   in an image's metadata;
# - to sign a C2PA manifest with a locally made test certificate, and to read it back as
#   *Trusted*, *Valid*, *Invalid* or *Missing*;
# - why provenance and watermarking fail in different places, and so complement each other.
#
# **Run time:** about 10 seconds on a laptop CPU. Everything runs offline.

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
# The Coalition for Content Provenance and Authenticity (C2PA) specifies *manifests*: signed
# records of who made a file, with which tool and which edits, bound to the file's exact bytes
# by a cryptographic hash. The IPTC "digital source type" vocabulary gives the words: a picture
# made by a generative model is `trainedAlgorithmicMedia`. Labelling rules point the same way:
# China's *Measures for Labeling AI-Generated Synthetic Content* (CAC and three other agencies,
# issued March 2025, in force 1 September 2025) ask for both explicit labels and implicit labels
# in file metadata, and the EU AI Act (Regulation (EU) 2024/1689, Art. 50(2)) asks for
# machine-readable marking. Chen et al. (2023, §4) discuss watermarks as the tracing tool; here we
# look at the attached alternative.
#
# We use `c2pa-python` (the C2PA reference library) fully offline. Real signers use a certificate
# from a certification authority on the C2PA trust list; we make a throwaway *test* chain (a root
# and a signing certificate) so that you can see every state, including "Trusted".

# %%
import pandas as pd
from aigc_ethics import provenance as P
from aigc_ethics import watermark as W
from aigc_ethics.generate import load_pipeline

pipe = load_pipeline("tiny", device=device)
image = pipe("a painting in the style of veltri", generator=0).images[0]
labelled = P.label_image(image, generator="aigc_ethics tiny")     # PNG bytes with an XMP label
P.read_label(labelled)

# %% [markdown]
# ## 1. A label is only a statement
#
# The label sits in the file's XMP metadata. Anyone can write it (also onto a real photo), edit it,
# or drop it: re-encoding the pixels, as a screenshot, an upload or an editor does, leaves no trace.

# %%
print("after re-saving:", P.read_label(P.resave(labelled))["digital_source_type"])
forged = P.label_image(image, source_type="digitalCapture")       # a false claim, just as easy
print("a forged label says:", P.read_label(forged)["digital_source_type"])

# %% tags=["remove-cell"]
# Section 1: re-saving drops the label; a forged label is as easy as a true one.
assert P.read_label(P.resave(labelled))["digital_source_type"] is None
assert P.read_label(forged)["digital_source_type"] == "digitalCapture"

# %% [markdown]
# ## 2. A signed manifest
#
# `sign` writes a C2PA manifest whose `c2pa.actions` assertion says the image was *created* by a
# trained algorithm, signs it with the test certificate, and embeds it in the PNG. `verify` checks
# the signature and the hash of the image data.

# %%
# NBVAL_IGNORE_OUTPUT
# (ECDSA signatures are randomised, so the file size varies by a few bytes between runs)
creds = P.make_test_credentials()
signed = P.sign(labelled, creds, title="generated artwork")
print(f"file size: {len(labelled)} bytes -> {len(signed)} bytes with the manifest")

# %%
states = {}
states["signed, signer unknown to the reader"] = P.verify(signed)
states["signed, reader trusts our test root"] = P.verify(signed, trust_anchor=creds["root_pem"])
states["one bit of the pixel data flipped"] = P.verify(P.tamper(signed, offset=P.pixel_offset(signed)),
                                                      trust_anchor=creds["root_pem"])
states["re-saved with PIL"] = P.verify(P.resave(signed), trust_anchor=creds["root_pem"])
states["signed by another (untrusted) chain"] = P.verify(P.sign(labelled, P.make_test_credentials()),
                                                        trust_anchor=creds["root_pem"])
table = pd.DataFrame(states).T[["state", "digital_source_type", "errors"]]
table

# %% tags=["remove-cell"]
# Section 2 and "What we found": Valid, Trusted against the root, Invalid after one bit, Missing
# after a re-save, only Valid from another chain.
assert list(table["state"]) == ["Valid", "Trusted", "Invalid", "Missing", "Valid"], table["state"]

# %% [markdown]
# Read the table row by row:
#
# - **Valid** means the manifest is intact and matches the file, but the reader does not know the
#   signer (`signingCredential.untrusted`). Against a trust list, it becomes **Trusted**.
# - Changing a single bit of the image data makes the manifest **Invalid**
#   (`assertion.dataHash.mismatch`): the credential cannot be moved to another picture or kept
#   through an edit that was not recorded.
# - **Re-saving** strips it completely: the file is simply **Missing** a manifest, which is what
#   almost every unlabelled image on the web looks like. Absence proves nothing.
# - A valid signature from an unknown chain is only **Valid**: anybody can sign, so trust depends
#   on *who* signed, which is a social and legal question as much as a technical one.
#
# ## 3. What survives what: provenance vs watermark
#
# Put a course watermark *and* a manifest on the same image, then share it in three ways.

# %%
key, payload = W.make_key(0), [1, 0, 1, 1] * 8
marked = W.embed(image, payload, key)                      # upsampled to 256x256, watermarked
both = P.sign(P.label_image(marked), creds)
survives = pd.DataFrame(P.what_survives(both, trust_anchor=creds["root_pem"], watermark_key=key))
survives

# %% tags=["remove-cell"]
# "What we found": re-saving removes the manifest but the watermark score stays far above the
# threshold of about 3 set in lesson 32; the flipped bit leaves the manifest Invalid.
sv = survives.set_index("shared")
assert sv.loc["as signed", "c2pa"] == "Trusted"
resaved = ["re-saved as PNG", "re-saved as JPEG 75"]
assert (sv.loc[resaved, "c2pa"] == "Missing").all() and (sv.loc[resaved, "watermark_score"] > 10).all(), sv
assert sv.loc["one bit of pixel data flipped", "c2pa"] == "Invalid"

# %% [markdown]
# ### Who is affected, with your number
#
# Provenance serves readers, and also the honest photographers and newsrooms whose authentic
# images carry no manifest ([thinking tools](../book/thinking_tools.md)).

# %%
lost = int((sv["c2pa"] == "Missing").sum())
print(f"In {lost} of the {len(sv)} ways of sharing tried here, the credential is simply gone, so the "
      f"image looks like every honest photo without one; only the watermark (score "
      f"{sv.loc['re-saved as JPEG 75', 'watermark_score']:.0f} after JPEG) still tells a reader "
      f"it was generated, and only a reader holding the key.")

# %% [markdown]
# The flipped bit lands inside the PNG's compressed pixel data, so an image decoder refuses the
# whole file (a checksum fails): neither the label nor the watermark can be read any more (`None`),
# while the C2PA reader still opens the manifest and reports it **Invalid**.
#
# ## What we found
#
# - A **signed manifest** proves a lot when present (who signed, what they claimed, that nothing
#   changed since) and nothing when absent: one re-save removes it.
# - A **watermark** survives re-saving and recompression (its score stays far above the
#   threshold of about 3 set in lesson 32), but it says little (one payload, no signer, no history), it
#   can be filtered out by an adaptive attacker (lesson 34), and only key holders can read it.
# - So the two are **complementary**: provenance for authentic and cooperative media that keep
#   their metadata, watermarks to re-attach a claim after the metadata is lost. Neither can prove
#   that an unlabelled, unwatermarked image is authentic.
#
# ## Try it
#
# Sign a JPEG instead (`P.label_image(image, fmt="jpeg")`) and repeat the table. Which states change?
#
# **Next:** the misinformation chapter uses these functions in a newsroom workflow; back to the
# [chapter overview](../book/intellectual_property.md).
