"""Incremental builds: with the validated items (content/cache.py) and the rendered pages
(site/pagecache.py) kept between builds, the site is byte for byte the site a cold build
makes of the same sources, after every kind of change; a cache that cannot be trusted is
dropped; nothing unpublished leaves a build because of the cache; a build with nothing
changed leaves the output as it is (uptodate.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
import shutil
from pathlib import Path

import pytest
from builders import REPO, Project, article, document, png, small_site, tree
from test_gallery import model, photo

from danvan.build import build_site
from danvan.content import cache as item_cache
from danvan.site import compat

TODAY = dt.date(2026, 11, 27)
CACHE_FILE = Path(".cache") / "noi-dung" / "items.pickle"


class Builds:
    """Builds one project incrementally (the cache kept between builds, into site/) and, for
    each, cold (no cache read or written, into lanh/), and compares the two."""

    def __init__(self, project: Project, caplog: pytest.LogCaptureFixture):
        self.project, self.caplog = project, caplog

    def incremental(self, today=TODAY, reuse=False) -> dict:
        """Build with the caches; return their figures (items' and pages' hits, misses).
        ``reuse``: a build with nothing changed may leave site/ as it is (tested apart)."""
        self.caplog.clear()
        with self.caplog.at_level(logging.INFO, logger=compat.plugin_logger("danvan").name):
            code = build_site(self.project.root, Path("mkdocs.yml"), Path("site"), today,
                              reuse=reuse)
        figures = {}
        for record in self.caplog.records:
            if isinstance(record.args, dict) and ("item_hits" in record.args
                                                  or "page_hits" in record.args):
                figures.update(record.args)
        return {"code": code, **figures,
                "messages": [r.getMessage() for r in self.caplog.records]}

    def same_as_cold(self, today=TODAY) -> dict:
        figures = self.incremental(today)
        assert figures["code"] == 0, figures["messages"]
        assert build_site(self.project.root, Path("mkdocs.yml"), Path("lanh"), today,
                          cache=False) == 0
        warm, cold = tree(self.project.root / "site"), tree(self.project.root / "lanh")
        assert warm.keys() == cold.keys() and len(warm) > 40
        assert [name for name in warm if warm[name] != cold[name]] == []
        return figures


@pytest.fixture
def builds(project, caplog, monkeypatch):
    monkeypatch.setenv("DANVAN_JOBS", "1")
    small_site(project, 5)
    project.write("content/van-ban/ke-hoach.md", document("15-KH/BDVTU", date="2024-03-02"))
    project.write("content/tin-tuc/co-anh.md", article(
        "Bài có ảnh", image="anh/hinh.png", image_alt='"Hội nghị"',
        documents='["15-KH/BDVTU"]'))
    project.write("content/tin-tuc/anh/hinh.png", png("mot"))
    project.write("models_gallery/to-tu-quan/index.md", model("Tổ tự quản"))
    project.write("models_gallery/to-tu-quan/anh-1.jpg", photo(seed=1))
    return Builds(project, caplog)


def test_every_change_gives_the_cold_build(builds):
    project = builds.project
    first = builds.same_as_cold()
    assert first["item_misses"] == 9 and first["item_hits"] == 0
    assert (project.root / CACHE_FILE).is_file()

    unchanged = builds.same_as_cold()
    assert (unchanged["item_hits"], unchanged["item_misses"]) == (9, 0)

    # An article: edited, added, renamed, deleted.
    project.write("content/tin-tuc/bai-1.md", article("Bài 1 đã sửa", date="2024-05-02",
                                                      tags="[đối thoại, tiếp dân]"))
    assert builds.same_as_cold()["item_misses"] == 1
    project.write("content/tin-tuc/bai-moi.md", article("Bài mới", date="2024-06-01"))
    assert builds.same_as_cold()["item_misses"] == 1
    (project.root / "content/tin-tuc/bai-moi.md").rename(
        project.root / "content/tin-tuc/bai-doi-ten.md")
    assert builds.same_as_cold()["item_misses"] == 1
    (project.root / "content/tin-tuc/bai-2.md").unlink()
    assert builds.same_as_cold()["item_misses"] == 0

    # A document: its number changes (the article that cites it then fails, as cold would).
    project.write("content/van-ban/ke-hoach.md", document("16-KH/BDVTU", date="2024-03-02"))
    assert builds.incremental()["code"] == 1
    assert build_site(project.root, Path("mkdocs.yml"), Path("lanh"), TODAY, cache=False) == 1
    project.write("content/tin-tuc/co-anh.md", article(
        "Bài có ảnh", image="anh/hinh.png", image_alt='"Hội nghị"',
        documents='["16-KH/BDVTU"]'))
    builds.same_as_cold()

    # A model, and a photo replaced under an unchanged source.
    project.write("models_gallery/to-tu-quan/index.md", model("Tổ tự quản kiểu mẫu"))
    assert builds.same_as_cold()["item_misses"] == 1
    project.write("models_gallery/to-tu-quan/anh-1.jpg", photo(seed=7))
    assert builds.same_as_cold()["item_misses"] == 1
    project.write("content/tin-tuc/anh/hinh.png", png("hai", colour=(20, 90, 160)))
    assert builds.same_as_cold()["item_misses"] == 1

    # A data file: the whole cache is dropped.
    data = project.root / "content/_du-lieu/co-quan.yml"
    data.write_text(data.read_text("utf-8") + "\n# sửa\n", "utf-8")
    after_data = builds.same_as_cold()
    assert after_data["item_hits"] == 0

    # A template (a copy of the theme, not the repository's).
    (project.root / "theme").unlink()
    shutil.copytree(REPO / "theme", project.root / "theme")
    template = project.root / "theme/article.html"
    template.write_text(template.read_text("utf-8").replace(
        '<p class="dv-byline">', '<p class="dv-byline" data-sua="1">'), "utf-8")
    changed = builds.same_as_cold()
    assert changed["item_misses"] == 0
    assert b'data-sua="1"' in (project.root / "site/tin-tuc/bai-1/index.html").read_bytes()


def test_a_photo_broken_or_gone_under_an_unchanged_source_fails_as_a_cold_build(builds):
    project = builds.project
    builds.same_as_cold()
    photo_path = project.root / "content/tin-tuc/anh/hinh.png"
    photo_path.write_bytes(b"not a picture")
    failed = builds.incremental()
    assert failed["code"] == 1 and failed["item_misses"] == 1
    photo_path.unlink()
    assert builds.incremental()["code"] == 1
    photo_path.write_bytes(png("mot"))
    # Read again: the entry was forgotten when the photo failed.
    assert builds.same_as_cold()["item_misses"] == 1


def test_publication_is_decided_every_build_never_kept(builds):
    """A future article, a draft and a document that becomes classified: the cache keeps
    items, never whether they are published."""
    project = builds.project
    project.write("content/tin-tuc/tuong-lai.md",
                  article("Tương lai BIMATTUONGLAI", date="2026-12-01"))
    builds.same_as_cold()
    site = project.root / "site"
    assert b"BIMATTUONGLAI" not in b"".join(tree(site).values())
    later = TODAY.replace(month=12, day=2)
    figures = builds.same_as_cold(later)
    assert figures["item_misses"] == 0
    assert (site / "tin-tuc/tuong-lai/index.html").is_file()
    builds.same_as_cold()  # and back: the page is gone again
    assert not (site / "tin-tuc/tuong-lai").exists()

    project.write("content/tin-tuc/bai-0.md",
                  article("Nháp BIMATNHAP", status="draft", date="2024-05-01"))
    project.write("content/van-ban/ke-hoach.md",
                  document("15-KH/BDVTU", date="2024-03-02", title='"BIMATVANBAN"',
                           classification="secret"))
    project.write("content/tin-tuc/co-anh.md", article(
        "Bài có ảnh", image="anh/hinh.png", image_alt='"Hội nghị"'))
    builds.same_as_cold()
    output = b"".join(tree(site).values())
    assert b"BIMATNHAP" not in output and b"BIMATVANBAN" not in output


def test_a_file_with_a_warning_is_read_and_warned_about_every_build(builds):
    project = builds.project
    path = project.root / "content/tin-tuc/bai-3.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a BOM: a warning
    for cold_start in (True, False):
        figures = builds.same_as_cold()
        assert figures["item_misses"] == (9 if cold_start else 1)
        assert any("BOM" in message for message in figures["messages"])


def _rewrite(path: Path, change) -> None:
    raw = path.read_bytes()
    start = len(item_cache.MAGIC) + 32
    data = pickle.loads(raw[start:])
    change(data)
    payload = pickle.dumps(data)
    path.write_bytes(item_cache.MAGIC + hashlib.sha256(payload).digest() + payload)


@pytest.mark.parametrize("damage", ["other-code", "flipped-byte", "truncated", "garbage",
                                    "forged-entry"])
def test_an_untrusted_cache_is_dropped_whole(builds, damage):
    project = builds.project
    builds.same_as_cold()
    path = project.root / CACHE_FILE
    if damage == "other-code":
        _rewrite(path, lambda data: data.update(key="phiên bản khác:" + data["key"]))
    elif damage == "flipped-byte":
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0x01
        path.write_bytes(bytes(raw))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 3])
    elif damage == "garbage":
        path.write_bytes(b"\x00" * 100)
    else:  # an entry with the key right but another file's item: never used
        def swap(data):
            entries = data["entries"]
            a, b = [k for k in entries if k[1].startswith("tin-tuc/bai-")][:2]
            entries[a] = entries[a][:2] + entries[b][2:]
        _rewrite(path, swap)
    figures = builds.same_as_cold()
    if damage == "forged-entry":
        assert figures["item_misses"] == 1
    else:
        assert figures["item_hits"] == 0 and figures["item_misses"] == 9
        assert any("Bộ đệm nội dung: bỏ tệp cũ" in m for m in figures["messages"])
    assert builds.same_as_cold()["item_hits"] == 9  # rewritten, trusted again


def test_a_page_rendered_again_may_link_to_a_heading_of_a_kept_page(builds):
    """Pages named in the nav are rendered on every build; one of them linking to a
    heading (#anchor) of a page kept from the cache must find that page whole (MkDocs
    checks the anchor against it), and the site is the cold build's."""
    project = builds.project
    project.write("content/lien-he.md", "---\ntitle: Liên hệ\nstatus: published\n"
                  "visibility: public\n---\n\nXem [mục này](tin-tuc/bai-1.md#muc).\n")
    project.write("content/tin-tuc/bai-1.md", article("Bài 1", date="2024-05-02")
                  + "\n## Mục\n\nNội dung mục.\n")
    builds.same_as_cold()
    project.write("content/tin-tuc/bai-3.md", article("Bài 3 đã sửa", date="2024-05-04"))
    figures = builds.same_as_cold()
    assert figures["page_hits"] > 0 and figures["page_misses"] <= 8
    assert 'href="../tin-tuc/bai-1/#muc"' in (
        project.root / "site/lien-he/index.html").read_text("utf-8")


