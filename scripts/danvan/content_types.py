"""The content types, in one registry that every other module reads.

Like Hugo's sections, a content type is a folder, a schema and a scaffold; here also its
URLs, its page template, its Vietnamese names, its feed and whether a bulletin may print
it. Reading (content/), URLs, pages (site/), feeds, search, the editors' guide, the
scaffolds and the bulletin all look a type up here, so a new type is this table, its schema
and its own module.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Article, Bulletin, Document, Guidance, Meta, Model, Page


@dataclass(frozen=True)
class ContentType:
    kind: str  # the model's name for it: "article"
    label: str  # one item, as a badge or a search filter shows it: "Tin bài"
    title: str  # the type as a heading names it (editors' guide): "Tin bài"
    schema: type[Meta]
    root: str  # the source folder: "content", "models_gallery" or "bulletins"
    folder: str  # where its files go, as the editors' guide says: "content/tin-tuc/"
    section: str | None = None  # the folder of content/ that holds this type: "tin-tuc"
    url_prefix: str | None = None  # items get <prefix>/<slug>/ (pages and issues: own rules)
    template: str | None = None  # the page template (a page's layout chooses its own)
    scaffold: str | None = None  # `make moi LOAI=…`: the scaffold content/_mau/<scaffold>.md
    scaffold_path: str | None = None  # where a new one goes (`make moi`, the web editor)
    feed: str | None = None  # its own Atom feed, "tin-tuc/feed.xml"
    feed_title: str = ""
    in_site_feed: bool = False  # also in the site-wide feed.xml
    printable: bool = False  # a bulletin issue may carry it


TYPES: dict[str, ContentType] = {t.kind: t for t in (
    ContentType("article", "Tin bài", "Tin bài", Article, "content", "content/tin-tuc/",
                section="tin-tuc", url_prefix="tin-tuc", template="article.html",
                scaffold="tin-tuc", scaffold_path="content/tin-tuc/{year}/{slug}.md",
                feed="tin-tuc/feed.xml", feed_title="Tin tức", in_site_feed=True,
                printable=True),
    ContentType("guidance", "Hướng dẫn", "Hướng dẫn nghiệp vụ", Guidance, "content",
                "content/huong-dan/", section="huong-dan", url_prefix="huong-dan",
                template="article.html", scaffold="huong-dan",
                scaffold_path="content/huong-dan/{slug}.md", feed="huong-dan/feed.xml",
                feed_title="Hướng dẫn nghiệp vụ", in_site_feed=True, printable=True),
    ContentType("document", "Văn bản", "Văn bản", Document, "content", "content/van-ban/",
                section="van-ban", url_prefix="van-ban", template="document.html",
                scaffold="van-ban", scaffold_path="content/van-ban/{slug}.md",
                feed="van-ban/feed.xml", feed_title="Văn bản", in_site_feed=True,
                printable=True),
    ContentType("model", "Mô hình", "Mô hình “Dân vận khéo”", Model, "models_gallery",
                "models_gallery/<tên-mô-hình>/index.md", url_prefix="mo-hinh",
                template="model.html", scaffold="mo-hinh",
                # a bundle: the folder is the model
                scaffold_path="models_gallery/{slug}/index.md", in_site_feed=True,
                printable=True),
    ContentType("bulletin", "Bản tin", "Số bản tin “Thông tin Dân vận”", Bulletin, "bulletins",
                "bulletins/<năm>/so-NN.md", scaffold_path="bulletins/{year}/so-{number}.md"),
    ContentType("page", "Trang", "Trang tĩnh", Page, "content", "content/", scaffold="trang",
                scaffold_path="content/{slug}.md"),
)}



def sections() -> dict[str, str]:
    """content/'s section folders -> their type; any other Markdown in content/ is a page."""
    return {t.section: t.kind for t in TYPES.values() if t.section}


def scaffolds() -> dict[str, ContentType]:
    """`make moi LOAI=…` names -> their type."""
    return {t.scaffold: t for t in TYPES.values() if t.scaffold}


def labels() -> dict[str, str]:
    """kind -> its label ("article" -> "Tin bài")."""
    return {kind: t.label for kind, t in TYPES.items()}
