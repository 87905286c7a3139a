"""The bulletin "Thông tin Dân vận Hưng Yên": one pipeline, issue -> HTML -> PDF -> post-processing.

    render.py   issue (validated Corpus) -> one HTML document (Jinja2, theme/bulletin/)
    fonts.py    the design's two families, one merged font file per face
    layout.py   HTML -> WeasyPrint layout, laid out once and shared by both editions
    print.py    the print shop's file: PDF/X-4, CMYK, trim/bleed/crop marks, checks
    screen.py   the download: PDF/UA-1, sRGB, bookmarks, metadata, downsampled images
    profile.py  the default CMYK output profile, Coated FOGRA39 (profiles/, built with Argyll)
    booklet.py  2-up saddle-stitch imposition: bleed, crop and fold marks, creep
    cache.py    content hash of every input -> unchanged issues are not rendered again
    build.py    every issue, in parallel on the available cores, with a progress bar
"""

from __future__ import annotations


class BulletinError(Exception):
    """A bulletin could not be produced; the message is Vietnamese and names the issue."""
