"""The course's glass-box text-to-image model, built from ``diffusers`` parts.

* :class:`Tokenizer` -- splits a prompt into words from a fixed vocabulary (the words of the
  training captions). A word it has never seen is an error, not a silent guess.
* :class:`TextEncoder` -- a bag-of-words text encoder: one learned vector per word, averaged,
  then a small MLP. It is trained together with the image model, so it knows only the captions.
* :class:`TinyDiffusionPipeline` -- a ``diffusers.DiffusionPipeline`` with the call shape of
  Stable Diffusion's: ``pipe(prompt, num_images_per_prompt=, num_inference_steps=,
  guidance_scale=, generator=, latents=) -> .images``. It runs a ``UNet2DModel`` (the text
  embedding enters through its class-embedding input) with a ``DDIMScheduler`` and
  classifier-free guidance, in pixel space (32x32 RGB).
* :func:`load_pipeline` -- ``load_pipeline("tiny")`` loads the shipped checkpoint (after
  checking its SHA-256 sums); a Hugging Face Hub id loads a hub pipeline when online.

Example
-------
>>> from aigc_ethics.generate import load_pipeline
>>> pipe = load_pipeline("tiny")
>>> out = pipe("a portrait of a chef", num_images_per_prompt=4, generator=0)
>>> len(out.images), out.images[0].size
(4, (32, 32))
"""

from __future__ import annotations

import difflib
import inspect
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch
from diffusers import DDIMScheduler, DiffusionPipeline, UNet2DModel
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from diffusers.utils import BaseOutput
from torch import nn
from tqdm.auto import tqdm

from aigc_ethics.core.checkpoints import (  # noqa: F401  (re-exported: aigc_ethics.generate.verify_checksums etc.)
    CHECKPOINTS,
    CHECKSUM_FILE,
    PINNED,
    PINNED_FILE,
    CheckpointError,
    sha256_file,
    verify_checksums,
    write_checksums,
)
from aigc_ethics.core.images import ImageBatch, check_images, check_number

TINY_CHECKPOINT = CHECKPOINTS / "tiny"
#: Most images one pipeline call makes (a 32x32 batch of 1024 needs a few GB on a CPU);
#: larger requests go through :func:`generate_many`, which splits them into batches.
MAX_IMAGES_PER_CALL = 1024


class UnknownWordError(ValueError):
    """A prompt used a word that is not in the model's vocabulary."""


class HubUnavailableError(RuntimeError):
    """A hub model was asked for but could not be loaded (usually: no internet)."""


def default_guidance(pipe: Pipeline | None = None) -> float:
    """The default ``guidance_scale`` of ``pipe``'s ``__call__`` (of :class:`TinyDiffusionPipeline`
    when ``pipe`` is None); hub pipelines have their own (e.g. 7.5)."""
    cls = TinyDiffusionPipeline if pipe is None else type(pipe)
    return float(inspect.signature(cls.__call__).parameters["guidance_scale"].default)


