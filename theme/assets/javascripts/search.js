/* Vietnamese search over the Pagefind index (see scripts/danvan/site/search.py).
 *
 * - Queries are NFC-normalised; Pagefind folds tone marks itself ("hoà" = "hòa").
 * - Pagefind keeps đ apart from d, so every word that starts with d or đ is also searched
 *   in its other form ("dan van kheo" also searches "đan van kheo"); results of the query
 *   as typed come first.
 * - Among the results shown, those whose words carry the accents exactly as typed rank
 *   first ("đường" before "dương" for the query "đường"); the tone's position in the
 *   syllable does not count ("thuỷ" = "thủy").
 * - Header box: results as you type, arrow keys, Enter, Escape, "/" or "s" to focus.
 * - /tim-kiem/?q=…: the full, linkable results page, with type and year filters.
 */

const ROOT = new URL("../../", import.meta.url);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const MAX_VARIANTS = 8;
const DROPDOWN = 8;
const PAGE = 20;

let pagefindPromise = null;

function engine() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("pagefind/pagefind.js", ROOT).href).then(async (pf) => {
      await pf.options({ excerptLength: 28 });
      pf.init();
      return pf;
    });
  }
  return pagefindPromise;
}

/** Lower-case NFC words of a text (letters and digits; punctuation splits). */
export function words(text) {
  return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A word's accents, independent of where the tone mark sits: "hoà" and "hòa" agree. */
export function toneKey(word) {
  const decomposed = word.normalize("NFD").toLowerCase();
  const tones = (decomposed.match(TONES) || []).join("");
  return decomposed.replace(TONES, "").normalize("NFC") + tones;
}

/** The query as typed first, then its d/đ variants (Vietnamese d and đ only start words). */
export function variants(query) {
  let out = [[]];
  for (const word of words(query)) {
    const alternatives = /^[dđ]/.test(word) ? [word, (word[0] === "đ" ? "d" : "đ") + word.slice(1)] : [word];
    out = out.flatMap((prefix) => alternatives.map((w) => [...prefix, w])).slice(0, MAX_VARIANTS);
  }
  return out.map((v) => v.join(" ")).filter(Boolean);
}

/** Pagefind results for a query and its d/đ variants, best first:
 *  1. a document whose number is the query, however typed ("02 DA TU");
 *  2. if the query was typed with marks or đ, matches of the form typed before the others;
 *     typed in plain ASCII, it says nothing about d or đ, so all forms compete on score. */
async function find(query, filters = {}) {
  const pf = await engine();
  const forms = variants(query);
  const accented = /[^\x00-\x7f]/.test(query);
  const key = numberKey(query);
  const byNumber = /[0-9]/.test(key) && /[a-z]/.test(key)
    ? pf.search(null, { filters: { ...filters, so: key } }) : null;
  const [numbered, ...runs] = await Promise.all([byNumber, ...forms.map((f) => pf.search(f, { filters }))]);
  const best = new Map();
  const offer = (result, rank) => {
    const seen = best.get(result.id);
    if (!seen || rank < seen.rank || (rank === seen.rank && result.score > seen.result.score)) {
      best.set(result.id, { result, rank });
    }
  };
  if (numbered) numbered.results.forEach((r) => offer(r, -1));
  runs.forEach((run, form) => run.results.forEach((r) => offer(r, accented ? form : 0)));
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank || b.result.score - a.result.score)
    .map((x) => x.result);
}

