"""The hub switch, offline (issue 19): a tiny, randomly initialised Stable-Diffusion-format pipeline
(UNet2DConditionModel + AutoencoderKL + CLIP text encoder, built from configs) is saved to disk and
loaded through ``load_pipeline`` exactly as a hub model would be, then used by the course's helpers."""
import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from aigc_ethics.chapters import treering as T
from aigc_ethics.core import generate as G

transformers = pytest.importorskip("transformers", reason="the hub extra: pip install 'aigc-ethics[hub]'")


def build_tiny_sd_pipeline():
    """A randomly initialised Stable-Diffusion-format pipeline (16x16 images, (4, 8, 8) latents), on the CPU."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import CLIPTextConfig, CLIPTextModel, PreTrainedTokenizerFast

    torch.manual_seed(0)
    unet = UNet2DConditionModel(sample_size=8, in_channels=4, out_channels=4, layers_per_block=1,
                                block_out_channels=(8, 16), down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
                                up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=16,
                                attention_head_dim=2, norm_num_groups=4)
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(8, 16),
                        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), norm_num_groups=4, sample_size=16)
    text = CLIPTextModel(CLIPTextConfig(vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                        num_attention_heads=2, max_position_embeddings=16, bos_token_id=0,
                                        eos_token_id=1, pad_token_id=1))
    words = ["<s>", "</s>", "<unk>"] + "a portrait of an engineer chef farmer nurse doctor photo".split()
    core = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                        pad_token="</s>", model_max_length=16)
    scheduler = DDIMScheduler(num_train_timesteps=1000, beta_schedule="scaled_linear", beta_start=0.00085, steps_offset=1,
                              beta_end=0.012, clip_sample=False, set_alpha_to_one=False)
    return StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, tokenizer=tokenizer, scheduler=scheduler,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)


@pytest.fixture(scope="module")
def sd_folder(tmp_path_factory):
    pipe = build_tiny_sd_pipeline()
    folder = tmp_path_factory.mktemp("tiny-sd")
    pipe.save_pretrained(folder)
    return folder


def test_the_hub_model_ids_are_named_per_purpose():
    assert set(G.HUB_MODELS) == {"fast", "standard"}
    assert all(G._HUB_ID.fullmatch(m) for m in G.HUB_MODELS.values())
    assert "stabilityai/stable-diffusion-2-1-base" not in G.HUB_MODELS.values(), "removed from the Hub"


def test_a_saved_stable_diffusion_pipeline_loads_offline_through_the_hub_path(sd_folder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert json.loads((sd_folder / "model_index.json").read_text())["_class_name"] == "StableDiffusionPipeline"
    pipe = G.load_pipeline(str(sd_folder), device="cpu")
    assert type(pipe).__name__ == "StableDiffusionPipeline"
    assert pipe.device.type == "cpu" and pipe.unet.dtype == torch.float32

    kw = dict(num_inference_steps=2, height=16, width=16, guidance_scale=1.0)
    images = G.generate_many(pipe, "a portrait of an engineer", 3, seed=0, batch=2, **kw)
    assert images.shape == (3, 16, 16, 3) and images.dtype == np.uint8
    again = G.generate_many(pipe, "a portrait of an engineer", 3, seed=0, batch=2, **kw)
    assert np.array_equal(images, again), "the seed rule must make hub generations reproducible too"
    other = G.generate_many(pipe, "a portrait of an engineer", 3, seed=1, batch=2, **kw)
    assert not np.array_equal(images, other)


def test_a_missing_hub_model_is_a_clear_error_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(G.HubUnavailableError, match="HF_HUB_OFFLINE"):
        G.load_pipeline(G.HUB_MODELS["fast"])


# --- Tree-Ring on a latent (Stable-Diffusion-format) pipeline -------------------------------------

PROMPTS = ["a portrait of a chef"] * 8
TR = dict(num_inference_steps=5, guidance_scale=1.0)


@pytest.fixture
def sd_pipe(sd_folder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    pipe = G.load_pipeline(str(sd_folder), device="cpu")
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _identity_like_vae(pipe, monkeypatch):
    """Replace the random VAE by an exact, invertible map: the four latent channels of each latent pixel
    become a 2x2 block of grey pixels (pixel = latent / 4), and back. Only the VAE's rounding to uint8 and
    clipping lose anything, so what remains is the round trip through the sampler and its inversion."""
    import torch.nn.functional as F

    c = pipe.vae.config.scaling_factor / 4

    def encode(x, return_dict=True):
        return SimpleNamespace(latent_dist=SimpleNamespace(mean=F.pixel_unshuffle(x[:, :1], 2) / c))

    def decode(u, return_dict=True, generator=None):
        out = F.pixel_shuffle(u * c, 2).expand(-1, 3, -1, -1)
        return SimpleNamespace(sample=out) if return_dict else (out,)

    monkeypatch.setattr(pipe.vae, "encode", encode)
    monkeypatch.setattr(pipe.vae, "decode", decode)


def test_tree_ring_round_trip_mechanics_on_a_latent_pipeline(sd_pipe):
    pipe = sd_pipe
    assert T.latent_shape(pipe) == (4, 8, 8) and T.latent_shape(pipe, height=32, width=24) == (4, 16, 12)
    key = T.make_key(T.latent_shape(pipe), radius=4, inner_radius=0, channels=(3,), seed=0)   # the paper's disc
    marked = T.generate(pipe, PROMPTS, key, seed=0, **TR)
    twins = T.generate(pipe, PROMPTS, None, seed=0, **TR)
    assert len(marked) == 8 and marked[0].size == (16, 16)
    assert not np.array_equal(np.asarray(marked[0]), np.asarray(twins[0]))
    assert np.array_equal(np.asarray(marked[3]), np.asarray(T.generate(pipe, PROMPTS, key, seed=0, **TR)[3]))
    inv = T.invert(pipe, marked, num_inference_steps=5)
    assert inv.shape == (8, 4, 8, 8) and inv.dtype == torch.float32 and inv.device == pipe.device
    assert torch.isfinite(inv).all()
    assert torch.equal(inv, T.invert(pipe, marked, num_inference_steps=5))                # deterministic
    assert torch.allclose(inv, T.invert(pipe, marked, num_inference_steps=5, batch=3), atol=1e-4)   # batching
    assert not torch.equal(inv, T.invert(pipe, marked, num_inference_steps=2))
    s = T.scores(pipe, marked, key, num_inference_steps=5)
    assert s.shape == (8,) and np.allclose(s, -T.distance(inv, key))
    # larger images are resized to the key's size; arrays must have it already
    big = [im.resize((32, 32)) for im in marked[:2]]
    assert T.invert(pipe, big, num_inference_steps=2).shape == (2, 4, 8, 8)
    with pytest.raises(ValueError, match="uint8 array"):
        T.invert(pipe, [np.zeros((12, 12, 3), np.uint8)])
    with pytest.raises(ValueError, match="multiple of 2"):
        T.latent_shape(pipe, height=15)
    with pytest.raises(ValueError, match="match the key"):
        T.generate(pipe, PROMPTS, T.make_key((3, 32, 32)), seed=0, **TR)
    with pytest.raises(ValueError, match="Stable-Diffusion-format"):
        T.invert(object(), marked)


def test_tree_ring_detects_its_key_through_an_identity_like_vae(sd_pipe, monkeypatch):
    """With a random VAE, encoding a decoded image does not give the latents back (measured: the planted key's
    distance was below its twin's in 8 of 16 pairs, chance), so detection cannot be tested with it. With an
    exactly invertible VAE, the sampler's round trip is what is left: inversion comes back near the starting
    latents and every planted image is closer to the key than every unplanted twin."""
    pipe = sd_pipe
    _identity_like_vae(pipe, monkeypatch)
    key = T.make_key(T.latent_shape(pipe), radius=4, inner_radius=0, channels=(3,), seed=0)
    start = torch.randn((8, 4, 8, 8), generator=torch.Generator().manual_seed(0))  # generate's noise for seed 0
    # the VAE round trip alone: decode the planted latents to uint8 images and encode them again
    z = T.plant(start, key)
    pixels = pipe.vae.decode(z / pipe.vae.config.scaling_factor, return_dict=False)[0]
    u8 = ((pixels.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).numpy().astype(np.uint8)
    back = T.encode_images(pipe, u8)
    inside = pixels.abs().amax(dim=(1, 2, 3)) < 1                    # images the clipping left alone
    assert inside.any() and (back - z)[inside].abs().max() < 0.02     # rounding to uint8: at most 4 * (1 / 255) = 0.0157
    for steps, most in ((2, 0.3), (5, 0.7)):                      # measured 0.18 and 0.54 (relative L2 error)
        kw = dict(num_inference_steps=steps, guidance_scale=1.0)
        marked, twins = T.generate(pipe, PROMPTS, key, seed=0, **kw), T.generate(pipe, PROMPTS, None, seed=0, **kw)
        inv = T.invert(pipe, marked, num_inference_steps=steps)
        assert ((inv - z).norm() / z.norm()).item() < most
        d_marked = T.distance(inv, key)
        d_twins = T.distance(T.invert(pipe, twins, num_inference_steps=steps), key)
        assert d_marked.max() < d_twins.min(), (steps, d_marked, d_twins)
