"""Interactive controls for the notebooks (ipywidgets). Each returns a widget to display.

In the book the widgets are shown from their saved state: the controls render, but changing
them needs a running kernel (open the notebook locally, on Colab or on Binder).

Pictures inside widgets are ``<img>`` tags with alt text (:func:`image_html`), shown in an
``HTML`` widget, rather than images printed into an ``Output`` widget: those reach the book
without any alt text, so a screen reader would announce nothing.

>>> from aigc_ethics.widgets import generation_ui
>>> generation_ui(pipe)                                    # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as W
import numpy as np

from .datasets import image_grid
from .generate import UnknownWordError


def image_html(image, alt: str, width: int | None = None) -> str:
    """An ``<img>`` tag with the picture inlined as a PNG and its alt text.

    ``image``: a PIL image, an array (``(H, W)`` or ``(H, W, 3)``, uint8 or floats in [0, 1]) or a
    matplotlib figure (which is closed afterwards). ``alt`` must describe what the picture shows.

    >>> from PIL import Image
    >>> image_html(Image.new("RGB", (4, 4)), alt="a black square")[:40]
    '<img alt="a black square" src="data:imag'
    """
    from PIL import Image

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the picture (read aloud by screen readers)")
    buf = io.BytesIO()
    if hasattr(image, "savefig"):                      # a matplotlib figure
        import matplotlib.pyplot as plt
        image.savefig(buf, format="png", bbox_inches="tight")
        plt.close(image)
    else:
        if not isinstance(image, Image.Image):
            arr = np.asarray(image)
            if arr.dtype != np.uint8:
                arr = (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)
            if arr.ndim not in (2, 3):
                raise ValueError(f"image must be (H, W) or (H, W, 3), got shape {arr.shape}")
            image = Image.fromarray(arr)
        image.save(buf, format="PNG")
    size = f' width="{int(width)}"' if width else ""
    return (f'<img alt="{html.escape(alt.strip())}" src="data:image/png;base64,'
            f'{base64.b64encode(buf.getvalue()).decode()}"{size} style="max-width:100%">')


def interact_image(draw, alt, **controls) -> W.Widget:
    """Like ``ipywidgets.interact`` for a function that *returns* a picture (figure, PIL image or
    array): the controls, then the picture with alt text, redrawn when a control changes.

    ``alt`` is a string or a function of the same keyword arguments as ``draw``.

    >>> import numpy as np
    >>> box = interact_image(lambda level: np.full((4, 4), level), alt="a grey square",
    ...                      level=W.FloatSlider(value=0.5, min=0, max=1))
    >>> box.children[-1].value.startswith('<img alt="a grey square"')
    True
    """
    if not controls:
        raise ValueError("interact_image needs at least one control, e.g. keep=FloatSlider(...)")
    panel = W.HTML()

    def redraw(_=None):
        values = {name: c.value for name, c in controls.items()}
        text = alt(**values) if callable(alt) else alt
        panel.value = image_html(draw(**values), alt=text)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    return W.VBox([*controls.values(), panel])


def generation_ui(pipe, prompt: str = "a portrait of a farmer", n_images: int = 8, seed: int = 0,
                  steps: int = 25, guidance: float | None = None) -> W.Widget:
    """A prompt box, seed, steps and guidance controls, and a Generate button.

    It generates once when created, so the saved notebook shows a result."""
    prompt_box = W.Text(value=prompt, description="prompt", layout=W.Layout(width="420px"))
    seed_box = W.IntText(value=seed, description="seed", layout=W.Layout(width="160px"))
    steps_slider = W.IntSlider(value=steps, min=1, max=100, description="steps")
    guidance = pipe_default_guidance(pipe) if guidance is None else guidance
    guidance_slider = W.FloatSlider(value=guidance, min=0.0, max=10.0, step=0.5, description="guidance")
    button = W.Button(description="Generate", button_style="primary", icon="paint-brush")
    picture, caption = W.HTML(), W.HTML()

    def run(_=None):
        try:
            result = pipe(prompt_box.value, num_images_per_prompt=n_images, generator=seed_box.value,
                          num_inference_steps=steps_slider.value, guidance_scale=guidance_slider.value)
        except (UnknownWordError, ValueError) as err:
            caption.value = f"⚠️ {html.escape(str(err))}"
            return
        settings = (f"'{prompt_box.value}', seed {seed_box.value}, {steps_slider.value} steps, "
                    f"guidance {guidance_slider.value}")
        picture.value = image_html(image_grid(result.images, ncols=n_images, scale=3),
                                   alt=f"{n_images} images generated by the tiny model for {settings}, in a row")
        caption.value = html.escape(settings)

    button.on_click(run)
    run()
    return W.VBox([W.HBox([prompt_box, seed_box]), W.HBox([steps_slider, guidance_slider, button]),
                   picture, caption])


def audit_explorer(pipe, classifier, dataset, n_images: int = 32, seed: int = 0) -> W.Widget:
    """Pick a profession, a caption template and a guidance scale; see the generated grid and
    the share of lighter skin next to the training data's. Generates once when created."""
    import matplotlib.pyplot as plt
    import numpy as np

    from .bias import GROUPS, distribution, training_labels
    from .datasets import PROFESSIONS, article
    from .metrics import to_uint8

    templates = ["a portrait of {a} {p}", "{a} {p}", "a person who is {a} {p}", "a photo of {a} {p}"]
    prof = W.Dropdown(options=list(PROFESSIONS), value="engineer", description="profession")
    template = W.Dropdown(options=templates, value=templates[0], description="caption")
    guidance = W.FloatSlider(value=pipe_default_guidance(pipe), min=0.0, max=6.0, step=0.5, description="guidance")
    button = W.Button(description="Audit", button_style="primary")
    out = W.HTML()

    def run(_=None):
        prompt = template.value.format(a=article(prof.value), p=prof.value)
        imgs = pipe(prompt, num_images_per_prompt=n_images, guidance_scale=guidance.value,
                    generator=seed, output_type="np").images
        pred = classifier.predict(to_uint8(imgs))
        groups = pred.loc[pred.family == "portrait", "skin_group"].tolist()
        gen = distribution(groups, GROUPS)[0] if groups else np.nan
        train = distribution(training_labels(dataset, prof.value), GROUPS)[0]
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 2.6), gridspec_kw={"width_ratios": [3, 1]})
        a1.imshow(image_grid(to_uint8(imgs[:16]), ncols=8, scale=1)); a1.set_axis_off()
        a1.set_title(f"'{prompt}', guidance {guidance.value}", fontsize=9)
        a2.bar(["training", "generated"], [train, gen], color=["#0072B2", "#E69F00"])
        a2.axhline(0.5, color="black", ls=":", lw=1)
        a2.set(ylim=(0, 1), title="share of lighter skin")
        out.value = image_html(fig, alt=(
            f"Left, 16 images generated for '{prompt}' at guidance {guidance.value}; right, bars of the "
            f"share of lighter skin: {train:.2f} in the training data and {gen:.2f} among the "
            f"{len(groups)} generated portraits, against a dotted line at 0.5."))

    button.on_click(run)
    run()
    return W.VBox([W.HBox([prof, template]), W.HBox([guidance, button]), out])


