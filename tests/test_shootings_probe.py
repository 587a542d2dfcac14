"""Killed and injured recall per article on the invented shooting reports (bench/shootings_probe.py)."""

from bench.shootings_probe import recall, run


def test_shootings_probe_recall(rules):
    results = run(rules)
    for what in ("killed", "injured"):
        score = recall(results, what, positive=True)
        print(f"{what}: found {score:.3f} (gold > 0), answer {recall(results, what, strict=True):.3f}")
        assert score >= 0.85, what
