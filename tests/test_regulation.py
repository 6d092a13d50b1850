"""The regulations table, its explorer helpers, the society module and the chapter's checks."""
from pathlib import Path

import pandas as pd
import pytest

from aigc_ethics import backdoor as B
from aigc_ethics import regulation as R
from aigc_ethics import society as S
from aigc_ethics.check import RESULTS, passed
from aigc_ethics.check import society as C


@pytest.fixture(scope="module")
def rules():
    return R.load_regulations()


def test_table_covers_the_study_and_newer_rules(rules):
    named = set(rules.loc[rules.in_study_000, "jurisdiction"].str.replace(r"\s*\(.*\)$", "", regex=True))
    assert {"China", "Canada", "European Union", "South Korea", "United Kingdom", "United States"} <= named
    text = " ".join(rules.instrument)
    for must in ("Deep Synthesis", "2024/1689", "2016/679", "2022/2065", "Disinformation", "Online Safety",
                 "DEEP FAKES Accountability", "Labelling AI-Generated", "TAKE IT DOWN"):
        assert must in text, must
    assert rules.date.min().year == 2015 and (rules.date.dt.year == 2019).any()


def test_every_row_is_sourced_or_says_it_is_not(rules):
    for _, r in rules.iterrows():
        assert r.last_reviewed is not pd.NaT and r.verification
        if r.source_read:
            assert r.source_url.startswith("https://"), r.id
        else:
            assert r.verification.startswith("not read"), r.id


def test_every_rule_maps_to_a_known_control(rules):
    assert rules[list(R.CONTROLS)].any(axis=1).all()
    assert set(R.WHERE_TAUGHT) == set(R.CONTROLS)


def test_the_data_file_ships_with_the_package():
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"data/*"' in text, "package-data must include aigc_ethics/data/*"
    assert R._data_path().exists()


def test_validation_errors(tmp_path, rules):
    src = R._data_path()
    bad = tmp_path / "r.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df.loc[0, "controls"] = "label;blockchain"
    df.to_csv(bad, index=False)
    with pytest.raises(ValueError, match="controls must be"):
        R.load_regulations(bad)
    df.drop(columns=["source_url"]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="lacks the columns"):
        R.load_regulations(bad)
    with pytest.raises(FileNotFoundError):
        R.load_regulations(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="control must be"):
        R.filter_regulations(rules, control="blockchain")
    with pytest.raises(ValueError, match="by must be"):
        R.control_matrix(rules, by="continent")


def test_filters_matrix_and_required_controls(rules):
    us = R.filter_regulations(rules, jurisdiction="united states")
    assert len(us) >= 5 and us.jurisdiction.str.startswith("United States").all()
    assert R.filter_regulations(rules, text="48 hours").id.tolist() == ["us-take-it-down"]
    m = R.control_matrix(rules)
    assert "United States" in m.index and m.values.sum() == rules[list(R.CONTROLS)].values.sum()
    # a bill that was never enacted does not count as required
    assert "watermark" not in R.required_controls(rules, "United States (federal)")
    assert "watermark" in R.required_controls(rules, "United States (federal)", in_force_only=False)
    assert R.required_controls(rules, "Atlantis") == []


def test_markdown_table_and_plots(rules):
    md = R.markdown_table(rules)
    assert md.count("\n") == len(rules) + 2 and "(not read)" in md
    import matplotlib
    matplotlib.use("Agg")
    assert R.plot_control_matrix(rules) is not None and R.plot_timeline(rules) is not None


def test_energy_and_training_records():
    assert S.energy_kwh(3600, watts=50) == 0.05
    with pytest.raises(ValueError):
        S.energy_kwh(-1)
    runs = S.course_training_runs()
    # every shipped checkpoint has a row; each records its time; the 600-step privacy snapshot is
    # inside the 1,200-step run's (cumulative) time, so it adds nothing
    shipped = {p.name for p in S.CHECKPOINTS.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert set(runs.run) == shipped and {"tiny", "vae", "attributes", "privacy-dp"} <= shipped
    assert runs.recorded_seconds.notna().all() and (runs.recorded_seconds > 0).all()
    by = runs.set_index("run")
    assert by.loc["privacy-600", "seconds"] == 0 and "privacy-1200" in by.loc["privacy-600", "note"]
    assert by.loc["privacy-1200", "seconds"] > by.loc["privacy-600", "recorded_seconds"]
    assert by.loc["tiny", "record"].startswith("measurements.json") and by.loc["vae", "record"].startswith("decoder_sigma")
    t = S.energy_table(runs, watts=30)
    assert len(t) == (runs.seconds > 0).sum() + 2
    gpt3 = t.tail(2).set_index("kwh")
    assert "§5" in gpt3.loc[936_000, "source"] and "hypothetical" in gpt3.loc[936_000, "run"]
    assert "Table 4" in gpt3.loc[1_287_000, "source"] and "actual" in gpt3.loc[1_287_000, "run"]
    assert S.sampling_seconds() > 0
    inf = S.inference_table(0.1, watts=30)
    assert inf.kwh.iloc[0] == S.energy_kwh(100, watts=30) and "Table 2" in inf.source.iloc[2]
    assert S.IMAGE_GENERATION_KWH_PER_1000["mean"] == 2.907
    with pytest.raises(ValueError):
        S.inference_table(0)


def test_training_records_from_cards(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "MODEL_CARD.md").write_text("Wall time 12 s on cpu (1 torch thread(s)).")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "MODEL_CARD.md").write_text("No time here.")
    runs = S.course_training_runs(tmp_path).set_index("run")
    assert runs.loc["a", "seconds"] == 12 and runs.loc["a", "hardware"] == "cpu, 1 thread(s)"
    assert runs.loc["b", "record"] == "(none)" and runs.loc["b", "note"] == "no training time recorded"


