"""Recogniser: persons (to be implemented)."""
from __future__ import annotations

from ..model import ArticleRecord
from ..text import Document


def recognize(doc: Document, record: ArticleRecord) -> None:
    return None
