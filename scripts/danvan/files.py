"""Files that content names: inside the tree, of a kind we publish, and what they claim to be.

Every path an item uses goes through ``resolve``. It must stay inside its folder (content/,
a model's own bundle, bulletins/), name a regular file, have a suffix from ``KINDS`` and
content of that kind (``sniff``: images are decoded, PDFs opened, office files checked as
the archives they are). Symbolic links are refused in every source folder (``walk``): git
keeps them as links, an editor has no use for them, and one can point anywhere on the
build machine. So nothing outside the repository, and nothing a browser would run (HTML,
SVG, JavaScript), can be named by content at all.
"""

from __future__ import annotations

import os
import stat
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

# Suffix -> kind of file that content may publish. Anything else is refused.
KINDS = {
    ".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".gif": "image",
    ".pdf": "pdf",
    ".docx": "ooxml", ".xlsx": "ooxml", ".pptx": "ooxml",
    ".odt": "odf", ".ods": "odf",
    ".doc": "ole", ".xls": "ole",
}
IMAGES = frozenset(s for s, k in KINDS.items() if k == "image")
PHOTOS = frozenset({".jpg", ".jpeg", ".png", ".webp"})  # what the gallery derives from
KIND_NAMES = {"image": "ảnh", "pdf": "PDF", "ooxml": "tệp Office", "odf": "tệp OpenDocument",
              "ole": "tệp Office (đời cũ)"}
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is already far beyond any page or print
# Link targets that are not files: web addresses and the like.
EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class FileProblem(Exception):
    """Why a path may not be used, with the fix, in Vietnamese."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def has_scheme(ref: str) -> bool:
    head = ref.split("/", 1)[0]
    return ":" in head and head[0].isalpha()


def walk(base: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(regular files, problems) under ``base``: every file as a POSIX path relative to it,
    and each symbolic link, device, pipe, socket, undecodable name or unreadable folder
    found as (path, what it is, the fix). Folder by folder, each in name order; a file's
    type comes from its folder's listing (no stat of each of thousands of files)."""
    found: list[str] = []
    problems: list[tuple[str, str, str]] = []
    link_fix = "xóa liên kết và chép tệp thật vào đúng chỗ"

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:  # unreadable, or gone meanwhile: said, not skipped
            problems.append((prefix.rstrip("/") or ".", f"không đọc được thư mục ({exc.strerror})",
                             "cho phép đọc thư mục này (chmod), hoặc xóa nó nếu không dùng"))
            return
        subfolders = []
        for entry in entries:
            rel = prefix + entry.name
            try:
                entry.name.encode("utf-8")
            except UnicodeEncodeError:  # undecodable bytes come as surrogates
                problems.append((rel.encode("utf-8", "replace").decode("utf-8"),
                                 "tên tệp không phải chữ UTF-8",
                                 "đặt lại tên tệp (hoặc thư mục) bằng chữ tiếng Việt chuẩn"))
                continue
            if entry.is_symlink():
                problems.append((rel, "là liên kết tượng trưng (symlink); nội dung không được "
                                 "dùng liên kết", link_fix))
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(entry)
            elif not entry.is_file(follow_symlinks=False):
                problems.append((rel, "không phải tệp thường (thiết bị, ống hay socket)",
                                 link_fix))
            else:
                found.append(rel)
        for entry in subfolders:
            visit(entry.path, prefix + entry.name + "/")

    if os.path.isdir(base):
        visit(str(base), "")
    return sorted(found), problems


def normalise(folder: PurePosixPath, ref: str, limit: PurePosixPath) -> PurePosixPath:
    """``ref`` (a relative path written in ``folder``) as a path from the base folder; it
    must stay inside ``limit``. Raises ``FileProblem`` for URLs, absolute paths and climbs."""
    if has_scheme(ref):
        raise FileProblem(f"“{ref}” là một địa chỉ, không phải tệp trong kho nội dung",
                          "chép tệp vào cạnh bài rồi ghi đường dẫn tương đối, ví dụ anh/hinh.jpg")
    if ref.startswith(("/", "\\")) or (len(ref) > 1 and ref[1] == ":"):
        raise FileProblem(f"“{ref}” là đường dẫn tuyệt đối", "ghi đường dẫn tương đối tính "
                          "từ thư mục của bài, ví dụ anh/hinh.jpg")
    parts: list[str] = list(folder.parts)
    for part in unquote(ref).replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                raise _climbs(ref)
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    path = PurePosixPath(*parts) if parts else PurePosixPath(".")
    if limit != PurePosixPath(".") and not path.is_relative_to(limit):
        raise _climbs(ref)
    return path


