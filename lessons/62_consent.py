# %% [markdown]
# # Consent: what can it switch off?
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/notebooks/62_consent.ipynb)
#
# **The question:** a generation service promises to depict a real person only with their consent.
# What does that take as a *mechanism*, and what happens when the person changes their mind after
# images of them have been shared?
#
# **You will learn**
# - to build a consent registry (who, scope, purpose, expiry, revocation) that a service checks
#   before every request, with an audit log and a disclosure label on every output;
# - to measure, in a seeded simulation of reshares, how many copies revocation prevents and how
#   many it cannot recall;
# - how GDPR Art. 17 and the consent and takedown laws in the course's regulation table fit.
#
# **Run time:** about 10 seconds on a laptop CPU.
#
# Every person in this lesson is invented (ids `P01`, `P02`, ...); "an image of the person" is a
# synthetic portrait from the course's procedural world, never a real face.

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
# - **Consent and erasure in the GDPR.** Regulation (EU) 2016/679 treats a person's image as
#   personal data. Consent is one lawful basis for processing it (Art. 6(1)(a)); a person may withdraw
#   it at any time, and withdrawal does not make earlier processing unlawful (Art. 7(3)). Art. 17(1)(b)
#   then obliges the controller to erase the data "without undue delay"; Art. 17(2) asks a controller
#   who *made the data public* only to take "reasonable steps, including technical measures" to
#   inform other controllers of the erasure request; Art. 17(3) exempts, among others, processing
#   necessary for freedom of expression and information (a). Text of Art. 17 read on GDPRhub
#   (gdprhub.eu/Article_17_GDPR) and of Art. 7(3) on law-reg.org and noyb.eu, all checked 2026-11-30;
#   the regulation has applied since 2018-05-25 and is in force. Art. 6(1)(a) was not re-read here.
# - **Disclosure labels.** The IPTC "digital source type" vocabulary names media made by a generative
#   model `trainedAlgorithmicMedia` (cv.iptc.org/newscodes/digitalsourcetype; the same codes are
#   mirrored by schema.org's `IPTCDigitalSourceEnumeration`, checked 2026-11-30). A C2PA manifest
#   records it in a `c2pa.actions` assertion. Both come from the IP chapter's
#   [content credentials](35_content_credentials.ipynb) lesson, whose code we reuse unchanged.
# - **Consent and takedown laws** in many jurisdictions are listed in the course's regulation table
#   (lesson [50](50_regulation_explorer.ipynb)); we read their rows at the end.

# %% [markdown]
# ## 1. A consent registry
#
# Six invented people. Each record says **who** (`person_id`, `name`), the **scope** (the purposes
# they agreed to be depicted for), when the consent was **granted**, when it **expires** (last valid
# day) and whether it was **revoked**.

# %%
import numpy as np
import pandas as pd
from aigc_ethics import consent as C

people = C.synthetic_people(6, seed=0)
registry = C.ConsentRegistry(people)
pd.DataFrame(people)[["person_id", "name", "purposes", "granted", "expires", "revoked"]]

# %% [markdown]
# Bad records are refused at the boundary, with a message that names the problem: a registry that
# silently accepted a consent without an expiry or with a typo in the purpose would authorise more
# than the person agreed to.

# %%
bad_records = {
    "no expiry": {"person_id": "P50", "name": "X", "purposes": ["news"], "granted": 0, "revoked": None},
    "unknown purpose": {"person_id": "P51", "name": "X", "purposes": ["anything"], "granted": 0,
                        "expires": 9, "revoked": None},
    "expires before granted": {"person_id": "P52", "name": "X", "purposes": ["news"], "granted": 5,
                               "expires": 2, "revoked": None},
}
for what, rec in bad_records.items():
    try:
        C.validate_record(rec)
        print(f"{what}: accepted (!)")
    except (ValueError, TypeError) as err:
        print(f"{what}: refused -> {err}")

# %% [markdown]
# ## 2. A service that checks, logs and labels
#
# 120 requests over 40 days, each naming a person, a purpose and a day; some name `P99`, who has no
# record. On day 15, `P03` revokes. The service answers every request from the registry, writes
# every request (allowed or not) to its audit log and labels every image it releases.

# %%
rng = np.random.default_rng(0)
ids = [p["person_id"] for p in people] + ["P99"]
requests = sorted(zip(rng.integers(0, 40, 120).tolist(), rng.choice(ids, 120).tolist(),
                      rng.choice(C.PURPOSES, 120).tolist()))
