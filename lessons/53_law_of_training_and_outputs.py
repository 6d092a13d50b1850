# %% [markdown]
# # The law of training and of outputs
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/53_law_of_training_and_outputs.ipynb)
#
# **The question:** who owns an image a model made, and may a model be trained on an artist's works
# at all? And when an artist says "do not mine my works" in a file a machine can read, what does
# honouring it remove: from the training set, and from the model?
#
# **You will learn**
# - what the US Copyright Office and the courts have said about authorship of AI outputs;
# - how text-and-data-mining (TDM) exceptions and machine-readable opt-outs work in the EU, Japan
#   and the UK, and where the main cases stood on 30 November 2026;
# - to read a TDMRep-style reservation file, honour it in the course's dataset builder, and measure
#   what it removes from the data and from a model already trained.
#
# **Run time:** about 45 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## The law, as checked on 30 November 2026
#
# **Outputs.** In the United States copyright needs a human author. The Copyright Office's letter on
# the comic *Zarya of the Dawn* (21 February 2023) kept the author's text and her selection and
# arrangement of text and images, but excluded the Midjourney-generated images, which "are not the
# product of human authorship". Its report *Copyright and Artificial Intelligence, Part 2:
# Copyrightability* (29 January 2025) reaffirmed that prompts alone do not make the user an author.
# In *Thaler v. Perlmutter* the D.C. Circuit affirmed on 18 March 2025 that a work listing an AI
# system as its sole author cannot be registered; the Supreme Court denied certiorari on 2 March 2026
# (No. 25-449), so that ruling is final.
#
# **Training.** The EU's DSM Directive (2019/790) allows TDM for research organisations (Art. 3) and
# for anyone (Art. 4) unless the rightsholder has reserved it, for online content "in an appropriate
# manner, such as machine-readable means" (Art. 4(3)). The AI Act (Regulation 2024/1689, Art. 53(1)(c))
# makes providers of general-purpose models adopt a policy to identify and respect those reservations,
# "including through state-of-the-art technologies", since 2 August 2025. Japan's Art. 30-4 allows
# use not aimed at enjoying a work (including data analysis, commercial too) unless it would
# unreasonably prejudice the owner, with no opt-out. The UK allows TDM only for non-commercial research
# (CDPA s.29A); its 2024-25 consultation proposed an EU-style opt-out exception, which the government's
# report of 18 March 2026 no longer prefers.
#
# The table lists each instrument and case with its date, status, source and the day it was checked;
# "could not verify" marks what we could not confirm from a source we read.

# %%
import pandas as pd
from aigc_ethics import tdm
law = tdm.load_law_table()
pd.set_option("display.max_colwidth", 120)
law[["item", "jurisdiction", "about", "date", "status", "source", "checked"]]

# %% [markdown]
# ## A machine-readable opt-out
#
# The W3C *TDM Reservation Protocol* (TDMRep, Community Group report of 10 May 2024;
# vocabulary at <https://www.w3.org/ns/tdmrep>) lets a site publish `/.well-known/tdmrep.json`: rules
# with a `location`, `tdm-reservation` (1 reserved, 0 not) and optionally a `tdm-policy` URL where a
# licence can be obtained. In our synthetic world every artist's works live at `/works/<artist>/<i>`.
# Here `quist` reserves, `zarek` explicitly does not, and the course's dataset builder honours the file.

# %%
rules_text = """[
  {"location": "/works/quist/*", "tdm-reservation": 1, "tdm-policy": "https://quist.example/tdm-policy.json"},
  {"location": "/works/zarek/*", "tdm-reservation": 0}
]"""
from aigc_ethics.datasets import make_dataset
rules = tdm.parse_tdmrep(rules_text)
data = make_dataset(seed=0, scale=0.2)
report = tdm.honour_optouts(data, rules)
print(f"removed {report.removed} of {len(data)} items ({100 * report.share_removed:.1f} % of the training set)")
report.table

# %%
# alt: Horizontal bar chart of the number of works per artist in the training set before and after honouring the reservation file: every bar is unchanged except quist's, which drops to zero.
import matplotlib.pyplot as plt
t = report.table.drop(index="(portraits)")
y = range(len(t))
plt.figure(figsize=(5, 2.6))
plt.barh([i + 0.2 for i in y], t["works"], height=0.4, color="#0072B2", label="before")
plt.barh([i - 0.2 for i in y], t["works"] - t["removed"], height=0.4, color="#E69F00", label="after opt-outs")
plt.yticks(list(y), t.index); plt.xlabel("works in the training set")
plt.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
plt.tight_layout(); plt.show()