def pipe_default_guidance(pipe) -> float:
    import inspect
    return float(inspect.signature(type(pipe).__call__).parameters["guidance_scale"].default)


class _LabelGrid(W.VBox):
    """A grid of images, each with a toggle to label it; ``.labels`` lists the current labels."""

    @property
    def labels(self) -> list:
        return [t.value for t in self._toggles]


def label_images(images, categories=("lighter", "darker", "unsure"), ncols: int = 4, size: int = 128) -> W.Widget:
    """Label images by hand (for hub models, whose images the course's classifier cannot read).

    Returns a widget; after clicking, ``widget.labels`` holds one label per image (``"unsure"``
    by default). Label what you can see (e.g. skin tone on the Monk scale), never guessed
    identities such as gender or ethnicity (see the lesson "Measuring the measurer").
    """
    if len(images) == 0:
        raise ValueError("no images to label")
    cells, toggles = [], []
    for i, im in enumerate(images):
        toggle = W.ToggleButtons(options=list(categories), value=categories[-1], style={"button_width": "60px"})
        toggles.append(toggle)
        picture = W.HTML(image_html(im.convert("RGB").resize((size, size)), alt=f"image {i + 1} to label"))
        cells.append(W.VBox([picture, toggle]))
    rows = [W.HBox(cells[i:i + ncols]) for i in range(0, len(cells), ncols)]
    grid = _LabelGrid(rows)
    grid._toggles = toggles
    return grid
