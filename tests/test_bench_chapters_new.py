"""`make bench` numbers of the likeness chapter and the creators' opt-out (tools/bench_chapters.py):
they run, and they say what the chapter pages say."""
from bench_chapters import CHAPTER_BENCHES, bench_creators, bench_likeness


def test_likeness_bench_matches_the_chapter():
    b = bench_likeness(n_listed=20, n_photos=200)
    assert b["takedown/jpeg/threshold=31"] == 1.0 and b["takedown/crop/threshold=31"] < 0.1
    assert b["takedown/flip/threshold=31"] < 0.1 <= 0.9 < b["takedown/flip (8 dihedral hashes)/threshold=31"]
    rates = [b[f"takedown/false match (unrelated)/threshold={t}"] for t in (16, 31, 48)]
    assert rates == sorted(rates) and rates[-1] > rates[0]        # a looser threshold matches more strangers
    assert b["consent/copies_at_day_60_revoked_day_20/mean"] < b["consent/copies_at_day_60_never_revoked/mean"]
    assert "likeness" in CHAPTER_BENCHES and "creators" in CHAPTER_BENCHES


def test_creators_bench_counts_the_opted_out_works():
    b = bench_creators()
    assert b["optout/quist/removed_items"] > 0 and 0 < b["optout/quist/share_of_training_set"] < 0.2
