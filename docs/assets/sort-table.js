// Sortable tables (the NAP tracker, profile plan lists): a button in each column heading sorts
// the rows by that column, by the cell's data-value when it has one. A classic script, so it
// also works in the offline edition opened from disk.
(function () {
  "use strict";
  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    return value.trim();
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll("button.wps-sort").forEach(function (button) {
      button.addEventListener("click", function () {
        var column = Number(button.getAttribute("data-column"));
        var heading = button.closest("th");
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(key(a, column), key(b, column));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
