"""The web editor's files (editor/admin.py) as MkDocs files: /admin/ in the live preview
and in the editors' build, never in the public site."""

from __future__ import annotations

from pathlib import Path

from ..editor import admin
from ..editor.cms import ConfigError
from .compat import File, PluginError, plugin_logger

log = plugin_logger("danvan")


def files(config, preview: bool) -> list[File]:
    if not admin.wanted(preview):
        return []
    try:
        served = admin.files(Path(config.config_file_path).parent)
    except ConfigError as exc:
        if not preview:  # the editors' build is for the editors: it must have its editor
            raise PluginError(f"Lỗi – {exc}") from None
        log.warning(f"Cảnh báo – không có trình biên tập /admin/: {exc}")
        return []
    return [File.generated(config, path, content=source) if isinstance(source, str) else
            File.generated(config, path, abs_src_path=str(source)) for path, source in served]
