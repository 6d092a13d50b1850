import json

import numpy as np
import pytest
import torch

from aigc_ethics import generate as G
from aigc_ethics.datasets import make_dataset


@pytest.fixture(scope="module")
def random_pipe():
    """An untrained pipeline: enough to test the mechanics quickly."""
    torch.manual_seed(0)
    tok = G.Tokenizer(make_dataset(scale=0.005).vocabulary())
    return G.TinyDiffusionPipeline(unet=G.default_unet(), scheduler=G.default_scheduler(),
                                   text_encoder=G.TextEncoder(len(tok)), tokenizer=tok)


def test_tokenizer_explains_unknown_and_empty_prompts():
    tok = G.Tokenizer(["a", "portrait", "of", "chef", "doctor"])
    assert tok("a portrait of a chef")[0, :5].tolist() == [1, 5, 4, 1, 2]  # sorted vocabulary, 0 is padding
    with pytest.raises(G.UnknownWordError, match="'astronaut'.*only knows the 5 words"):
        tok("a portrait of an astronaut")
    with pytest.raises(G.UnknownWordError, match="did you mean 'doctor'"):
        tok("a doctr")
    with pytest.raises(ValueError, match="empty"):
        tok("   ")
    with pytest.raises(ValueError, match="at most"):
        tok(" ".join(["a"] * 40))
    with pytest.raises(TypeError):
        tok([3])


def test_pipeline_call_shape_and_validation(random_pipe):
    out = random_pipe(["a portrait of a chef", "an artwork by quist"], num_images_per_prompt=2,
                      num_inference_steps=2, generator=0)
    assert len(out.images) == 4 and out.images[0].size == (32, 32)
    arr = random_pipe("a chef", num_inference_steps=2, output_type="np", return_trajectory=True)
    assert arr.images.shape == (1, 32, 32, 3) and arr.trajectory.shape == (2, 1, 32, 32, 3)
    with pytest.raises(ValueError, match="latents must have shape"):
        random_pipe("a chef", num_inference_steps=2, latents=torch.zeros(1, 3, 16, 16))
    with pytest.raises(ValueError, match="num_images_per_prompt"):
        random_pipe("a chef", num_images_per_prompt=0)
    with pytest.raises(ValueError, match="num_inference_steps"):
        random_pipe("a chef", num_inference_steps=0)
    with pytest.raises(ValueError, match="output_type"):
        random_pipe("a chef", num_inference_steps=1, output_type="jpg")
    with pytest.raises(ValueError, match="empty"):
        random_pipe("")
    with pytest.raises(G.UnknownWordError):
        random_pipe("a portrait of a pilot", num_inference_steps=1)


def test_same_seed_same_image(random_pipe):
    a = random_pipe("a chef", num_inference_steps=3, generator=7, output_type="np").images
    b = random_pipe("a chef", num_inference_steps=3, generator=7, output_type="np").images
    c = random_pipe("a chef", num_inference_steps=3, generator=8, output_type="np").images
    assert np.array_equal(a, b) and not np.allclose(a, c)


def test_save_load_roundtrip_and_tamper_detection(random_pipe, tmp_path):
    random_pipe.save_pretrained(tmp_path / "p")
    files = json.loads((tmp_path / "p" / G.CHECKSUM_FILE).read_text())
    assert "unet/diffusion_pytorch_model.safetensors" in files
    loaded = G.load_pipeline(str(tmp_path / "p"), device="cpu")
    x = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    a = random_pipe("a chef", num_inference_steps=2, latents=x, output_type="np").images
    b = loaded("a chef", num_inference_steps=2, latents=x, output_type="np").images
    assert np.allclose(a, b, atol=1e-6)
    weights = tmp_path / "p" / "unet" / "diffusion_pytorch_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(G.CheckpointError, match="altered or corrupted"):
        G.load_pipeline(str(tmp_path / "p"))
    weights.unlink()
    with pytest.raises(G.CheckpointError, match="missing"):
        G.load_pipeline(str(tmp_path / "p"))
    with pytest.raises(G.CheckpointError, match="no checkpoint folder"):
        G.verify_checksums(tmp_path / "nothing")


