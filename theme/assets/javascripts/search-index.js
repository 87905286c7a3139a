/* Reads the search index written by scripts/danvan/search_index.py (its docstring describes
 * the files). The text rules here (words, fold, toneKey, numberKey, fnv1a) must give what
 * the Python side gives; the browser tests check the two agree.
 *
 * A query is answered from a few small files: one bucket per key (folded words, the pairs
 * they make, accented forms when the query has marks, a document number), then the texts
 * of the results shown, for their excerpts.
 */

const ROOT = new URL("../../", import.meta.url);
const BASE = new URL("tim-kiem/chi-muc/", ROOT);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const PAIR_BOOST = 2;
const TITLE_BONUS = 2.2; // as much as the most a word in the text can weigh (k1 + 1)
const COMPLETIONS = 5;
const EXCERPT_WORDS = 28;

/** Lower-case NFC words of a text (letters and digits; anything else separates). */
export function words(text) {
  return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

/** Lower-case ASCII form, as danvan.text.fold: "Đảng" -> "dang". */
export function fold(word) {
  return word.replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").normalize("NFKD")
    .replace(/\p{M}/gu, "").replace(/[^\x00-\x7f]/g, "").toLowerCase();
}

/** A word's accents wherever its tone mark sits, as danvan.text.tone_key ("hoà" = "hòa"). */
export function toneKey(word) {
  const decomposed = word.toLowerCase().normalize("NFD");
  const tones = (decomposed.match(TONES) || []).join("");
  // Icelandic ð typed for đ is đ (text.nfc in Python maps it the same way).
  return decomposed.replace(TONES, "").normalize("NFC").replace(/ð/g, "đ") + tones;
}

/** Letters and digits of a document number: "02 DA TU", "02-ĐA/TU" -> "02datu". */
export function numberKey(text) {
  return fold(text).replace(/[^a-z0-9]/g, "");
}

function fnv1a(key) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

const cache = new Map();
/** Each file once per page view; a failed fetch is forgotten, so the next query retries. */
function fetchOnce(url, read) {
  if (!cache.has(url)) {
    const promise = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return read(r);
    });
    promise.catch(() => cache.delete(url));
    cache.set(url, promise);
  }
  return cache.get(url);
}
const fetchJson = (url) => fetchOnce(url, (r) => r.json());

/** A bucket file (search_index._bucket): u32 header length, JSON header {w, k}, then the
 *  lists' numbers as little-endian integers of w bytes. Returns {key: numbers}. */
