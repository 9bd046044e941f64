"""reportminer inside spaCy, and entity display with displacy.

    >>> nlp = spacy.blank("xx"); nlp.add_pipe("reportminer")
    >>> doc = nlp(text)
    >>> doc.ents, doc.spans["reportminer"], doc._.record

The component runs `reportminer.extract(doc.text)` and sets `doc._.record`
(the ArticleRecord; kept as JSON in `doc._.record_json`, so the Doc serialises), `doc.spans["reportminer"]` (every mention, overlaps
allowed: PER, ORG, LOC, DATE, PERIOD, MONEY, EVENT) and `doc.ents` (the
longest non-overlapping PER, ORG, LOC, DATE and MONEY spans; periods count
as DATE). Mentions are character spans; a mention that ends inside a token
takes the whole token (`alignment_mode="expand"`). Set `doc._.published`
(or the component's `published` config) to resolve dates written without a
year.
"""
from __future__ import annotations

import os
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .model import ArticleRecord

SPANS_KEY = "reportminer"
# record list -> span label; the doc.ents label where it differs (None: not an entity)
LABELS = {"persons": "PER", "organizations": "ORG", "places": "LOC", "dates": "DATE", "periods": "PERIOD",
          "amounts": "MONEY"}
ENT_LABEL = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "DATE": "DATE", "PERIOD": "DATE", "MONEY": "MONEY"}
COLORS = {"PER": "#aa9cfc", "ORG": "#7aecec", "LOC": "#feca74", "DATE": "#bfe1d9", "MONEY": "#e4e7d2",
          "PERIOD": "#bfe1d9", "EVENT": "#ffeb80"}

# The record travels as its JSON (`doc._.record_json`, a plain string) so that `Doc.to_bytes`, `DocBin`
# and `nlp.pipe(n_process=...)` can serialise the Doc; `doc._.record` reads and writes it as an
# ArticleRecord (parsed on each read: keep the object if you read it often).
def _get_record(doc: Doc) -> ArticleRecord | None:
    data = doc._.record_json
    return None if data is None else ArticleRecord.model_validate_json(data)


def _set_record(doc: Doc, record: ArticleRecord | None) -> None:
    doc._.record_json = None if record is None else record.model_dump_json()


for _ext in ("record_json", "published"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)
if not Doc.has_extension("record") or Doc.get_extension("record")[2] is None:
    Doc.set_extension("record", getter=_get_record, setter=_set_record, force=True)


class ReportMiner:
    """The pipeline component (see module doc)."""

    def __init__(self, published: str | None = None, spans_key: str = SPANS_KEY):
        self.published = published
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from .api import extract

        record = extract(doc.text, doc._.published or self.published)
        set_entities(doc, record, self.spans_key)
        return doc


@Language.factory("reportminer", default_config={"published": None, "spans_key": SPANS_KEY})
def make_component(nlp: Language, name: str, published: str | None, spans_key: str) -> ReportMiner:
    return ReportMiner(published=published, spans_key=spans_key)


def record_spans(doc: Doc, record: ArticleRecord) -> list[Span]:
    """Every mention of the record as a Span of `doc` (labels in LABELS, and EVENT for event evidence)."""
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()

    def add(mentions, label):
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is not None and len(span) and (span.start, span.end, label) not in seen:
                seen.add((span.start, span.end, label))
                spans.append(span)

    for field, label in LABELS.items():
        for item in getattr(record, field):
            add(item.mentions, label)
    for ev in record.events:
        add(ev.evidence, "EVENT")
    return sorted(spans, key=lambda s: (s.start, s.end))


def set_entities(doc: Doc, record: ArticleRecord, spans_key: str = SPANS_KEY) -> Doc:
    """Put `record`'s mentions on `doc`: `doc._.record`, `doc.spans[spans_key]`, `doc.ents`."""
    spans = record_spans(doc, record)
    doc._.record = record  # stored as JSON (see `_set_record`)
    doc.spans[spans_key] = spans
    ents = [Span(doc, s.start, s.end, label=ENT_LABEL[s.label_]) for s in spans if s.label_ in ENT_LABEL]
    doc.ents = filter_spans(ents)  # the longest span wins an overlap (an org holding a place)
    return doc


def _source_text(record: ArticleRecord) -> str:
    """The text a record was extracted from, read again from `record.source.path`."""
    from .io import iter_documents

    path = record.source.path
    if path and not os.path.exists(path):
        path = path.rsplit(":", 1)[0]  # "file.jsonl:12": the 12th record of a file
    if not path or not os.path.isfile(path):
        raise ValueError(f"record {record.id!r} has no readable source file; pass text=...")
    docs = [d for d in iter_documents([path]) if d.text is not None]
    for d in docs:
        if len(docs) == 1 or d.id == record.id:
            return d.text
    raise ValueError(f"record {record.id!r} not found in {path}")


def render(record_or_text: ArticleRecord | str, path: str | os.PathLike | None = None, *, text: str | None = None,
           published: str | None = None, jupyter: bool | None = None):
    """Show the entities of an article with displacy.

    `record_or_text` is an article's text (extracted here) or a record; a
    record needs the text it came from, given as `text=` or read again from
    its `source.path`. In a notebook (`jupyter=None` detects it) the result
    is an `IPython.display.HTML`; elsewhere the markup as a string. With
    `path`, a standalone HTML page is also written there.
    """
    from spacy import displacy
    from spacy.util import is_in_jupyter

    from .segment import spacy_doc

    if isinstance(record_or_text, str):
        from .api import extract

        text = record_or_text
        record = extract(text, published)
    else:
        record = record_or_text
        text = text if text is not None else _source_text(record)
    doc = set_entities(spacy_doc(text), record)
    options = {"colors": COLORS}
    if path is not None:
        page = displacy.render(doc, style="ent", page=True, jupyter=False, options=options)
        Path(path).write_text(page, encoding="utf-8")
    html = displacy.render(doc, style="ent", page=False, jupyter=False, options=options)
    if jupyter or (jupyter is None and is_in_jupyter()):
        from IPython.display import HTML

        return HTML(html)
    return html
