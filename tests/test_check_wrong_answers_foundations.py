"""Wrong-but-plausible answers the Foundations checks must reject, and correct answers written
another natural way that they must accept (issue 15)."""
import numpy as np
import pytest
import torch

from aigc_ethics import check
from aigc_ethics.check import foundations as F


def outcome(name):
    return check.passed(name)


# -- check_log_spectrum ------------------------------------------------------------------------
SPECTRUM_WRONG = {
    "no fftshift": lambda g: np.log1p(np.abs(np.fft.fft2(g))),
    "no log": lambda g: np.abs(np.fft.fftshift(np.fft.fft2(g))),
    "log without +1": lambda g: np.log(np.abs(np.fft.fftshift(np.fft.fft2(g))) + 1e-9),
    "power spectrum": lambda g: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g))) ** 2),
    "real part only": lambda g: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g)).real)),
    "1-D fft": lambda g: np.log1p(np.abs(np.fft.fftshift(np.fft.fft(g)))),
    "returns None": lambda g: None,
    "returns a scalar": lambda g: float(np.log1p(np.abs(np.fft.fft2(g))).mean()),
}
SPECTRUM_RIGHT = {
    "np.log(1 + ...)": lambda g: np.log(1 + np.abs(np.fft.fftshift(np.fft.fft2(g)))),
    "scipy.fft": lambda g: np.log1p(np.abs(__import__("scipy.fft").fft.fftshift(__import__("scipy.fft").fft.fft2(g)))),
    "hypot of real and imag": lambda g: np.log1p(np.hypot(np.fft.fftshift(np.fft.fft2(g)).real,
                                                          np.fft.fftshift(np.fft.fft2(g)).imag)),
}


@pytest.mark.parametrize("name", SPECTRUM_WRONG)
def test_log_spectrum_rejects(name, capsys):
    F.check_log_spectrum(SPECTRUM_WRONG[name])
    assert outcome("check_log_spectrum") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("name", SPECTRUM_RIGHT)
def test_log_spectrum_accepts(name):
    F.check_log_spectrum(SPECTRUM_RIGHT[name])
    assert outcome("check_log_spectrum") is True


# -- check_brightest_channel -------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["green", "blue", 0, "r", ["red"], 141.6])
def test_brightest_channel_rejects(answer, capsys):
    F.check_brightest_channel(answer)
    assert outcome("check_brightest_channel") is False
    assert "your code raised" not in capsys.readouterr().out


@pytest.mark.parametrize("answer", ["red", "Red", " RED "])
def test_brightest_channel_accepts(answer):
    F.check_brightest_channel(answer)
    assert outcome("check_brightest_channel") is True


def test_brightest_channel_index_is_named(capsys):
    F.check_brightest_channel(0)
    assert "index" in capsys.readouterr().out


# -- check_ddim_loop ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pipe():
    from aigc_ethics.core.generate import load_pipeline
    return load_pipeline("tiny", device="cpu")


def _loop(set_steps=True, guidance=True, order=("u", "c")):
    @torch.no_grad()
    def ddim(pipe, prompt, latents, num_inference_steps=25, guidance_scale=3.0):
        batch = len(latents)
        cond = pipe.encode_prompt([prompt] * batch)
        uncond = pipe.encode_prompt([""], allow_empty=True).expand(batch, -1)
        if set_steps:
            pipe.scheduler.set_timesteps(num_inference_steps)
        x = latents
        for t in pipe.scheduler.timesteps:
            if guidance and guidance_scale != 1.0:
                emb = torch.cat([uncond, cond] if order == ("u", "c") else [cond, uncond])
                u, c = pipe.unet(torch.cat([x, x]), t, class_labels=emb).sample.chunk(2)
                guess = u + guidance_scale * (c - u)
            else:
                guess = pipe.unet(x, t, class_labels=cond).sample
            x = pipe.scheduler.step(guess, t, x).prev_sample
        return x
    return ddim


def test_ddim_loop_rejects_wrong_loops(pipe, capsys):
    for wrong, words in ((_loop(set_steps=False), "set_timesteps"),
                         (lambda p, pr, lat, n, g: p(pr, num_images_per_prompt=len(lat), num_inference_steps=n,
                                                     guidance_scale=g, latents=lat, output_type="pt").images,
                          "pipe(...)"),
                         (_loop(guidance=False), "guidance"),
                         (_loop(order=("c", "u")), "differ")):
        F.check_ddim_loop(wrong, pipe)
        assert outcome("check_ddim_loop") is False
        assert words in capsys.readouterr().out


def test_ddim_loop_accepts_unclamped_output(pipe):
    F.check_ddim_loop(_loop(), pipe)      # returns x without clamp: the check clamps
    assert outcome("check_ddim_loop") is True
