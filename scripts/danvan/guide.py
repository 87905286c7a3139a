"""The editors' guide to front matter fields, generated from the schemas (never hand-written)."""

from __future__ import annotations

from .schema import SCHEMAS

TYPE_NAMES = {
    "article": ("Tin bài", "content/tin-tuc/"),
    "guidance": ("Hướng dẫn nghiệp vụ", "content/huong-dan/"),
    "document": ("Văn bản", "content/van-ban/"),
    "page": ("Trang tĩnh", "content/"),
    "model": ("Mô hình “Dân vận khéo”", "models_gallery/<tên-mô-hình>/index.md"),
    "bulletin": ("Số bản tin “Thông tin Dân vận”", "bulletins/<năm>/so-NN.md"),
}


def field_rows(kind: str) -> list[dict[str, str]]:
    rows = []
    for name, info in SCHEMAS[kind].model_fields.items():
        extra = info.json_schema_extra or {}
        rows.append({
            "name": info.alias or name,
            "required": "bắt buộc" if info.is_required() else "",
            "description": info.description or "",
            "example": str(extra.get("example", "")) if isinstance(extra, dict) else "",
        })
    return rows


def fields_markdown() -> str:
    out = []
    for kind, (label, folder) in TYPE_NAMES.items():
        out.append(f"## {label}\n\nThư mục: `{folder}`\n")
        out.append("| Trường | Bắt buộc | Ý nghĩa | Ví dụ |\n|---|---|---|---|")
        for row in field_rows(kind):
            example = f"`{row['example']}`" if row["example"] else ""
            out.append(f"| `{row['name']}` | {row['required']} | {row['description']} | {example} |")
        out.append("")
    return "\n".join(out)