service = C.GenerationService(registry)
REVOKER, REVOKE_DAY = "P03", 15
outputs = []
for day, pid, purpose in requests:
    if day >= REVOKE_DAY and registry.records[REVOKER]["revoked"] is None:
        registry.revoke(REVOKER, REVOKE_DAY)
    outputs.append(service.request(pid, purpose, day))
summary = C.audit_summary(service.audit_log)
print("audit log:", len(service.audit_log), "entries;", summary)
log = pd.DataFrame(service.audit_log)
log[log.person_id == REVOKER].groupby(log.day >= REVOKE_DAY)["reason"].value_counts()

# %% [markdown]
# Every allowed output carries the IPTC label (read back with the IP chapter's `read_label`) and a
# manifest whose `c2pa.actions` assertion says "created by a trained algorithm", plus a consent
# assertion that points to the audit-log entry.

# %%
from aigc_ethics import provenance as P

allowed = [o for o in outputs if o["allowed"]]
labels = [P.read_label(o["png"])["digital_source_type"] for o in allowed]
consent_refs = [a["data"]["audit_entry"] for o in allowed for a in o["manifest"]["assertions"]
                if a["label"] == "aigc.consent"]
n_labelled = sum(lab == "trainedAlgorithmicMedia" for lab in labels)
print(f"{len(allowed)} images released, {n_labelled} with the IPTC label, {len(consent_refs)} with a consent assertion")
print(allowed[0]["manifest"]["assertions"])

# %%
# alt: a row of eight small synthetic portraits released by the service, each titled with the person id, purpose and day.
import matplotlib.pyplot as plt
from PIL import Image
import io

fig, axes = plt.subplots(1, 8, figsize=(12, 2))
for ax, o in zip(axes, allowed[:8]):
    ax.imshow(Image.open(io.BytesIO(o["png"])))
    ax.set_title(f"{o['person_id']} {o['purpose'][:5]}\nday {o['day']}", fontsize=8)
    ax.axis("off")
plt.show()

# %% tags=["remove-cell"]
assert n_labelled == len(allowed) == len(consent_refs) > 0
assert not any(o["allowed"] for o in outputs if o["person_id"] == REVOKER and o["day"] >= REVOKE_DAY)
assert summary.get("unknown person", 0) > 0 and summary.get("revoked", 0) > 0
assert len(service.audit_log) == len(requests)

# %% [markdown]
# ## 3. Revocation stops new images. What about the copies?
#
# A seeded branching process: before revocation the service makes 5 images of the person a day;
# every copy made on one day is reshared the next day a Poisson number of times with mean 0.8 (each
# reshare is a new copy, reshared in turn). On day 20 the person revokes: the service makes no more
# images (and, as Art. 17(1) asks, could erase its own). We run 200 seeds with and without
# revocation over 60 days.

# %%
from tqdm.auto import tqdm

DAYS, PER_DAY, MEAN, REV = 60, 5, 0.8, 20
rows = []
for seed in tqdm(range(200), desc="share simulations"):
    a = C.simulate_shares(days=DAYS, per_day=PER_DAY, reshare_mean=MEAN, revoke_day=REV, seed=seed)
    b = C.simulate_shares(days=DAYS, per_day=PER_DAY, reshare_mean=MEAN, revoke_day=None, seed=seed)
    rows.append({"at_revocation": a["in_circulation"][REV - 1], "final": a["in_circulation"][-1],
                 "without_revocation": b["in_circulation"][-1], "generated": a["generated"].sum()})
sims = pd.DataFrame(rows)
sims["after_revocation"] = sims["final"] - sims["at_revocation"]
m = sims.mean()
theory = C.expected_copies(PER_DAY * REV, MEAN)
prevented = 1 - m["final"] / m["without_revocation"]
print(f"images made before revocation: {m['generated']:.0f}")
print(f"copies in circulation the day before revocation: {m['at_revocation']:.0f}")
print(f"copies in circulation at the end: {m['final']:.0f} (theory n/(1-m) = {theory:.0f}); "
      f"made after revocation: {m['after_revocation']:.0f} ({m['after_revocation'] / m['final']:.0%})")
print(f"without revocation: {m['without_revocation']:.0f}; revocation prevented {prevented:.0%} of the copies")

# %%
# alt: copies in circulation by day, one line without revocation rising to about 1500, one with revocation on day 20 that keeps rising to about 500 and then flattens; a dashed vertical line marks day 20.
from aigc_ethics.images import OKABE_ITO

