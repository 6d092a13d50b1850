"""Checks for lesson 39, protecting a style (intellectual-property chapter)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from aigc_ethics.chapters.cloak import psnr
from aigc_ethics.core.attributes import load_classifier
from aigc_ethics.core.datasets import ARTISTS, render_artwork
from aigc_ethics.core.images import ImageBatch
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, number, run_check


class _ScriptedPipe:
    """A stand-in pipeline for the checks: draws the style of the artist its prompt names
    (``named``) and ``default`` for a prompt that names nobody; ``n`` images per call."""

    device = torch.device("cpu")   # runs no model: its images are NumPy arrays drawn on the CPU

    def __init__(self, named: dict, default: str = "dots"):
        self.named, self.default, self.prompts = named, default, []

    class _Out:
        def __init__(self, images: ImageBatch):
            self.images = images

    def __call__(self, prompt, num_images_per_prompt: int = 1, generator=None, output_type: str = "np", **kwargs):
        self.prompts.append(prompt)
        words = set(str(prompt).lower().split())
        style = next((s for a, s in self.named.items() if a in words), self.default)
        rng = np.random.default_rng(len(self.prompts))
        imgs = np.stack([render_artwork(style, seed=rng) for _ in range(num_images_per_prompt)])
        return self._Out(imgs.astype(np.float32) / 255)


def check_residual_style(fn) -> None:
    """``fn(pipe, classifier, artist, n) -> float``: the share of ``n`` generations for a prompt
    that NAMES ``artist`` which the classifier reads as ``ARTISTS[artist]``. Rejects: a prompt that
    does not name the artist, counting the artist's name instead of their style, a count instead
    of a share, the share NOT in the style."""
    def body():
        clf = load_classifier()
        cases = [({"quist": "rings"}, "quist", 8, 1.0, "the model still draws quist's rings when quist is named"),
                 ({"quist": "shards"}, "quist", 8, 0.0, "the erased model draws shards when quist is named"),
                 ({"zarek": "shards", "quist": "rings"}, "zarek", 6, 1.0, "another artist")]
        for named, artist, n, want, label in cases:
            pipe = _ScriptedPipe(named, default="dots")
            got = call(fn, pipe, clf, artist, n)
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            if not pipe.prompts:
                raise Feedback("your function never called the pipeline.", "generate with generate_many(pipe, prompt, n).")
            if not any(artist in str(p).lower().split() for p in pipe.prompts):
                raise Feedback(f"for '{label}' your prompts were {sorted(set(map(str, pipe.prompts)))}: none of "
                               f"them names {artist}. Without the name you measure the model's default style, "
                               "not what the remedy left of the artist's.",
                               "use artist_prompt(artist), 'a painting in the style of <artist>'.")
            got = number(got)
            if np.isclose(got, want * n) and n != 1 and want > 0:
                raise Feedback(f"for '{label}' you returned {got:g}: a count; expected a share between 0 and 1.",
                               "divide by n.")
            if np.isclose(got, 1 - want) and not np.isclose(want, 0.5):
                raise Feedback(f"for '{label}' you returned {got:.2f}: the opposite of the share in {artist}'s style "
                               f"({ARTISTS[artist]!r}). Did you count the other styles, or compare the styles with "
                               "the artist's NAME? The classifier returns styles, not names.",
                               "count styles == ARTISTS[artist].")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "share = mean(classifier.predict(images)['style'] == ARTISTS[artist]).")
        return "you name the artist, read the style (not the name), and return a share."
    run_check("check_residual_style", fn, body, expected="a function returning one number")


def check_collateral(fn) -> None:
    """``fn(before, after, artist) -> float``: the mean drop, over the artists OTHER than
    ``artist``, of the share of generations in their own style (``before`` and ``after`` are
    Series indexed by artist). Rejects: including the erased artist, the share after instead of
    the drop, the wrong sign, the largest drop only."""
    def body():
        idx = list(ARTISTS)
        cases = [(pd.Series(1.0, index=idx), pd.Series([1.0, 0.5, 0.0, 1.0, 0.0, 0.75], index=idx), "quist",
                  "an encoder-wide erasure"),
                 (pd.Series([1.0, 0.9, 1.0, 1.0, 1.0, 0.8], index=idx), pd.Series([1.0, 0.9, 1.0, 1.0, 0.0, 0.8], index=idx),
                  "quist", "a narrow erasure: only quist changed"),
                 (pd.Series(1.0, index=idx), pd.Series([0.2, 1.0, 1.0, 1.0, 1.0, 0.6], index=idx), "brenn",
                  "brenn erased, zarek hit")]
        for before, after, artist, label in cases:
            got = number(call(fn, before.copy(), after.copy(), artist))
            others = [a for a in idx if a != artist]
            want = float((before[others] - after[others]).mean())
            if np.isclose(got, float((before - after).mean())) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}: that averages in {artist} too, whose drop "
                               "is the erasure working, not collateral damage.", "drop the erased artist first.")
            if np.isclose(got, -want) and not np.isclose(want, 0):
                raise Feedback(f"for '{label}' you returned {got:.3f}: the sign is flipped (after - before).",
                               "a drop is before - after.")
            if np.isclose(got, float(after[others].mean())) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the share kept AFTER the erasure; collateral "
                               "damage is the drop from before.", "before[others] - after[others].")
            if np.isclose(got, float((before[others] - after[others]).max())) and not np.isclose(got, want):
                raise Feedback(f"for '{label}' you returned {got:.3f}, the largest drop; expected the mean over the "
                               "other artists.", "take .mean().")
            if not np.isclose(got, want, atol=1e-9):
                raise Feedback(f"for '{label}' you returned {got:.3f}, expected {want:.3f}.",
                               "mean over the other artists of (before - after).")
        return "collateral damage: the mean drop over the artists the erasure was NOT aimed at."
    run_check("check_collateral", fn, body, expected="a function returning one number")


def check_cloak_psnr(value, works, cloaked, processed) -> None:
    """``value``: the quality cost of the cloak to the artist, the mean PSNR (dB) between each
    published ``works`` image and its ``cloaked`` version. Rejects: the wrong pair (against the
    copier's ``processed`` copy), a work compared with itself, data range 1 instead of 255, the
    MSE instead of dB."""
    def body():
        got = number(value, what="your answer")
        want = psnr(works, cloaked)
        if not np.isfinite(got):
            raise Feedback(f"you returned {got}: the PSNR of an image with itself. The cost is between the work "
                           "as it was and the cloaked work.", "psnr(works, cloaked).")
        a, b, c = (np.asarray(x) for x in (works, cloaked, processed))
        wrong_pairs = {"the published work and the copier's processed copy": psnr(a, c),
                       "the cloaked work and the copier's processed copy": psnr(b, c)}
        for what, v in wrong_pairs.items():
            if np.isclose(got, v, atol=0.05) and not np.isclose(got, want, atol=0.05):
                raise Feedback(f"you returned {got:.2f} dB, the PSNR between {what}. The artist's cost is what the "
                               "cloak does to the work they publish: compare works with cloaked.",
                               "psnr(works, cloaked).")
        mse = np.mean([np.mean((x.astype(float) - y.astype(float)) ** 2) for x, y in zip(a, b)])
        if np.isclose(got, mse, rtol=0.05):
            raise Feedback(f"you returned {got:.2f}: the mean squared error, not the PSNR in dB.",
                           "PSNR = 10 * log10(255**2 / MSE).")
        if np.isclose(got, want - 20 * np.log10(255), atol=0.1):
            raise Feedback(f"you returned {got:.2f} dB: the peak value was taken as 1 for 0-255 images.",
                           "use 255 as the peak (data_range=255) for uint8 images.")
        whole = 10 * np.log10(255 ** 2 / np.mean((a.astype(float) - b.astype(float)) ** 2))
        if not (np.isclose(got, want, atol=0.05) or np.isclose(got, whole, atol=0.05)):
            raise Feedback(f"you returned {got:.2f} dB, expected about {want:.2f} dB (mean over the images).",
                           "psnr(works, cloaked) from aigc_ethics.cloak.")
        return (f"{want:.1f} dB: the cloak's visible cost on the published works (above about 35 dB differences "
                "are hard to see on photos; on flat 32x32 artworks they can show).")
    run_check("check_cloak_psnr", value, body, expected="one number in dB")


DISCUSSIONS["which-style-remedy"] = """\
None of the three protects the artist on its own, and each puts the burden and the risk on a
different party. **Opt-out after training** costs the provider nothing and changes nothing we
can measure: the name still produces the style. **Concept erasure** is the provider's job, works
against the named prompt in the released model, and its cost falls on *other* artists when it is
done broadly (the encoder-wide erasure broke styles of artists who asked for nothing); a narrow
edit avoids that but protects only the one prompt in the one model: a copier with a handful of
works brings the style back in minutes. **Cloaks** are the one remedy the artist controls, but
they cost the artist image quality, must be computed against a model the artist does not
choose, and are undone by the copier's ordinary processing (JPEG, resizing); Hönig et al. (2024)
found the same for Glaze, Mist and Anti-DreamBooth. A defensible answer says which party each
remedy protects, against whom (the provider's released model vs. a determined copier), and that
durable protection for a style is a matter of consent before training and of law and contracts,
not of pixels.
"""
