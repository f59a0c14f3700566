"""Inputs that are links: fetch a page as a polite, robust HTTP client (urllib3).

- A User-Agent naming newsdigest and its version; connect and read timeouts; redirects
  followed up to ``MAX_REDIRECTS``; retries with exponential back-off on 429 and 5xx
  (honouring Retry-After); a cap on the body (``MAX_BODY_BYTES``), read in chunks so an
  oversized page is never held whole.
- Only HTML and plain text are digested; anything else (a PDF, an image) is an error
  naming the content type. The charset comes from the Content-Type header when it names
  one, otherwise from the page (newsdigest's own decoding).
- Every failure is an ``InputError`` whose message names the URL and the cause (HTTP
  status, timeout, too large, not HTML or text, TLS, DNS), so a batch records it and
  goes on.

urllib3 is already installed with trafilatura, so links cost no new dependency, and it
is imported only when an input is a link: ``newsdigest --help`` never loads it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsdigest.errors import InputError
from newsdigest.version import __version__

USER_AGENT = f"newsdigest/{__version__} (+https://pypi.org/project/newsdigest/)"
DEFAULT_TIMEOUT = 20.0
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
RETRIES = 3
BACKOFF_SECONDS = 0.5
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str
    charset: str | None

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


@lru_cache(maxsize=1)
def _pool() -> Any:
    import urllib3

    return urllib3.PoolManager(headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9, */*;q=0.1"})


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BODY_BYTES) -> Fetched:
    """GET ``url``; an ``InputError`` naming the URL and the cause when it cannot be had."""
    import urllib3
    from urllib3.exceptions import (
        ConnectTimeoutError,
        MaxRetryError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )

    # urllib3 logs each retry as a warning; this client reports one line per link.
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    retry = urllib3.Retry(
        total=RETRIES,
        connect=1,
        read=0,  # a server too slow once is too slow: --timeout says how long to wait
        redirect=MAX_REDIRECTS,
        status_forcelist=(429, 500, 502, 503, 504),
        backoff_factor=BACKOFF_SECONDS,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=True,
    )
    try:
        response = _pool().request(
            "GET",
            url,
            retries=retry,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            preload_content=False,
        )
    except MaxRetryError as exc:
        raise InputError(_reason(exc.reason, timeout) if exc.reason else "too many redirects", url) from None
    except (ReadTimeoutError, ConnectTimeoutError):
        raise InputError(f"timed out after {timeout:g} s; try again later or raise --timeout", url) from None
    except (NewConnectionError, NameResolutionError, SSLError, ProtocolError) as exc:
        raise InputError(_reason(exc, timeout), url) from None
    complete = False
    try:
        if response.status != 200:
            raise InputError(f"HTTP {response.status} {response.reason or ''}".rstrip() + "; check the link", url)
        content_type, charset = _content_type(response.headers.get("Content-Type", ""))
        if content_type and content_type not in _TEXT_TYPES:
            raise InputError(f"not HTML or text ({content_type}); newsdigest reads web pages and text", url)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise InputError(_too_large(int(declared), max_bytes), url)
        chunks, size = [], 0
        try:
            for chunk in response.stream(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(_too_large(size, max_bytes, at_least=True), url)
                chunks.append(chunk)
        except ReadTimeoutError:
            raise InputError(
                f"timed out after {timeout:g} s while reading; try again later or raise --timeout", url
            ) from None
        except ProtocolError as exc:
            raise InputError(_reason(exc, timeout), url) from None
        complete = True
        final = _final_url(url, response)
        return Fetched(url=final, body=b"".join(chunks), content_type=content_type or "text/html", charset=charset)
    finally:
        if not complete:
            response.close()  # an unread body is not drained (it may be huge): drop the connection
        response.release_conn()


def _final_url(url: str, response: Any) -> str:
    """The address the page came from after redirects (urllib3 keeps them in the retry history)."""
    from urllib.parse import urljoin

    history = getattr(getattr(response, "retries", None), "history", ()) or ()
    location = url
    for step in history:
        if getattr(step, "redirect_location", None):
            location = urljoin(location, step.redirect_location)
    return location


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [part.strip() for part in header.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset or None


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"too large ({more}{size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB)"


def _reason(exc: Any, timeout: float) -> str:
    name = type(exc).__name__
    text = str(exc)
    if "SSL" in name or "certificate" in text.lower():
        return "TLS error (the site's certificate or encryption could not be verified)"
    if "NameResolution" in name or "Name or service not known" in text or "nodename nor servname" in text:
        return "DNS failure: the host name does not resolve; check the link"
    if "Timeout" in name:
        return f"timed out after {timeout:g} s; try again later or raise --timeout"
    if "refused" in text.lower():
        return "connection refused; is the site up?"
    if "ResponseError" in name or "too many" in text.lower():
        return "too many redirects or failed retries (" + text.split(":")[-1].strip() + ")"
    return f"cannot fetch ({name})"
