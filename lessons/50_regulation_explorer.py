# %% [markdown]
# # What do the rules on synthetic images require? A regulation explorer
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/50_regulation_explorer.ipynb)
#
# **The question:** governments have started to regulate AI-generated images. What do their rules
# actually ask of a provider, a platform or a user, and which of the course's technical controls
# (label, watermark, provenance, consent, takedown) would meet each requirement?
#
# **You will learn**
# - to read a small, sourced dataset of rules on synthetic media by jurisdiction;
# - to map each legal requirement to a technical control taught in this course;
# - why a table like this needs a source and a "last reviewed" date on every row.
#
# **Run time:** under 15 seconds on a laptop CPU.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

# %% [markdown]
# ## What the literature says
#
# The RIMS study (Prabhu et al., section on laws, after "Findings of the study") lists rules in
# six places: China's 2019 disclaimer rule and the January 2023 deep-synthesis rules ("permission,
# identity verification, government registration, reporting of illegal use, and the use of
# watermarks"), Canada's plan of detection, reaction and prevention, the EU's AI Act, GDPR,
# Digital Services Act and Code of Practice on Disinformation, South Korea's ban on harmful
# deepfakes, the UK's Online Safety Bill work, and US state laws plus the federal DEEP FAKES
# Accountability Act. Since then the EU AI Act's Article 50 has applied (since 2 August 2026),
# China's labelling measures took effect (1 September 2025), the US passed the TAKE IT DOWN Act
# (May 2025), England and Wales made *creating* an intimate deepfake of an adult an offence
# (February 2026), Canada extended its intimate-image offence to deepfakes (Bill C-16, 2026), and
# South Korea and India added labelling duties for generated content (January and February 2026).
#
# The course keeps these as data: `aigc_ethics/data/regulations.csv`, one row per instrument. The
# `date` column is the date a rule took effect or applies from (for an EU directive, the date by
# which national laws are due); bills, proposals and voluntary codes have no such date, so for
# them it is the date they were introduced or published. `verification` says which source was
# read and how far, and `last_reviewed` is the date of that reading.

# %%
import matplotlib.pyplot as plt
from aigc_ethics.regulation import (CONTROLS, WHERE_TAUGHT, load_regulations, control_matrix,
                                    plot_control_matrix, plot_timeline, filter_regulations)

rules = load_regulations()
print(f"{len(rules)} rules from {rules.jurisdiction.nunique()} jurisdictions; "
      f"{int(rules.in_study_000.sum())} are named in the RIMS study; "
      f"{int((~rules.source_read).sum())} rows say their source was NOT read; "
      f"last reviewed {rules.last_reviewed.max():%Y-%m-%d}")
rules[["jurisdiction", "instrument", "status", "controls"]].head(8)

# %% [markdown]
# ## 1. Which controls do the rules call for?
#
# Each row's `controls` column maps its requirement to the controls this course teaches. The map
# is a judgement by the course authors (read the `requirement` column and disagree where you
# would), not a legal opinion.

# %%
# alt: A heat map with seven jurisdictions as rows (Canada, China, the European Union, India, South Korea, the United Kingdom, the United States) and five controls as columns (label, watermark, provenance, consent, takedown); each cell shows how many of that jurisdiction's rules call for the control. Consent is asked for everywhere except India; labels everywhere except Canada and the UK; watermarks only in China, the EU, South Korea and the US.
plot_control_matrix(rules)
plt.show()
print(control_matrix(rules).sum().to_dict())

# %% [markdown]
# Two families of rule stand out. **Transparency rules** (China, the EU AI Act, California's
# SB 942, South Korea's AI Basic Act, India's 2026 IT Rules) ask providers, and sometimes
# platforms, to *label* and *watermark* output and to attach *provenance*: they regulate the
# generator. **Harm rules** (intimate-image laws in the UK, South Korea, Canada and the US, and
# the EU directive on violence against women) forbid making or sharing certain images of a
# person without *consent*, and several demand fast *takedown*: they regulate what people do with
# images.

