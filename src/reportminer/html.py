"""Main text, title and publication date out of an HTML page (trafilatura + htmldate)."""
from __future__ import annotations

import codecs
import logging
import unicodedata

import regex

MIN_ARTICLE_WORDS = 5
_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", regex.IGNORECASE)


def decode_html(data: bytes, name: str = "<html>") -> str:
    """The page's text: UTF-8, else the charset the page declares, else detection.

    Old Vietnamese pages set in TCVN3/VNI fonts declare Latin-1: their text is
    repaired from the mojibake the declared charset gives.
    """
    from .encodings import decode, repair_mojibake

    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in data[:4096]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _CHARSET.search(data[:4096])
            if declared:
                try:
                    codec = codecs.lookup(declared.group(1).decode("ascii")).name
                    text = data.decode(codec)
                    if codec == "cp1258":  # tones are combining marks in this code page
                        text = unicodedata.normalize("NFC", text)
                    return repair_mojibake(text)
                except (LookupError, UnicodeDecodeError):
                    pass  # a wrong declaration: detect instead
    return decode(data, name)


class _NoDiscardNotice(logging.Filter):
    """trafilatura logs "discarding data: None" for a page without article text; the batch records
    such a page as an EmptyDocument failure already, so the line would only repeat it (on every resume)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("discarding data")


def _quiet_trafilatura() -> None:
    logger = logging.getLogger("trafilatura.core")
    if not any(isinstance(f, _NoDiscardNotice) for f in logger.filters):
        logger.addFilter(_NoDiscardNotice())


def html_to_document(html: str, url: str | None = None) -> tuple[str, str | None, str | None]:
    """(text, title, published) of a news page; text is the article body, title first.

    The text is "" when the page holds no article (navigation only, empty body).
    """
    import trafilatura

    _quiet_trafilatura()
    # no extensive date search: it takes copyright years and "today" for publication dates
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_recall=True,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    if extracted is None:
        return "", None, None
    get = extracted.get if isinstance(extracted, dict) else (lambda k: getattr(extracted, k, None))
    body = (get("text") or "").strip()
    title = (get("title") or "").strip() or None
    date = get("date")
    if len(body.split()) < MIN_ARTICLE_WORDS:  # menus, link lists, cookie banners: not an article
        return "", title, (date[:10] if date else None)
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return text, title, (date[:10] if date else None)