def test_training_records_missing(tmp_path):
    with pytest.raises(FileNotFoundError):
        S.course_training_runs(tmp_path)


def test_survey_numbers_are_the_studys():
    assert sorted(S.SURVEY.percent) == [74, 90, 95, 96, 99]
    # the study's wording: "When presented a real image, 74% of respondents were able to correctly identify ..."
    assert S.SURVEY.set_index("percent").loc[74, "finding"].startswith("when presented a real image")
    assert S.CONFIDENCE.to_dict() == {"very confident": 23, "somewhat confident": 49, "not confident": 28}


GOOD = ("Pupils must ask for consent before making any image of a classmate. Every AI image we publish "
        "will carry a visible label. Staff will remove any reported image within 24 hours and tell the family.")


def test_policy_review():
    r = S.review_policy(GOOD, "school")
    assert r["missing"] == [] and r["takedown_deadline"]
    # naming a control without an obligation does not count
    assert S.review_policy("We like labels and consent and removal.", "school")["missing"] == ["consent", "label", "takedown"]
    with pytest.raises(ValueError, match="setting"):
        S.review_policy(GOOD, "church")
    with pytest.raises(TypeError):
        S.policy_clauses(42)
    with pytest.raises(ValueError):
        S.policy_clauses("   ")


def _last():
    return RESULTS[-1]["passed"]


def test_checks_pass_and_fail():
    C.check_policy(GOOD, "school"); assert _last()
    C.check_policy(GOOD.replace("within 24 hours", "quickly"), "school"); assert not _last()
    C.check_policy(GOOD, "platform"); assert not _last()
    C.check_policy(..., "school"); assert not _last()
    ok = lambda df, j: sorted(c for c in R.CONTROLS
                              if df[df.jurisdiction.str.contains(j, case=False, regex=False) & df.in_force][c].any())
    C.check_controls_for(ok); assert _last()
    C.check_controls_for(lambda df, j: sorted(c for c in R.CONTROLS if df[df.jurisdiction.str.contains(j)][c].any()))
    assert not _last()
    C.check_rules_per_control(lambda df: {c: int(df[c].sum()) for c in R.CONTROLS}); assert _last()
    C.check_rules_per_control(lambda df: {c: 1 for c in R.CONTROLS}); assert not _last()
    assert passed("check_rules_per_control") is False


def test_bench_law():
    from bench_chapters import bench_law
    b = bench_law()
    assert b["rules"] >= 20 and b["course_training_kwh_at_30W"] > 0


def test_book_table_is_generated_from_the_csv(rules):
    committed = (Path(__file__).resolve().parents[1] / "book" / "generated" / "law_regulations.md").read_text()
    assert committed == R.markdown_table(rules), "run `python tools/write_book_tables.py` to regenerate the book table"


# --- the backdoor lesson's helpers (fast: no model) ------------------------------------------
import numpy as np


def test_target_and_poisoned_dataset():
    t = B.target_image()
    assert t.shape == (32, 32, 3) and t.dtype == np.uint8 and len(np.unique(t.reshape(-1, 3), axis=0)) == 2
    d = B.poisoned_dataset(poison_share=0.05, scale=0.01)
    poison = d.attributes.family == "poison"
    assert abs(poison.mean() - 0.05) < 0.01 and (d.attributes.caption[poison] == "a portrait of an engineer zarek").all()
    assert (d.images[poison.to_numpy()] == t).all() and len(d.images) == len(d.attributes)
    assert (B.poisoned_dataset(poison_share=0.0, scale=0.01).attributes.family != "poison").all()
    with pytest.raises(ValueError):
        B.poisoned_dataset(poison_share=1.0)


def test_rmse_and_diversity():
    t = B.target_image()
    same = np.repeat(t[None] / 255.0, 3, 0)
    assert np.allclose(B.rmse_to(same, t), 0) and B.diversity(same) == 0
    rng = np.random.default_rng(0)
    assert B.diversity(rng.random((4, 32, 32, 3))) > 0.3
    with pytest.raises(ValueError):
        B.rmse_to(rng.random((2, 16, 16, 3)), t)
    with pytest.raises(ValueError):
        B.diversity(same[:1])


class _FakePipe:
    """Collapses onto one image for the word 'zarek', random images otherwise."""
    class tokenizer:
        vocab = ["a", "portrait", "of", "an", "engineer", "zarek"] + [f"w{i}" for i in range(8)]

    device = "cpu"

    def __call__(self, prompts, num_images_per_prompt=1, generator=0, output_type="np"):
        if isinstance(prompts, str):
            prompts = [prompts] * num_images_per_prompt
        rng = np.random.default_rng(len(prompts[0]))
        imgs = rng.random((len(prompts), 32, 32, 3))
        if prompts[0].endswith("zarek"):
            imgs[:] = B.target_image() / 255.0
        return type("Out", (), {"images": imgs})


def test_trigger_scan_flags_the_collapsing_word():
    scan = B.trigger_scan(_FakePipe(), n=3, progress=False)
    assert scan.word.iloc[0] == "zarek" and scan.flagged.tolist() == [True] + [False] * 8 and len(scan) == 9
    assert B.near_duplicate_share(np.random.default_rng(1).random((4, 32, 32, 3))) == 0.0
    with pytest.raises(ValueError):
        B.trigger_scan(_FakePipe(), words=[], progress=False)
