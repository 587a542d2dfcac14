"""Generate many-incident local news (shootings, fires, crashes) with gold story labels, for the story step."""

# ruff: noqa: E501  (templates read best one sentence a line)

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Invented towns, streets and people: the hard case is many incidents of one kind in the same few
# towns, covered by the same outlets with the same boilerplate, 1-4 articles each.
TOWNS = [
    ("Harlow", "OH"), ("East Marden", "PA"), ("Port Ashby", "MI"), ("Kestrel Falls", "IN"),
    ("Bramford", "IL"), ("Linwood Heights", "MO"), ("Carver City", "TN"), ("Oakhaven", "GA"),
]  # fmt: skip
TOWN_WEIGHTS = [30, 14, 12, 10, 10, 9, 8, 7]
STREETS = [
    "Garfield Avenue", "Maple Street", "Birch Street", "Lincoln Boulevard", "Pennell Road", "Pendell Road",
    "Elm Street", "Washington Avenue", "Kenwood Drive", "Hollis Street", "Market Street", "Jefferson Avenue",
    "Riverside Drive", "Cedar Lane", "Holloway Road", "Franklin Street", "Union Avenue", "Delmar Court",
    "Sycamore Street", "Prospect Avenue", "Grant Street", "Oak Ridge Drive", "Fairview Avenue", "Main Street",
    "Chestnut Street", "Wabash Avenue", "Harrison Street", "Clifton Avenue", "Mill Road", "Bellamy Street",
    "Aspen Way", "Brookside Drive", "Calloway Street", "Dorsey Avenue", "Eastgate Road", "Fulton Street",
    "Greenway Boulevard", "Hawthorne Street", "Ivy Lane", "Juniper Court", "Kingsley Avenue", "Laurel Street",
    "Madison Avenue", "Northview Drive", "Orchard Street", "Parkside Avenue", "Quarry Road", "Rosewood Drive",
    "Saratoga Street", "Tillman Avenue", "Upton Road", "Vernon Street", "Walnut Street", "Yardley Avenue",
    "Ashland Avenue", "Bayview Road", "Cortland Street", "Dover Street", "Emerson Avenue", "Fairmount Street",
]  # fmt: skip
PLACES = ["a gas station", "an apartment complex", "a convenience store", "a bar", "a parking lot",
          "a park", "a house party", "a barbershop", "a bus stop", "a motel"]  # fmt: skip
FIRST_M = ["Marcus", "Darnell", "Tyler", "Jose", "Kevin", "Andre", "Brandon", "Luis", "James", "Devon",
           "Curtis", "Anthony", "Jamal", "Eric", "Malik", "Roberto", "Terrence", "Cody", "Xavier", "Dwayne",
           "Isaiah", "Ricky", "Javon", "Shawn", "Victor", "Derrick", "Omar", "Kyle", "Tremaine", "Hector"]  # fmt: skip
FIRST_F = ["Keisha", "Maria", "Ashley", "Tamika", "Brianna", "Latoya", "Jessica", "Dominique", "Rosa",
           "Crystal", "Aaliyah", "Monique", "Tiffany", "Alicia", "Shanice", "Denise", "Imani", "Carmen"]  # fmt: skip
LAST = ["Hale", "Johnson", "Williams", "Brown", "Jones", "Davis", "Miller", "Wilson", "Moore", "Taylor",
        "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Garcia", "Martinez", "Robinson",
        "Clark", "Rodriguez", "Lewis", "Lee", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott",
        "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Perez", "Roberts", "Turner", "Phillips",
        "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Sanchez", "Morris", "Rogers", "Reed",
        "Cook", "Morgan", "Bell", "Murphy", "Bailey", "Rivera", "Cooper", "Richardson", "Cox", "Howard",
        "Ward", "Torres", "Peterson", "Gray", "Ramirez", "James", "Watson", "Brooks", "Kelly", "Sanders",
        "Price", "Bennett", "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell",
        "Okafor", "Pruitt", "Whitfield", "Castellanos", "Dunmore", "Ferrell", "Gaines", "Lockhart"]  # fmt: skip
