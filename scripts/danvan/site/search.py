"""Search index: Pagefind over the built HTML.

Why Pagefind: it indexes the pages as readers see them, splits the index into small chunks
so a query downloads only what it needs (Material's lunr index is one file that grows with
the site), and folds tone marks. Its folding keeps đ apart from d; the browser side
(theme/assets/javascripts/search.js) also queries the đ/d variants of the words typed and
ranks results whose accents match the query as typed first.

Only pages marked ``data-pagefind-body`` (content pages, see theme/main.html) are indexed;
unpublished content is never in the built site, so it cannot be in the index.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"


def index_site(site_dir: str | Path) -> None:
    """Write the Pagefind bundle into ``site_dir/pagefind``; raise if Pagefind fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", OUTPUT_SUBDIR, "--force-language", "vi", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind không lập được chỉ mục tìm kiếm:\n{result.stderr}")
