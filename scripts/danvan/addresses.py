"""Where a link in an output points, as a path of the site, whatever form it was written in.

Both outputs keep a link only if it points somewhere public: a rendered page only to what
the build writes (site/plugin.py), a PDF only to published pages and files
(bulletin/render.py). Links come in many forms: relative, root-absolute, the site's own
address in any case, with a port, percent-encoding, doubled slashes, ``index.html``, tabs
or line breaks inside (browsers drop those). ``site_path`` reduces each to one form, so
that the check is one set lookup.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

_IGNORED = re.compile(r"[\t\n\r]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _port(parts) -> int | None:
    try:
        return parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # a port that is not a number
        return -1


def site_path(href: str, base: str, site_url: str = "") -> str | None:
    """The path of the site ``href`` points to from the page or folder ``base`` (a site
    path, "/tin-tuc/bai/"), normalised: "/tin-tuc/x", "/" for the home page. None when it
    points elsewhere: an anchor in the page, another site, mailto:, tel:."""
    href = _IGNORED.sub("", href).strip()
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        site = urlsplit(site_url)
        scheme = (parts.scheme or site.scheme or "https").lower()
        if scheme not in ("http", "https") or not site.hostname:
            return None
        # The same host is the same site over http or https, on their usual ports.
        port = _port(parts._replace(scheme=scheme))
        same = (parts.hostname or "").lower() == site.hostname.lower() and \
            (port in (80, 443) or port == _port(site))
        if not same:
            return None
        path = unquote(parts.path)
        prefix = site.path.rstrip("/")
        if prefix and not (path == prefix or path.startswith(prefix + "/")):
            return None  # the same host, another site
        path = path[len(prefix):]
    else:
        folder = base if base.endswith("/") else posixpath.dirname(base) + "/"
        path = posixpath.join(folder, unquote(parts.path))
    path = posixpath.normpath(re.sub("/{2,}", "/", "/" + path))
    if path.endswith("/index.html") or path == "/index.html":
        path = posixpath.dirname(path)
    return path


def is_under(path: str, folders: set[str]) -> bool:
    """Whether ``path`` is one of ``folders`` or inside one (a page's own files)."""
    while True:
        if path in folders:
            return True
        if path == "/":
            return False
        path = posixpath.dirname(path)
