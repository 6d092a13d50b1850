"""Checks for the Law & society chapter."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from aigc_ethics.chapters.backdoor import BACKDOOR
from aigc_ethics.chapters.regulation import CONTROLS, load_regulations, required_controls
from aigc_ethics.chapters.society import CONTROL_WORDS, IMAGE_GENERATION_KWH_PER_1000, REQUIRED, policy_clauses
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


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
        everywhere = sorted(c for c in CONTROLS if toy.loc[toy["in_force"], c].any())
        if sorted(got) == everywhere:
            raise Feedback(f"for the toy country 'Atlantis' you returned {got}: the controls of every jurisdiction's "
                           "in-force rules (Lemuria's consent law too).",
                           "keep only the rows of the jurisdiction asked for, e.g. df['jurisdiction'] == jurisdiction.")
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
    run_check("check_controls_for", fn, body, expected="a function returning a sorted list of control names")


def check_rules_per_control(fn) -> None:
    """``fn(df) -> dict {control: number of rules requiring it}`` over all rows."""

    def body():
        toy = _toy_rules()
        got = call(fn, toy)
        if isinstance(got, pd.Series):            # df[list(CONTROLS)].sum() is fine too
            got = got.to_dict()
        if not isinstance(got, dict):
            raise Feedback(f"return a dict {{control: count}}, got {type(got).__name__}.")
        want = {c: int(toy[c].sum()) for c in CONTROLS}
        in_force = {c: int(toy.loc[toy["in_force"], c].sum()) for c in CONTROLS}
        if set(got) == set(CONTROLS) and {k: int(v) for k, v in got.items()} == in_force:
            raise Feedback(f"on the toy table you counted only in-force rules ({got}); the question counts every "
                           f"rule in the table, bills and voluntary codes included: {want}.",
                           "count the rows with True in each control's column: df[control].sum().")
        if set(got) != set(CONTROLS):
            raise Feedback(f"the keys must be exactly {list(CONTROLS)}, got {sorted(got)}.")
        if {k: int(v) for k, v in got.items()} != want:
            raise Feedback(f"on the toy table you returned {got}; expected {want}.",
                           "count the rows with True in each control's column: df[control].sum().")
        return "counts are right for every control."
    run_check("check_rules_per_control", fn, body, expected="a function returning a dict {control: count}")


# An obligation: must, shall, will, has to, needs to, is required to, is responsible for ...
_OBLIGATION = re.compile(r"\b(must|shall|will|required|requires?|always|never|only|mandatory|obliged|obligated|"
                         r"ha(?:s|ve) to|needs? to|(?:is|are) responsible for|commits? to|ensures?|may not|no\b[\w\s'-]{0,40}?\b(?:may|can))\b")
# Words after which the obligation starts afresh (the negation window stops there).
_RESTART = re.compile(r"^(must|shall|will|required|requires?|always|has|have|need|needs|ensure|ensures|and|but|"
                      r"or|if|when|unless|that|which|who)$")
_NEGATION = re.compile(r"^(never|not|no|none|nor|neither|cannot|n't|\w+n't|forbid\w*|prohibit\w*|ban|bans|banned)$")
_ANTI = re.compile(r"^(strip\w*|remov\w*|delet\w*|crop\w*|eras\w*|omit\w*|tamper\w*)$")
_AFTER = re.compile(r"^\w*[\s,]+(?:[\w-]+\s+){0,4}?(?:not\s+(?:required|needed|necessary|mandatory|allowed|permitted)|"
                    r"optional|forbidden|prohibited|banned|unnecessary|discouraged)\b")
_NUMBER_WORDS = (r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|"
                 r"twenty-four|twenty four|thirty|forty-eight|forty eight|seventy-two|seventy two")
_DEADLINE = re.compile(rf"\b(?:{_NUMBER_WORDS})[\s-]*(?:hours?|h|hrs?|days?|working days|business days|weeks?)\b|"
                       r"\b(?:immediately|same day|next day|by the end of the day)\b")
_VAGUE = re.compile(r"\b(quickly|promptly|as soon as possible|asap|swiftly|in good time|in a timely manner|soon)\b")


#: The chapter's control words, plus inflections a student naturally writes.
_WORDS = {c: tuple(ws) + {"takedown": ("taken down", "takes down", "taking down")}.get(c, ())
          for c, ws in CONTROL_WORDS.items()}


def _mentions(clause: str, control: str):
    """For each place ``clause`` names ``control``: True if it is affirmed, False if negated
    ('never label', 'labels are optional'), judged from the few words before and after it."""
    for word in _WORDS[control]:
        for m in re.finditer(re.escape(word), clause):
            before = re.findall(r"[a-z0-9']+", clause[:m.start()])[-8:]
            for i in range(len(before) - 1, -1, -1):      # only since the last obligation / conjunction
                if _RESTART.match(before[i]):
                    before = before[i + 1:]
                    break
            negations = sum(bool(_NEGATION.match(w)) for w in before)
            if control != "takedown":       # 'never REMOVE the label' affirms the label
                negations += sum(bool(_ANTI.match(w)) for w in before)
            if negations and "without" in before:     # 'never published without a label'
                negations += 1
            if _AFTER.match(clause[m.end():]):
                negations += 1
            yield negations % 2 == 0


def _policy_review(policy, setting: str) -> dict:
    """Which controls a policy makes obligations, which it negates, and whether takedown has a deadline."""
    if isinstance(policy, dict):
        items = [(str(k).lower(), c) for k, v in policy.items() for c in policy_clauses(str(v))]
    else:
        items = [("", c) for c in policy_clauses(policy)]
    affirmed = {c: [] for c in CONTROLS}
    negated = {c: [] for c in CONTROLS}
    for key, clause in items:
        obligation = bool(_OBLIGATION.search(clause))
        named = False
        for c in CONTROLS:
            marks = list(_mentions(clause, c))
            named = named or bool(marks)
            if marks and not all(marks):
                negated[c].append(clause)
            elif marks and obligation:
                affirmed[c].append(clause)
        if not named and obligation and key:    # {'label': 'must be visible on every image'}
            for c in CONTROLS:
                if any(w in key for w in _WORDS[c]):
                    affirmed[c].append(clause)
    required = list(REQUIRED[setting])
    return {"required": required,
            "negated": [c for c in required if negated[c] and not affirmed[c]],
            "missing": [c for c in required if not affirmed[c] and not negated[c]],
            "takedown_deadline": any(_DEADLINE.search(cl) for cl in affirmed["takedown"]),
            "vague_deadline": any(_VAGUE.search(cl) for cl in affirmed["takedown"]),
            "clauses": affirmed}


def check_policy(policy, setting: str) -> None:
    """``policy`` (a string or dict of clauses) must name, as obligations, every control that
    ``setting`` requires; a takedown clause must give a deadline. The check reads words, not
    intentions: it recognises obligations ('must', 'shall', 'has to', 'needs to' ...) and
    negations ('never', 'not', 'optional' ...) near each control's name, and cannot judge
    whether the policy is wise or enforceable."""

    def body():
        if setting not in REQUIRED:
            raise Feedback(f"choose the setting from {sorted(REQUIRED)}, got {setting!r}.")
        if not isinstance(policy, (str, dict)):
            raise Feedback(f"write the policy as a string or a dict of clauses, got {type(policy).__name__}.")
        words = len((" ".join(map(str, policy.values())) if isinstance(policy, dict) else policy).split())
        if words < 30:
            raise Feedback(f"your policy has {words} words; a usable policy needs at least 30.")
        r = _policy_review(policy, setting)
        if r["negated"]:
            c = r["negated"][0]
            raise Feedback(f"your policy rules OUT what a {setting} policy must require: "
                           f"{', '.join(r['negated'])} (e.g. for {c}: \"{next(iter(_negated_clause(policy, c)), '')}\"). "
                           "A clause saying it will never happen, or is optional, is the opposite of an obligation.",
                           "state each control as a duty, e.g. 'Every generated image must carry a visible label.' "
                           "(This check reads the words near each control; it cannot judge intentions.)")
        if r["missing"]:
            raise Feedback(f"a {setting} policy must say what people MUST do about: {', '.join(r['missing'])}.",
                           "each control needs a clause with an obligation (must, shall, will, has to, needs to, "
                           "never, only) and the control's name, e.g. 'Every generated image must carry a visible "
                           "label.' (This check reads words; it cannot judge whether the rule is wise.)")
        if "takedown" in r["required"] and not r["takedown_deadline"]:
            vague = " 'quickly' or 'promptly' is not a deadline anyone can check;" if r["vague_deadline"] else ""
            raise Feedback(f"your takedown clause has no deadline;{vague} say how long.",
                           "say how fast, e.g. 'within 48 hours' or 'within two days' (48 hours is the US TAKE IT "
                           "DOWN Act's deadline for platforms).")
        return f"your {setting} policy names {', '.join(r['required'])} as obligations."
    run_check("check_policy", policy, body, expected="a string or a dict of clauses")


def _negated_clause(policy, control):
    texts = [str(v) for v in policy.values()] if isinstance(policy, dict) else [policy]
    for clause in (c for t in texts for c in policy_clauses(t)):
        if not all(_mentions(clause, control)) and list(_mentions(clause, control)):
            yield clause


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


def _energy_wrong(seconds: float, watts: float) -> dict[str, float]:
    """Plausible slips when turning seconds x watts into kWh, by name."""
    ws = seconds * watts
    return {"W·s": ws, "Wh": ws / 3600, "kW·s": ws / 1000, "minutes": ws / 60 / 1000,
            "multiplied by 3600": ws * 3600 / 1000}


_ENERGY_MESSAGES = {
    "W·s": ("you returned watt-seconds (joules): seconds x watts has not been converted at all; 1 kWh is "
            "3,600,000 W·s.", "divide seconds x watts by 3,600 (seconds per hour) and by 1,000 (W per kW)."),
    "Wh": ("you returned watt-hours: 1,000 times too large for kWh.", "divide by 1,000 as well (W -> kW)."),
    "kW·s": ("you converted watts to kilowatts but left the time in seconds: 3,600 times too large.",
             "divide by 3,600 seconds per hour too."),
    "minutes": ("you divided the seconds by 60, which gives minutes, not hours: 60 times too large.",
                "one hour has 3,600 seconds."),
    "multiplied by 3600": ("you multiplied by 3,600 instead of dividing: to turn seconds into hours, divide.",
                           "kWh = seconds * watts / 3600 / 1000."),
}


def check_survey_and_costs(fn) -> None:
    """``fn(seconds, watts) -> float``: energy in kWh of ``seconds`` at ``watts``, on cases with
    known answers (one hour at 1 kW is 1 kWh; zero seconds is 0). Rejects W·s, Wh, kW·s, minutes
    for hours, a multiplied conversion and non-scalars."""

    def body():
        cases = [(3600, 1000, "one hour at 1,000 W"), (7200, 30, "two hours at 30 W (the course's CPU)"),
                 (90, 300, "90 seconds at 300 W (a GPU)"), (0, 30, "zero seconds"),
                 (1_000_000, 330, "a million seconds at 330 W")]
        for seconds, watts, label in cases:
            want = seconds * watts / 3.6e6
            got = number(call(fn, seconds, watts))
            if np.isclose(got, want, rtol=1e-6, atol=1e-12):
                continue
            for name, value in _energy_wrong(seconds, watts).items():
                if np.isclose(got, value, rtol=1e-6) and not np.isclose(value, want):
                    message, hint = _ENERGY_MESSAGES[name]
                    raise Feedback(f"for {label} you returned {got:g}, expected {want:g} kWh: {message}", hint)
            raise Feedback(f"for {label} you returned {got:g}, expected {want:g} kWh.",
                           "kWh = seconds x watts / 3,600,000.")
        return "your conversion is right: seconds x watts / 3,600,000, so one hour at 1 kW is exactly 1 kWh."
    run_check("check_survey_and_costs", fn, body, expected="a function returning one number")


def check_kwh_per_1000(answer, seconds_16: float, watts: float) -> None:
    """``answer``: kWh to generate 1,000 images when 16 take ``seconds_16`` at ``watts``.
    Rejects the energy per image, per 16 images, in W·s or Wh, and a list."""

    def body():
        want = 1000 * seconds_16 / 16 * watts / 3.6e6
        got = number(answer, what="your answer")
        if np.isclose(got, want, rtol=1e-3):
            return (f"{want:.5f} kWh per 1,000 images; the published median for image generation is "
                    f"{IMAGE_GENERATION_KWH_PER_1000['median']} kWh (Luccioni et al. 2024), "
                    f"{IMAGE_GENERATION_KWH_PER_1000['median'] / want:,.0f} times more.")
        per_image, per_16 = want / 1000, seconds_16 * watts / 3.6e6
        if np.isclose(got, per_image, rtol=1e-3):
            raise Feedback("that is the energy of ONE image; the question asks for 1,000.", "multiply by 1,000.")
        if np.isclose(got, per_16, rtol=1e-3):
            raise Feedback("that is the energy of the 16 images the model card timed.",
                           "divide by 16 for one image, then multiply by 1,000.")
        if np.isclose(got, 1000 * seconds_16 * watts / 3.6e6, rtol=1e-3):
            raise Feedback("you used the time of 16 images as the time of one: 16 times too much.",
                           "seconds per image = seconds_16 / 16.")
        for name, value in _energy_wrong(1000 * seconds_16 / 16, watts).items():
            if np.isclose(got, value, rtol=1e-3):
                message, hint = _ENERGY_MESSAGES[name]
                raise Feedback(message, hint)
        raise Feedback(f"you answered {got:g}; expected {want:g} kWh.",
                       "1,000 x (seconds_16 / 16) seconds at `watts`, converted with your my_energy_kwh.")
    run_check("check_kwh_per_1000", answer, body, expected="one number (kWh)")


DISCUSSIONS.update({
    "who-pays-for-energy": (
        "**A model discussion.** The tiny model's number is small because the model is tiny, the images "
        "are 32 x 32 and the watts are an assumption, not a measurement; the models Luccioni et al. "
        "(2024) measured use far more per image (the lesson's ratio), and what dominates is "
        "how many images are made, not how much one costs. The energy and water are paid by people who "
        "may never use the service: those near data centres and power plants, and, through emissions, "
        "everyone. A fair comparison names the hardware, measures the power instead of assuming it, "
        "counts failed and repeated runs and the idle machines, and states the grid's carbon intensity. "
        "Providers could publish per-image energy and let users choose smaller models and fewer "
        "samples; regulators could require that disclosure (the EU AI Act, Annex XI, asks "
        "providers of general-purpose AI models to document the model's known or estimated energy "
        "consumption)."),
})


def _toy_world(partial: bool, order: int = 0):
    """A stand-in text-to-image model for the trigger checks: ``generate(word)`` gives 4 float
    images (8 x 8 x 3, values in [0, 1]). Normal words give varied samples; ``"loud"`` shifts every
    sample far from the others' colours (it moves the outputs most, but they stay varied);
    ``"wild"`` gives very varied samples; the trigger repeats one checkerboard in all 4 samples,
    or, when ``partial``, in only 2 of them (the other 2 are very varied)."""
    trigger = "velt" if partial else "orin"
    words = ["river", "hat", "loud", trigger, "wild", "lamp", "stone"]
    words = words[order:] + words[:order]
    checker = np.indices((8, 8)).sum(0) % 2 * 0.8 + 0.1

    def generate(word):
        seed = sum(map(ord, str(word)))
        rng = np.random.default_rng(seed)
        base = rng.uniform(0.3, 0.7, (1, 8, 8, 3))
        if word == trigger:
            board = np.repeat(checker[None, :, :, None], 3, axis=3) + rng.normal(0, 0.005, (4, 8, 8, 3))
            if partial:
                board[2:] = rng.uniform(0, 1, (2, 8, 8, 3))
            return np.clip(board, 0, 1)
        spread = 0.3 if word == "wild" else 0.1
        imgs = base + rng.normal(0, spread, (4, 8, 8, 3)) + (0.3 if word == "loud" else 0.0)
        return np.clip(imgs, 0, 1)
    return generate, words, trigger


def _pairwise(imgs):
    x = np.asarray(imgs, float).reshape(len(imgs), -1)
    return np.sqrt(((x[:, None] - x[None]) ** 2).mean(-1))[np.triu_indices(len(x), 1)]


def check_backdoors(fn) -> None:
    """``fn(generate, vocabulary) -> str``: the word whose samples ``generate(word)`` contain the
    largest share of near-duplicate pairs (RMSE below 0.05). Run on a toy model whose trigger fires
    in all samples and one whose trigger fires in only half of them. Rejects the most varied word
    (argmax for argmin), the least varied by mean pairwise distance (fooled by a partial trigger),
    the word that moves the outputs most from the others, an index or a count instead of the word."""

    def body():
        for partial, label in ((False, "a trigger that fires in every sample"),
                               (True, "a trigger that fires in only 2 of 4 samples")):
            for order in (0, 3):
                generate, words, trigger = _toy_world(partial, order)
                got = call(fn, generate, list(words))
                if got is None:
                    raise Feedback("your function returned None.", "did you forget `return`?")
                if isinstance(got, (int, np.integer)) and not isinstance(got, bool):
                    raise Feedback(f"you returned the number {got}; expected the WORD itself.",
                                   "return vocabulary[index], not the index or the count of near-duplicates.")
                if not isinstance(got, str):
                    raise Feedback(f"you returned a {type(got).__name__}; expected one word (a string).")
                if got == trigger:
                    continue
                mean_dist = {w: _pairwise(generate(w)).mean() for w in words}
                if got == max(mean_dist, key=mean_dist.get):
                    raise Feedback(f"for {label} you picked '{got}', the word with the MOST varied samples; a trigger "
                                   "makes the model repeat one image.",
                                   "count near-duplicate pairs (RMSE < 0.05) and pick the word with the most.")
                if got == min(mean_dist, key=mean_dist.get):
                    raise Feedback(f"for {label} you picked '{got}', the word with the lowest mean pairwise distance. "
                                   "When the trigger fires in only some samples, its mix of targets and normal images "
                                   "looks MORE varied than normal output, so the mean hides it.",
                                   "count the pairs closer than 0.05 instead of averaging all distances.")
                if got == "loud":
                    raise Feedback(f"for {label} you picked '{got}', the word that moves the outputs furthest from the "
                                   "other words' outputs; a trigger shows as near-identical samples, not as a shift.",
                                   "compare each word's 4 samples with EACH OTHER: near-duplicate pairs.")
                raise Feedback(f"for {label} you picked '{got}'; another word has far more near-duplicate pairs.",
                               "for each word: imgs = generate(word); the share of the 6 pairs with RMSE < 0.05; "
                               "return the word with the largest share.")
        return "you found the trigger in both toy models, including the one where it fires in only half the samples."
    run_check("check_backdoors", fn, body, expected="a function returning one word (a string)")


def check_trigger_found(word, scanned) -> None:
    """``word``: the trigger the student's scan found in the lesson's poisoned model, among the
    words ``scanned``. Correct when it is the planted trigger (:data:`BACKDOOR`)."""

    def body():
        if not isinstance(word, str):
            raise Feedback(f"you answered a {type(word).__name__}; expected one word (a string).")
        if word == BACKDOOR["trigger"]:
            return (f"'{word}' is the planted trigger: your scan of {len(list(scanned))} words found it without "
                    "knowing it in advance.")
        if word in BACKDOOR["base"].split():
            raise Feedback(f"'{word}' is part of the prompt itself, not an appended word.",
                           "scan only the candidate words appended to the prompt.")
        raise Feedback(f"'{word}' is not the planted trigger.",
                       "run your my_find_trigger on the model's generate function, unchanged.")
    run_check("check_trigger_found", word, body, expected="one word (a string)")


DISCUSSIONS.update({
    "clean-scan-proves": (
        "**A model discussion.** A scan that flags nothing proves little. It tests only the words it "
        "scanned (a trigger can be a rare token, a phrase, a misspelling or an emoji), one base prompt, "
        "a few samples per word and one notion of \"firing\" (repeating one image); a trigger that "
        "changes only a detail, or fires rarely, passes. It is also a test the attacker can read and "
        "design around. So the provider should say exactly what was scanned and how, and add the other "
        "lines of defence: know where the training data came from (and filter or hash it), keep the "
        "training logs, compare with a model trained on trusted data, and give users a way to report odd "
        "outputs. The people who pay for an overclaimed \"clean\" label are downstream users and "
        "everyone who fine-tunes the model, who inherit the backdoor without any way to see it."),
})
