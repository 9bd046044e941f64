"""Main text, title and publication date out of an HTML page (trafilatura + htmldate)."""
from __future__ import annotations


def html_to_document(html: str, url: str | None = None) -> tuple[str, str | None, str | None]:
    """(text, title, published) of a news page; text is the article body, title first."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_recall=True)
    if extracted is None:
        return "", None, None
    get = extracted.get if isinstance(extracted, dict) else (lambda k: getattr(extracted, k, None))
    body = get("text") or ""
    title = get("title")
    date = get("date")
    text = f"{title}\n{body}" if title and not body.startswith(title) else body
    return text, title, (date[:10] if date else None)
