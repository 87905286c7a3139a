"""The search index (danvan.search_index): its keys, its files, and how builders combine.

The browser side (search-index.js) is tested against the built site in
tests/browser/test_search.py, including that it derives the same keys as this module."""

import array
import json
import pickle
import sys
from pathlib import Path

import pytest

from danvan import text
from danvan.search_index import (IndexBuilder, Record, fnv1a, keys, number_key, words)


def test_words_split_on_punctuation_and_keep_vietnamese_letters():
    assert words("Dân vận khéo: “hiệu quả”, 02-ĐA/TU!") == [
        "dân", "vận", "khéo", "hiệu", "quả", "02", "đa", "tu"]


@pytest.mark.parametrize("value", ["snake_case_word", "__a__b", "x_1 y", "_", "a_đ_ế"])
def test_underscore_separates_words_like_punctuation(value):
    import re
    assert words(value) == re.findall(r"[^\W_]+", value.lower())  # the definition
    assert "_" not in "".join(words(value))


def test_keys_are_folded_words_pairs_and_accented_forms():
    counts, length = keys("Dân vận khéo, dân vận")
    assert length == 5
    assert counts["dan"] == 2 and counts["van"] == 2 and counts["kheo"] == 1
    assert counts["dan van"] == 2 and counts["van kheo"] == 1 and counts["kheo dan"] == 1
    assert counts["=dân"] == 2 and counts["=kheo\u0301"] == 1  # tone mark at the end
    assert "=dan" not in counts  # a word without marks has no accented key


def test_d_with_stroke_folds_to_d_in_keys():
    counts, _ = keys("Đảng bộ đường")
    assert {"dang", "bo", "duong", "dang bo", "bo duong"} <= counts.keys()


def test_tone_placement_does_not_change_the_accented_key():
    assert text.tone_key("hoà") == text.tone_key("hòa") == text.tone_key("HÒA")
    assert text.tone_key("thuỷ") == text.tone_key("thủy")
    assert text.tone_key("đường") != text.tone_key("dương")  # đ and ư are letters, kept


def test_document_numbers_key_loosely():
    assert number_key("02-ĐA/TU") == number_key("02 DA TU") == number_key("02/da-tu") == "02datu"
    assert number_key("42/2022/NĐ-CP") == "422022ndcp"


def test_fnv1a_is_the_standard_32_bit_hash():
    # Reference values of FNV-1a 32 (the browser computes the same with Math.imul).
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def _record(n: int, title: str, body: str, kind: str = "Tin bài", **extra) -> Record:
    return Record(url=f"tin-tuc/bai-{n}/", title=title, kind=kind, text=body,
                  year=2016 + n, **extra)


def _decode(data: bytes) -> dict[str, list[int]]:
    """A bucket file, read as search-index.js reads it."""
    length = int.from_bytes(data[:4], "little")
    assert (4 + length) % 4 == 0  # the numbers are aligned for a Uint32Array
    header = json.loads(data[4:4 + length])
    numbers = array.array("H" if header["w"] == 2 else "I", data[4 + length:])
    assert sys.byteorder == "little"
    return {key: list(numbers[first:first + 2 * pairs])
            for key, (first, pairs) in header["k"].items()}


def _read(folder: Path) -> tuple[dict, dict, dict]:
    meta = json.loads((folder / "meta.json").read_text())
    build = folder / meta["build"]
    postings = {}
    for bucket in (build / "b").glob("*.bin"):
        for key, flat in _decode(bucket.read_bytes()).items():
            assert fnv1a(key) % meta["buckets"] == int(bucket.stem)  # in its own bucket
            pages, page = {}, 0
            for delta, count in zip(flat[0::2], flat[1::2]):
                page += delta
                pages[page] = count
            postings[key] = pages
    texts = {int(p.stem): json.loads(p.read_text()) for p in (build / "d").glob("*.json")}
    return meta, postings, texts


