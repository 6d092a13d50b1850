"""Checks for the Foundations chapter (images are arrays; how text-to-image works)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from aigc_ethics.core.images import load_sample, log_spectrum
from aigc_ethics.course.check.feedback import DISCUSSIONS, Feedback, call, run_check

if TYPE_CHECKING:
    from aigc_ethics.core.generate import Pipeline


class _LoopOnly:
    """The pipeline, minus its ``__call__``: the exercise is to write the loop, not to call it."""

    def __init__(self, pipe: Pipeline):
        object.__setattr__(self, "_pipe", pipe)

    def __getattr__(self, name):
        return getattr(object.__getattribute__(self, "_pipe"), name)

    def __setattr__(self, name, value):
        setattr(object.__getattribute__(self, "_pipe"), name, value)

    def __call__(self, *args, **kwargs):
        raise Feedback("your function calls the pipeline itself (pipe(...)); the exercise is to write its loop.",
                       "use pipe.encode_prompt, pipe.scheduler and pipe.unet, not pipe(...).")

# --------------------------------------------------------------------------------------------
# Chapter 0: images are arrays
# --------------------------------------------------------------------------------------------

def check_log_spectrum(fn) -> None:
    """``fn(gray) -> log(1 + |FFT|)`` with the zero frequency shifted to the centre."""

    def body():
        rng = np.random.default_rng(0)
        cases = {"a random 16x16 image": rng.random((16, 16)),
                 "a non-square 12x20 image": rng.random((12, 20)),
                 "a constant image": np.full((8, 8), 0.5)}
        for label, img in cases.items():
            got = call(fn, img.copy())
            if got is None:
                raise Feedback("your function returned None.", "did you forget `return`?")
            got = np.asarray(got, dtype=float)
            want = log_spectrum(img)
            if got.shape != want.shape:
                raise Feedback(f"for {label} your spectrum has shape {got.shape}, expected {want.shape}.",
                                "the spectrum has one value per pixel: use np.fft.fft2 on the whole image.")
            if np.allclose(got, np.fft.ifftshift(want), atol=1e-6):
                raise Feedback("the values are right but the zero frequency is in the corner.",
                                "apply np.fft.fftshift so the lowest frequencies sit in the centre.")
            magnitude = np.abs(np.fft.fftshift(np.fft.fft2(img)))
            if np.allclose(got, magnitude, atol=1e-6) and not np.allclose(magnitude, want, atol=1e-6):
                raise Feedback("you returned the magnitude without the logarithm.",
                                "use np.log1p(magnitude): it compresses the huge range of values.")
            if not np.allclose(got, want, atol=1e-6):
                err = float(np.abs(got - want).max())
                raise Feedback(f"for {label} your values differ from the expected ones by up to {err:.3g}.",
                                "compute np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(gray)))).")
        return "your spectrum matches on square, non-square and constant images."
    return run_check("check_log_spectrum", fn, body, expected="a function returning a 2-D array shaped like its input")


def check_brightest_channel(answer) -> None:
    """Which channel of the astronaut image has the highest mean? (a string: red/green/blue)."""

    def body():
        img = np.asarray(load_sample("astronaut"), dtype=float)
        means = img.reshape(-1, 3).mean(0)
        right = ("red", "green", "blue")[int(np.argmax(means))]
        if isinstance(answer, (int, np.integer)) and 0 <= answer <= 2:
            raise Feedback(f"you answered with the channel's index ({answer}); answer with its name: "
                           "'red', 'green' or 'blue'.", "index 0 is red, 1 green, 2 blue.")
        if not isinstance(answer, str) or answer.strip().lower() not in ("red", "green", "blue"):
            raise Feedback(f"answer with one of 'red', 'green' or 'blue', got {answer!r}.")
        if answer.strip().lower() != right:
            raise Feedback(f"'{answer}' is not the channel with the highest mean.",
                            "compute img.reshape(-1, 3).mean(axis=0): the three numbers are R, G, B.")
        return f"{right} has the highest mean ({means.max():.1f} out of 255)."
    return run_check("check_brightest_channel", answer, body)


# --------------------------------------------------------------------------------------------
# Chapter 1: how a text-to-image model works
# --------------------------------------------------------------------------------------------

def check_ddim_loop(fn, pipe: Pipeline) -> None:
    """``fn(pipe, prompt, latents, num_inference_steps, guidance_scale) -> images in [-1, 1]``
    must reproduce ``pipe(..., output_type="pt")`` from the same starting noise (drawn on the CPU
    from a seed, then moved to ``pipe.device``)."""
    import torch

    def body():
        if pipe is None:
            raise Feedback("the check compares your loop with the lesson's pipeline: pass it.",
                           "check_ddim_loop(ddim_sample, pipe)")
        p = pipe
        for steps, scale in ((10, 3.0), (5, 1.0)):
            latents = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(steps)).to(p.device)
            # The student's loop runs first, on a scheduler left at another number of steps, so a
            # loop that forgets set_timesteps cannot borrow the pipeline's.
            p.scheduler.set_timesteps(steps + 7)
            got = call(fn, _LoopOnly(p), "a portrait of a chef", latents.clone(), steps, scale)
            if len(p.scheduler.timesteps) != steps:
                raise Feedback(f"after your loop the scheduler has {len(p.scheduler.timesteps)} timesteps, not "
                               f"{steps}: your loop never set them.",
                               "call pipe.scheduler.set_timesteps(num_inference_steps) before looping over "
                               "pipe.scheduler.timesteps.")
            want = p("a portrait of a chef", num_images_per_prompt=2, num_inference_steps=steps,
                     guidance_scale=scale, latents=latents.clone(), output_type="pt").images
            if not isinstance(got, torch.Tensor):
                raise Feedback(f"return a torch tensor, got {type(got).__name__}.")
            if tuple(got.shape) != tuple(want.shape):
                raise Feedback(f"your images have shape {tuple(got.shape)}, expected {tuple(want.shape)}.")
            err = float((got.clamp(-1, 1) - want).abs().max())
            if err > 1e-3:
                extra = " (guidance_scale=1 means: no guidance, only the prompt's prediction)" if scale == 1.0 else ""
                raise Feedback(f"with {steps} steps and guidance {scale}{extra} your images differ from the "
                                f"pipeline's by up to {err:.3f}.",
                                "call scheduler.set_timesteps(steps) first; for each t, run the UNet on "
                                "[x, x] with [uncond, cond] embeddings, mix them as "
                                "uncond + scale * (cond - uncond), then x = scheduler.step(out, t, x).prev_sample.")
        return "your loop reproduces the pipeline exactly, with and without guidance."
    return run_check("check_ddim_loop", fn, body, expected="a function returning a torch tensor of images")



DISCUSSIONS.update({
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
})
