"""Document -> ArticleRecord: the stage table.

Each stage is a plain function `stage(doc, record) -> None` that fills its
part of the record; later stages read what earlier ones found (organisations
use places, persons use organisations, events use everything). Users can
list the stages (`STAGES`), switch one off (`extract(..., skip={"events"})`)
or add their own with `register_stage`.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable

from .model import ArticleRecord, Source
from .text import Document

Stage = Callable[[Document, ArticleRecord], None]


def _stages() -> dict[str, Stage]:
    from .recognize import dates, money, orgs, persons, places
    from . import events, link

    return {
        "source": link.source_metadata,     # bylines, published date from the text
        "dates": dates.recognize,           # dates and periods
        "amounts": money.recognize,
        "places": places.recognize,
        "organizations": orgs.recognize,
        "persons": persons.recognize,
        "link": link.link,                  # places inside orgs, acronyms, merges
        "events": events.recognize,         # events and amount context
    }


STAGES: dict[str, Stage] = {}


def _optional_stages() -> dict[str, tuple[Stage, str]]:
    """Stages that run only when asked for: name -> (function, the stage they follow)."""
    from .recognize import ner_backoff

    return {"ner_backoff": (ner_backoff.recognize, "persons")}


def check_extra_stages(names: Iterable[str]) -> dict[str, tuple[Stage, str]]:
    """The optional stages table; ValueError naming the known ones if a name is not among them."""
    optional = _optional_stages()
    unknown = set(names) - set(optional)
    if unknown:
        raise ValueError(f"unknown optional stages {sorted(unknown)}; known: {sorted(optional)}")
    return optional


def stage_names(names: Iterable[str] | str) -> tuple[str, ...]:
    """Stage names as a tuple; one name given as a str is that name (`skip="events"`), not its letters."""
    return (names,) if isinstance(names, str) else tuple(names)


def checked_stage_choice(extra_stages: Iterable[str], skip: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`extra_stages` and `skip` as tuples, checked once before a batch: an unknown name is a
    usage error, not one failure per document or a stage silently kept."""
    extra_stages, skip = stage_names(extra_stages), stage_names(skip)
    if extra_stages:
        check_extra_stages(extra_stages)
    check_skip(skip)
    return extra_stages, skip


def check_skip(names: Iterable[str]) -> None:
    """ValueError naming the stages if a name to skip is not one of them (a typo would
    otherwise run the stage the user meant to switch off)."""
    unknown = set(names) - set(stages())
    if unknown:
        raise ValueError(f"unknown stages to skip {sorted(unknown)}; stages: {list(stages())}")


def stages() -> dict[str, Stage]:
    if not STAGES:
        STAGES.update(_stages())
    return STAGES


def register_stage(name: str, fn: Stage, after: str | None = None) -> None:
    """Add (or replace) a stage; `after` puts it right after an existing one."""
    table = stages()
    items = [(k, v) for k, v in table.items() if k != name]
    pos = len(items)
    if after is not None:
        pos = [k for k, _ in items].index(after) + 1
    items.insert(pos, (name, fn))
    table.clear()
    table.update(items)


def run(doc: Document, source: Source | None = None, skip: Iterable[str] | str = (), strict: bool | None = None,
        extra_stages: Iterable[str] | str = ()) -> ArticleRecord:
    """Run every stage on `doc`.

    A stage that raises leaves its part of the record empty and a warning in
    `record.warnings` (the rest of the record is still worth having); with
    `strict=True` (or REPORTMINER_STRICT=1, as in the tests) it raises.
    Timeouts always propagate: the batch records them as failures.
    """
    if strict is None:
        strict = os.environ.get("REPORTMINER_STRICT", "") not in ("", "0")
    src = source or Source()
    if doc.published and not src.published:
        src = src.model_copy(update={"published": doc.published, "published_from": "metadata"})
    elif src.published and not src.published_from:
        src = src.model_copy(update={"published_from": "metadata"})
    record = ArticleRecord(id=doc.id, source=src, published=src.published)
    doc.published = src.published
    skip = set(stage_names(skip))
    if skip:
        check_skip(skip)
    table = stages()
    extra = set(stage_names(extra_stages))
    if extra:
        optional = check_extra_stages(extra)
        items = list(table.items())
        for name in sorted(extra):
            fn, after = optional[name]
            pos = [k for k, _ in items].index(after) + 1
            items.insert(pos, (name, fn))
        table = dict(items)
    for name, fn in table.items():
        if name in skip:
            continue
        try:
            fn(doc, record)
        except TimeoutError:
            raise
        except Exception as e:
            if strict:
                raise
            record.warnings.append(f"stage {name} failed: {type(e).__name__}: {e}")
    return record
