"""Generate a news-like benchmark corpus: templated articles with number words, hedges, dates and page noise."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

PLACES = ["Chile", "Peru", "Nepal", "Kenya", "Ohio", "Bavaria", "Sindh", "Luzon", "Anatolia", "Quebec"]
EVENTS = [("mine collapse", "miners"), ("ferry sinking", "passengers"), ("earthquake", "residents"),
          ("flood", "villagers"), ("factory fire", "workers"), ("bus crash", "passengers")]  # fmt: skip
HEDGES = ["", "", "", "more than ", "at least ", "about ", "nearly ", "up to ", "some "]
WORDS = ["two", "three", "seven", "twelve", "fifteen", "twenty", "forty-one", "sixty-three", "a dozen"]
SOURCES = ["the regional governor said", "according to the fire service", "officials told reporters",
           "the health ministry said", "a police spokesman said"]  # fmt: skip
NOISE = ["Share this article", "Follow us on Facebook", "Views: {n}", "© {year} Daily Wire Service",
         "Read more: {place} news", "Advertisement"]  # fmt: skip


def _figure(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(WORDS)
    n = rng.choice([rng.randint(2, 60), rng.randint(100, 5000), rng.randint(10_000, 150_000)])
    return rng.choice(HEDGES) + f"{n:,}"


def article(i: int, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    event, people = rng.choice(EVENTS)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    weekday = (day - dt.timedelta(days=rng.randint(1, 3))).strftime("%A")
    lines = [
        f"---\ntitle: {event.title()} in {place}\npublished: {day.isoformat()}\noutlet: Wire {i % 17}\n---",
        f"{event.title()} in {place}: rescuers search for survivors",
        f"{day.strftime('%d %B %Y')} 10:{i % 60:02d}",
        f"{_figure(rng).capitalize()} people were killed and {_figure(rng)} injured in the {event} in {place} "
        f"on {weekday}, {rng.choice(SOURCES)}.",
        f"Rescuers pulled {_figure(rng)} {people} out alive, while {_figure(rng)} remain missing.",
        f"The {event} forced {_figure(rng)} residents from their homes, and {_figure(rng)} were evacuated "
        f"to shelters, {rng.choice(SOURCES)}.",
        f"Damage was estimated at ${rng.randint(2, 90)} million. The area was hit by a similar disaster in "
        f"{rng.randint(1960, 2020)}, when {_figure(rng)} people died.",
        f"Police arrested {_figure(rng)} people for looting on {day.strftime('%B %d')}.",
    ]
    noise = [n.format(n=rng.randint(10, 9999), year=day.year, place=place) for n in rng.sample(NOISE, 3)]
    return "\n\n".join(lines + noise) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + start)
    paths = []
    for i in range(start, start + n):
        p = folder / f"a{i:06d}.txt"
        p.write_text(article(i, rng), encoding="utf-8")
        paths.append(p)
    return paths