def default_device() -> torch.device:
    """``cuda`` when a GPU is visible (e.g. on Colab), otherwise ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# --------------------------------------------------------------------------------------------
# Text: tokenizer and encoder
# --------------------------------------------------------------------------------------------

class Tokenizer:
    """Word-level tokenizer over a closed vocabulary.

    >>> tok = Tokenizer(["a", "portrait", "of", "chef"])
    >>> tok.tokenize("A portrait of a chef")
    ['a', 'portrait', 'of', 'a', 'chef']
    """

    pad_id = 0

    def __init__(self, vocab, max_length: int = 16):
        words = sorted(set(vocab))
        if not words:
            raise ValueError("a tokenizer needs a non-empty vocabulary")
        self.vocab = words
        self.max_length = int(max_length)
        self.word_to_id = {w: i + 1 for i, w in enumerate(words)}  # 0 is padding

    def __len__(self) -> int:
        return len(self.vocab) + 1

    @staticmethod
    def tokenize(prompt: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", prompt.lower())

    def check(self, prompt: str, allow_empty: bool = False) -> list[str]:
        """Return the words of ``prompt`` or raise a readable error."""
        if not isinstance(prompt, str):
            raise TypeError(f"a prompt must be a string, got {type(prompt).__name__}")
        words = self.tokenize(prompt)
        if not words and not allow_empty:
            raise ValueError("the prompt is empty: describe what to draw, e.g. 'a portrait of a chef'")
        unknown = [w for w in words if w not in self.word_to_id]
        if unknown:
            hints = []
            for w in dict.fromkeys(unknown):
                close = difflib.get_close_matches(w, self.vocab, n=2)
                hints.append(f"'{w}'" + (f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""))
            raise UnknownWordError(
                f"this model has never seen the word(s) {', '.join(hints)}. It only knows the "
                f"{len(self.vocab)} words of its training captions: {' '.join(self.vocab)}")
        if len(words) > self.max_length:
            raise ValueError(f"the prompt has {len(words)} words; this model reads at most {self.max_length}")
        return words

    def __call__(self, prompts, allow_empty: bool = False) -> torch.Tensor:
        """Token ids, shape ``(len(prompts), max_length)``, padded with 0."""
        if isinstance(prompts, str):
            prompts = [prompts]
        ids = torch.zeros(len(prompts), self.max_length, dtype=torch.long)
        for i, p in enumerate(prompts):
            words = self.check(p, allow_empty=allow_empty)
            ids[i, :len(words)] = torch.tensor([self.word_to_id[w] for w in words], dtype=torch.long)
        return ids

    def save_pretrained(self, directory) -> None:
        Path(directory).mkdir(parents=True, exist_ok=True)
        with open(Path(directory) / "vocab.json", "w") as f:
            json.dump({"vocab": self.vocab, "max_length": self.max_length}, f, indent=1)

    @classmethod
    def from_pretrained(cls, directory) -> "Tokenizer":
        with open(Path(directory) / "vocab.json") as f:
            data = json.load(f)
        return cls(data["vocab"], data["max_length"])


class TextEncoder(ModelMixin, ConfigMixin):
    """Bag-of-words text encoder: mean of word vectors -> MLP -> one vector per prompt.

    An empty prompt (all padding) maps to a learned "null" vector, which classifier-free
    guidance uses as the unconditional input.
    """

    @register_to_config
    def __init__(self, vocab_size: int, embed_dim: int = 128, hidden_dim: int = 256):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.null = nn.Parameter(torch.zeros(embed_dim))
        self.mlp = nn.Sequential(nn.Linear(embed_dim, hidden_dim), nn.SiLU(), nn.Linear(hidden_dim, embed_dim))

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        mask = (input_ids != 0).float().unsqueeze(-1)
        count = mask.sum(1)
        mean = (self.embed(input_ids) * mask).sum(1) / count.clamp(min=1.0)
        pooled = torch.where(count > 0, mean, self.null.expand_as(mean))
        return self.mlp(pooled)


def default_unet(base_channels: int = 32) -> UNet2DModel:
    """The tiny UNet: 32x32 RGB in and out, text embedding added to the time embedding.

    Channels per level are ``base_channels`` x (1, 2, 4); the text embedding must have
    ``4 * base_channels`` dimensions (the size of the time embedding it is added to).
    """
    b = base_channels
    return UNet2DModel(
        sample_size=32, in_channels=3, out_channels=3,
        block_out_channels=(b, 2 * b, 4 * b), layers_per_block=1,
        down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),
        up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
        norm_num_groups=8, attention_head_dim=32,
        class_embed_type="identity",  # the text embedding (size 4*b) is the "class" input
    )


def default_scheduler(train: bool = False, *, prediction_type: str = "sample"):
    """DDPM-trained, DDIM-sampled. By default the UNet predicts the clean image
    (``prediction_type="sample"``: clean samples after few training steps); ``"epsilon"``
    (predict the noise, as Stable Diffusion does) is used by the Tree-Ring checkpoint, because
    DDIM inversion recovers the starting noise far better from a noise-predicting model."""
    from diffusers import DDPMScheduler
    if prediction_type not in ("sample", "epsilon"):
        raise ValueError(f"prediction_type must be 'sample' or 'epsilon', got {prediction_type!r}")
    kwargs = dict(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2",
                  prediction_type=prediction_type, clip_sample=True)
    return DDPMScheduler(**kwargs) if train else DDIMScheduler(**kwargs, set_alpha_to_one=True)


# --------------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------------

@dataclass
class TinyPipelineOutput(BaseOutput):
    """``images``: list of PIL images (or an array/tensor, see ``output_type``);
    ``trajectory``: when asked for, the model's guess of the clean image after each step,
    as a ``(steps, batch, 32, 32, 3)`` float array in [0, 1]."""

    images: object
    trajectory: np.ndarray | None = None


#: Environment variable that redraws every integer-seeded noise of the course's generator (a
#: robustness check: does a finding hold for another draw of the images?). Unset or 0: the book's
#: numbers. ``AIGC_SEED_SHIFT=1 tools/nb.sh NAME`` or ``tools/seed_pass.py`` (see CONTRIBUTING).
SEED_SHIFT_ENV = "AIGC_SEED_SHIFT"


def seed_shift() -> int:
    """The integer in ``$AIGC_SEED_SHIFT`` (0 when unset); a clear error when it is not an integer."""
    raw = os.environ.get(SEED_SHIFT_ENV, "").strip()
    if not raw:
        return 0
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{SEED_SHIFT_ENV} must be an integer (0 = the book's draws), got {raw!r}") from None


def _as_generator(generator, device) -> torch.Generator | None:
    if generator is None or isinstance(generator, torch.Generator):
        return generator
    if isinstance(generator, (int, np.integer)) and not isinstance(generator, bool):
        if not -(2 ** 63) <= int(generator) < 2 ** 64:
            raise ValueError(f"an int seed must be in [-2**63, 2**64), got {int(generator)}")
        shift = seed_shift()
        seed = int(generator) if not shift else (int(generator) + shift * 1_000_003) % 2 ** 64
        return torch.Generator(device="cpu").manual_seed(seed)
    raise TypeError(f"generator must be a torch.Generator, an int seed or None, got {type(generator).__name__}")


class TinyDiffusionPipeline(DiffusionPipeline):
    """Text-to-image in pixel space with a UNet2DModel, a DDIM scheduler and CFG."""

    model_cpu_offload_seq = "text_encoder->unet"

    def __init__(self, unet: UNet2DModel, scheduler: DDIMScheduler, text_encoder: TextEncoder,
                 tokenizer: Tokenizer):
        super().__init__()
        self.register_modules(unet=unet, scheduler=scheduler, text_encoder=text_encoder, tokenizer=tokenizer)
        self.set_progress_bar_config(disable=True)

    # -- text --------------------------------------------------------------------------------
    @torch.no_grad()
    def encode_prompt(self, prompts, allow_empty: bool = False) -> torch.Tensor:
        ids = self.tokenizer(prompts, allow_empty=allow_empty).to(self.device)
        return self.text_encoder(ids)

    # -- sampling ----------------------------------------------------------------------------
    def prepare_latents(self, batch_size: int, generator=None) -> torch.Tensor:
        s = self.unet.config.sample_size
        shape = (batch_size, self.unet.config.in_channels, s, s)
        return torch.randn(shape, generator=_as_generator(generator, self.device)).to(self.device)

    @torch.no_grad()
    def __call__(self, prompt, num_images_per_prompt: int = 1, num_inference_steps: int = 25,
                 guidance_scale: float = 1.0, generator=None, latents: torch.Tensor | None = None,
                 eta: float = 0.0, output_type: str = "pil", return_trajectory: bool = False,
                 return_dict: bool = True):
        """Generate images.

        Parameters
        ----------
        prompt : a string or a list of strings, using only words the model knows.
        num_images_per_prompt : how many images per prompt.
        num_inference_steps : DDIM steps (more: slower, usually cleaner).
        guidance_scale : classifier-free guidance; 1 means off (the default: for this model,
            measured faithfulness is highest at 1-1.5 and falls at larger scales, see the model card).
        generator : a ``torch.Generator`` or an int seed, for reproducible noise.
        latents : optional starting noise, shape ``(batch, 3, 32, 32)``.
        output_type : ``"pil"`` (default), ``"np"`` (float array in [0, 1]) or ``"pt"`` (tensor in [-1, 1]).
        return_trajectory : also return the predicted clean image after every step.
        """
        if isinstance(prompt, str):
            prompts = [prompt]
        elif (not isinstance(prompt, (bytes, dict)) and hasattr(prompt, "__iter__")
              and (prompts := list(prompt)) and all(isinstance(p, str) for p in prompts)):
            prompts = [str(p) for p in prompts]
        else:
            raise ValueError("prompt must be a string or a non-empty list of strings, got "
                             f"{type(prompt).__name__}{'' if not isinstance(prompt, (list, tuple)) else f' {prompt!r}'[:80]}")
        if (isinstance(num_images_per_prompt, bool) or not isinstance(num_images_per_prompt, (int, np.integer))
                or num_images_per_prompt < 1):
            raise ValueError(f"num_images_per_prompt must be a positive integer, got {num_images_per_prompt!r}")
        if len(prompts) * int(num_images_per_prompt) > MAX_IMAGES_PER_CALL:
            raise ValueError(f"at most {MAX_IMAGES_PER_CALL} images per call (memory), got "
                             f"{len(prompts)} prompts x {num_images_per_prompt}; use generate_many(pipe, prompt, n), "
                             "which generates in batches")
        if not isinstance(num_inference_steps, (int, np.integer)) or not 1 <= num_inference_steps <= 1000:
            raise ValueError(f"num_inference_steps must be an integer from 1 to 1000, got {num_inference_steps!r}")
        if (isinstance(guidance_scale, bool) or not isinstance(guidance_scale, (int, float, np.floating, np.integer))
                or not np.isfinite(guidance_scale) or guidance_scale < 0):
            raise ValueError(f"guidance_scale must be a finite number >= 0, got {guidance_scale!r}")
        if (isinstance(eta, bool) or not isinstance(eta, (int, float, np.floating, np.integer))
                or not np.isfinite(eta) or not 0 <= eta <= 1):
            raise ValueError(f"eta must be a number in [0, 1], got {eta!r}")
        if latents is not None:
            if not isinstance(latents, torch.Tensor):
                raise ValueError(f"latents must be a torch.Tensor, got {type(latents).__name__}")
            if not torch.isfinite(latents).all():
                raise ValueError("latents must be finite; got NaN or inf values")
        if output_type not in ("pil", "np", "pt"):
            raise ValueError(f"output_type must be 'pil', 'np' or 'pt', got {output_type!r}")

        prompts = [p for p in prompts for _ in range(num_images_per_prompt)]
        cond = self.encode_prompt(prompts)
        batch = len(prompts)
        do_cfg = guidance_scale != 1.0
        if do_cfg:
            uncond = self.encode_prompt([""], allow_empty=True).expand(batch, -1)
            emb = torch.cat([uncond, cond])

        s = self.unet.config.sample_size
        expected = (batch, self.unet.config.in_channels, s, s)
        if latents is None:
            latents = self.prepare_latents(batch, generator)
        else:
            if tuple(latents.shape) != expected:
                raise ValueError(f"latents must have shape {expected}, got {tuple(latents.shape)}")
            latents = latents.to(self.device, dtype=self.unet.dtype)
        gen = _as_generator(generator, self.device)

        self.scheduler.set_timesteps(num_inference_steps, device=self.device)
        trajectory = []
        x = latents
        for t in self.progress_bar(self.scheduler.timesteps):
            if do_cfg:
                out = self.unet(torch.cat([x, x]), t, class_labels=emb).sample
                out_u, out_c = out.chunk(2)
                out = out_u + guidance_scale * (out_c - out_u)
            else:
                out = self.unet(x, t, class_labels=cond).sample
            step = self.scheduler.step(out, t, x, eta=eta, generator=gen)
            x = step.prev_sample
            if return_trajectory:
                trajectory.append(((step.pred_original_sample.clamp(-1, 1) + 1) / 2).permute(0, 2, 3, 1).cpu().numpy())

        images = x.clamp(-1, 1)
        if output_type == "pt":
            result = images
        else:
            arr = ((images + 1) / 2).permute(0, 2, 3, 1).cpu().float().numpy()
            result = arr if output_type == "np" else self.numpy_to_pil(arr)  # type: ignore[assignment]
        traj = np.stack(trajectory) if return_trajectory else None
        if not return_dict:
            return (result, traj)
        return TinyPipelineOutput(images=result, trajectory=traj)

    # -- saving and loading -------------------------------------------------------------------
    def save_pretrained(self, save_directory, half: bool = False, **kwargs) -> None:
        """Write the four components (weights as safetensors) and a ``checksums.json``.

        ``half=True`` stores the weights in float16 (half the size); they are loaded as float32."""
        import copy as _copy
        d = Path(save_directory)
        d.mkdir(parents=True, exist_ok=True)
        unet, text = (_copy.deepcopy(self.unet).half(), _copy.deepcopy(self.text_encoder).half()) if half \
            else (self.unet, self.text_encoder)
        unet.save_pretrained(d / "unet", safe_serialization=True)
        text.save_pretrained(d / "text_encoder", safe_serialization=True)
        self.scheduler.save_pretrained(d / "scheduler")
        self.tokenizer.save_pretrained(d / "tokenizer")
        with open(d / "model_index.json", "w") as f:
            json.dump({"_class_name": type(self).__name__, "_library": "aigc_ethics",
                       "components": ["unet", "text_encoder", "scheduler", "tokenizer"]}, f, indent=1)
        write_checksums(d)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, verify: bool = True, **kwargs):
        """Load from a local folder written by :meth:`save_pretrained` (checksums verified)."""
        d = Path(pretrained_model_name_or_path)
        if verify:
            verify_checksums(d)
        try:
            unet = UNet2DModel.from_pretrained(d / "unet", low_cpu_mem_usage=False)
            text_encoder = TextEncoder.from_pretrained(d / "text_encoder", low_cpu_mem_usage=False)
            scheduler = DDIMScheduler.from_pretrained(d / "scheduler")
            tokenizer = Tokenizer.from_pretrained(d / "tokenizer")
        except Exception as err:  # a damaged file that still matches no checksum, or no checksums at all
            raise CheckpointError(f"could not load the checkpoint in {d}: {err}") from None
        unet = unet.float().eval()
        text_encoder = text_encoder.float().eval()
        return cls(unet=unet, scheduler=scheduler, text_encoder=text_encoder, tokenizer=tokenizer)


class Pipeline(Protocol):
    """What the course's helpers accept as ``pipe``: the course's own :class:`TinyDiffusionPipeline`
    or, where a helper says so, a hub (diffusers) text-to-image pipeline. Both are called with a
    prompt and generation options and have a ``device`` (that helpers follow)."""

    @property
    def device(self) -> torch.device: ...

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def generate_many(pipe: Pipeline, prompt: str | list[str], n: int, *, seed: int = 0, batch: int = 16, progress: bool = False,
                  **kwargs) -> np.ndarray:
    """``n`` images as a uint8 array ``(n, H, W, 3)``, generated in batches: the course's one
    batched, seeded generator.

    ``prompt`` is one prompt for all ``n`` images, or a list of ``n`` prompts (one per image).
    Seed rule (the only one in the course): the batch that starts at image ``i`` draws its noise
    from the seed ``seed * 100_003 + i``, so the first ``k`` images do not depend on ``n`` (for a
    fixed ``batch``), and "seed 0, 64 images" means the same images in every chapter. Extra
    keywords (``num_inference_steps``, ``eta``, ``guidance_scale``, ...) go to the pipeline;
    ``progress=True`` shows a progress bar over the batches.

    >>> generate_many(pipe, "a portrait of a chef", 4, seed=0).shape      # doctest: +SKIP
    (4, 32, 32, 3)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or not 1 <= batch <= MAX_IMAGES_PER_CALL:
        raise ValueError(f"batch must be an integer from 1 to {MAX_IMAGES_PER_CALL}, got {batch!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(prompt, (list, tuple)):
        if len(prompt) != n or not all(isinstance(p, str) for p in prompt):
            raise ValueError(f"prompt must be one string or a list of n={n} strings, got a list of {len(prompt)}")
        prompts = list(prompt)
    elif isinstance(prompt, str):
        prompts = None
    else:
        raise ValueError(f"prompt must be a string or a list of n strings, got {type(prompt).__name__}")
    out = []
    for i in tqdm(range(0, n, batch), desc="generating", unit="batch", disable=not progress):
        k = min(batch, n - i)
        generator: int | torch.Generator | None = batch_seed(seed, i)
        if not isinstance(pipe, TinyDiffusionPipeline):   # a hub (diffusers) pipeline takes a torch.Generator
            generator = _as_generator(generator, pipe.device)
        if prompts is None:
            imgs = pipe(prompt, num_images_per_prompt=k, generator=generator, output_type="np", **kwargs).images
        else:
            imgs = pipe(prompts[i:i + k], generator=generator, output_type="np", **kwargs).images
        out.append((np.clip(np.asarray(imgs), 0, 1) * 255).round().astype(np.uint8))
    return np.concatenate(out)


def batch_seed(seed: int, start: int) -> int:
    """The noise seed of the batch that starts at image ``start`` of a run seeded ``seed``
    (:func:`generate_many`'s rule, ``seed * 100_003 + start``).

    >>> batch_seed(0, 32), batch_seed(1, 0)
    (32, 100003)
    """
    return int(seed) * 100_003 + int(start)


def regenerate(images: ImageBatch, pipe: Pipeline, *, strength: float, seed: int = 0, prompt: str = "", num_inference_steps: int = 25,
               batch: int = 64) -> np.ndarray:
    """SDEdit-style regeneration (Meng et al. 2022, "SDEdit: guided image synthesis and editing
    with stochastic differential equations"): noise each image part of the way towards pure noise
    and denoise it again with the model. The course's one regeneration.

    ``strength`` has diffusers' image-to-image meaning: of ``num_inference_steps`` DDIM steps the
    last ``int(num_inference_steps * strength)`` are run, starting from the image noised to the
    first of them (0 = unchanged, 1 = a new image). ``images``: uint8 ``(N, s, s, 3)`` at the
    model's resolution ``s``; the noise is drawn on the CPU from ``seed`` (the same numbers on every
    device), the rest follows ``pipe.device``. Returns uint8 ``(N, s, s, 3)``.

    >>> regenerate(np.zeros((2, 32, 32, 3), np.uint8), pipe, strength=0.3).shape   # doctest: +SKIP
    (2, 32, 32, 3)
    """
    if not isinstance(pipe, TinyDiffusionPipeline):
        raise TypeError(f"regenerate needs the course's TinyDiffusionPipeline (load_pipeline('tiny')), got "
                        f"{type(pipe).__name__}; for a hub model use diffusers' image-to-image pipeline")
    side = pipe.unet.config.sample_size
    imgs = check_images(images, side=side)
    if imgs.dtype != np.uint8:
        raise ValueError(f"images must be uint8 (0-255), got {imgs.dtype}")
    strength = check_number(strength, "strength", low=0.0, high=1.0)
    if strength == 0:
        raise ValueError("strength must be in (0, 1]: 0 would leave the images unchanged")
    if isinstance(num_inference_steps, bool) or not isinstance(num_inference_steps, (int, np.integer)) \
            or num_inference_steps < 1:
        raise ValueError(f"num_inference_steps must be a positive integer, got {num_inference_steps!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    sched = pipe.scheduler
    sched.set_timesteps(int(num_inference_steps), device=pipe.device)
    run = max(1, min(int(num_inference_steps * strength), int(num_inference_steps)))   # diffusers' get_timesteps
    timesteps = sched.timesteps[len(sched.timesteps) - run:]
    x0 = torch.from_numpy(imgs.astype(np.float32) / 127.5 - 1).permute(0, 3, 1, 2)
    noise = torch.randn(x0.shape, generator=_as_generator(int(seed), "cpu"))
    out = []
    with torch.no_grad():
        cond_all = pipe.encode_prompt([prompt], allow_empty=True)
        for i in range(0, len(x0), batch):
            x = sched.add_noise(x0[i:i + batch].to(pipe.device), noise[i:i + batch].to(pipe.device),
                                timesteps[:1])
            cond = cond_all.expand(x.shape[0], -1)
            for t in timesteps:
                x = sched.step(pipe.unet(x, t, class_labels=cond).sample, t, x, eta=0.0).prev_sample
            out.append(((x.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).cpu().numpy().astype(np.uint8))
    return np.concatenate(out)


def load_pipeline(name: str = "tiny", *, device=None, verify: bool = True):
    """Load a text-to-image pipeline.

    * ``"tiny"`` (default): the course's own model, shipped inside the package; works offline.
    * the name of another shipped variant (a folder of ``aigc_ethics/checkpoints``, e.g. ``"balanced"``).
    * a local folder written by ``TinyDiffusionPipeline.save_pretrained``.
    * a Hugging Face Hub id, e.g. one of :data:`HUB_MODELS` (``HUB_MODELS["fast"]``): needs internet
      (e.g. Colab) and a GPU to be practical. Offline this raises :class:`HubUnavailableError`.
    * a local folder holding a diffusers pipeline of another kind (e.g. a Stable Diffusion model saved
      with ``save_pretrained``): loaded like a hub model, offline.

    >>> pipe = load_pipeline("tiny")
    >>> type(pipe).__name__
    'TinyDiffusionPipeline'
    """
    if not isinstance(name, (str, os.PathLike)) or not str(name).strip():
        raise ValueError(f"name must be a shipped variant, a folder or a hub id such as 'owner/model', got {name!r}")
    device = _check_device(device)
    name = str(name) if isinstance(name, str) else os.fspath(name)
    if name == "tiny":
        if not TINY_CHECKPOINT.is_dir():
            raise CheckpointError(f"the tiny checkpoint is missing from {TINY_CHECKPOINT}; reinstall the "
                                  f"package or train one with `python -m aigc_ethics.train`")
        return TinyDiffusionPipeline.from_pretrained(TINY_CHECKPOINT, verify=verify).to(device)
    if "/" not in name and (CHECKPOINTS / name / "model_index.json").is_file():
        return TinyDiffusionPipeline.from_pretrained(CHECKPOINTS / name, verify=verify).to(device)
    if Path(name).is_dir():
        if _pipeline_class(name) not in (None, "TinyDiffusionPipeline"):
            return _load_hub_pipeline(name, device)
        return TinyDiffusionPipeline.from_pretrained(name, verify=verify).to(device)
    if not _HUB_ID.fullmatch(name):
        variants = shipped_variants()
        close = difflib.get_close_matches(name, variants, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"no shipped variant or folder named '{name}'.{hint} Shipped variants: {', '.join(variants)}; "
                         "a Hugging Face Hub id looks like 'owner/model'")
    return _load_hub_pipeline(name, device)


#: Maintained text-to-image models on the Hugging Face Hub, one per purpose (checked on the Hub in
#: 2026-11; ``stabilityai/stable-diffusion-2-1-base`` is gone). Both are Stable-Diffusion-format
#: pipelines (VAE + UNet + CLIP text encoder), so the chapters' latent-space tools apply to them.
#: ``fast``: SD-Turbo, distilled to 1-4 steps at guidance 0 (512 x 512; Stability AI Community License).
#: ``standard``: Stable Diffusion v1.5, the community-maintained copy of the original after
#: ``runwayml/stable-diffusion-v1-5`` was removed (25-50 steps, guidance ~7.5; CreativeML OpenRAIL-M).
HUB_MODELS: dict[str, str] = {
    "fast": "stabilityai/sd-turbo",
    "standard": "stable-diffusion-v1-5/stable-diffusion-v1-5",
}


def _pipeline_class(folder) -> str | None:
    """The ``_class_name`` in a pipeline folder's ``model_index.json`` (None without one)."""
    index = Path(folder) / "model_index.json"
    if not index.is_file():
        return None
    return json.loads(index.read_text()).get("_class_name")


#: What a Hugging Face Hub model id looks like: ``owner/name`` (letters, digits, ``-_.``).
_HUB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")


def shipped_variants() -> list[str]:
    """Names of the pipelines shipped in the package (folders with a ``model_index.json``)."""
    return sorted(p.name for p in CHECKPOINTS.iterdir() if (p / "model_index.json").is_file())


def _check_device(device) -> torch.device:
    """``device`` as a ``torch.device`` (default: :func:`default_device`); a clear error for an
    unknown name or a CUDA/MPS device this machine does not have."""
    if device is None:
        return default_device()
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'mps', got {device!r}") from None
    if dev.type == "cuda" and (not torch.cuda.is_available()
                               or (dev.index is not None and dev.index >= torch.cuda.device_count())):
        raise ValueError(f"device {device!r} is not available here ({torch.cuda.device_count()} CUDA devices); "
                         "use 'cpu' or device=None")
    if dev.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError(f"device {device!r} is not available here; use 'cpu' or device=None")
    if dev.type not in ("cpu", "cuda", "mps"):
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'mps', got {device!r}")
    return dev


def _load_hub_pipeline(model_id: str, device):
    local = Path(model_id).is_dir()   # a saved diffusers pipeline: no network needed
    if not local and os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false", "False"):
        raise HubUnavailableError(
            f"cannot load '{model_id}': HF_HUB_OFFLINE is set. Hub models need internet access "
            f"(e.g. on Colab); offline, use load_pipeline('tiny').")
    try:
        from diffusers import AutoPipelineForText2Image
        dtype = torch.float16 if device.type == "cuda" else torch.float32
        pipe = AutoPipelineForText2Image.from_pretrained(model_id, torch_dtype=dtype)
    except Exception as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise HubUnavailableError(
            f"could not load '{model_id}' from the Hugging Face Hub ({first[:160]}). This needs internet "
            f"access and a valid model id; offline, use load_pipeline('tiny').") from None
    return pipe.to(device)