def test_files_are_read_again_only_when_their_stamp_changes(builds, monkeypatch):
    """A source or photo whose stamp (inode, size, dates) is the kept one is not read; an
    edit is seen even when it keeps the size and puts the modification time back (the
    change time moves anyway); a stamp taken right after a change is not kept."""
    import os

    project = builds.project
    reads: list[str] = []
    digest_of = item_cache.digest_of

    def counting(path):
        reads.append(Path(path).name)
        return digest_of(path)

    monkeypatch.setattr(item_cache, "digest_of", counting)
    monkeypatch.setattr(item_cache, "SETTLE_NS", 0)  # the files were all written just now
    builds.same_as_cold()
    reads.clear()
    assert builds.same_as_cold()["item_hits"] == 9
    assert reads == [], "unchanged files were read again"

    source = project.root / "content/tin-tuc/bai-1.md"
    before = source.stat()
    text = source.read_text("utf-8")
    changed = text.replace("Bài 1", "Bài 9", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    source.write_text(changed, "utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # `touch -r`
    assert source.stat().st_mtime_ns == before.st_mtime_ns
    figures = builds.same_as_cold()
    assert figures["item_misses"] == 1 and reads == ["bai-1.md"]
    assert "Bài 9" in (project.root / "site/tin-tuc/bai-1/index.html").read_text("utf-8")

    # A photo replaced the same way under an unchanged source is read, and seen.
    picture = project.root / "content/tin-tuc/anh/hinh.png"
    old = picture.stat()
    picture.write_bytes(png("hai", colour=(20, 90, 160)))
    os.utime(picture, ns=(old.st_atime_ns, old.st_mtime_ns))
    reads.clear()
    assert builds.same_as_cold()["item_misses"] == 1
    assert "hinh.png" in reads

    # Stamps taken within the settling time are not kept: every file is read again.
    monkeypatch.setattr(item_cache, "SETTLE_NS", 10**18)
    builds.same_as_cold()
    reads.clear()
    builds.same_as_cold()
    assert {"bai-1.md", "co-anh.md", "index.md"} <= set(reads)


def test_any_data_file_changes_the_key(project):
    before = item_cache.data_version(project.root)
    project.write("content/_du-lieu/chuong-trinh/x/y.yml", "a: 1\n")
    assert item_cache.data_version(project.root) != before


def test_one_edit_renders_only_the_pages_that_show_it(builds):
    """Unchanged pages come from the page cache; an edited article re-renders its own page
    and the pages that list it (its listings, tags, locality, the home page), no other."""
    project = builds.project
    first = builds.same_as_cold()
    assert first["page_hits"] == 0 and first["page_misses"] > 40
    again = builds.same_as_cold()
    assert again["page_misses"] == 0 and again["page_hits"] == first["page_misses"]
    path = project.root / "content/tin-tuc/bai-3.md"
    path.write_text(path.read_text("utf-8") + "\nMột câu thêm khi sửa bài.\n", "utf-8")
    edited = builds.same_as_cold()
    assert 1 <= edited["page_misses"] <= 8, edited["page_misses"]
    assert edited["page_hits"] >= first["page_misses"] - 8
    page = project.root / "site/tin-tuc/bai-3/index.html"
    assert "Một câu thêm khi sửa bài.".encode() in page.read_bytes()
    assert page.stat().st_nlink == 2  # linked from .cache/trang/, not written twice


def test_a_page_kept_while_published_never_outlives_it(builds):
    """Cached while public, then made a draft or classified: the page, its search entry
    and every link to it are gone, as in a cold build."""
    project = builds.project
    project.write("content/tin-tuc/bai-1.md", article("Bài BIMATCU", date="2024-05-02"))
    builds.same_as_cold()
    site = project.root / "site"
    assert b"BIMATCU" in b"".join(tree(site).values())  # kept in .cache/trang/ too
    kept = project.root / ".cache/trang/site"
    assert any(b"BIMATCU" in p.read_bytes() for p in kept.iterdir())
    project.write("content/tin-tuc/bai-1.md", article("Bài BIMATCU", date="2024-05-02",
                                                      status="draft"))
    figures = builds.same_as_cold()
    assert figures["page_hits"] > 0
    output = b"".join(tree(site).values())
    assert b"BIMATCU" not in output
    assert not (site / "tin-tuc/bai-1").exists()
    # Nor is anything of it kept: the cache holds this build's pages only.
    assert not any(b"BIMATCU" in p.read_bytes() for p in kept.iterdir())


@pytest.mark.parametrize("damage", ["page", "entry", "search-text", "page-in-place"])
def test_a_damaged_page_entry_is_dropped_and_rendered(builds, damage):
    project = builds.project
    builds.same_as_cold()
    folder = project.root / ".cache/trang/site"
    suffix = {"page": ".html", "entry": ".meta", "search-text": ".json",
              "page-in-place": ".html"}[damage]
    victim = next(p for p in sorted(folder.iterdir()) if p.suffix == suffix)
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    if damage == "page-in-place":  # same file, same size (as through the site's link)
        with victim.open("r+b") as out:
            out.write(bytes(raw))
    else:
        victim.unlink()  # a new file: the site's hard link keeps the old bytes
        victim.write_bytes(bytes(raw))
    figures = builds.same_as_cold()
    assert figures["page_misses"] == 1 and figures["page_dropped"] == 1


def test_nothing_changed_leaves_the_output_as_it_is(project, capsys):
    """The second build finds every input as the first read it and its output as it left
    it: it writes nothing and says so, with the warnings again. Any change (an output file
    deleted, another day, a source) makes it a real build."""
    small_site(project, 3)
    path = project.root / "content/tin-tuc/bai-2.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a BOM: a warning
    site = project.root / "site"
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    capsys.readouterr()
    before = site.stat().st_ino
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    out, err = capsys.readouterr()
    assert "Không có gì thay đổi" in out and "BOM" in err
    assert site.stat().st_ino == before
    (site / "tin-tuc/bai-1/index.html").unlink()
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert (site / "tin-tuc/bai-1/index.html").is_file()
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    later = TODAY + dt.timedelta(days=1)
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), later) == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    path.write_text(path.read_text("utf-8-sig") + "\nThêm.\n", "utf-8")
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), later) == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert "Thêm.".encode() in (site / "tin-tuc/bai-2/index.html").read_bytes()


