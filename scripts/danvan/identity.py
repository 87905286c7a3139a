"""The committee's identity (content/_du-lieu/co-quan.yml) and the values still to fill in.

The repository ships sample values: an address that says where to write the real one, a
phone number of zeros, addresses under reserved domains, a placeholder emblem. Preview and
the sample build show them under a visible “Bản mẫu” ribbon; a build for publication
(`danvan build --xuat-ban`, or any build once `site_url` is a real address) refuses to run
while one remains, naming each value and the file to edit.

What counts as a placeholder is a rule, not a list of the sample's values:
- a value with an ellipsis (“…”, “...”) or a note in brackets saying it is a sample or is to
  be updated (“(giá trị mẫu)”, “(cập nhật …)”);
- an e-mail or web address under a domain reserved for examples (RFC 2606 and 6761:
  .example, .invalid, .test, .localhost, example.com/.net/.org);
- a phone number with a run of six zeros;
- a leader listed with no name;
- an emblem file named as a placeholder (``…-mau.png``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import text

ORG_FILE = "content/_du-lieu/co-quan.yml"
RESERVED_TLDS = {"example", "invalid", "test", "localhost"}
RESERVED_DOMAINS = {"example.com", "example.net", "example.org"}
_NOTE = re.compile(r"\((?:[^()]*\b(?:mẫu|cập nhật)\b[^()]*)\)", re.IGNORECASE)
_ELLIPSIS = re.compile(r"…|\.\.\.")


@dataclass(frozen=True)
class Placeholder:
    """A value still to fill in: where it is, which field, what it says and why."""

    file: str
    field: str
    value: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}, trường “{self.field}”: “{self.value}” – {self.why}"


def reserved_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return (host.rsplit(".", 1)[-1] in RESERVED_TLDS or host == "localhost"
            or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS))


def is_real_site_url(site_url: str | None) -> bool:
    """A site_url a public build would use: http(s) and a host not reserved for examples."""
    parts = urlsplit(site_url or "")
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        not reserved_host(parts.hostname) and parts.hostname not in ("127.0.0.1", "::1")


def why_placeholder(field: str, value: str) -> str | None:
    """Why ``value`` looks like a sample value, or None (see the module's rule)."""
    value = text.nfc(value or "")
    if _ELLIPSIS.search(value):
        return "còn dấu “…” thay cho giá trị thật"
    if _NOTE.search(value):
        return "còn ghi chú đây là giá trị mẫu hoặc cần cập nhật"
    if "@" in value and reserved_host(value.rsplit("@", 1)[1]):
        return "thư điện tử thuộc tên miền dành cho ví dụ"
    if "://" in value and reserved_host(urlsplit(value).hostname or ""):
        return "địa chỉ web thuộc tên miền dành cho ví dụ"
    if field.endswith("phone") and "000000" in re.sub(r"\D", "", value):
        return "số điện thoại mẫu (toàn số 0)"
    return None


def placeholders(org, site_url: str | None = None, bulletins=()) -> list[Placeholder]:
    """Every value still to fill in: the organisation's, the site address and the colophon
    of each published bulletin issue (``bulletins``: items with ``source`` and ``meta``)."""
    found: list[Placeholder] = []

    def check(file: str, name: str, value) -> None:
        if isinstance(value, str) and (why := why_placeholder(name, value)):
            found.append(Placeholder(file, name, value, why))

    for name in ("name", "short_name", "parent", "site_name", "tagline", "address", "phone",
                 "email", "working_hours", "licence", "bulletin_name", "name_en"):
        check(ORG_FILE, name, getattr(org, name, None))
    for n, leader in enumerate(org.leadership, 1):
        if not leader.name.strip():
            found.append(Placeholder(ORG_FILE, f"leadership[{n}].name", "",
                                     f"chưa có họ tên {leader.role}"))
    if org.logo and PurePosixPath(org.logo).stem.endswith("-mau"):
        found.append(Placeholder(ORG_FILE, "logo", org.logo,
                                 "biểu trưng tạm của bản mẫu; thêm tệp biểu trưng chính thức"))
    if site_url is not None:
        host = urlsplit(site_url).hostname or ""
        if reserved_host(host) or not host:
            found.append(Placeholder("mkdocs.yml", "site_url", site_url,
                                     "địa chỉ trang thuộc tên miền dành cho ví dụ"))
    for issue in bulletins:
        colophon = issue.meta.colophon
        for name, value in colophon.model_dump().items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                check(issue.source, f"colophon.{name}", v)
    return found


def report(found: list[Placeholder]) -> str:
    """The Vietnamese message of a refused publication build."""
    lines = [f"Chưa thể dựng bản xuất bản: còn {len(found)} giá trị mẫu."]
    lines += [f"  - {p}" for p in found]
    lines.append("Cách sửa: thay mỗi giá trị trên bằng thông tin chính thức trong tệp đã nêu "
                 "rồi dựng lại. Bản xem trước (danvan serve) và bản dựng mẫu vẫn chạy, có dải "
                 "“Bản mẫu” trên mọi trang.")
    return "\n".join(lines)
