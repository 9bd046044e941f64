"""Linking across kinds: source metadata, places inside organisations, acronyms."""
from __future__ import annotations

from .model import ArticleRecord
from .text import Document


def source_metadata(doc: Document, record: ArticleRecord) -> None:
    return None


def link(doc: Document, record: ArticleRecord) -> None:
    return None
