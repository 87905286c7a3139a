"""Reading one source file safely: size, encoding, BOM, front matter and YAML.

Front matter and data files are YAML typed by hand. The loader refuses what no editor needs
and a hostile file uses: anchors and aliases (a few lines of them expand to gigabytes, the
"billion laughs") and a key written twice (YAML would keep the last one silently). Every
problem is a ``SourceError`` that names the line and says how to fix it.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from . import text
from .problems import Collector

# A Markdown or YAML file larger than this is not something an editor typed.
MAX_TEXT_BYTES = 2 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
# python-frontmatter's own boundary: a line of three or more dashes.
BOUNDARY = YAMLHandler.FM_BOUNDARY


class SourceError(Exception):
    """A problem with a file's text, at a line of the file (1-based) when known."""

    def __init__(self, message: str, fix: str, line: int | None = None, field: str = ""):
        super().__init__(message)
        self.message, self.fix, self.line, self.field = message, fix, line, field

    def report(self, collector: Collector, source: str) -> None:
        collector.error(source, self.message, self.fix, field=self.field, line=self.line)


# --- YAML ------------------------------------------------------------------------------------


class _NoRepeatedKeys:
    """A constructor that refuses a key written twice in one mapping. ``first_line`` is the
    line of the file where the YAML text starts, so errors name file lines."""

    first_line = 1

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            line = key_node.start_mark.line + self.first_line
            if key in seen:
                raise SourceError(
                    f"trường “{key}” được ghi hai lần (dòng {seen[key]} và dòng {line})",
                    "giữ một dòng, xóa dòng kia", line=line, field=str(key))
            seen[key] = line
        return super().construct_mapping(node, deep)


class _FastLoader(_NoRepeatedKeys, yaml.CSafeLoader):
    """libyaml's parser (which also caps nesting), for text with no anchor or alias."""


class _StrictLoader(_NoRepeatedKeys, yaml.SafeLoader):
    """PyYAML's own parser, where every anchor and alias can be seen and refused."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(
                "có neo hoặc bí danh YAML (dấu & hay * ở đầu giá trị)",
                "viết lại giá trị đầy đủ, không dùng & và *; nếu giá trị bắt đầu bằng & hay *, "
                "đặt nó trong ngoặc kép", line=event.start_mark.line + self.first_line)
        return super().compose_node(parent, index)


# Where an anchor (&a) or alias (*a) could start a value. Text without one is parsed by
# libyaml (six times faster); text with one, or with a false alarm ("- *nhấn mạnh*"), by
# the Python parser, which names the anchor's line.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")


def load_yaml(source: str, first_line: int = 1) -> Any:
    """Parse YAML strictly; raises ``SourceError`` (strict rules) or ``yaml.YAMLError``."""
    strict = _MAYBE_ANCHOR.search(source) or not yaml.__with_libyaml__
    loader = (_StrictLoader if strict else _FastLoader)(source)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except RecursionError:  # PyYAML parses nested values recursively
        raise SourceError("giá trị lồng nhau quá nhiều tầng (ngoặc [ hoặc { lồng trong nhau)",
                          "viết lại giá trị cho đơn giản, như trong bài mẫu",
                          line=first_line) from None
    except ValueError as exc:  # a date like 2016-13-45, a number of 5,000 digits
        raise SourceError("có giá trị không đọc được (ngày tháng không có thật, hoặc số quá "
                          "dài)", "kiểm tra các giá trị ngày tháng và số",
                          line=first_line) from exc
    finally:
        loader.dispose()


class _StrictHandler(YAMLHandler):
    """python-frontmatter's YAML handler with the strict loader (front matter starts on
    the opening --- line: python-frontmatter hands the text after the dashes)."""

    def load(self, fm: str, **kwargs: Any) -> Any:
        return load_yaml(fm, first_line=1)


def yaml_syntax_error(exc: yaml.YAMLError, first_line: int) -> SourceError:
    mark = getattr(exc, "problem_mark", None)
    return SourceError(f"lỗi cú pháp YAML ({getattr(exc, 'problem', None) or exc})",
                       "kiểm tra dấu hai chấm, thụt lề; đặt giá trị có dấu “:” trong ngoặc kép",
                       line=mark.line + first_line if mark else None)


# --- Text files ------------------------------------------------------------------------------


def read_text(path: Path, source: str, collector: Collector) -> str | None:
    """A source file's text in NFC with Unix line ends, or None (the problem is collected).

    A BOM is dropped with a warning (``make chuan-hoa`` removes it from the file); text
    not in NFC is an error, with the same fix."""
    try:
        size = path.stat().st_size
        raw_bytes = path.read_bytes() if size <= MAX_TEXT_BYTES else b""
    except OSError as exc:
        why = {errno.ENOENT: "không có tệp", errno.EACCES: "không có quyền đọc",
               errno.EISDIR: "là một thư mục"}.get(exc.errno, "lỗi hệ thống")
        collector.error(source, f"không đọc được tệp ({why})",
                        "kiểm tra tên, quyền đọc tệp, hoặc chép lại tệp")
        return None
    if size > MAX_TEXT_BYTES:
        collector.error(source, f"tệp quá lớn ({size // 1024} KB; tối đa "
                        f"{MAX_TEXT_BYTES // 1024 // 1024} MB cho một tệp Markdown hay YAML)",
                        "chia bài thành nhiều bài, hoặc đưa phần dài thành tệp PDF đính kèm")
        return None
    if raw_bytes.startswith(BOM):
        raw_bytes = raw_bytes[len(BOM):]
        collector.warn(source, "tệp bắt đầu bằng dấu BOM (byte EF BB BF) mà trình soạn thảo "
                       "thêm vào; đã bỏ qua khi dựng", "chạy “make chuan-hoa” để xóa BOM khỏi tệp",
                       line=1)
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        collector.error(source, f"tệp không phải mã UTF-8 (byte thứ {exc.start})",
                        "lưu lại tệp với bảng mã UTF-8")
        return None
    if (line := text.first_non_nfc_line(raw)) is not None:
        fix = "chạy “make chuan-hoa” để chuẩn hóa tệp"
        if not unicodedata.is_normalized("NFC", raw):
            collector.error(source, "có chữ ở dạng tổ hợp (NFD) thay vì dựng sẵn (NFC)", fix,
                            line=line)
        else:  # only the look-alike Ð: read as Đ everywhere, so a warning is enough
            collector.warn(source, "có chữ Ð (U+00D0, chữ của tiếng Iceland) thay cho chữ Đ "
                           "tiếng Việt; đã đọc là Đ", fix, line=line)
    return text.nfc(raw).replace("\r\n", "\n")


def read_yaml(path: Path, source: str, collector: Collector) -> Any:
    """A data file's YAML, strictly parsed, or None (the problem is collected)."""
    raw = read_text(path, source, collector)
    if raw is None:
        return None
    try:
        return load_yaml(raw)
    except SourceError as exc:
        exc.report(collector, source)
    except yaml.YAMLError as exc:
        yaml_syntax_error(exc, 1).report(collector, source)
    return None


