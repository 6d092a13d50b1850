"""The TDM reservation reader and the opt-out dataset filter (lesson 53), incl. bad input."""
import numpy as np
import pytest

from aigc_ethics import tdm
from aigc_ethics.datasets import ARTISTS, composition_from_spec, make_dataset

QUIST = '[{"location": "/works/quist/*", "tdm-reservation": 1, "tdm-policy": "https://q.example/p"}]'


@pytest.fixture(scope="module")
def data():
    return make_dataset(seed=0, scale=0.05)


def test_parse_reads_fields():
    rules = tdm.parse_tdmrep(QUIST)
    assert rules.to_dict("records") == [{"location": "/works/quist/*", "reservation": 1, "policy": "https://q.example/p"}]


def test_honour_removes_exactly_the_reserved_artist(data):
    r = tdm.honour_optouts(data, tdm.parse_tdmrep(QUIST))
    n_quist = int((data.attributes["artist"] == "quist").sum())
    assert n_quist > 0 and r.removed == n_quist
    assert "quist" not in set(r.kept.attributes["artist"])
    assert len(r.kept) == len(data) - n_quist
    assert r.share_removed == pytest.approx(n_quist / len(data))
    assert r.table.loc["quist", "share_removed"] == 1.0
    assert r.table.drop(index="quist")["removed"].sum() == 0


def test_reservation_zero_keeps_and_first_rule_wins(data):
    rules = tdm.parse_tdmrep('[{"location": "/works/quist/0", "tdm-reservation": 0},'
                             ' {"location": "/works/quist/*", "tdm-reservation": 1},'
                             ' {"location": "/works/zarek/*", "tdm-reservation": 0}]')
    mask = tdm.reserved_mask(data, rules)
    n_quist = int((data.attributes["artist"] == "quist").sum())
    assert mask.sum() == n_quist - 1          # the one work at /works/quist/0 stays
    assert tdm.reserved_artists(rules) == set()   # the first matching rule for /works/quist/0 says 0


def test_wildcard_over_all_works_spares_portraits(data):
    r = tdm.honour_optouts(data, tdm.parse_tdmrep('[{"location": "/works/*", "tdm-reservation": 1}]'))
    assert set(r.kept.attributes["artist"]) == {""}
    assert r.table.loc["(portraits)", "removed"] == 0


@pytest.mark.parametrize("text, match", [
    ("{location: /works/quist/*", "not valid JSON"),
    ('{"location": "/works/quist/*", "tdm-reservation": 1}', "JSON list"),
    ('[{"location": "/works/quist/*"}]', "tdm-reservation"),
    ('[{"location": "works/quist/*", "tdm-reservation": 1}]', "starting with '/'"),
    ('[{"location": "/works/quist/*", "tdm-reservation": 2}]', "0 or 1"),
    ('[{"location": "/works/quist/*", "tdm-reservation": true}]', "0 or 1"),
    ('[{"location": "/works/quist/*", "tdm-reservation": 1, "tdm-policy": 5}]', "URL"),
    ('["/works/quist/*"]', "object"),
])
def test_malformed_file_is_rejected(text, match):
    with pytest.raises(ValueError, match=match):
        tdm.parse_tdmrep(text)


def test_parse_rejects_non_string():
    with pytest.raises(TypeError, match="str"):
        tdm.parse_tdmrep(b"[]")


def test_unknown_artist_is_rejected(data):
    rules = tdm.parse_tdmrep('[{"location": "/works/picasso/*", "tdm-reservation": 1}]')
    with pytest.raises(ValueError, match="unknown artist 'picasso'"):
        tdm.honour_optouts(data, rules)


def test_artist_with_no_works_removes_nothing():
    data = make_dataset(composition_from_spec("optout=quist"), seed=0, scale=0.05)
    r = tdm.honour_optouts(data, tdm.parse_tdmrep(QUIST))
    assert r.removed == 0 and len(r.kept) == len(data)
    assert r.no_works == ["quist"]


def test_bad_dataset_and_rules_types(data):
    with pytest.raises(TypeError, match="SyntheticDataset"):
        tdm.work_locations(np.zeros((2, 32, 32, 3), np.uint8))
    with pytest.raises(TypeError, match="parse_tdmrep"):
        tdm.reserved_mask(data, [{"location": "/works/*"}])


def test_law_table_has_status_source_and_checked_date():
    law = tdm.load_law_table()
    assert len(law) >= 10
    assert law[["date", "status", "source", "checked"]].notna().all().all()
    assert (law["checked"] == "2026-11-30").all()
    assert law["item"].str.contains("Thaler").any() and law["item"].str.contains("2019/790").any()


def test_law_table_rejects_missing_columns(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("item,date\nx,2020\n")
    with pytest.raises(ValueError, match="columns"):
        tdm.load_law_table(p)


def test_every_artist_path_is_known():
    assert tdm.reserved_artists(tdm.parse_tdmrep(
        "[" + ",".join(f'{{"location": "/works/{a}/*", "tdm-reservation": 1}}' for a in ARTISTS) + "]")) == set(ARTISTS)
