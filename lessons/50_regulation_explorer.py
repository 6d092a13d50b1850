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
                    "aigc-ethics @ git+https://github.com/aigc-ethics/aigc-ethics-course"], check=True)

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
# Accountability Act. Since then the EU AI Act was adopted (Article 50 applies from 2 August
# 2026), China issued labelling measures (in force 1 September 2025) and the US passed the
# TAKE IT DOWN Act (May 2025).
#
# The course keeps these as data: `aigc_ethics/data/regulations.csv`, one row per instrument.

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
# alt: A heat map with six countries as rows and five controls as columns (label, watermark, provenance, consent, takedown); each cell shows how many of that country's rules call for the control. Labels are asked for mostly in China, the US and the EU; every country has at least one consent rule and one takedown rule.
plot_control_matrix(rules)
plt.show()
print(control_matrix(rules).sum().to_dict())

# %% [markdown]
# Two families of rule stand out. **Transparency rules** (China, the EU AI Act, California's
# SB 942) ask providers to *label* and *watermark* output and to attach *provenance*: they
# regulate the generator. **Harm rules** (intimate-image laws in the UK, South Korea, Canada and
# the US) forbid making or sharing certain images of a person without *consent* and demand fast
# *takedown*: they regulate what people do with images.

# %%
# alt: A time line from 2015 to 2026 with one row per country; circles mark rules in force or adopted, crosses mark bills, proposals and voluntary codes. Most binding rules date from 2023 onward.
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

# %% [markdown]
# ## What we found
#
# - Of the 21 rules in the table, takedown and consent are asked for most, then labels (the
#   counts printed under the heat map); only China, the EU AI Act, California's SB 942 and the
#   (never enacted) US DEEP FAKES Accountability Act ask for a watermark or machine-readable
#   marking.
# - The newest transparency rules (EU AI Act Art. 50, China 2025, California SB 942) demand what
#   the watermark and provenance lessons showed to be fragile: marks that survive editing.
#   "Robust as far as technically feasible" is a legal phrase whose content is set by the
#   robustness numbers you measured.
# - Several rows rest on secondary summaries, and seven could not be checked against their
#   source at all: the `verification` column says which. Laws change: the `last_reviewed`
#   column is the date after which you should re-check.
#
# **Caveat:** this is a teaching table, not legal advice, and it is incomplete (e.g. India,
# Japan, Brazil and Australia are missing).
#
# **Try it:** search for "election" or "consent" in the explorer and compare which countries
# regulate the *maker* of an image and which the *platform*. **Next:** the
# [exercise](../exercises/50_regulation_explorer.ipynb): write a policy, and
# [what people think and what training costs](51_survey_and_costs.ipynb).
