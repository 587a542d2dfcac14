"""PLACEHOLDER until the stories branch lands: every article in one story (interface of checker.stories)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from checker.models import Article


@dataclass(frozen=True)
class Story:
    story_id: str
    title: str
    article_ids: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None
    terms: tuple[str, ...]


@dataclass(frozen=True)
class StoryCorrection:
    kind: Literal["merge", "move"]
    a: str
    b: str


@dataclass(frozen=True)
class StoryAssignment:
    stories: list[Story]
    story_of: dict[str, str]
    notes: list[str]


def assign_stories(
    articles: Sequence[Article],
    *,
    previous: Mapping[str, str] | None = None,
    corrections: Sequence[StoryCorrection] = (),
) -> StoryAssignment:
    groups: dict[str, list[Article]] = {}
    for a in articles:  # DEV ONLY: by folder
        groups.setdefault(a.article_id.split("/")[0] if "/" in a.article_id else "", []).append(a)
    stories, story_of = [], {}
    for members in groups.values():
        founder = min(members, key=lambda a: a.content_hash or a.article_id)
        sid = "s" + hashlib.sha1((founder.content_hash or founder.article_id).encode()).hexdigest()[:10]
        dates = [a.published for a in members if a.published]
        stories.append(Story(sid, founder.title or founder.article_id, tuple(sorted(a.article_id for a in members)),
                       min(dates, default=None), max(dates, default=None), ()))
        story_of.update({a.article_id: sid for a in members})
    return StoryAssignment(sorted(stories, key=lambda s: s.story_id), story_of, [])