# %%
# alt: A time line from 2015 to 2027 with one row per jurisdiction; circles mark rules in force or adopted (at the date they took effect or apply), crosses mark bills, proposals and voluntary codes (at the date introduced or published). Most binding rules date from 2023 onward; the latest circles are the EU's December 2026 prohibition and the June 2027 deadline of its directive.
plot_timeline(rules)
plt.show()

# %% [markdown]
# ## 2. Where the course teaches each control

# %%
for control in CONTROLS:
    n = int(rules[control].sum())
    print(f"{control:<10} {n:>2} rules   taught in: {WHERE_TAUGHT[control]}")

# %% [markdown]
# ## 3. Explore
#
# Pick a country, a control, or search the text (e.g. "48 hours", "metadata", "election").
# The widget is interactive only in a running notebook.

# %%
# NBVAL_IGNORE_OUTPUT
from aigc_ethics.regulation import explorer
explorer(rules)

# %% [markdown]
# The same filter without the widget: every rule that asks for a watermark.

# %%
filter_regulations(rules, control="watermark")[["jurisdiction", "instrument", "status", "verification"]]

# %% tags=["remove-cell"]
counts = control_matrix(rules).sum()
assert counts.idxmax() == "consent", counts
assert counts["label"] > counts["watermark"] and counts["takedown"] > counts["watermark"], counts
marked = set(filter_regulations(rules, control="watermark").jurisdiction)
assert {"China", "European Union", "South Korea", "United States (California)"} <= marked, marked

# %% [markdown]
# ### Who is affected, with your number
#
# Take the person most harmed by a sexual deepfake: the one depicted. Where can they demand that
# it be taken down under a rule that is already in force?

# %%
in_force = rules[rules["in_force"]]
with_takedown = sorted(in_force.loc[in_force["takedown"], "jurisdiction"].unique())
total = rules.jurisdiction.nunique()
print(f"In {len(with_takedown)} of the {total} jurisdictions in this table a rule in force demands takedown "
      f"({', '.join(with_takedown)}); in the other {total - len(with_takedown)} the person depicted must rely on "
      f"a platform's goodwill or a slower general law, while the image keeps spreading (content credentials "
      f"and watermarks label an image; they do not remove it).")

# %% [markdown]
# ## What we found
#
# - Of the rules in the table (29 when this was written), consent is asked for most, then labels
#   and takedown (the counts printed under the heat map); a watermark or machine-readable
#   marking is asked for only by China's rules, the EU AI Act and its voluntary code of
#   practice, South Korea's AI Basic Act, California's SB 942 and the (never enacted) US DEEP
#   FAKES Accountability Act.
# - The newest transparency rules (EU AI Act Art. 50, China 2025, California SB 942, South Korea
#   and India 2026) demand what the watermark and provenance lessons showed to be fragile: marks
#   that survive editing. "Robust as far as technically feasible" is a legal phrase whose content
#   is set by the robustness numbers you measured.
# - Since the study was written, harm rules have moved from *sharing* to *making*: England and
#   Wales punish creating an intimate deepfake of an adult, and from December 2026 the EU bans AI
#   systems that generate non-consensual intimate images. Labelling duties have spread beyond
#   China and the EU (California, South Korea, India).
# - Many rows rest on secondary summaries, and a few could not be checked against their source
#   at all (the count is printed at the top): the `verification` column says what was read and
#   how far. `last_reviewed` is the date of that check; laws change, so re-check a row before
#   relying on it.
#
# **Caveat:** this is a teaching table, not legal advice, and it is incomplete (e.g. Japan,
# Brazil and Australia are missing).
#
# **Try it:** search for "election" or "consent" in the explorer and compare which countries
# regulate the *maker* of an image and which the *platform*. **Next:** the
# [exercise](../exercises/50_regulation_explorer.ipynb): write a policy, and
# [what people think and what training costs](51_survey_and_costs.ipynb).
