import base64
import io
import re

import ipywidgets as W
import matplotlib
import numpy as np
import pytest
from PIL import Image

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from aigc_ethics.widgets import image_html, interact_image  # noqa: E402


def _decode(tag):
    data = re.search(r'src="data:image/png;base64,([^"]+)"', tag).group(1)
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_image_html_inlines_the_picture_with_alt_text():
    arr = np.zeros((6, 5, 3), np.uint8)
    arr[:, :, 0] = 200
    tag = image_html(arr, alt='a "red" block')
    assert tag.startswith('<img alt="a &quot;red&quot; block"')     # escaped, never breaks the tag
    back = np.asarray(_decode(tag))
    assert back.shape == (6, 5, 3) and back[0, 0, 0] == 200


def test_image_html_accepts_floats_grey_pil_and_figures():
    assert _decode(image_html(np.full((4, 4), 0.5), alt="grey")).size == (4, 4)
    assert _decode(image_html(Image.new("RGB", (3, 7)), alt="black", width=90)).size == (3, 7)
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    n_open = len(plt.get_fignums())
    tag = image_html(fig, alt="a rising line")
    assert 'alt="a rising line"' in tag and len(plt.get_fignums()) == n_open - 1   # figure closed


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_image_html_refuses_missing_alt_text(alt):
    with pytest.raises(ValueError, match="alt"):
        image_html(np.zeros((2, 2)), alt=alt)


def test_image_html_refuses_bad_arrays():
    with pytest.raises(ValueError, match="shape"):
        image_html(np.zeros((2, 2, 3, 1)), alt="x")


def test_interact_image_redraws_with_new_alt_text():
    slider = W.FloatSlider(value=0.2, min=0, max=1)
    box = interact_image(lambda level: np.full((4, 4), level), alt=lambda level: f"grey at {level:.1f}",
                         level=slider)
    panel = box.children[-1]
    assert 'alt="grey at 0.2"' in panel.value and np.asarray(_decode(panel.value))[0, 0] == 51
    slider.value = 0.8
    assert 'alt="grey at 0.8"' in panel.value and np.asarray(_decode(panel.value))[0, 0] == 204
    with pytest.raises(ValueError, match="control"):
        interact_image(lambda: None, alt="x")
