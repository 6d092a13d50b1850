"""Interactive controls for the notebooks (ipywidgets). Each returns a widget to display.

In the book the widgets are shown from their saved state: the controls render, but changing
them needs a running kernel (open the notebook locally, on Colab or on Binder).

>>> from aigc_ethics.widgets import generation_ui
>>> generation_ui(pipe)                                    # doctest: +SKIP
"""

from __future__ import annotations

import ipywidgets as W
from IPython.display import display

from .datasets import image_grid
from .generate import UnknownWordError


def generation_ui(pipe, prompt: str = "a portrait of a farmer", n_images: int = 8, seed: int = 0,
                  steps: int = 25, guidance: float = 3.0) -> W.Widget:
    """A prompt box, seed, steps and guidance controls, and a Generate button.

    It generates once when created, so the saved notebook shows a result."""
    prompt_box = W.Text(value=prompt, description="prompt", layout=W.Layout(width="420px"))
    seed_box = W.IntText(value=seed, description="seed", layout=W.Layout(width="160px"))
    steps_slider = W.IntSlider(value=steps, min=1, max=100, description="steps")
    guidance_slider = W.FloatSlider(value=guidance, min=0.0, max=10.0, step=0.5, description="guidance")
    button = W.Button(description="Generate", button_style="primary", icon="paint-brush")
    out = W.Output()

    def run(_=None):
        out.clear_output(wait=True)
        with out:
            try:
                result = pipe(prompt_box.value, num_images_per_prompt=n_images, generator=seed_box.value,
                              num_inference_steps=steps_slider.value, guidance_scale=guidance_slider.value)
            except (UnknownWordError, ValueError) as err:
                print(f"⚠️ {err}")
                return
            display(image_grid(result.images, ncols=n_images, scale=3))
            print(f"'{prompt_box.value}', seed {seed_box.value}, {steps_slider.value} steps, "
                  f"guidance {guidance_slider.value}")

    button.on_click(run)
    run()
    return W.VBox([W.HBox([prompt_box, seed_box]), W.HBox([steps_slider, guidance_slider, button]), out])
