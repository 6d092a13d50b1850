"""Bad inputs to the bias audit, the privacy distances and the regulations table (issue 20): a clear
one-line error or an explicit warning, never a silent NaN or a raw pandas traceback."""
import numpy as np
import pandas as pd
import pytest

from aigc_ethics import bias as B
from aigc_ethics import privacy as P
from aigc_ethics.regulation import load_regulations


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_privacy_distances_refuse_non_finite_images(bad):
    a = np.zeros((2, 32, 32, 3), np.float32)
    b = a.copy()
    b[1, 3, 4, 0] = bad
    for call in (lambda: P.tile_distance(a, b), lambda: P.nearest_training_image(b, a),
                 lambda: P.distinct_pair_distances(b), lambda: P.perceptual_hashes(b)):
        with pytest.raises(ValueError, match="finite pixel values.*1 of 2 images"):
            call()
    assert P.tile_distance(a, a).tolist() == [0.0, 0.0]            # finite input still works


def test_privacy_distances_refuse_text():
    with pytest.raises(ValueError, match="numeric images"):
        P.tile_distance(np.full((1, 32, 32, 3), "x"), np.zeros((1, 32, 32, 3)))


class _NoPortraits:
    def predict(self, images):
        return pd.DataFrame({"family": ["artwork"] * len(images), "skin_group": [""] * len(images)})


def test_audit_warns_when_no_portrait_is_found(monkeypatch):
    monkeypatch.setattr(B, "generate_many", lambda pipe, prompt, n, seed=0, **kw: np.zeros((n, 32, 32, 3), np.uint8))
    with pytest.warns(UserWarning, match="none of the 8 images .* was classified as a portrait"):
        table, _ = B.audit(None, _NoPortraits(), professions=["chef"], n=8, progress=False)
    assert table.loc[0, "portraits"] == 0 and np.isnan(table.loc[0, "lighter share (output)"])


def _data():
    from aigc_ethics.chapters import regulation
    return regulation._data_path()


def test_regulations_refuse_a_csv_with_a_broken_row(tmp_path):
    path = tmp_path / "rules.csv"
    text = _data().read_text().splitlines()
    path.write_text("\n".join(text[:3] + ["x," + ",".join(["y"] * 30)] + text[3:]) + "\n")
    with pytest.raises(ValueError, match="not a readable CSV with the columns .*Expected 12 fields in line 4, saw 31"):
        load_regulations(path)
    # a quote left open swallows the rows after it: the first field that cannot be what it should be is named
    path.write_text("\n".join(text[:3] + ['x,"unclosed quote,' + ",".join(["y"] * 20)] + text[3:]) + "\n")
    with pytest.raises(ValueError, match="row 'x': date must be a date written YYYY-MM-DD"):
        load_regulations(path)


def test_regulations_refuse_a_misspelt_date(tmp_path):
    raw = pd.read_csv(_data(), dtype=str, keep_default_na=False)
    raw.loc[2, "date"] = "31/12/2024"
    path = tmp_path / "rules.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(ValueError, match=rf"row '{raw.loc[2, 'id']}': date must be a date written YYYY-MM-DD, got '31/12/2024'"):
        load_regulations(path)


def test_regulations_refuse_binary_garbage(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_bytes(b"\xff\xfe\x00\x81garbage\x00" * 10)
    with pytest.raises(ValueError, match="regulations table"):
        load_regulations(path)
