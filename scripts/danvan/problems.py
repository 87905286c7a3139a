"""Problems found in the sources, reported to editors in Vietnamese.

A build collects every problem before it stops, so an editor fixes all of them in one pass.
Each problem names the file, the line when known, the field, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    fix: str = ""
    field: str = ""
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"trường “{self.field}”: {self.message}" if self.field else self.message
        kind = "Cảnh báo" if self.warning else "Lỗi"
        text = f"{kind} – {where}: {what}"
        if self.fix:
            text += f"\n    Cách sửa: {self.fix}"
        return text


class ContentErrors(Exception):
    """Raised when the sources have errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        super().__init__(report(problems) + f"\n{len(errors)} lỗi: không xuất bản gì.")


@dataclass
class Collector:
    """Gathers problems while the content is loaded."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path | str, message: str, fix: str = "", field: str = "",
              line: int | None = None) -> None:
        self.problems.append(Problem(str(path), message, fix, field, line))

    def warn(self, path: Path | str, message: str, fix: str = "", field: str = "",
             line: int | None = None) -> None:
        """A problem that does not stop a build (it is printed with every build)."""
        self.problems.append(Problem(str(path), message, fix, field, line, warning=True))

    def error_or_warning(self, strict: bool, *args, **kwargs) -> None:
        """An error in a build for publication, a warning in the live preview."""
        (self.error if strict else self.warn)(*args, **kwargs)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentErrors(self.problems)


def report(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in sorted(problems, key=lambda p: (p.path, p.line or 0)))


# --- Pydantic errors in Vietnamese -------------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "một đoạn chữ",
    "list_type": "một danh sách, ví dụ [a, b]",
    "int_type": "một số nguyên",
    "int_parsing": "một số nguyên",
    "bool_type": "true hoặc false",
    "bool_parsing": "true hoặc false",
    "date_type": "một ngày, dạng 2016-08-15",
    "dict_type": "một nhóm trường (các dòng “tên: giá trị” thụt vào dưới trường này)",
    "model_type": "một nhóm trường (các dòng “tên: giá trị” thụt vào dưới trường này)",
    "model_attributes_type": "một nhóm trường (các dòng “tên: giá trị” thụt vào dưới trường này)",
    "float_type": "một số",
    "float_parsing": "một số",
    "int_from_float": "một số nguyên",
}


def from_validation_error(exc: ValidationError, path: Path | str, known_fields: list[str],
                          line_of: dict[str, int]) -> list[Problem]:
    """Translate pydantic's errors into Vietnamese problems naming the field and its line."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(part) for part in err["loc"]]
        name = loc[0] if loc else ""
        kind = err["type"]
        ctx = err.get("ctx") or {}
        message, fix = "", ""
        if kind == "missing":
            message = "thiếu trường bắt buộc"
            fix = f"thêm dòng “{name}: …” vào phần đầu (front matter) của tệp"
        elif kind == "extra_forbidden":
            close = difflib.get_close_matches(name, known_fields, n=1)
            message = "trường này không có trong mẫu của loại nội dung này"
            fix = (f"có phải là “{close[0]}”? Sửa tên trường" if close
                   else "xóa trường hoặc xem danh sách trường trong Hướng dẫn biên tập")
        elif kind == "literal_error":
            message = f"giá trị “{err['input']}” không hợp lệ"
            fix = f"chọn một trong: {ctx.get('expected', '')}"
        elif kind in ("value_error", "assertion_error"):
            message = str(ctx.get("error", err["msg"]))
            # Whole-model checks name their field as "field|message".
            if "|" in message and not name:
                name, message = message.split("|", 1)
            fix = "sửa giá trị theo hướng dẫn trên"
        elif kind == "string_too_short":
            message = "quá ngắn"
            fix = f"viết ít nhất {ctx.get('min_length')} ký tự"
        elif kind in _TYPE_NAMES:
            message = f"giá trị “{err.get('input')}” không đúng kiểu"
            fix = f"viết {_TYPE_NAMES[kind]}"
        else:
            message = f"giá trị không hợp lệ ({err['msg']})"
            fix = "xem mẫu trường trong Hướng dẫn biên tập"
        if len(loc) > 1 and loc[1].isdigit():
            message = f"mục thứ {int(loc[1]) + 1}: {message}"
        problems.append(Problem(str(path), message, fix, name, line_of.get(name)))
    return problems


_KEY = re.compile(r"^([^\s#:\-\[\]{}][^:#]*?)\s*:", re.M)  # a top-level key, any script


def front_matter(source: str):
    """(line number in the whole file, text) of each line of the front matter."""
    for number, line in enumerate(source.splitlines()[1:], start=2):
        if line.strip() == "---":
            return
        yield number, line


def front_matter_lines(source: str, pattern: re.Pattern = _KEY,
                       prefix: str = "") -> dict[str, int]:
    """Line of each top-level key of the front matter (or of each match of ``pattern``,
    keyed by ``prefix`` + its first group)."""
    lines: dict[str, int] = {}
    for number, line in front_matter(source):
        if m := pattern.match(line):
            lines.setdefault(prefix + m.group(1).strip(), number)
    return lines
