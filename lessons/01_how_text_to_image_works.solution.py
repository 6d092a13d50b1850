# %% [markdown]
# # Exercises: How a text-to-image model works — with solutions
#
# [▶ Open in Colab](https://colab.research.google.com/github/aigc-ethics/aigc-ethics-course/blob/main/solutions/01_how_text_to_image_works.ipynb)
#
# **You will practise**
# - writing the DDIM sampling loop with classifier-free guidance yourself, using the model's own
#   UNet, text encoder and scheduler, and matching the pipeline exactly;
# - explaining where a generator's knowledge comes from.
#
# **Run time:** under a minute. Work through the lesson
# [How a text-to-image model works](../notebooks/01_how_text_to_image_works.ipynb) first.

# %%
# Setup: on Colab this installs the course library from its repository; elsewhere it does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "aigc-ethics[colab] @ git+https://github.com/aigc-ethics/aigc-ethics-course@main"], check=True)

from aigc_ethics.notebook import setup
device = setup(seed=0)

import torch
from aigc_ethics.generate import load_pipeline
from aigc_ethics.check import check_ddim_loop, discuss

pipe = load_pipeline("tiny", device="cpu")

# %% [markdown]
# ## Exercise 1: the sampling loop
#
# Write `ddim_sample(pipe, prompt, latents, num_inference_steps, guidance_scale)` that returns the
# generated images as a tensor in $[-1, 1]$, shape `(batch, 3, 32, 32)`, exactly as
# `pipe(..., output_type="pt")` does. The pieces you need:
#
# - `pipe.encode_prompt([prompt] * batch)` gives the prompt vectors; `pipe.encode_prompt([""], allow_empty=True)`
#   the empty-prompt vector (expand it to the batch);
# - `pipe.scheduler.set_timesteps(n)` then loop over `pipe.scheduler.timesteps`;
# - `pipe.unet(x, t, class_labels=embedding).sample` is the UNet's guess of the clean image;
# - with guidance $s \ne 1$: $\hat{x} = \hat{x}_\varnothing + s\,(\hat{x}_{\text{prompt}} - \hat{x}_\varnothing)$;
# - `pipe.scheduler.step(guess, t, x).prev_sample` is the next, less noisy, image.

# %%
@torch.no_grad()
def ddim_sample(pipe, prompt, latents, num_inference_steps=25, guidance_scale=3.0):
    ### BEGIN SOLUTION: encode the prompt, loop over the scheduler's timesteps, apply guidance
    batch = len(latents)
    cond = pipe.encode_prompt([prompt] * batch)
    uncond = pipe.encode_prompt([""], allow_empty=True).expand(batch, -1)
    pipe.scheduler.set_timesteps(num_inference_steps)
    x = latents
    for t in pipe.scheduler.timesteps:
        if guidance_scale != 1.0:
            guess_u, guess_c = pipe.unet(torch.cat([x, x]), t, class_labels=torch.cat([uncond, cond])).sample.chunk(2)
            guess = guess_u + guidance_scale * (guess_c - guess_u)
        else:
            guess = pipe.unet(x, t, class_labels=cond).sample
        x = pipe.scheduler.step(guess, t, x).prev_sample
    return x.clamp(-1, 1)
    ### END SOLUTION

check_ddim_loop(ddim_sample, pipe)

# %% [markdown]
# ## Exercise 2 (open question)
#
# The model drew portraits of six professions and paintings by six artists, and refused the word
# "astronaut". What does this tell you about where a text-to-image model's "knowledge" comes
# from, and what follows for a model trained on billions of web images? Answer in two or three
# sentences.

# %%
### BEGIN SOLUTION
answer = """Everything the model can draw comes from its captioned training images: it can only
recombine the professions, styles and skin tones it saw, in roughly the proportions it saw them.
A web-scale model is the same in kind, so its abilities and its biases are those of its scraped
data, and questions of consent, copyright and representation are questions about that data."""
### END SOLUTION
discuss("data-is-everything", answer)