def _climbs(ref: str) -> FileProblem:
    return FileProblem(f"đường dẫn “{ref}” đi ra ngoài thư mục được phép",
                       "chép tệp vào thư mục của bài (hoặc thư mục con) rồi ghi đường dẫn "
                       "tương đối, không dùng “..” để ra ngoài")


def check(base: Path, rel: PurePosixPath, ref: str, allowed=frozenset(KINDS)) -> None:
    """``base / rel`` must be a regular file inside ``base``, of an allowed suffix, no larger
    than ``MAX_FILE_BYTES``, with content of its kind. Raises ``FileProblem``."""
    suffix = rel.suffix.lower()
    if suffix not in allowed and allowed <= IMAGES:
        names = "JPEG, PNG hay WebP" if allowed <= PHOTOS else "JPEG, PNG, WebP hay GIF"
        raise FileProblem(f"ảnh “{ref}” không phải {names}",
                          "chuyển ảnh sang JPEG (.jpg) rồi ghi lại tên tệp")
    if suffix not in allowed:
        names = ", ".join(sorted(allowed))
        raise FileProblem(f"không xuất bản được loại tệp “{suffix or rel.name}” (“{ref}”)",
                          f"chỉ dùng các loại: {names}; đổi tệp sang PDF hoặc ảnh JPEG/PNG")
    path = base / rel
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FileProblem(f"không có tệp “{ref}”", "kiểm tra tên và đường dẫn tệp (tính từ "
                          "thư mục của bài), hoặc chép tệp vào đúng chỗ") from None
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        raise FileProblem(f"đường dẫn “{ref[:80]}” không hợp lệ", "đặt tên tệp ngắn, chữ "
                          "thường không dấu, rồi ghi lại đường dẫn") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(f"“{ref}” không phải tệp thường", "thay bằng tệp thật")
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(base))):
        raise _climbs(ref)
    if info.st_size > MAX_FILE_BYTES:
        raise FileProblem(f"tệp “{ref}” quá lớn ({info.st_size / 1024 / 1024:.0f} MB; tối đa "
                          f"{MAX_FILE_BYTES // 1024 // 1024} MB)",
                          "nén lại tệp (PDF: in lại với chất lượng thấp hơn; ảnh: thu nhỏ)")
    why = sniff(str(real), KINDS[suffix], info.st_size, info.st_mtime_ns)
    if why:
        raise FileProblem(f"tệp “{ref}” {why}", f"mở tệp bằng phần mềm của nó, lưu lại đúng "
                          f"dạng {KIND_NAMES[KINDS[suffix]]} rồi chép đè tệp cũ")


@lru_cache(maxsize=4096)
def sniff(path: str, kind: str, size: int, mtime_ns: int) -> str:
    """Why the file's content is not of ``kind`` ("" when it is). Cached by size and time:
    a file named by several items, or read again by the live preview, is opened once."""
    try:
        if kind == "image":
            return _image(path)
        if kind == "pdf":
            return _pdf(path)
        with open(path, "rb") as handle:
            head = handle.read(8)
        if kind == "ole":
            return "" if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else "không phải tệp Office"
        if not zipfile.is_zipfile(path):
            return "không phải tệp Office/OpenDocument (không đọc được)"
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        wanted = "[Content_Types].xml" if kind == "ooxml" else "mimetype"
        return "" if wanted in names else "không phải tệp Office/OpenDocument"
    except OSError:
        return "không đọc được (lỗi hệ thống khi mở tệp)"


def _image(path: str) -> str:
    from PIL import ImageFile

    # WeasyPrint, once imported, tells Pillow to accept truncated images (a long-running
    # preview imports it): a check must not.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return _decode(path)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _decode(path: str) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format not in ("JPEG", "PNG", "WEBP", "GIF"):
                return f"không phải ảnh JPEG, PNG, WebP hay GIF (là {image.format})"
            width, height = image.size
            if width * height > MAX_PIXELS:
                return (f"quá lớn ({width} × {height} điểm ảnh; tối đa "
                        f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh)")
            # Decode it (at 1/8 size for a JPEG: fast, and every byte is still read), as the
            # build will: a truncated or corrupt photo is found here, not in the build.
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except UnidentifiedImageError:
        return "không phải là ảnh (nội dung không đọc được như ảnh)"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"là ảnh hỏng ({exc})"
    return ""


def _pdf(path: str) -> str:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) < 1:
                return "là PDF không có trang nào"
    except pikepdf.PasswordError:
        return "là PDF có mật khẩu; bạn đọc không mở được"
    except (pikepdf.PdfError, OSError, ValueError):
        return "không phải PDF đọc được"
    return ""