def test_nothing_changed_reads_only_touched_files_and_sees_every_edit(project, monkeypatch,
                                                                      capsys):
    """The inputs are hashed from the stamps kept with the last build's record: a file whose
    stamp is the same is not read again; an edit that keeps the size and puts the date
    back is a change all the same (its change time moved)."""
    import os

    from danvan.content import cache

    monkeypatch.setattr(cache, "SETTLE_NS", 0)  # the files were all written just now
    small_site(project, 3)
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    read: list[str] = []
    digest_of = cache.digest_of  # what uptodate reads files with (cache.digest_by_stamp)
    monkeypatch.setattr(cache, "digest_of", lambda p: read.append(str(p)) or digest_of(p))
    capsys.readouterr()
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    assert [p for p in read if "content" in p] == []  # stamps only (npm's record apart)

    path = project.root / "content/tin-tuc/bai-1.md"
    before = path.stat()
    text = path.read_text("utf-8")
    changed = text.replace("Bài 1", "Bài 7", 1)
    assert len(changed.encode()) == len(text.encode()) and changed != text
    path.write_text(changed, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    read.clear()
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert any(p.endswith("bai-1.md") for p in read)
    assert "Bài 7" in (project.root / "site/tin-tuc/bai-1/index.html").read_text("utf-8")


def test_a_save_during_a_build_makes_the_next_build_a_real_one(project, monkeypatch, capsys):
    """The inputs are read before the build and again after it: a file saved meanwhile
    (say, an article made a draft again) leaves no record, so the next build builds."""
    from danvan import uptodate

    small_site(project, 3)
    path = project.root / "content/tin-tuc/bai-1.md"
    real, calls = uptodate.inputs, []

    def saved_while_building(root, out_dir, options, known=None):
        calls.append(options)
        if len(calls) == 2:  # after the swap: the editor saved during the build
            path.write_text(article("Bài 1 BIMATMOI", date="2024-05-02", status="draft"),
                            "utf-8")
        return real(root, out_dir, options, known)

    monkeypatch.setattr(uptodate, "inputs", saved_while_building)
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert len(calls) == 2
    monkeypatch.setattr(uptodate, "inputs", real)
    capsys.readouterr()
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert not (project.root / "site/tin-tuc/bai-1").exists()


def test_the_search_index_is_taken_from_the_last_build_or_made_from_its_pages(builds):
    """The kept pages' part of the search index comes whole from the last build's
    (.cache/trang/site/chi-muc.pickle); damaged, it is not used and each kept page adds
    its own entry: the index is the cold build's either way."""
    project = builds.project
    builds.same_as_cold()
    index = project.root / ".cache/trang/site/chi-muc.pickle"
    assert index.is_file()
    path = project.root / "content/tin-tuc/bai-2.md"
    path.write_text(path.read_text("utf-8") + "\nTừ khóa mới: khăn piêu.\n", "utf-8")
    assert builds.same_as_cold()["page_dropped"] == 0
    raw = bytearray(index.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    index.write_bytes(bytes(raw))
    path.write_text(path.read_text("utf-8") + "\nMột câu nữa.\n", "utf-8")
    assert builds.same_as_cold()["page_dropped"] == 1
