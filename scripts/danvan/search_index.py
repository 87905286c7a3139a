"""The search index: Vietnamese-aware, written as small static files a browser fetches.

Readers type without marks ("dan van kheo"), with them, in NFD, or with the tone on either
vowel ("hoà"/"hòa"). Every word is indexed under three kinds of key:

- its folded form (``text.fold``: no tone marks, no vowel marks, đ -> d): "dan";
- the pair it makes with the next word, folded: "dan van". Most Vietnamese words are two
  syllables, and syllables like "dân" or "vận" occur on nearly every page of this site, so a
  query is answered from its pairs, whose page lists are short;
- its accented form, tone position normalised (``text.tone_key``), prefixed "=": a query
  typed with marks ranks the pages with exactly those marks first ("đường" before "dương").

A document's number gets the key "#" + its letters and digits ("#02datu"), so "02 DA TU",
"02-ĐA/TU" and "02/DA-TU" find it.

Per key and page the index keeps one number, not word positions: the count in the text
(summary words count twice) times four, plus the hits in the title (0-3). That is what
keeps a query's download small. The browser scores with BM25 over the text and adds a
fixed bonus for a title hit, so a long document whose title is the query still ranks
first (the idea of BM25F). The keys are spread by an FNV-1a
hash over bucket files, sized so one weighs a few KB; a query fetches one bucket per key.
Excerpts are cut in the browser from the page's text, fetched for the results shown.

Layout, under the site's ``tim-kiem/chi-muc/``:

    meta.json             read first, never cached: the build folder, counts, kinds, and
                          [kind, year, length] of every page (filters need no more
                          requests; length is ten times the page's length over the mean)
    <build>/b/<n>.bin     bucket n: for each key, [page delta, value, page delta, value...]
                          (binary numbers after a JSON header; see _bucket)
    <build>/d/<id>.json   one page: url, title, kind, date, number, text
    <build>/tu.json       folded words, most frequent first (completes the last word typed)

``<build>`` is a hash of the contents, so everything under it can be cached for good.
theme/assets/javascripts/search-index.js reads this layout; the two change together.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import shutil
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import text

FORMAT = 1
INDEX_DIR = "tim-kiem/chi-muc"
_WORD = re.compile(r"\w+")  # and "_" separates too: see words()
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
# A word of the summary counts twice; the title's words are kept apart (see add()).
SUMMARY = 2
K1, B = 1.2, 0.75  # BM25
BUCKET_BYTES = 32_000  # target size of one bucket file before gzip (~8 KB after)
MAX_VOCABULARY = 20_000


@dataclass
class Record:
    """What the index knows of one page; ``text`` is its plain text, NFC."""

    url: str
    title: str
    kind: str  # the label shown: "Tin bài", "Văn bản", ...
    text: str
    summary: str = ""
    date: str = ""  # as shown: "15/8/2016"
    year: int | None = None
    number: str = ""  # a document's số ký hiệu, as written
    # Words that count as the title's without being shown: what the page is (a model is a
    # “Dân vận khéo” model), its unit and field, so a search for those names finds it.
    keywords: str = ""


def number_key(number: str) -> str:
    """"02-ĐA/TU", "02 DA TU", "02/da-tu" -> "02datu"."""
    return _NOT_ALNUM.sub("", text.fold(number))


# Vietnamese has a few thousand syllables: each word's keys are computed once per build.
@lru_cache(maxsize=1 << 17)
def _folded(word: str) -> str:
    return text.fold(word)


@lru_cache(maxsize=1 << 17)
def _accented(word: str) -> str:
    """"=" + the accented form of a word with marks; "" for a word without, or with no
    Latin letter or digit (not searchable at all, see keys())."""
    folded = _folded(word)
    return "=" + text.tone_key(word) if folded and folded != word else ""


def words(value: str) -> list[str]:
    r"""Lower-case words (letters and digits) of an NFC text; punctuation separates them.

    ``\w+`` on the text with "_" made a space rather than ``[^\W_]+``: the same words, a
    third faster."""
    return _WORD.findall(value.lower().replace("_", " "))


def keys(value: str) -> tuple[Counter, int]:
    """The keys of ``value`` with their counts, and its number of words.

    Pairs join neighbouring searchable words (a word with no Latin letter or digit is
    skipped, as search-index.js skips it in a query). Written with map/filter/Counter, so
    the work per word happens in C: this is the hot path of indexing."""
    tokens = words(value)
    folded = list(filter(None, map(_folded, tokens)))
    counts = Counter(folded)
    counts.update(filter(None, map(_accented, tokens)))
    counts.update(map(" ".join, zip(folded, folded[1:])))
    return counts, len(tokens)


def fnv1a(key: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes (search-index.js computes the same)."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


@dataclass(frozen=True)
class Prepared:
    """What indexing a page computes from its record alone: its keys with their values
    (count * 4 + title hits), its length in words and the text file the browser fetches."""

    keys: list[str]
    values: bytes  # uint32, one per key
    length: int
    payload: bytes  # b"" when the file is linked from elsewhere (add_prepared's source)
    digest: str  # SHA-1 of the payload
    kind: str
    year: int | None


def prepare(record: Record) -> Prepared:
    """The page's keys and text file: the costly part of indexing, the same in any build."""
    counts, length = keys(record.text)
    found, size = keys(record.summary)
    length += size * SUMMARY
    for key, count in found.items():
        counts[key] += count * SUMMARY
    title, _ = keys(f"{record.title} {record.keywords}" if record.keywords else record.title)
    if record.number:
        title["#" + number_key(record.number)] += 1
    # One value per key: count * 4 + title hits (0-3). A title hit scores apart from the
    # body, so a long page whose title is the query is not pushed down by its length.
    # The title's keys go first, so their bonus is added to a slice (numpy: this runs
    # for every key of every page).
    merged = dict.fromkeys(title, 0)
    merged.update(counts)
    values = np.fromiter(merged.values(), dtype=np.uint32, count=len(merged)) * 4
    values[:len(title)] += np.minimum(np.fromiter(title.values(), dtype=np.uint32,
                                                  count=len(title)), 3)
    data = {"url": record.url, "title": record.title, "kind": record.kind,
            "date": record.date, "number": record.number,
            "text": " ".join(filter(None, (record.summary, record.text)))}
    payload = _json(data)
    return Prepared(list(merged), values.astype(np.uint32).tobytes(), max(1, length),
                    payload, hashlib.sha1(payload).hexdigest(), record.kind, record.year)


