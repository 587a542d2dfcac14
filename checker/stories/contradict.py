"""What two reports say for or against one occurrence: other figures, versions, streets, blocks, holders; one scene."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .features import Doc

if TYPE_CHECKING:
    import scipy.sparse as sp

# Subtracted from a candidate pair's weight. Two reports that each give a measured figure
# ("magnitude 5.6", "4.4") and share none report two occurrences more often than one.
FIGURE_PENALTY = 0.1
# Two reports that write one name with different numbers and never the same ("Explorer 7", "Explorer 9";
# "Flight 17", "Flight 370") report two occurrences: a version, a flight, a road each their own.
NUMBERED_PENALTY = 0.1
# Two reports that each name streets and none in common ("on Fairview Avenue", "on Tillman Street") report
# two incidents of a town more often than one.
STREET_PENALTY = 0.1
# Two reports whose leads each say on which street it happened, a street the other report never names at all
# ("shot on Fairview Avenue" in one lead, "near Tillman Street" in the other): on top of STREET_PENALTY, as
# the lead's street is where the event was, where a street further down may be a suspect's home or a
# detour; one town's police releases read alike, so two incidents of one day need more than the streets
# of the whole texts to part.
LEAD_STREET_PENALTY = 0.1
# Two reports that place the event on one street in different blocks and never the same ("the 1900 block of
# Main Street", "the 5600 block of Main Street") report two incidents on one long street.
BLOCK_PENALTY = 0.1
# Two reports that name one office held by two people and neither names the other's holder at all ("Interior
# Secretary Ana Petrovic", "Interior Secretary Tom Vale") report two occurrences: two terms, two towns.
ROLE_PENALTY = 0.1
# Two reports whose leads each say where it happened ("in Milton", "near Tilbury"), places the other report
# never names at all: two towns' crashes on one highway, two cities' shootings in one week.
PLACE_PENALTY = 0.1
# Two reports whose leads each name the day it happened and give clock times, none of them within CLOCK_APART
# minutes of the other's ("Thursday at about 2:15 a.m.", "Friday night shortly after 11:20 p.m."): two
# incidents of one street a day apart, which the texts alone cannot part.
CLOCK_PENALTY = 0.1
CLOCK_APART = 6 * 60
# a time before this (minutes after midnight) may fall on the day after the one the lead names ("late on
# Friday ... at about 1 a.m.")
SMALL_HOURS = 6 * 60


def contradictions(docs: Sequence[Doc], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For each candidate pair (i, j): how much what they say against each other lowers its weight."""
    out = np.zeros(len(i), dtype=np.float64)
    if not len(i):
        return out
    vocab: dict[str, int] = {}
    measured = _binary([{f for f in d.figures if "." in f} for d in docs], vocab)
    has = np.diff(measured.indptr) > 0
    common = _dot(measured, measured, i, j)
    out += np.where(has[i] & has[j] & (common == 0), FIGURE_PENALTY, 0.0)
    numbered = [_numbers_by_name(d.numbered) for d in docs]
    streets = [set(d.streets) for d in docs]
    lead_streets = [set(d.lead_streets) for d in docs]
    blocks = [_numbers_by_name(d.blocks) for d in docs]
    roles = [_numbers_by_name(d.roles) for d in docs]
    named = [_name_words(d) if d.roles or d.lead_places else set() for d in docs]
    places = [d.lead_places for d in docs]
    instants = [_instants(d) for d in docs]
    out += np.array([
        (NUMBERED_PENALTY if _other_numbers(numbered[a], numbered[b]) else 0.0)
        + (STREET_PENALTY if streets[a] and streets[b] and not streets[a] & streets[b] else 0.0)
        + (LEAD_STREET_PENALTY if _elsewhere(lead_streets[a], streets[b]) and _elsewhere(lead_streets[b], streets[a])
           else 0.0)
        + (BLOCK_PENALTY if blocks[a] and blocks[b] and _other_numbers(blocks[a], blocks[b]) else 0.0)
        + (ROLE_PENALTY if roles[a] and roles[b] and _other_holders(roles[a], roles[b], named[a], named[b]) else 0.0)
        + (PLACE_PENALTY if _foreign_places(places[a], named[b]) and _foreign_places(places[b], named[a]) else 0.0)
        + (CLOCK_PENALTY if instants[a] and instants[b] and _apart(instants[a], instants[b]) else 0.0)
        for a, b in zip(i.tolist(), j.tolist(), strict=True)
    ])  # fmt: skip
    return out