/** ASCII key of a document number: "02 DA TU", "02-ĐA/TU", "02/DA-TU" -> "02datu". */
export function numberKey(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
    .toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Load the data of some results and put exact-accent matches first (stable). Only words
 *  typed with marks count: a query typed without them says nothing about accents. */
async function load(results, query) {
  const wanted = words(query).filter((w) => w !== numberKey(w)).map(toneKey);
  const loaded = await Promise.all(results.map((r) => r.data()));
  const exactness = (data) => {
    const keys = new Set(words(`${data.meta.title || ""} ${data.content || ""}`).map(toneKey));
    return wanted.filter((k) => keys.has(k)).length;
  };
  return loaded
    .map((data, index) => ({ data, index, exact: exactness(data) }))
    .sort((a, b) => b.exact - a.exact || a.index - b.index)
    .map((x) => x.data);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

/** One result: type and date, title, excerpt with the matched words highlighted. In the
 *  header's listbox the link itself is the option (an option may not contain a link). */
function renderResult(data, tag, id) {
  const meta = [data.meta.loai, data.meta.number, data.meta.date].filter(Boolean).join(" · ");
  const excerpt = el("span", { class: "dv-result__excerpt" });
  excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: escaped text with <mark> only
  const attrs = id ? { id, role: "option", "aria-selected": "false", tabindex: "-1" } : {};
  const link = el("a", { href: data.url, class: "dv-result", ...attrs },
    el("span", { class: "dv-result__meta" }, meta),
    el("span", { class: "dv-result__title" }, data.meta.title || data.url),
    excerpt);
  return el(tag, id ? { role: "presentation" } : {}, link);
}

function resultsUrl(query) {
  const url = new URL("tim-kiem/", ROOT);
  url.searchParams.set("q", query);
  return url.href;
}

/* --- The header box ----------------------------------------------------------------- */

function setupHeader(form) {
  const input = form.querySelector("input[name=q]");
  const panel = form.querySelector(".dv-search__panel");
  const list = form.querySelector(".dv-search__results");
  const status = form.querySelector(".dv-search__status");
  let active = -1;
  let timer = null;
  let ticket = 0;

  const options = () => [...list.querySelectorAll("[role=option]")];
  const open = (yes) => {
    panel.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
  };
  const highlight = (index) => {
    const all = options();
    active = Math.max(-1, Math.min(index, all.length - 1));
    all.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  async function run() {
    const query = input.value.trim();
    const mine = ++ticket;
    if (words(query).length === 0) {
      list.replaceChildren();
      open(false);
      return;
    }
    open(true);
    status.textContent = "Đang tìm…";
    const results = await find(query);
    const shown = await load(results.slice(0, DROPDOWN + 4), query);
    if (mine !== ticket) return; // a newer query is under way
    list.replaceChildren(...shown.slice(0, DROPDOWN).map((d, i) => renderResult(d, "li", `dv-opt-${i}`)));
    if (results.length > DROPDOWN) {
      const more = el("li", { role: "presentation" },
        el("a", { href: resultsUrl(query), class: "dv-result dv-result--more", id: `dv-opt-${DROPDOWN}`,
                  role: "option", "aria-selected": "false", tabindex: "-1" },
          `Xem tất cả ${results.length} kết quả`));
      list.append(more);
    }
    status.textContent = results.length ? `${results.length} kết quả` : `Không tìm thấy kết quả cho “${query}”`;
    form.dataset.query = query; // the query these results answer (tests wait on it)
    highlight(-1);
  }

  input.addEventListener("input", () => {
    delete form.dataset.query;
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", () => engine());
  // An empty box: the button opens it (on phones it is folded) instead of submitting.
  form.querySelector("button[type=submit]").addEventListener("click", (event) => {
    if (!input.value.trim()) {
      event.preventDefault();
      input.focus();
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); open(true); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { open(false); highlight(-1); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      options()[active].click();
    }
  });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) open(false); });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      input.focus();
    }
  });
}

/* --- The results page ---------------------------------------------------------------- */

async function setupPage(form) {
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") || "").normalize("NFC");
  const chosen = { loai: params.get("loai") || "", nam: params.get("nam") || "" };
  const status = document.querySelector(".dv-search-page__status");
  const list = document.querySelector(".dv-search-page__results");
  form.q.value = query;

  const pf = await engine();
  const available = await pf.filters();
  for (const name of ["loai", "nam"]) {
    const select = form[name];
    const values = Object.keys(available[name] || {});
    values.sort((a, b) => (name === "nam" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
    for (const value of values) select.append(el("option", { value }, value));
    select.value = chosen[name];
    select.addEventListener("change", () => form.submit());
  }
  form.querySelector(".dv-search-page__filters").hidden = false;
  if (!query) return;

  status.textContent = "Đang tìm…";
  const filters = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v));
  const results = await find(query, filters);
  let shown = 0;
  async function more() {
    const batch = await load(results.slice(shown, shown + PAGE), query);
    shown += batch.length;
    list.append(...batch.map((d) => renderResult(d, "li")));
    button.hidden = shown >= results.length;
    form.dataset.shown = String(shown); // how many results are on the page (tests wait on it)
  }
  const button = el("button", { type: "button", class: "md-button dv-search-page__more" }, "Xem thêm kết quả");
  button.addEventListener("click", more);
  list.after(button);
  await more();
  status.textContent = results.length
    ? `${results.length} kết quả cho “${query}”`
    : `Không tìm thấy kết quả cho “${query}”. Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.`;
}

const header = document.querySelector("[data-dv-search]");
if (header) setupHeader(header);
const page = document.querySelector("[data-dv-search-page]");
if (page) setupPage(page);