class IndexBuilder:
    """Collects pages (each with an id fixed in advance) and writes the index.

    ``add`` writes the page's text file at once and keeps only (key, page, count) triples in
    flat arrays, so memory grows with the keys, not the text, and adding is C-speed work.
    Builders filled in parallel processes are combined with ``merge`` (they pickle).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.vocabulary: dict[str, int] = {}  # key -> its number in the arrays below
        self._numbers = itertools.count()
        self.key_ids, self.page_ids, self.counts = array("I"), array("I"), array("I")
        self.lengths: dict[int, int] = {}
        self.pages: dict[int, tuple[str, int | None, str]] = {}  # id -> kind, year, digest
        self._made = False  # the folder of page texts

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_numbers"]  # itertools.count does not pickle; merge() renumbers anyway
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._numbers = itertools.count(max(self.vocabulary.values(), default=-1) + 1)

    @property
    def _pages_dir(self) -> Path:
        return self.folder / "_d"  # moved under the build folder by write()

    def _extend(self, keys: list[str], page_ids, counts) -> None:
        # setdefault with a running counter, all in C: a new key gets a fresh number (every
        # call draws one, so numbers have gaps; they only need to be unique).
        self.key_ids.extend(map(self.vocabulary.setdefault, keys, self._numbers))
        self.page_ids.extend(page_ids)
        self.counts.frombytes(counts if isinstance(counts, bytes)
                              else np.asarray(counts, dtype=np.uint32).tobytes())

    def add(self, page_id: int, record: Record) -> None:
        self.add_prepared(page_id, prepare(record))

    def add_prepared(self, page_id: int, page: "Prepared", source: Path | None = None,
                     text: bool = True) -> None:
        """Add a page whose keys ``prepare`` computed, in this build or (kept with the page,
        site/pagecache.py) in an earlier one: the same arrays and the same text file, linked
        from ``source`` (a file holding the payload, never written again) if given, or left
        to the caller (``text`` False: ``link_text``)."""
        self._extend(page.keys, array("I", [page_id]) * len(page.keys), page.values)
        self.lengths[page_id] = page.length
        if text:
            if source is None:
                target = self._text_path(page_id)
                with open(target, "wb") as out:
                    out.write(page.payload)
            else:
                self.link_text(page_id, source)
        self.pages[page_id] = (page.kind, page.year, page.digest)

    def _text_path(self, page_id: int) -> str:
        if not self._made:
            self._pages_dir.mkdir(parents=True, exist_ok=True)  # another process may make it
            self._made = True
        target = f"{self._pages_dir}{os.sep}{page_id}.json"  # a str: thousands a build
        if os.path.lexists(target):  # never write into a file that may be linked elsewhere
            os.unlink(target)
        return target

    def link_text(self, page_id: int, source: str | Path) -> None:
        """The page's text file, linked from a kept one (never written again); threads may
        call this for different pages at once."""
        target = self._text_path(page_id)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def snapshot(self) -> dict:
        """Everything the index holds of its pages, to restore some of them in a later build
        (``restore``)."""
        key_ids = np.frombuffer(self.key_ids, dtype=np.uint32)
        present = np.zeros(int(key_ids.max(initial=0)) + 1, dtype=bool)
        present[key_ids] = True  # one pass, where np.unique would sort millions of postings
        used = set(np.flatnonzero(present).tolist())
        vocabulary = {key: n for key, n in self.vocabulary.items() if n in used}
        return {"vocabulary": vocabulary, "key_ids": self.key_ids.tobytes(),
                "page_ids": self.page_ids.tobytes(), "counts": self.counts.tobytes(),
                "lengths": self.lengths, "pages": self.pages}

    def restore(self, snapshot: dict, ids: dict[int, int]) -> None:
        """Add the pages of an earlier ``snapshot`` whose ids ``ids`` maps (earlier id ->
        this build's id), exactly as they were indexed then (their text files apart)."""
        if not ids:
            return
        page_ids = np.frombuffer(snapshot["page_ids"], dtype=np.uint32)
        table = np.full(max(int(page_ids.max(initial=0)), max(ids)) + 1, -1, dtype=np.int64)
        table[list(ids)] = list(ids.values())
        moved = table[page_ids]
        keep = moved >= 0
        part = IndexBuilder(self.folder)
        part.vocabulary = snapshot["vocabulary"]
        part.key_ids = array("I", np.frombuffer(snapshot["key_ids"], dtype=np.uint32)[keep]
                             .tobytes())
        part.page_ids = array("I", moved[keep].astype(np.uint32).tobytes())
        part.counts = array("I", np.frombuffer(snapshot["counts"], dtype=np.uint32)[keep]
                            .tobytes())
        part.lengths = {ids[old]: n for old, n in snapshot["lengths"].items() if old in ids}
        part.pages = {ids[old]: v for old, v in snapshot["pages"].items() if old in ids}
        self.merge(part)

    def merge(self, other: "IndexBuilder") -> None:
        names = sorted(other.vocabulary, key=other.vocabulary.__getitem__)
        remap = np.zeros(max(other.vocabulary.values(), default=-1) + 1, dtype=np.uint32)
        remap[[other.vocabulary[n] for n in names]] = list(
            map(self.vocabulary.setdefault, names, self._numbers))
        self.key_ids.frombytes(remap[np.frombuffer(other.key_ids, dtype=np.uint32)].tobytes())
        self.page_ids.extend(other.page_ids)
        self.counts.extend(other.counts)
        self.lengths.update(other.lengths)
        self.pages.update(other.pages)

    def _postings(self) -> tuple[list[str], list[int], np.ndarray]:
        """Every key's list: (keys, bounds, flat), where key n's list is
        ``flat[2 * bounds[n]:2 * bounds[n + 1]]`` = [page delta, count, ...], pages ascending."""
        if not self.key_ids:  # a site without content pages
            return [], [0], np.zeros(0, dtype=np.uint32)
        # Sorted as one packed integer per posting (key, page, count), not with lexsort:
        # ten times faster at millions of postings. Keys get dense numbers first, through a
        # table as long as the largest key number (4 bytes per posting: numbers have gaps).
        numbers = np.fromiter(self.vocabulary.values(), dtype=np.int64,
                              count=len(self.vocabulary))
        order = np.argsort(numbers)
        dense = np.zeros(int(numbers.max()) + 1, dtype=np.uint32)
        dense[numbers[order]] = np.arange(len(order), dtype=np.uint32)
        names = list(self.vocabulary)
        page_ids = np.frombuffer(self.page_ids, dtype=np.uint32)
        counts = np.frombuffer(self.counts, dtype=np.uint32)
        page_bits = max(1, int(page_ids.max()).bit_length())
        count_bits = 64 - page_bits - max(1, len(order).bit_length())
        # A count beyond count_max (2^16 at least) is cut there: BM25 saturates long before.
        if count_bits < 16:
            raise ValueError("search index: keys x pages beyond 2^48, too many to pack")
        count_max = (1 << count_bits) - 1
        packed = (dense[np.frombuffer(self.key_ids, dtype=np.uint32)].astype(np.uint64)
                  << np.uint64(page_bits + count_bits))
        packed |= page_ids.astype(np.uint64) << np.uint64(count_bits)
        packed |= np.minimum(counts, min(count_max, 0xFFFFFFFF)).astype(np.uint64)
        packed.sort()
        key_ids = (packed >> np.uint64(page_bits + count_bits)).astype(np.uint32)
        page_ids = ((packed >> np.uint64(count_bits)) & np.uint64((1 << page_bits) - 1)
                    ).astype(np.uint32)
        starts = np.flatnonzero(np.r_[True, key_ids[1:] != key_ids[:-1]])
        # uint32 throughout (memory): a difference across two keys wraps around, but those
        # are exactly the places overwritten by the key's first page.
        deltas = np.diff(page_ids, prepend=np.uint32(0))
        deltas[starts] = page_ids[starts]
        flat = np.empty(2 * len(packed), dtype=np.uint32)
        flat[0::2] = deltas
        flat[1::2] = packed & np.uint64(count_max)
        keys = [names[order[number]] for number in key_ids[starts].tolist()]
        return keys, np.r_[starts, len(packed)].tolist(), flat

    def write(self) -> dict:
        """Write buckets, vocabulary and meta.json; return figures for the build log.

        Postings keep raw (field-weighted) counts; the browser turns them into BM25 weights
        with each page's length, which meta.json carries. Buckets are encoded one at a time
        (a list of Python ints for every posting at once would cost hundreds of MB)."""
        keys, bounds, flat = self._postings()
        sizes = [bounds[n + 1] - bounds[n] for n in range(len(keys))]
        size = sum(map(len, keys)) + 4 * len(keys) + 6 * sum(sizes)
        buckets = 1 << max(3, math.ceil(math.log2(max(1, size / BUCKET_BYTES))))
        members: list[list[int]] = [[] for _ in range(buckets)]
        for n in sorted(range(len(keys)), key=keys.__getitem__):
            members[fnv1a(keys[n]) % buckets].append(n)
        frequency = sorted((n for n, key in enumerate(keys)
                            if key[0] not in "=#" and " " not in key and len(key) > 1),
                           key=lambda n: (-sizes[n], keys[n]))
        vocabulary = " ".join(keys[n] for n in frequency[:MAX_VOCABULARY])

        fresh = self.folder / "_new"
        shutil.rmtree(fresh, ignore_errors=True)
        (fresh / "b").mkdir(parents=True)
        digest = hashlib.sha1()
        for number, group in enumerate(members):
            payload = _bucket(group, keys, bounds, flat)
            (fresh / "b" / f"{number}.bin").write_bytes(payload)
            digest.update(payload)
        payload = _json(vocabulary)
        (fresh / "tu.json").write_bytes(payload)
        digest.update(payload)
        ids = sorted(self.pages)
        for page_id in ids:
            digest.update(self.pages[page_id][2].encode())
        build = digest.hexdigest()[:12]
        for old in self.folder.iterdir():
            if old.is_dir() and old.name not in ("_d", "_new"):
                shutil.rmtree(old)
        target = self.folder / build
        os.replace(fresh, target)
        if self._pages_dir.is_dir():
            os.replace(self._pages_dir, target / "d")

        kinds = sorted({kind for kind, _, _ in self.pages.values()}, key=text.sort_key)
        average = sum(self.lengths.values()) / max(1, len(self.lengths))
        table: list[int] = []
        for page_id in range(max(ids, default=-1) + 1):  # ids are 0..n-1; holes get -1
            kind, year, _ = self.pages.get(page_id, (None, None, ""))
            norm = round(10 * self.lengths.get(page_id, average) / average)
            table += (kinds.index(kind) if kind else -1, year or 0, max(1, norm))
        meta = {"format": FORMAT, "build": build, "pages": len(self.pages),
                "buckets": buckets, "k1": K1, "b": B, "kinds": kinds, "table": table}
        (self.folder / "meta.json").write_bytes(_json(meta))
        return {"pages": len(self.pages), "keys": len(keys), "buckets": buckets}


def _bucket(group: list[int], keys: list[str], bounds: list[int], flat: np.ndarray) -> bytes:
    """One bucket file: a JSON header, then the numbers of its keys' lists, binary.

    Layout: u32 (little-endian) header length; the header, UTF-8 JSON padded with spaces to
    a multiple of 4 bytes, {"w": 2 or 4, "k": {key: [first number, pairs]}}; then every
    list's numbers as little-endian unsigned integers of w bytes. Binary because encoding
    millions of numbers as JSON text was most of the time spent writing the index."""
    parts, index, first = [], {}, 0
    for n in group:
        numbers = flat[2 * bounds[n]:2 * bounds[n + 1]]
        index[keys[n]] = [first, len(numbers) // 2]
        parts.append(numbers)
        first += len(numbers)
    body = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
    width = 2 if not len(body) or int(body.max()) < 1 << 16 else 4
    header = _json({"w": width, "k": index})
    header += b" " * (-(4 + len(header)) % 4)
    data = body.astype("<u2" if width == 2 else "<u4").tobytes()
    return len(header).to_bytes(4, "little") + header + data


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