OUTLETS = ["Ledger", "Daily Courier", "News 7", "Channel 4 Action News", "Tribune", "Patch"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PARTS = [("morning", 9), ("afternoon", 15), ("evening", 19), ("night", 23), ("early", 2)]


@dataclass
class Person:
    first: str
    last: str
    age: int
    male: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def noun(self) -> str:
        if self.age < 18:
            return "boy" if self.male else "girl"
        return "man" if self.male else "woman"


@dataclass
class Incident:
    story: str
    kind: str  # shooting | fire | crash
    town: str
    state: str
    day: dt.date
    hour: int
    part: str
    block: int
    street: str
    place: str
    victims: list[Person]
    killed: int
    suspect: Person | None
    rounds: int
    articles: int = 1
    extra: dict[str, str] = field(default_factory=dict)


def _person(rng: random.Random, lo: int = 15, hi: int = 68) -> Person:
    male = rng.random() < 0.8
    return Person(rng.choice(FIRST_M if male else FIRST_F), rng.choice(LAST), rng.randint(lo, hi), male)


def _town_streets(town: str) -> list[str]:
    """Each town has its own 30 streets from the pool; some names exist in several towns."""
    return random.Random(town).sample(STREETS, 30)


def _incident(i: int, rng: random.Random, start: dt.date, days: int, kinds: list[str]) -> Incident:
    town, state = rng.choices(TOWNS, weights=TOWN_WEIGHTS)[0]
    day = start + dt.timedelta(days=rng.randrange(days))
    part, hour = rng.choice(PARTS)
    n_victims = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
    victims = [_person(rng) for _ in range(n_victims)]
    killed = rng.randint(0, n_victims) if rng.random() < 0.7 else 0
    suspect = _person(rng, 16, 55) if rng.random() < 0.55 else None
    n_articles = rng.choices([1, 2, 3, 4], weights=[40, 30, 18, 12])[0]
    return Incident(
        story=f"inc{i:06d}", kind=rng.choice(kinds), town=town, state=state, day=day, hour=hour, part=part,
        block=rng.randint(1, 79) * 100, street=rng.choice(_town_streets(town)), place=rng.choice(PLACES),
        victims=victims, killed=killed, suspect=suspect, rounds=rng.randint(3, 30), articles=n_articles,
    )  # fmt: skip


def _when(inc: Incident, pub: dt.date, rng: random.Random) -> str:
    if (pub - inc.day).days <= 6 and rng.random() < 0.75:
        wd = WEEKDAYS[inc.day.weekday()]
        return rng.choice([f"{wd} {inc.part}" if inc.part != "early" else f"early {wd}", f"on {wd}",
                           f"late {wd}" if inc.part == "night" else f"{wd}"])  # fmt: skip
    return f"on {inc.day.strftime('%B')} {inc.day.day}"


def _where(inc: Incident, rng: random.Random) -> str:
    return rng.choice([
        f"in the {inc.block} block of {inc.street}",
        f"near {inc.street}",
        f"at {inc.place} on {inc.street}",
        f"in the {inc.block} block of {inc.street} in {inc.town}",
    ])  # fmt: skip


def _victims_phrase(inc: Incident, named: bool, rng: random.Random) -> str:
    v = inc.victims
    if len(v) == 1:
        p = v[0]
        return f"{p.name}, {p.age}," if named else f"a {p.age}-year-old {p.noun}"
    words = {2: "two", 3: "three", 4: "four"}[len(v)]
    if named:
        return ", ".join(f"{p.name}, {p.age}" for p in v[:-1]) + f" and {v[-1].name}, {v[-1].age},"
    return rng.choice([f"{words} people", f"{words} men" if all(p.male for p in v) else f"{words} people"])


def _ago(inc: Incident, pub: dt.date) -> str:
    """How a follow-up points back at its shooting without naming the day."""
    days = (pub - inc.day).days
    return "the weekend" if days <= 3 and inc.day.weekday() >= 5 else "last week" if days <= 9 else "earlier this month" \
        if pub.month == inc.day.month else "last month"  # fmt: skip


def _lead(
    inc: Incident, kind_of: str, pub: dt.date, named: bool, rng: random.Random, own_day: float = 0.0
) -> tuple[str, str]:
    when, where = _when(inc, pub, rng), _where(inc, rng)
    # a follow-up whose lead names the day of its own news (the arrest, the vigil), not the shooting's
    own = kind_of in ("arrest", "vigil") and own_day > 0 and rng.random() < own_day
    today = "on " + WEEKDAYS[pub.weekday()]
    who = _victims_phrase(inc, named, rng)
    v = inc.victims
    if inc.kind == "shooting":
        verb = "was shot and killed" if len(v) == 1 and inc.killed else ("was wounded" if len(v) == 1 else "were shot")
        if len(v) > 1:
            verb = "were shot" + (f", {inc.killed} fatally" if inc.killed else "")
        if kind_of == "breaking":
            title = rng.choice([
                f"{'Man' if v[0].male else 'Woman'} {'killed' if inc.killed else 'wounded'} in {inc.town} shooting",
                f"Police investigate shooting on {inc.street}",
                f"{len(v)} shot {inc.part if inc.part != 'early' else 'overnight'} in {inc.town}",
            ])  # fmt: skip
            lead = f"{who[0].upper() + who[1:]} {verb} {when} {where}, {inc.town} police said."
        elif kind_of == "identified":
            title = rng.choice([f"Police identify victim in {inc.street} shooting",
                                f"{v[0].name} named as victim of {inc.town} shooting"])  # fmt: skip
            lead = (f"Authorities have identified the {v[0].noun} {'killed' if inc.killed else 'wounded'} in a "
                    f"shooting {when} {where} as {v[0].name}, {v[0].age}.")  # fmt: skip
        elif kind_of == "arrest":
            s = inc.suspect or _person(rng, 18, 40)
            title = rng.choice([f"Arrest made in {inc.town} shooting that {'killed' if inc.killed else 'injured'} {v[0].first}",
                                f"{s.age}-year-old charged in {inc.street} shooting"])  # fmt: skip
            if own:
                lead = (f"{inc.town} police {today} arrested {s.name}, {s.age}, in connection with the shooting of "
                        f"{v[0].name} {where} {_ago(inc, pub)}.")  # fmt: skip
            else:
                lead = (f"{inc.town} police arrested {s.name}, {s.age}, in connection with the shooting of "
                        f"{v[0].name} {where} on {inc.day.strftime('%B')} {inc.day.day}.")  # fmt: skip
        else:
            title = rng.choice([f"Family remembers {v[0].first} {v[0].last} at vigil",
                                f"Vigil held for {v[0].name}"])  # fmt: skip
            if own:
                lead = (f"Relatives and friends gathered {where} {today} evening to remember {v[0].name}, who was "
                        f"{'killed' if inc.killed else 'badly hurt'} in a shooting there {_ago(inc, pub)}.")  # fmt: skip
            else:
                lead = (f"Relatives and friends gathered {where} to remember {v[0].name}, who was "
                        f"{'killed' if inc.killed else 'badly hurt'} in a shooting there on {inc.day.strftime('%B')} {inc.day.day}.")  # fmt: skip
    elif inc.kind == "fire":
        title = rng.choice([f"Fire damages home on {inc.street}", f"{inc.town} house fire leaves {len(v)} hurt"])
        lead = f"A fire {when} damaged a home {where}, and {who} {'was' if len(v) == 1 else 'were'} taken to hospital, the {inc.town} Fire Department said."
    else:
        title = rng.choice(
            [
                f"Crash on {inc.street} injures {len(v)}",
                f"Driver {'dies' if inc.killed else 'hurt'} in {inc.town} crash",
            ]
        )
        lead = f"{who[0].upper() + who[1:]} {'was' if len(v) == 1 else 'were'} hurt {when} when two cars collided {where}, police said."
    return title, lead


def _body(inc: Incident, kind_of: str, named: bool, rng: random.Random, others: list[Incident]) -> list[str]:
    pd = f"{inc.town} Police Department"
    v = inc.victims
    paras = []
    if inc.kind == "shooting":
        clock = f"{(inc.hour - 1) % 12 + 1}:{rng.choice(['05', '15', '20', '40', '50'])} {'p.m.' if inc.hour >= 12 else 'a.m.'}"
        paras.append(rng.choice([
            f"Officers were called to the area around {clock} after reports of shots fired, a spokesperson for the {pd} said.",
            f"Police responded at about {clock} to a ShotSpotter alert that detected {inc.rounds} rounds.",
            f"Dispatchers received several 911 calls reporting gunfire shortly after {clock}, according to the {pd}.",
        ]))  # fmt: skip
        if inc.killed:
            paras.append(rng.choice([
                f"{'The victim' if not named else v[0].last} was pronounced dead at the scene." if inc.killed == 1 and len(v) == 1 else
                f"{inc.killed} of the victims died at St. Brennan Medical Center, police said.",
                f"The {inc.town} County coroner's office will perform an autopsy.",
            ]))  # fmt: skip
        else:
            paras.append(
                f"The wounded were taken to St. Brennan Medical Center in {rng.choice(['stable', 'critical', 'serious'])} condition."
            )
        if inc.suspect and kind_of in ("arrest", "vigil"):
            s = inc.suspect
            paras.append(
                f"{s.name}, {s.age}, faces charges of {'murder' if inc.killed else 'attempted murder'} and is held at the {inc.town} County jail on a ${rng.choice([250, 500, 750, 1000])},000 bond."
            )
        elif not inc.suspect or rng.random() < 0.5:
            paras.append(rng.choice([
                "No arrests have been made, and police have not released a description of a suspect.",
                "Investigators believe the shooting was not random, police said.",
                "Detectives were canvassing the neighborhood for witnesses and video.",
            ]))  # fmt: skip
        if named and rng.random() < 0.6:
            rel = _person(rng, 30, 70)
            paras.append(
                f'"{v[0].first} was the kind of person who would help anybody," {rel.first} {v[0].last}, a relative, said.'
            )
    else:
        paras.append(f"Crews from the {inc.town} Fire Department arrived within minutes, a spokesperson said.")
        paras.append("The cause is under investigation.")
    # boilerplate a town's outlets share, and teasers that name other incidents in the same town
    paras.append(f"Anyone with information is asked to call the {pd} at 555-01{len(inc.town) + 10} or Crime Stoppers.")
    same_town = [o for o in others if o.town == inc.town and o is not inc]
    for o in rng.sample(same_town, min(len(same_town), rng.choice([0, 0, 1, 2]))):
        paras.append(
            f"RELATED: {o.victims[0].age}-year-old {o.victims[0].noun} {'killed' if o.killed else 'hurt'} in {o.kind} on {o.street}"
        )
    if rng.random() < 0.4:
        paras.append(
            f"The shooting was the {rng.randint(2, 90)}th in {inc.town} this year, according to department figures."
        )
    return paras


def articles(
    n_incidents: int, seed: int = 11, kinds: tuple[str, ...] = ("shooting",), days: int = 540, own_day: float = 0.0
) -> Iterator[dict[str, str]]:
    """Yield article rows {id, title, published, outlet, text, story} for `n_incidents` invented incidents.

    `own_day`: the share of arrest and vigil reports whose lead names the day of the arrest or vigil
    and points back at the shooting only as "last week" (0 keeps the corpora of earlier versions).
    """
    rng = random.Random(seed)
    start = dt.date(2022, 1, 1)
    incidents = [_incident(i, rng, start, days, list(kinds)) for i in range(n_incidents)]
    window = incidents[-200:]  # teasers pick from recent incidents; keeps generation linear
    for k, inc in enumerate(incidents):
        if k % 200 == 0:
            window = incidents[max(0, k - 100) : k + 100]
        types = ["breaking", "identified", "arrest", "vigil"][: inc.articles]
        if inc.articles > 1:
            rng.shuffle(types)
            types.sort(key=["breaking", "identified", "arrest", "vigil"].index)
        for j, kind_of in enumerate(types):
            lag = {"breaking": rng.choice([0, 0, 1]), "identified": rng.randint(1, 3),
                   "arrest": rng.randint(2, 30), "vigil": rng.randint(3, 12)}[kind_of]  # fmt: skip
            pub = inc.day + dt.timedelta(days=lag)
            named = kind_of != "breaking" or rng.random() < 0.3
            title, lead = _lead(inc, kind_of, pub, named, rng, own_day)
            outlet = f"{inc.town} {rng.choice(OUTLETS)}"
            body = _body(inc, kind_of, named, rng, window)
            text = "\n\n".join([title, f"By {rng.choice(FIRST_F)} {rng.choice(LAST)}, {outlet}", lead, *body,
                                f"Copyright {pub.year} {outlet}. All rights reserved."])  # fmt: skip
            yield {"id": f"{inc.story}-{j}", "title": title, "published": pub.isoformat(), "outlet": outlet,
                   "text": text, "story": inc.story}  # fmt: skip


def write_jsonl(path: Path, rows: Iterator[dict[str, str]]) -> int:
    """Write rows as JSON Lines; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
            n += 1
    return n


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Write invented many-incident local news as JSON Lines (gold in `story`).")
    ap.add_argument("incidents", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--days", type=int, default=540, help="incidents spread over this many days")
    ap.add_argument("--own-day", type=float, default=0.0,
                    help="share of follow-ups whose lead names their own day, not the shooting's")  # fmt: skip
    args = ap.parse_args()
    count = write_jsonl(args.out, articles(args.incidents, seed=args.seed, days=args.days, own_day=args.own_day))
    print(f"wrote {count} articles")