def test_written_index_finds_pages_by_their_keys(tmp_path):
    builder = IndexBuilder(tmp_path / "chi-muc")
    builder.add(0, _record(0, "Dân vận khéo ở xã", "Mô hình dân vận khéo của xã."))
    builder.add(1, _record(1, "Đối thoại với dân", "Hội nghị đối thoại."))
    builder.add(2, _record(2, "Đề án", "Toàn văn.", kind="Văn bản", number="02-ĐA/TU",
                           summary="Về công tác dân vận"))
    figures = builder.write()
    meta, postings, texts = _read(tmp_path / "chi-muc")
    assert figures == {"pages": 3, "keys": len(postings), "buckets": meta["buckets"]}
    assert set(postings["dan van"]) == {0, 2}
    assert set(postings["van kheo"]) == {0}
    assert postings["doi thoai"] == {1: 1 * 4 + 1}  # once in the text, once in the title
    assert postings["cong tac"] == {2: 2 * 4}  # summary words count twice
    assert postings["#02datu"] == {2: 1}  # the number counts as a title hit
    assert meta["kinds"] == ["Tin bài", "Văn bản"]  # Vietnamese order
    assert meta["table"][6:8] == [1, 2018]  # page 2: Văn bản, 2018
    assert texts[2]["number"] == "02-ĐA/TU" and texts[2]["text"].startswith("Về công tác")
    assert "kheo" in json.loads((tmp_path / "chi-muc" / meta["build"] / "tu.json").read_text())


def test_title_hits_are_capped_and_count_without_the_text(tmp_path):
    builder = IndexBuilder(tmp_path)
    builder.add(0, _record(0, "Hòa giải, hòa giải, hòa giải, hòa giải", "Ở cơ sở."))
    builder.add(1, _record(1, "Cơ sở", "Hòa giải ở cơ sở."))
    builder.write()
    _, postings, _ = _read(tmp_path)
    assert postings["hoa giai"] == {0: 3, 1: 1 * 4}  # title only: hits, at most 3
    assert postings["co so"] == {0: 1 * 4, 1: 1 * 4 + 1}


def test_builders_filled_apart_and_merged_write_the_same_index(tmp_path):
    """What the parallel build relies on: pages split over processes (here: pickled
    builders) give byte for byte the index of one builder."""
    pages = [_record(n, f"Bài {n} dân vận", f"Nội dung {n} về đối thoại và dân chủ.")
             for n in range(6)]
    whole = IndexBuilder(tmp_path / "a")
    for n, page in enumerate(pages):
        whole.add(n, page)
    whole.write()
    first, second = IndexBuilder(tmp_path / "b"), IndexBuilder(tmp_path / "b")
    for n, page in enumerate(pages):
        (first if n % 2 == 0 else second).add(n, page)
    first.merge(pickle.loads(pickle.dumps(second)))
    first.write()
    files_a = {p.relative_to(tmp_path / "a"): p.read_bytes()
               for p in (tmp_path / "a").rglob("*") if p.is_file()}
    files_b = {p.relative_to(tmp_path / "b"): p.read_bytes()
               for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert files_a == files_b


def test_rewriting_replaces_the_previous_build_folder(tmp_path):
    builder = IndexBuilder(tmp_path)
    builder.add(0, _record(0, "Một", "một"))
    builder.write()
    old = json.loads((tmp_path / "meta.json").read_text())["build"]
    builder = IndexBuilder(tmp_path)
    builder.add(0, _record(0, "Hai", "hai"))
    builder.write()
    new = json.loads((tmp_path / "meta.json").read_text())["build"]
    assert new != old
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new, "meta.json"])


@pytest.mark.parametrize("word", ["", "2016", "abc"])
def test_plain_ascii_words_have_no_accented_key(word):
    counts, _ = keys(word)
    assert not any(k.startswith("=") for k in counts)


def test_a_site_without_content_pages_gets_an_empty_index(tmp_path):
    figures = IndexBuilder(tmp_path).write()
    meta, postings, texts = _read(tmp_path)
    assert figures["pages"] == 0 and meta["table"] == [] and postings == {} and texts == {}


def test_words_without_latin_letters_get_no_keys():
    counts, length = keys("中文 ω")
    assert length == 2 and not counts


def test_an_unpickled_builder_numbers_new_keys_apart():
    builder = IndexBuilder(Path("unused"))
    builder._extend(["a", "b", "a", "c"], [0, 0, 1, 1], [4, 4, 4, 4])
    again = pickle.loads(pickle.dumps(builder))
    again._extend(["d"], [2], [4])
    assert len(set(again.vocabulary.values())) == 4  # "d" collides with no other key
