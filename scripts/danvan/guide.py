"""The editors' guide to front matter fields, generated from the schemas (never hand-written)."""

from __future__ import annotations

from .content_types import TYPES


def field_rows(kind: str) -> list[dict[str, str]]:
    rows = []
    for name, info in TYPES[kind].schema.model_fields.items():
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
    for kind, kind_type in TYPES.items():
        out.append(f"## {kind_type.title}\n\nThư mục: `{kind_type.folder}`\n")
        out.append("| Trường | Bắt buộc | Ý nghĩa | Ví dụ |\n|---|---|---|---|")
        for row in field_rows(kind):
            example = f"`{row['example']}`" if row["example"] else ""
            out.append(f"| `{row['name']}` | {row['required']} | {row['description']} | {example} |")
        out.append("")
    return "\n".join(out)
