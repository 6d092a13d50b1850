"""Checks for the Law & society chapter."""

from __future__ import annotations

import pandas as pd

from aigc_ethics.chapters.regulation import CONTROLS, load_regulations, required_controls
from aigc_ethics.chapters.society import REQUIRED, review_policy
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, run_check


def _toy_rules() -> pd.DataFrame:
    rows = [("Atlantis", "in force", "label;watermark", True), ("Atlantis", "bill (not enacted)", "consent", False),
            ("Atlantis", "in force", "takedown;label", True), ("Lemuria", "in force", "consent", True),
            ("Lemuria", "voluntary", "provenance", False)]
    df = pd.DataFrame(rows, columns=["jurisdiction", "status", "controls", "in_force"])
    for c in CONTROLS:
        df[c] = df["controls"].str.split(";").apply(lambda cs, c=c: c in cs)
    return df


def check_controls_for(fn) -> None:
    """``fn(df, jurisdiction) -> sorted list`` of controls required by IN-FORCE rules there."""

    def body():
        toy = _toy_rules()
        got = call(fn, toy, "Atlantis")
        if got is None:
            raise Feedback("your function returned None.", "did you forget `return`?")
        if not isinstance(got, (list, tuple)):
            raise Feedback(f"return a list of control names, got {type(got).__name__}.")
        got = list(got)
        if "consent" in got:
            raise Feedback("for the toy country 'Atlantis' you included 'consent', which only a bill (not in force) asks for.",
                           "keep only rows where df['in_force'] is True.")
        if sorted(got) != ["label", "takedown", "watermark"]:
            raise Feedback(f"for the toy country 'Atlantis' you returned {got}; expected ['label', 'takedown', 'watermark'].",
                           "a control is required if ANY in-force row of that jurisdiction has True in its column.")
        if got != sorted(got):
            raise Feedback("return the list sorted alphabetically.", "use sorted(...).")
        if list(call(fn, toy, "Oz")) != []:
            raise Feedback("for a jurisdiction with no rules, return an empty list.")
        real = load_regulations()
        want = required_controls(real, ["China"])
        if sorted(call(fn, real, "China")) != want:
            raise Feedback(f"on the real table, China's in-force rules require {want}.")
        return "right on a toy table (a bill is not law), on an unknown country, and on the real table."
    run_check("check_controls_for", fn, body)


def check_rules_per_control(fn) -> None:
    """``fn(df) -> dict {control: number of rules requiring it}`` over all rows."""

    def body():
        toy = _toy_rules()
        got = call(fn, toy)
        if not isinstance(got, dict):
            raise Feedback(f"return a dict {{control: count}}, got {type(got).__name__}.")
        want = {c: int(toy[c].sum()) for c in CONTROLS}
        if set(got) != set(CONTROLS):
            raise Feedback(f"the keys must be exactly {list(CONTROLS)}, got {sorted(got)}.")
        if {k: int(v) for k, v in got.items()} != want:
            raise Feedback(f"on the toy table you returned {got}; expected {want}.",
                           "count the rows with True in each control's column: df[control].sum().")
        return "counts are right for every control."
    run_check("check_rules_per_control", fn, body)


def check_policy(policy, setting: str) -> None:
    """``policy`` (a string or dict of clauses) must name, as obligations, every control that
    ``setting`` requires; a takedown clause must give a deadline."""

    def body():
        if setting not in REQUIRED:
            raise Feedback(f"choose the setting from {sorted(REQUIRED)}, got {setting!r}.")
        if not isinstance(policy, (str, dict)):
            raise Feedback(f"write the policy as a string or a dict of clauses, got {type(policy).__name__}.")
        words = len((" ".join(map(str, policy.values())) if isinstance(policy, dict) else policy).split())
        if words < 30:
            raise Feedback(f"your policy has {words} words; a usable policy needs at least 30.")
        r = review_policy(policy, setting)
        if r["missing"]:
            raise Feedback(f"a {setting} policy must say what people MUST do about: {', '.join(r['missing'])}.",
                           "each control needs a clause with an obligation word (must, shall, will, never, only) "
                           "and the control's name, e.g. 'Every generated image must carry a visible label.'")
        if "takedown" in r["required"] and not r["takedown_deadline"]:
            raise Feedback("your takedown clause has no deadline.",
                           "say how fast, e.g. 'within 48 hours' (the US TAKE IT DOWN Act's deadline for platforms).")
        return f"your {setting} policy names {', '.join(r['required'])} as obligations."
    run_check("check_policy", policy, body)


DISCUSSIONS.update({
    "policy-enforcement": (
        "**A model discussion.** A policy is only as strong as the means to check it. Labels are cheap "
        "but easy to crop or to omit; invisible watermarks survive some edits but not all (the "
        "watermark lessons measured how JPEG, resizing and rotation break them), and only the "
        "generator's provider can add them; content credentials (C2PA) prove where an image came "
        "from but vanish when a file is re-saved, so their *absence* proves nothing. Consent is "
        "checkable only if it is recorded before the image is made. Takedown needs a named person, a "
        "deadline and a way to find copies (perceptual hashes). A good answer names who checks each "
        "clause, what happens on a breach, and which failures remain: e.g. a platform cannot detect "
        "unmarked images from an open-source model reliably, so it must combine provenance for the "
        "honest majority with reporting and takedown for the rest. The survey's 28 % 'not confident' "
        "in policymakers is a reminder that rules without enforcement lose trust."),
})
