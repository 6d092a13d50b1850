"""The invented people of the likeness chapter (aigc_ethics.core.people)."""
import numpy as np
import pytest

from aigc_ethics.core.datasets import make_dataset, render_portrait
from aigc_ethics.core.people import (
    PEOPLE,
    _traits,
    get_person,
    make_people,
    people_table,
    photo_set,
    photos,
    render_person,
)


def test_sixteen_distinct_people():
    assert len(PEOPLE) == 16 and len({p.name for p in PEOPLE}) == 16
    for i, p in enumerate(PEOPLE):
        for q in PEOPLE[i + 1:]:
            assert sum(a != b for a, b in zip(_traits(p), _traits(q))) >= 3, (p, q)
    assert list(people_table().name) == [p.name for p in PEOPLE]


def test_people_are_reproducible_and_seeded():
    assert make_people() == PEOPLE
    assert make_people(16, seed=5) != PEOPLE


def test_photo_is_deterministic_and_varies_with_context():
    a = render_person("P03", clothing="red", background="sand", seed=4)
    b = render_person(get_person("P03"), clothing="red", background="sand", seed=4)
    assert a.shape == (32, 32, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b)
    c = render_person("P03", profession="chef", clothing="red", background="sand", seed=4)
    assert not np.array_equal(a, c)


def test_same_person_closer_than_other_people():
    # everyday photos in one context: the person's own photos differ less than two people's
    same = [render_person("P07", seed=s).astype(float) for s in range(4)]
    other = [render_person(p.name, seed=0).astype(float) for p in PEOPLE if p.name != "P07"]
    d_same = np.mean([np.abs(same[0] - s).mean() for s in same[1:]])
    d_other = np.mean([np.abs(same[0] - o).mean() for o in other])
    assert d_same < d_other


def test_photo_set_table_and_nested_photos():
    imgs, table = photo_set(["P00", "P05"], 3, seed=1, professions=(None, "chef"))
    assert imgs.shape == (6, 32, 32, 3)
    assert table.person.tolist() == ["P00"] * 3 + ["P05"] * 3
    assert set(table.label) == {0, 5}
    assert set(table.profession) <= {"", "chef"}
    assert np.array_equal(photos("P07", 10, seed=0)[:3], photos("P07", 3, seed=0))


def test_default_dataset_untouched():
    # the course's default portraits do not depend on this module (checkpoints and lessons rely on it)
    img = render_portrait("chef", 7, seed=1)
    assert img.shape == (32, 32, 3)
    ds = make_dataset(seed=0, scale=0.01)
    assert ds.captions[0] == "a portrait of an engineer"


@pytest.mark.parametrize("bad, match", [
    (dict(person="Alice"), "unknown identity"),
    (dict(person="P99"), "unknown identity"),
    (dict(person="P01", profession="pilot"), "profession must be"),
    (dict(person="P01", clothing="pink"), "clothing must be"),
    (dict(person="P01", background="moon"), "background must be"),
])
def test_render_person_rejects_bad_input(bad, match):
    person = bad.pop("person")
    with pytest.raises((KeyError, ValueError), match=match):
        render_person(person, **bad)


def test_photo_set_rejects_bad_input():
    with pytest.raises(ValueError, match="positive number of photos"):
        photos("P01", 0)
    with pytest.raises(ValueError, match="people is empty"):
        photo_set([], 2)
    with pytest.raises(KeyError, match="unknown identity"):
        photo_set(["P01", "Bob"], 2)
    with pytest.raises(ValueError, match="professions may hold"):
        photos("P01", 2, professions=("astronaut",))
    with pytest.raises(ValueError, match="from 1 to 64"):
        make_people(0)