# %% [markdown]
# ## And from the model?
#
# An opt-out honoured **before** training: the works above are never seen, so no caption names
# `quist` and no image shows rings. An opt-out honoured **after** training: the course ships
# `optout-quist`, the model `tiny` fine-tuned for 400 steps without quist's works (lesson 31). We ask
# both models for "a painting in the style of quist" and let the attribute classifier read the style.

# %%
from aigc_ethics import replication as R
from aigc_ethics.attributes import load_classifier
from aigc_ethics.generate import load_pipeline
kept = report.kept.attributes
seen = {"captions naming quist": int(kept["caption"].str.contains("quist").sum()),
        "images in quist's style (rings)": int((kept["style"] == "rings").sum())}
print("in the training set after honouring the opt-out:", seen)
classifier = load_classifier()
N = 16
read = {name: float(R.style_read(R.generate_by_artist(load_pipeline(name, device=device), ["quist"], n=N, seed=0),
                                 classifier).loc["quist"].get("rings", 0.0))
        for name in ["tiny", "optout-quist"]}
read

# %%
# alt: Bar chart of the share of 16 generations for "a painting in the style of quist" read as rings: the original model and the model fine-tuned after the opt-out both sit near 1. A note says that an opt-out honoured before training leaves 0 of quist's works to learn from (no model of that kind was trained here).
plt.figure(figsize=(5, 2.6))
plt.bar(["before opt-out\n(tiny)", "opt-out after training\n(optout-quist)"], [read["tiny"], read["optout-quist"]],
        color=["#0072B2", "#D55E00"])
n_rings = seen["images in quist's style (rings)"]
plt.text(1.55, 0.5, f"opt-out before training:\n{n_rings} works in quist's\nstyle to learn from\n(no model trained here)",
         fontsize=7, va="center")
plt.xlim(-0.6, 2.5); plt.ylim(0, 1.05); plt.ylabel("share read as 'rings'"); plt.xticks(fontsize=7)
plt.tight_layout(); plt.show()

# %% tags=["remove-cell"]
# "What we found": the file removes all of quist's works and nothing else; the fine-tune after
# training leaves the style (within one generation of 16 of the original, and at least 0.9).
assert report.table.loc["quist", "share_removed"] == 1.0
assert report.table.drop(index="quist")["removed"].sum() == 0
assert seen["captions naming quist"] == 0 and seen["images in quist's style (rings)"] == 0
assert read["optout-quist"] >= read["tiny"] - 1 / N and read["optout-quist"] >= 0.9, read

# %% [markdown]
# ### Who is affected, with your number

# %%
print(f"Honouring quist's reservation removed {report.removed} works, {100 * report.share_removed:.1f} % of "
      f"the training set and every one of quist's works. Before training, that means the next model never "
      f"sees them. After training, {round(N * read['optout-quist'])} of {N} images asked for in quist's "
      f"style are still in it (before: {round(N * read['tiny'])}): an artist who opts out of an existing "
      f"model keeps competing with imitations of their own style, and has a legal remedy only where the law "
      f"treats training or outputs as infringing.")

# %% [markdown]
# ## What we found
#
# - A machine-readable reservation is **cheap to honour before training**: the builder removed all of
#   `quist`'s works (see the table) and nothing of anyone else's; a model trained on the result
#   never sees the style or the name.
# - Honoured **after** training, by deleting the works and fine-tuning, it changed nothing we can
#   measure: `optout-quist` draws rings for quist as often as the original model (numbers above). The
#   law's opt-outs (DSM Art. 4(3), AI Act Art. 53(1)(c)) bind the *next* crawl and training run;
#   they say nothing about unlearning models already released.
# - **Outputs** made without human creative control are not protected in the US (Zarya, Part 2 report,
#   Thaler), so neither the artist nor the prompter owns the imitation; whether *training* infringes
#   is decided case by case (Bartz and Kadrey found training fair use on their records; GEMA found
#   memorised lyrics are reproductions not covered by the TDM exception; Getty found the Stable
#   Diffusion weights are not an infringing copy), and several are under appeal or pending.
#
# **Limits.** Six fictional artists, one reservation file, one fine-tune, 16 generations, a classifier
# trained on the same procedural styles. Our file format simplifies TDMRep (first matching rule
# decides; no HTTP headers or HTML meta tags). The law table summarises secondary sources where we
# could not read the primary text; it is not legal advice.
#
# ## Open question
#
# Should an opt-out registered after a model was released oblige its provider to do anything? The
# exercises ask for your answer.
#
# **Next:** back to [the Law & society chapter](../book/law_and_society.md).