a = C.simulate_shares(days=DAYS, per_day=PER_DAY, reshare_mean=MEAN, revoke_day=REV, seed=0)
b = C.simulate_shares(days=DAYS, per_day=PER_DAY, reshare_mean=MEAN, revoke_day=None, seed=0)
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(b["in_circulation"], color=OKABE_ITO[0], label="no revocation")
ax.plot(a["in_circulation"], color=OKABE_ITO[4], label=f"revoked on day {REV}")
ax.axvline(REV, color="grey", ls="--")
ax.set(xlabel="day", ylabel="copies in circulation", title="seed 0")
ax.legend()
plt.show()

# %% tags=["remove-cell"]
assert m["after_revocation"] > 0.1 * m["final"]          # copies keep appearing after revocation
assert m["final"] < m["without_revocation"]              # revocation does prevent copies
assert abs(m["final"] - theory) < 0.1 * theory            # the simulation agrees with n / (1 - m)
assert 0.55 < prevented < 0.75                            # roughly two thirds
assert 0.1 < m["after_revocation"] / m["final"] < 0.3      # about one in five
assert (sims["generated"] == PER_DAY * REV).all()

# %% [markdown]
# ## 4. What the laws in the table require
#
# The rows of the course's regulation table that require consent, takedown, or both, among the
# instruments in force or adopted (as of their `last_reviewed` date).

# %%
from aigc_ethics.regulation import load_regulations

reg = load_regulations()
in_force = reg[reg["in_force"]]
both = in_force[in_force["consent"] & in_force["takedown"]]
only_consent = in_force[in_force["consent"] & ~in_force["takedown"]]
print(f"{len(in_force)} instruments in force or adopted; {int(in_force['consent'].sum())} require consent, "
      f"{len(both)} of them also a takedown")
both[["jurisdiction", "instrument", "date", "status"]]

# %% tags=["remove-cell"]
assert "eu-gdpr" in set(both["id"]) and "us-take-it-down" in set(both["id"])
assert 0 < len(both) < len(in_force) / 2 and len(only_consent) > 0

# %% [markdown]
# A takedown duty (for example the US TAKE IT DOWN Act's 48-hour removal of reported intimate images
# and known identical copies) is what reaches the copies our simulation leaves behind; a consent rule
# alone reaches only the next image. Most consent rows in the table are criminal or civil rules on
# intimate deepfakes, not a general right to control every depiction.

# %% [markdown]
# ### Who is affected, with your number
#
# The person who revoked is the stakeholder: consent was promised to them as control
# ([thinking tools](../book/thinking_tools.md), rights and duties).

# %%
print(f"A person who revokes on day {REV} stops the service's images of them, but on average "
      f"{m['after_revocation']:.0f} new copies of their images still appear afterwards by resharing alone, "
      f"and {m['final']:.0f} copies circulate in the end ({prevented:.0%} fewer than without revocation). "
      f"Removing them is up to platforms and the people holding them, not the service.")

# %% [markdown]
# ## What we found
#
# - A consent registry is a small, checkable mechanism: in our 120 requests the service refused every
#   request for `P03` from the revocation day on, every request for a person with no record, and every
#   purpose outside a record's scope, and logged each refusal with its reason (audit summary above).
#   Every released image carried the IPTC `trainedAlgorithmicMedia` label and a manifest with a consent
#   assertion.
# - Revocation works **forward only**. In the simulation it prevented roughly two thirds of the copies
#   that would otherwise have existed (printed above), but the copies already shared kept spreading:
#   about one in five of the final copies was made *after* revocation, and the average agrees with
#   the expected n / (1 - m) copies of a branching process (within 10 %).
# - This matches the law's shape: GDPR Art. 17(1) binds the controller, Art. 17(2) asks only for
#   "reasonable steps" to inform others, Art. 17(3) exempts freedom of expression; reaching the copies
#   needs takedown duties on platforms, which the table pairs with consent in fewer than half of its
#   in-force rows, and mostly for intimate images.
#
# **Limits.** The reshare model is a toy: a constant mean, no platform removing copies, no decay of
# interest, no copy found by hashing (the next lesson). Labels and manifests are stripped by a
# re-save (lesson 35), so they help honest platforms find copies but do not follow every copy. The
# registry trusts that a request naming `P01` is about `P01`; a prompt that describes a person without
# naming them is not checked at all.
#
# **Open question.** When copies outlive a revocation, who should carry the cost of removing them: the
# service that made them, the platforms that host them, or the person who must find and report each
# one? (Exercise notebook, last question.)
#
# **Next:** [takedown by hashing](63_takedown_by_hashing.ipynb).