function fetchBucket(url) {
  return fetchOnce(url, async (r) => {
    const buffer = await r.arrayBuffer();
    const length = new DataView(buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    const Numbers = header.w === 2 ? Uint16Array : Uint32Array;
    const body = new Numbers(buffer, 4 + length); // typed arrays are little-endian on the web
    const lists = new Map(); // a Map: a key such as "constructor" is only a key
    for (const [key, [first, pairs]] of Object.entries(header.k)) {
      lists.set(key, body.subarray(first, first + 2 * pairs));
    }
    return lists;
  });
}

let opened = null;
/** The index of this site (meta.json is fetched once per page view). */
export function openIndex() {
  if (!opened) {
    opened = fetchJson(new URL("meta.json", BASE).href).then((meta) => new Index(meta));
    opened.catch(() => { opened = null; }); // retried by the next query
  }
  return opened;
}

class Index {
  constructor(meta) {
    this.meta = meta;
    this.base = new URL(`${meta.build}/`, BASE);
  }

  /** {loai: {label: pages}, nam: {year: pages}} over the whole index. */
  filters() {
    const out = { loai: {}, nam: {} };
    const { table, kinds } = this.meta;
    for (let i = 0; i < table.length; i += 3) {
      if (table[i] < 0) continue;
      const kind = kinds[table[i]];
      out.loai[kind] = (out.loai[kind] || 0) + 1;
      if (table[i + 1]) out.nam[table[i + 1]] = (out.nam[table[i + 1]] || 0) + 1;
    }
    return out;
  }

  async postings(key) {
    const bucket = fnv1a(key) % this.meta.buckets;
    const data = await fetchBucket(new URL(`b/${bucket}.bin`, this.base).href);
    const flat = data.get(key);
    const out = new Map();
    if (!flat) return out;
    // value = count in the text * 4 + hits in the title. BM25's weight of the count, with
    // the page's length (tenths of the mean), plus a fixed bonus for the title.
    const { k1, b, table } = this.meta;
    let page = 0;
    for (let i = 0; i < flat.length; i += 2) {
      page += flat[i];
      const count = flat[i + 1] >> 2;
      const norm = k1 * (1 - b + (b * table[3 * page + 2]) / 10);
      out.set(page, (count * (k1 + 1)) / (count + norm) + (flat[i + 1] & 3 ? TITLE_BONUS : 0));
    }
    return out;
  }

  idf(df) {
    const n = this.meta.pages;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Words of the index starting with ``prefix``, most frequent first. */
  async complete(prefix) {
    const list = await fetchJson(new URL("tu.json", this.base).href);
    const out = [];
    for (const word of list.split(" ")) {
      if (word.startsWith(prefix) && word !== prefix) out.push(word);
      if (out.length >= COMPLETIONS) break;
    }
    return out;
  }

  /** Pages matching every word of ``query``, best first: a document whose number is the
   *  query; then, for a query typed with marks, pages with more words accented exactly as
   *  typed; then BM25 over words and the word pairs of the query. Each result has the
   *  page ``id`` and ``terms``, the folded words to highlight. */
  async search(query, { loai = "", nam = "" } = {}) {
    const typed = words(query);
    const folded = typed.map(fold).filter(Boolean);
    const number = numberKey(query);
    const byNumber = /[0-9]/.test(number) && /[a-z]/.test(number)
      ? this.postings("#" + number) : Promise.resolve(new Map());
    const accented = typed.filter((w) => fold(w) && fold(w) !== w).map((w) => "=" + toneKey(w));
    const pairs = folded.slice(1).map((w, i) => `${folded[i]} ${w}`);
    const [numbered, singles, pairLists, exactLists] = await Promise.all([
      byNumber,
      Promise.all(folded.map((w) => this.postings(w))),
      Promise.all(pairs.map((p) => this.postings(p))),
      Promise.all(accented.map((a) => this.postings(a))),
    ]);
    const terms = [...folded];
    // The last word may still be being typed: if it is no word of the index, complete it
    // from the index's words ("kh" -> "khi", "kho", …).
    const last = folded.length - 1;
    if (last >= 0 && singles[last].size === 0) {
      const completions = await this.complete(folded[last]);
      const lists = await Promise.all(completions.map((w) => this.postings(w)));
      const merged = new Map();
      for (const list of lists) for (const [page, w] of list) merged.set(page, Math.max(w, merged.get(page) || 0));
      singles[last] = merged;
      terms.push(...completions);
    }
    // Every word must match: start from the rarest.
    const order = singles.map((list, i) => i).sort((a, b) => singles[a].size - singles[b].size);
    let candidates = folded.length ? [...singles[order[0]].keys()] : [];
    for (const i of order.slice(1)) candidates = candidates.filter((p) => singles[i].has(p));
    for (const page of numbered.keys()) if (!candidates.includes(page)) candidates.push(page);

    const { table, kinds } = this.meta;
    const kind = loai ? kinds.indexOf(loai) : -1;
    const year = Number(nam) || 0;
    if (loai) candidates = candidates.filter((p) => table[3 * p] === kind);
    if (year) candidates = candidates.filter((p) => table[3 * p + 1] === year);

    const idfs = singles.map((list) => this.idf(list.size || 1));
    const pairIdfs = pairLists.map((list) => this.idf(list.size || 1));
    return candidates.map((page) => {
      let score = 0;
      singles.forEach((list, i) => { score += idfs[i] * (list.get(page) || 0); });
      pairLists.forEach((list, i) => { score += PAIR_BOOST * pairIdfs[i] * (list.get(page) || 0); });
      const exact = exactLists.filter((list) => list.has(page)).length;
      return { id: page, score, exact, numbered: numbered.has(page), terms, pairs };
    }).sort((a, b) => (b.numbered - a.numbered) || (b.exact - a.exact) || (b.score - a.score)
      || (a.id - b.id));
  }

  /** A result's page: url (absolute), title, kind, date, number, and an excerpt (HTML,
   *  escaped, with the matched words in <mark>). */
  async page(result) {
    const data = await fetchJson(new URL(`d/${result.id}.json`, this.base).href);
    const cut = excerpt(data.text, result.terms, result.pairs);
    return { ...data, url: new URL(data.url, ROOT).href, excerpt: cut };
  }
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** About EXCERPT_WORDS words of ``text`` where the most of the query's words are, and
 *  then the most of its word pairs ("dân vận khéo" rather than "văn … dẫn … khéo"). */
export function excerpt(text, terms, pairs = []) {
  const wanted = new Set(terms);
  const wantedPairs = new Set(pairs);
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const folded = tokens.map((t) => fold(t[0].toLowerCase()));
  const hit = folded.map((f) => wanted.has(f));
  let best = 0;
  let bestScore = -1;
  hit.forEach((isHit, i) => {
    if (!isHit) return;
    const start = Math.max(0, i - 4);
    const end = Math.min(tokens.length, start + EXCERPT_WORDS);
    const seen = new Set();
    let paired = 0;
    for (let j = start; j < end; j++) {
      if (hit[j]) seen.add(folded[j]);
      if (j + 1 < end && wantedPairs.has(`${folded[j]} ${folded[j + 1]}`)) paired += 1;
    }
    const score = seen.size * 100 + paired;
    if (score > bestScore) { best = start; bestScore = score; }
  });
  const end = Math.min(tokens.length, best + EXCERPT_WORDS);
  if (!tokens.length) return "";
  let out = best > 0 ? "… " : "";
  let cursor = tokens[best].index;
  for (let j = best; j < end; j++) {
    const t = tokens[j];
    out += escape(text.slice(cursor, t.index));
    out += hit[j] ? `<mark>${escape(t[0])}</mark>` : escape(t[0]);
    cursor = t.index + t[0].length;
  }
  return out + (end < tokens.length ? " …" : "");
}