def same_scene(docs: Sequence[Doc], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For each candidate pair: do both leads say it happened on one street they share ("wounded on Alder
    Street", "identified the man shot near Alder Street")? With the same event day (cluster.pair_weights),
    that is one incident, however differently a first report and its follow-up are worded."""
    lead = [set(d.lead_streets) for d in docs]
    # one street name runs through many towns: not one scene when each lead gives a name (a town, a place,
    # a body that speaks) the other report never writes; a follow-up may add one side's names (the victim's).
    lead_names = [set(d.lead_names) for d in docs]
    name_words = [_name_words(d) if d.lead_streets else set() for d in docs]

    def foreign(names: set[str], words: set[str]) -> bool:
        return any(not set(n.split()) <= words for n in names)

    return np.array([
        bool(lead[a] & lead[b])
        and not (foreign(lead_names[a], name_words[b]) and foreign(lead_names[b], name_words[a]))
        for a, b in zip(i.tolist(), j.tolist(), strict=True)
    ], dtype=bool)  # fmt: skip


def _name_words(doc: Doc) -> set[str]:
    """The words of every name a report gives, its URL slug's too: what another report's names are looked for
    among (a brief that says "the cyclone" in its prose may name it only in its slug)."""
    return {w for n in doc.names for w in n.split()} | set(doc.slug)


def _instants(doc: Doc) -> list[int]:
    """The minutes (from day 0) the event may have been at: the lead's one strict day with each of its clock times."""
    if not (doc.lead_clocks and doc.date_from_lead and doc.published and doc.date and doc.date == doc.date_last):
        return []
    day = doc.date.toordinal() * 1440
    out = [day + t for t in doc.lead_clocks]
    out.extend(day + 1440 + t for t in doc.lead_clocks if t < SMALL_HOURS)
    return sorted(out)


def _apart(a: list[int], b: list[int]) -> bool:
    """Whether no time of one is within CLOCK_APART of a time of the other (both sorted; linear merge)."""
    i = j = 0
    while i < len(a) and j < len(b):
        if abs(a[i] - b[j]) <= CLOCK_APART:
            return False
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return True


def _foreign_places(places: Sequence[str], other_words: set[str]) -> bool:
    """Whether a lead names places and the other report names none of them (a place's words all among its names')."""
    return bool(places) and not any(set(p.split()) <= other_words for p in places)


def _elsewhere(lead: set[str], other: set[str]) -> bool:
    """Whether a lead names a street and the other report names none of its lead's streets."""
    return bool(lead) and not lead & other


def _other_holders(a: dict[str, set[str]], b: dict[str, set[str]], names_a: set[str], names_b: set[str]) -> bool:
    """Whether two reports name an office in common only with holders the other never names."""
    shared = a.keys() & b.keys()
    return bool(shared) and all(
        not any(t in names_b for h in a[r] for t in h.split())
        and not any(t in names_a for h in b[r] for t in h.split())
        for r in shared
    )


def _numbers_by_name(numbered: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for item in numbered:
        name, _, number = item.rpartition("|")
        out.setdefault(name, set()).add(number)
    return out


def _other_numbers(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Whether two reports write a name in common only with different numbers."""
    shared = a.keys() & b.keys()
    return bool(shared) and all(not (a[n] & b[n]) for n in shared)


def _binary(sets: Sequence[set[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    import scipy.sparse as sp

    rows, cols = [], []
    for r, items in enumerate(sets):
        for t in sorted(items):
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
    return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(sets), max(1, len(vocab))))


def _dot(a: sp.csr_matrix, b: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Row i of `a` dotted with row j of `b`, per pair, in chunks."""
    out = np.empty(len(i), dtype=np.float32)
    step = 100_000
    for s in range(0, len(i), step):
        out[s : s + step] = np.asarray(a[i[s : s + step]].multiply(b[j[s : s + step]]).sum(axis=1)).ravel()
    return out