def test_hub_model_offline_fails_with_one_line(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(G.HubUnavailableError) as err:
        G.load_pipeline("stabilityai/stable-diffusion-2-1-base")
    assert "\n" not in str(err.value) and "load_pipeline('tiny')" in str(err.value)


def test_hub_model_without_network_fails_clearly(monkeypatch):
    """Even with HF_HUB_OFFLINE unset, no network means a clear error, not a traceback."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    with pytest.raises(G.HubUnavailableError, match="internet"):
        G._load_hub_pipeline("someone/no-such-model", torch.device("cpu"))


# --- the shipped checkpoint -------------------------------------------------------------------

def test_shipped_checkpoint_is_small_and_verified(root):
    size = sum(p.stat().st_size for p in G.TINY_CHECKPOINT.rglob("*") if p.is_file())
    assert size < 20 * 2 ** 20
    G.verify_checksums(G.TINY_CHECKPOINT)
    card = (G.TINY_CHECKPOINT / "MODEL_CARD.md").read_text()
    assert "Prompt faithfulness (measured)" in card and "a portrait of an engineer" in card


def test_shipped_model_is_deterministic_and_follows_prompts(tiny_pipe):
    """A quick version of the model card's faithfulness measurement (8 images per prompt)."""
    from aigc_ethics.attributes import load_classifier
    from aigc_ethics.datasets import ARTISTS, PROFESSIONS, artist_prompt, profession_prompt
    prompts = [profession_prompt(p) for p in PROFESSIONS] + [artist_prompt(a) for a in ARTISTS]
    imgs = tiny_pipe(prompts, num_images_per_prompt=8, generator=1, output_type="np").images
    again = tiny_pipe(prompts[:1], num_images_per_prompt=8, generator=1, output_type="np").images
    assert np.allclose(imgs[:8], again, atol=1e-5)
    pred = load_classifier().predict((imgs * 255).round().astype(np.uint8))
    targets = [p for p in PROFESSIONS for _ in range(8)] + [ARTISTS[a] for a in ARTISTS for _ in range(8)]
    got = list(pred.profession[:48]) + list(pred["style"][48:])
    accuracy = np.mean([g == t for g, t in zip(got, targets)])
    assert accuracy >= 0.8, f"only {accuracy:.2f} of generated images match their prompt"


@pytest.mark.parametrize("name", ["balanced", "engineer-10", "engineer-90"])
def test_shipped_variants_load_verified_and_documented(name):
    pipe = G.load_pipeline(name, device="cpu")
    assert pipe.unet.dtype == torch.float32
    card = (G.CHECKPOINTS / name / "MODEL_CARD.md").read_text()
    assert "fine-tuned" in card and "Reproduce with" in card
    size = sum(p.stat().st_size for p in (G.CHECKPOINTS / name).rglob("*") if p.is_file())
    assert size < 8 * 2 ** 20


def test_classifier_free_guidance_mixes_unconditional_towards_conditional(tiny_pipe):
    """One DDIM step at guidance 3 equals eps_u + 3 (eps_c - eps_u), computed by hand (kills the
    mutant that mixes the two predictions the wrong way round; guidance 1 is tested elsewhere)."""
    import torch
    pipe, s = tiny_pipe, 3.0
    latents = torch.randn((2, 3, 32, 32), generator=torch.Generator().manual_seed(5))
    got = pipe(["a portrait of a chef"] * 2, guidance_scale=s, num_inference_steps=1, latents=latents,
               output_type="pt").images
    pipe.scheduler.set_timesteps(1)
    t = pipe.scheduler.timesteps[0]
    cond = pipe.encode_prompt(["a portrait of a chef"] * 2)
    uncond = pipe.encode_prompt([""], allow_empty=True).expand(2, -1)
    with torch.no_grad():
        out_u = pipe.unet(latents, t, class_labels=uncond).sample
        out_c = pipe.unet(latents, t, class_labels=cond).sample
    want = pipe.scheduler.step(out_u + s * (out_c - out_u), t, latents).prev_sample.clamp(-1, 1)
    wrong = pipe.scheduler.step(out_c + s * (out_u - out_c), t, latents).prev_sample.clamp(-1, 1)
    assert torch.allclose(got, want, atol=1e-4)
    assert not torch.allclose(got, wrong, atol=1e-3)


# -- the one batched generator and the one regeneration (issue 13: one vocabulary) ------------

def test_generate_many_one_seed_rule_and_prompt_lists(random_pipe):
    one = G.generate_many(random_pipe, "a doctor", 5, seed=2, batch=2, num_inference_steps=2)
    assert one.shape == (5, 32, 32, 3) and one.dtype == np.uint8
    # the first k images do not depend on n (same batch), and each batch follows batch_seed
    assert np.array_equal(one[:4], G.generate_many(random_pipe, "a doctor", 4, seed=2, batch=2,
                                                   num_inference_steps=2))
    direct = random_pipe("a doctor", num_images_per_prompt=1, generator=G.batch_seed(2, 4),
                         num_inference_steps=2, output_type="np").images
    assert np.array_equal(one[4], (np.clip(direct[0], 0, 1) * 255).round().astype(np.uint8))
    assert G.batch_seed(0, 32) == 32 and G.batch_seed(1, 0) == 100_003
    # a list gives one prompt per image, under the same rule
    prompts = ["a doctor", "a farmer", "a doctor"]
    mixed = G.generate_many(random_pipe, prompts, 3, seed=2, batch=3, num_inference_steps=2)
    same = G.generate_many(random_pipe, "a doctor", 3, seed=2, batch=3, num_inference_steps=2)
    assert np.array_equal(mixed[0], same[0]) and not np.array_equal(mixed[1], same[1])
    for bad, match in ((dict(prompt=prompts[:2]), "list of n=3"), (dict(prompt=3), "string"),
                       (dict(seed=-1), "seed"), (dict(batch=0), "batch")):
        kw = dict(prompt="a doctor", seed=0, batch=2) | bad
        with pytest.raises(ValueError, match=match):
            G.generate_many(random_pipe, kw.pop("prompt"), 3, **kw)


def test_regenerate_uses_diffusers_strength(random_pipe):
    imgs = np.random.default_rng(0).integers(0, 256, (3, 32, 32, 3)).astype(np.uint8)
    unet, calls = random_pipe.unet, []
    forward = unet.forward
    unet.forward = lambda x, t, **kw: (calls.append(int(t)), forward(x, t, **kw))[1]
    try:
        out = G.regenerate(imgs, random_pipe, strength=0.25, seed=1, num_inference_steps=25, batch=2)
    finally:
        del unet.forward
    # diffusers' img2img: the last int(25 * 0.25) = 6 of 25 steps, from timestep 200 (two batches)
    assert calls == [200, 160, 120, 80, 40, 0] * 2
    assert out.shape == imgs.shape and out.dtype == np.uint8
    again = G.regenerate(imgs, random_pipe, strength=0.25, seed=1, num_inference_steps=25)
    assert np.array_equal(out, again)                       # seeded, and the batch size does not matter
    weak = G.regenerate(imgs, random_pipe, strength=0.1, seed=1)
    strong = G.regenerate(imgs, random_pipe, strength=1.0, seed=1)
    change = lambda x: np.abs(x.astype(float) - imgs).mean()  # noqa: E731
    assert change(strong) > change(weak)                    # more strength, further from the input
    for bad, match in ((dict(strength=0), "strength"), (dict(strength=1.5), "strength"), (dict(seed=-1), "seed"),
                       (dict(num_inference_steps=0), "num_inference_steps")):
        with pytest.raises(ValueError, match=match):
            G.regenerate(imgs, random_pipe, **(dict(strength=0.3) | bad))
    with pytest.raises(ValueError, match="uint8"):
        G.regenerate(imgs / 255.0, random_pipe, strength=0.3)
    with pytest.raises(ValueError):
        G.regenerate(imgs[:, :16, :16], random_pipe, strength=0.3)     # not the model's size
    with pytest.raises(TypeError, match="TinyDiffusionPipeline"):
        G.regenerate(imgs, object(), strength=0.3)


def test_seed_shift_redraws_the_noise_and_zero_keeps_the_book(monkeypatch):
    from aigc_ethics.core.generate import _as_generator
    book = torch.randn(4, generator=_as_generator(7, "cpu"))
    monkeypatch.setenv("AIGC_SEED_SHIFT", "0")
    assert torch.equal(torch.randn(4, generator=_as_generator(7, "cpu")), book)
    monkeypatch.setenv("AIGC_SEED_SHIFT", "1")
    shifted = torch.randn(4, generator=_as_generator(7, "cpu"))
    assert not torch.equal(shifted, book)
    assert torch.equal(torch.randn(4, generator=_as_generator(7, "cpu")), shifted)   # still deterministic
    monkeypatch.setenv("AIGC_SEED_SHIFT", "one")
    with pytest.raises(ValueError, match="AIGC_SEED_SHIFT must be an integer"):
        _as_generator(7, "cpu")
