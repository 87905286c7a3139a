/* The search box and the results page, over the site's own index (search-index.js, written
 * by scripts/danvan/search_index.py).
 *
 * - Words match without their marks, and đ matches d: "dan van kheo" finds "Dân vận khéo".
 *   NFC and NFD queries, and either tone placement ("hoà"/"hòa"), are the same query.
 * - Typed with marks, a query ranks first the pages whose words carry exactly those marks
 *   ("đường" before "dương").
 * - A document number typed loosely ("02 DA TU", "02/DA-TU") finds that document first.
 * - Header box: results as you type, arrow keys, Enter, Escape, "/" or "s" to focus.
 * - /tim-kiem/?q=…: the full, linkable results page, with type and year filters.
 */

import { openIndex, words } from "./search-index.js";

const ROOT = new URL("../../", import.meta.url);
const DROPDOWN = 8;
const FAILED = "Chưa tải được dữ liệu tìm kiếm. Hãy thử lại sau giây lát.";
const PAGE = 20;

/** Every match of ``query`` (with the filters chosen), best first. */
async function find(query, filters = {}) {
  const index = await openIndex();
  return index.search(query, filters);
}

/** The pages of some results, with their excerpts. */
async function load(results) {
  const index = await openIndex();
  return Promise.all(results.map((r) => index.page(r)));
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
  const meta = [data.kind, data.number, data.date].filter(Boolean).join(" · ");
  const excerpt = el("span", { class: "dv-result__excerpt" });
  excerpt.innerHTML = data.excerpt; // escaped text with <mark> only (search-index.js)
  const attrs = id ? { id, role: "option", "aria-selected": "false", tabindex: "-1" } : {};
  const link = el("a", { href: data.url, class: "dv-result", ...attrs },
    el("span", { class: "dv-result__meta" }, meta),
    el("span", { class: "dv-result__title" }, data.title || data.url),
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
  // Closed by the reader (Escape, a click elsewhere): a search still waiting for its turn
  // (the 120 ms after a key, or its files) fills the list but leaves the panel closed; typing
  // or ArrowDown opens it again.
  let dismissed = false;

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
    if (!dismissed) open(true);
    status.textContent = "Đang tìm…";
    let results, shown;
    try {
      results = await find(query);
      shown = await load(results.slice(0, DROPDOWN));
    } catch (error) {
      if (mine === ticket) status.textContent = FAILED;
      throw error;
    }
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
    dismissed = false;
    delete form.dataset.query;
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", () => openIndex());
  // An empty box: the button opens it (on phones it is folded) instead of submitting.
  form.querySelector("button[type=submit]").addEventListener("click", (event) => {
    if (!input.value.trim()) {
      event.preventDefault();
      input.focus();
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); dismissed = false; open(true); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") {
      // Closes the list and keeps the query (ArrowDown shows the list again). Left to the
      // browser, Escape in a search box empties it, and 120 ms later the search of the
      // empty box empties the list: an ArrowDown and Enter just after would open a stale
      // result, a little later nothing. With the list closed, Escape empties the box.
      if (!panel.hidden) event.preventDefault();
      dismissed = true;
      open(false);
      highlight(-1);
    }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      options()[active].click();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) { dismissed = true; open(false); }
  });
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

  let available;
  try {
    available = (await openIndex()).filters();
  } catch (error) {
    status.textContent = FAILED;
    throw error;
  }
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
  let results;
  try {
    results = await find(query, filters);
  } catch (error) {
    status.textContent = FAILED;
    throw error;
  }
  let shown = 0;
  async function more() {
    const batch = await load(results.slice(shown, shown + PAGE));
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
