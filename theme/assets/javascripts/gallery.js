/* The “Dân vận khéo” models gallery, progressive enhancement only: every page works
   without this file (static filter pages; thumbnails link to the large photo).
   - gallery pages: instant filters by field, locality, year and level, and sorting by name
     (Vietnamese collation) or by year; the choice is kept in the address (?linh-vuc=…);
   - model pages: a lightbox for the photos, driven by the keyboard (Enter opens, Escape
     closes and gives the focus back, arrow keys move between photos). */
(function () {
  "use strict";

  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

  // --- Filters -------------------------------------------------------------------------------
  var form = document.querySelector("form[data-dv-filter=gallery]");
  var list = document.querySelector("[data-dv-cards]");
  if (form && list) {
    var cards = Array.prototype.slice.call(list.children);
    var count = form.querySelector(".dv-filter__count");
    var none = document.querySelector("[data-dv-none]");
    var params = { field: "linh-vuc", locality: "dia-ban", year: "nam", level: "cap", sort: "xep" };
    var fromUrl = new URLSearchParams(window.location.search);

    Object.keys(params).forEach(function (name) {
      var wanted = fromUrl.get(params[name]);
      var select = form.elements[name];
      if (wanted && select && Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      })) select.value = wanted;
    });

    var apply = function () {
      var field = form.elements.field.value, locality = form.elements.locality.value;
      var year = form.elements.year.value, level = form.elements.level.value;
      var shown = 0;
      cards.forEach(function (card) {
        var d = card.dataset;
        var ok = (!field || d.field === field) && (!year || d.year === year) &&
                 (!level || d.level === level) &&
                 (!locality || (" " + d.localities + " ").indexOf(" " + locality + " ") >= 0);
        card.hidden = !ok;
        if (ok) shown++;
      });
      var byYear = form.elements.sort.value === "year";
      cards.slice().sort(function (a, b) {
        if (byYear && a.dataset.year !== b.dataset.year) return b.dataset.year - a.dataset.year;
        return collator.compare(a.dataset.name, b.dataset.name);
      }).forEach(function (card) { list.appendChild(card); });
      count.textContent = "Đang hiển thị " + shown + "/" + cards.length + " mô hình";
      if (none) none.hidden = shown > 0;

      var query = new URLSearchParams();
      Object.keys(params).forEach(function (name) {
        var value = form.elements[name].value;
        if (value && !(name === "sort" && value === "name")) query.set(params[name], value);
      });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    };
    form.hidden = false;
    var bar = form.closest("[data-dv-filterbar]");
    if (bar) {  // a disclosure on phones, open on wider screens
      bar.hidden = false;
      bar.open = window.matchMedia("(min-width: 45em)").matches;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  // --- Lightbox ------------------------------------------------------------------------------
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-dv-lightbox]"));
  if (!links.length || typeof HTMLDialogElement !== "function") return;

  var element = function (tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  };
  var dialog, source, img, caption, counter, previous, next, close;
  var current = 0, opener = null;

  // Built on first use: a page that is only read never gets an empty <img>.
  var build = function () {
    dialog = element("dialog", "dv-lightbox", document.body);
    dialog.setAttribute("aria-label", "Xem ảnh phóng to");
    var figure = element("figure", "dv-lightbox__figure", dialog);
    var picture = element("picture", "", figure);
    source = element("source", "", picture);
    source.type = "image/webp";
    img = element("img", "", picture);
    caption = element("figcaption", "dv-lightbox__caption", figure);
    var bar = element("div", "dv-lightbox__bar", dialog);
    counter = element("p", "dv-lightbox__count", bar);
    counter.setAttribute("aria-live", "polite");
    var button = function (label, className) {
      var b = element("button", "dv-lightbox__button " + className, bar);
      b.type = "button";
      b.textContent = label;
      return b;
    };
    previous = button("‹ Ảnh trước", "dv-lightbox__prev");
    next = button("Ảnh sau ›", "dv-lightbox__next");
    close = button("Đóng ✕", "dv-lightbox__close");
    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    // A click on the dark backdrop (the dialog itself, not its content) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    // Escape closes a modal dialog natively; wherever it was closed from, the focus goes
    // back to the thumbnail that opened it. The "close" event is queued, so by the time it
    // runs the reader may already have moved on (focused or opened another photo): then the
    // focus is theirs and is left alone.
    dialog.addEventListener("close", function () {
      if (dialog.open) return;
      var active = document.activeElement;
      if (opener && (!active || active === document.body || dialog.contains(active))) {
        opener.focus();
      }
      opener = null;
    });
  };

  var show = function (index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    source.srcset = link.dataset.webp;
    source.sizes = "100vw";
    img.srcset = link.dataset.jpeg;
    img.sizes = "100vw";
    img.src = link.href;
    img.alt = link.dataset.alt || "";
    caption.textContent = link.dataset.caption || "";
    caption.hidden = !link.dataset.caption;
    counter.textContent = "Ảnh " + (current + 1) + "/" + links.length;
    previous.hidden = next.hidden = links.length < 2;
  };

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      if (!dialog) build();
      opener = link;
      show(index);
      dialog.showModal();
      close.focus();
    });
  });
})();
