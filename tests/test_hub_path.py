"""The hub switch, offline (issue 19): a tiny, randomly initialised Stable-Diffusion-format pipeline
(UNet2DConditionModel + AutoencoderKL + CLIP text encoder, built from configs) is saved to disk and
loaded through ``load_pipeline`` exactly as a hub model would be, then used by the course's helpers."""
import json

import numpy as np
import pytest
import torch

from aigc_ethics.core import generate as G

transformers = pytest.importorskip("transformers", reason="the hub extra: pip install 'aigc-ethics[hub]'")


@pytest.fixture(scope="module")
def sd_folder(tmp_path_factory):
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
    pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, tokenizer=tokenizer, scheduler=scheduler,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
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
