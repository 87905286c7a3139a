/* Progressive enhancement only: every page works without this file.
   - print buttons on articles;
   - filters and column sorting of tables (the document registry, the tracking pages). */
(function () {
  "use strict";

  document.querySelectorAll("[data-dv-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A table with a filter form (data-dv-filter="<table id>"): each select filters the rows
  // by the data attribute of its name; headers with data-sort sort the rows. Used by the
  // document registry and the tracking pages (units of a target).
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  document.querySelectorAll("form[data-dv-filter]").forEach(function (form) {
    var table = document.getElementById(form.dataset.dvFilter);
    if (table && table.tBodies && table.tBodies.length) filterable(form, table);
  });

  function filterable(form, table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".dv-filter__count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var noun = form.dataset.dvNoun || "mục";

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) { return !s.value || row.dataset[s.name] === s.value; });
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "Đang hiển thị " + shown + "/" + rows.length + " " + noun;
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.dataset.sort) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dv-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
          if (c.dataset.sort) c.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var value = function (row) {
          var cell = row.cells[index];
          return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var r = collator.compare(value(a), value(b));
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });
  }
})();

// A table wider than a phone scrolls sideways in its wrapper (Material adds the wrapper):
// the wrapper takes the keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1).
window.addEventListener("load", function () {
  document.querySelectorAll(".md-typeset__scrollwrap, .dv-chart--scroll").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", wrap.tagName === "FIGURE" ? "Biểu đồ, cuộn ngang để xem hết"
                                                                : "Bảng, cuộn ngang để xem hết");
    }
  });
});
