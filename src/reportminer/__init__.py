"""reportminer: structured event records from Vietnamese news and meeting reports.

    >>> import reportminer as rm
    >>> rec = rm.extract("Sáng 29/06/2022, tại tỉnh Bến Tre ...", published="2022-06-30")
    >>> rec.dates[0].value
    '2022-06-29'
"""
from .api import extract, extract_many
from .evaluate import evaluate  # a light module (pandas loads inside); eager so the name is the verb
from .io import read_records, write_records
from .model import (SCHEMA_VERSION, Amount, ArticleRecord, DateItem, Event, Mention, Organization, Period,
                    Person, Place, Source, Title)

__version__ = "0.1.0"

__all__ = [
    "extract", "extract_many", "read_records", "write_records", "to_frames", "evaluate", "render", "resolve", "Registry",
    "ArticleRecord", "Person", "Title", "Organization", "Place", "DateItem", "Period", "Amount", "Event",
    "Mention", "Source", "SCHEMA_VERSION", "__version__",
]


def __getattr__(name):
    # heavy modules (pandas, spaCy) load only when these verbs are used
    if name == "to_frames":
        from .frames import to_frames

        return to_frames
    if name in ("resolve", "Registry"):
        from . import registry as _registry

        return getattr(_registry, name)
    if name == "render":
        from .spacy_component import render

        return render
    raise AttributeError(name)