@dataclass
class Parts:
    """A Markdown source split: its front matter (parsed) and its body as in the file."""

    metadata: dict
    body: str
    body_line: int  # line of the file where the body starts


_DATE_LIKE = re.compile(r"^([A-Za-z_]+)\s*:\s*(\d{4}-\d{1,2}-\d{1,2})\s*$")


def split(raw: str) -> Parts:
    """Front matter and body; raises ``SourceError`` for a missing, unclosed or bad front
    matter (YAML errors included, at their file line)."""
    first = BOUNDARY.match(raw)
    if first is None or first.start() != 0:
        raise SourceError("thiếu phần đầu (front matter): dòng đầu tiên của tệp phải là ---",
                          "tạo bài bằng “make moi” hoặc chép phần đầu từ một bài mẫu", line=1)
    closing = BOUNDARY.search(raw, first.end())
    if closing is None:
        raise SourceError("phần đầu (front matter) mở bằng dòng --- nhưng không có dòng --- "
                          "đóng lại", "thêm một dòng chỉ có --- ngay sau trường cuối cùng của "
                          "phần đầu", line=1)
    try:
        post = frontmatter.loads(raw, handler=_StrictHandler())
    except SourceError as exc:
        if isinstance(exc.__cause__, ValueError):  # YAML read 2016-13-01 as a date and failed
            raise _bad_date(raw) or exc from None
        raise
    except yaml.YAMLError as exc:
        raise yaml_syntax_error(exc, 1) from None  # line 0 of the YAML is the opening ---
    if not isinstance(post.metadata, dict):
        raise SourceError("phần đầu phải là các dòng “tên trường: giá trị”",
                          "xem một bài mẫu trong content/_mau/", line=2)
    # The body as it stands in the file (python-frontmatter strips leading blank lines,
    # which would shift every line number we report).
    end = raw.find("\n", closing.end())
    start = end + 1 if end != -1 else len(raw)
    return Parts(post.metadata, raw[start:], raw.count("\n", 0, start) + 1)


def _bad_date(raw: str) -> SourceError | None:
    """The field and line of an impossible ISO date that YAML itself rejected."""
    from .problems import front_matter

    for number, line in front_matter(raw):
        if m := _DATE_LIKE.match(line):
            try:
                text.parse_date(m.group(2))
            except text.DateError as exc:
                return SourceError(str(exc), "viết một ngày có thật, dạng 2016-08-15",
                                   line=number, field=m.group(1))
    return None
