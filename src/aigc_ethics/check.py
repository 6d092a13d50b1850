"""Feedback for exercises, in the spirit of Kaggle Learn's ``q1.check()``.

Every ``check_*`` function takes the student's answer (a function or a value), runs it on
cases whose right answer is known (including an edge case), and prints what is right, what is
wrong and a hint -- never a bare traceback. Open questions use :func:`discuss`, which shows a
model discussion only after the student has written a real answer.

Every check also records its outcome in :data:`RESULTS`, so the test suite can verify that the
solution notebooks pass every check and the blank exercise notebooks fail every one.

>>> from aigc_ethics import check
>>> check.check_log_spectrum(lambda img: ...)          # doctest: +SKIP
"""

from __future__ import annotations

import traceback
from typing import Callable

import numpy as np

#: One dict per check run in this kernel: ``{"check": name, "passed": bool}``.
RESULTS: list[dict] = []

PASS, FAIL, TODO = "✅ Correct", "❌ Not yet", "⏳ Not attempted yet"


class _Feedback(Exception):
    """Raised inside a check to stop at the first problem, carrying the message and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _record(name: str, passed: bool, text: str) -> None:
    RESULTS.append({"check": name, "passed": bool(passed)})
    print(text)


def _is_blank(answer) -> bool:
    return answer is Ellipsis or answer is None


def _run_check(name: str, answer, body: Callable[[], str]) -> None:
    """Run ``body`` (which raises :class:`_Feedback` on a wrong answer and returns a success
    message) and print the outcome in a uniform way."""
    if _is_blank(answer):
        return _record(name, False, f"{TODO} ({name}): replace the `...` with your answer, then run this cell again.")
    try:
        message = body()
    except NotImplementedError:
        return _record(name, False, f"{TODO} ({name}): your function still raises NotImplementedError. "
                                    f"Replace the `raise NotImplementedError(...)` line with your code.")
    except _Feedback as fb:
        text = f"{FAIL} ({name}): {fb.message}"
        if fb.hint:
            text += f"\n   Hint: {fb.hint}"
        return _record(name, False, text)
    except Exception as err:  # the student's code crashed: say where, briefly
        last = traceback.extract_tb(err.__traceback__)[-1]
        return _record(name, False, f"{FAIL} ({name}): your code raised {type(err).__name__}: {err} "
                                    f"(line {last.lineno}: `{(last.line or '').strip()}`)")
    return _record(name, True, f"{PASS} ({name}): {message}")


def _call(fn, *args, **kwargs):
    if not callable(fn):
        raise _Feedback(f"expected a function, got {type(fn).__name__}")
    return fn(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Chapter 0: images are arrays
# --------------------------------------------------------------------------------------------

def check_log_spectrum(fn) -> None:
    """``fn(gray) -> log(1 + |FFT|)`` with the zero frequency shifted to the centre."""
    from .imaging import log_spectrum

    def body():
        rng = np.random.default_rng(0)
        cases = {"a random 16x16 image": rng.random((16, 16)),
                 "a non-square 12x20 image": rng.random((12, 20)),
                 "a constant image": np.full((8, 8), 0.5)}
        for label, img in cases.items():
            got = np.asarray(_call(fn, img.copy()), dtype=float)
            want = log_spectrum(img)
            if got.shape != want.shape:
                raise _Feedback(f"for {label} your spectrum has shape {got.shape}, expected {want.shape}.",
                                "the spectrum has one value per pixel: use np.fft.fft2 on the whole image.")
            if np.allclose(got, np.fft.ifftshift(want), atol=1e-6):
                raise _Feedback("the values are right but the zero frequency is in the corner.",
                                "apply np.fft.fftshift so the lowest frequencies sit in the centre.")
            magnitude = np.abs(np.fft.fftshift(np.fft.fft2(img)))
            if np.allclose(got, magnitude, atol=1e-6) and not np.allclose(magnitude, want, atol=1e-6):
                raise _Feedback("you returned the magnitude without the logarithm.",
                                "use np.log1p(magnitude): it compresses the huge range of values.")
            if not np.allclose(got, want, atol=1e-6):
                err = float(np.abs(got - want).max())
                raise _Feedback(f"for {label} your values differ from the expected ones by up to {err:.3g}.",
                                "compute np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(gray)))).")
        return "your spectrum matches on square, non-square and constant images."
    return _run_check("check_log_spectrum", fn, body)


def check_brightest_channel(answer) -> None:
    """Which channel of the astronaut image has the highest mean? (a string: red/green/blue)."""
    from .imaging import load_sample

    def body():
        img = np.asarray(load_sample("astronaut"), dtype=float)
        means = img.reshape(-1, 3).mean(0)
        right = ("red", "green", "blue")[int(np.argmax(means))]
        if not isinstance(answer, str) or answer.strip().lower() not in ("red", "green", "blue"):
            raise _Feedback(f"answer with one of 'red', 'green' or 'blue', got {answer!r}.")
        if answer.strip().lower() != right:
            raise _Feedback(f"'{answer}' is not the channel with the highest mean.",
                            "compute img.reshape(-1, 3).mean(axis=0): the three numbers are R, G, B.")
        return f"{right} has the highest mean ({means.max():.1f} out of 255)."
    return _run_check("check_brightest_channel", answer, body)


# --------------------------------------------------------------------------------------------
# Chapter 1: how a text-to-image model works
# --------------------------------------------------------------------------------------------

def check_ddim_loop(fn, pipe=None) -> None:
    """``fn(pipe, prompt, latents, num_inference_steps, guidance_scale) -> images in [-1, 1]``
    must reproduce ``pipe(..., output_type="pt")`` from the same starting noise."""
    import torch
    from .generate import load_pipeline

    def body():
        p = pipe or load_pipeline("tiny", device="cpu")
        for steps, scale in ((10, 3.0), (5, 1.0)):
            latents = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(steps))
            want = p("a portrait of a chef", num_images_per_prompt=2, num_inference_steps=steps,
                     guidance_scale=scale, latents=latents.clone(), output_type="pt").images
            got = _call(fn, p, "a portrait of a chef", latents.clone(), steps, scale)
            if not isinstance(got, torch.Tensor):
                raise _Feedback(f"return a torch tensor, got {type(got).__name__}.")
            if tuple(got.shape) != tuple(want.shape):
                raise _Feedback(f"your images have shape {tuple(got.shape)}, expected {tuple(want.shape)}.")
            err = float((got.clamp(-1, 1) - want).abs().max())
            if err > 1e-3:
                extra = " (guidance_scale=1 means: no guidance, only the prompt's prediction)" if scale == 1.0 else ""
                raise _Feedback(f"with {steps} steps and guidance {scale}{extra} your images differ from the "
                                f"pipeline's by up to {err:.3f}.",
                                "call scheduler.set_timesteps(steps) first; for each t, run the UNet on "
                                "[x, x] with [uncond, cond] embeddings, mix them as "
                                "uncond + scale * (cond - uncond), then x = scheduler.step(out, t, x).prev_sample.")
        return "your loop reproduces the pipeline exactly, with and without guidance."
    return _run_check("check_ddim_loop", fn, body)


# --------------------------------------------------------------------------------------------
# Open questions
# --------------------------------------------------------------------------------------------

DISCUSSIONS = {
    "spectrum-why": (
        "**A model discussion.** Pixels mix *what* is in a picture with *how* it was made. The Fourier "
        "spectrum separates the image into frequencies, and many processing steps leave regular, "
        "content-independent traces there: upsampling layers repeat patterns on a grid (peaks at fixed "
        "frequencies), JPEG works on 8x8 blocks, and denoising models tend to under- or over-produce "
        "fine detail (the high-frequency energy). Averaged over many images, the content cancels out "
        "and the trace remains, which is why forensic detectors often look there (see the "
        "misinformation chapter). The catch: the same traces can be erased or imitated by resizing, "
        "compression or a filter, so a spectral cue is evidence, not proof."),
    "data-is-everything": (
        "**A model discussion.** The tiny model can only recombine what its 9,000 captioned training "
        "images contain: six professions, six fictional artists, a fixed vocabulary of 31 words. Its "
        "skin-tone mix for 'engineer' is the training set's mix (or more skewed), it cannot draw a "
        "profession that was never captioned, and a new word is an error rather than a guess. Large "
        "models are the same in kind: their 'knowledge' is their training data (billions of web images "
        "with their captions), which is why questions of consent, copyright and representation are "
        "questions about data. The difference is that for a web-scale model nobody can list the "
        "training images the way we can here."),
}


def discuss(key: str, answer, min_words: int = 12) -> None:
    """Show the model discussion for open question ``key`` once ``answer`` is a real attempt.

    >>> discuss("spectrum-why", ...)                      # doctest: +SKIP
    ⏳ Not attempted yet ...
    """
    name = f"discuss:{key}"
    if key not in DISCUSSIONS:
        raise KeyError(f"no discussion called {key!r}; known: {sorted(DISCUSSIONS)}")
    if _is_blank(answer) or not isinstance(answer, str):
        return _record(name, False, f"{TODO} ({name}): write your answer as a string first; the discussion "
                                    f"appears once you have.")
    words = len(answer.split())
    if words < min_words:
        return _record(name, False, f"{TODO} ({name}): your answer has {words} words. Write at least "
                                    f"{min_words} (two or three sentences) to see the model discussion.")
    try:
        from IPython.display import Markdown, display
        print(f"{PASS} ({name}): thank you for your answer. Compare it with this one:")
        display(Markdown(DISCUSSIONS[key]))
        RESULTS.append({"check": name, "passed": True})
    except ImportError:  # plain Python
        return _record(name, True, f"{PASS} ({name}):\n{DISCUSSIONS[key]}")


def passed(name: str) -> bool | None:
    """Outcome of the most recent run of check ``name`` in this kernel (None if never run)."""
    for r in reversed(RESULTS):
        if r["check"] == name:
            return r["passed"]
    return None
