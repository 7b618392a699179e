// World maps usable by touch (WCAG 2.2 target size, 24 by 24 CSS pixels): a country drawn
// smaller than that at the map's present size is no pointer target (a tap there would as
// likely hit its neighbour); it stays on the map, in the keyboard order and in the table
// beside the map, where a box finds any country by name. Measured again when the size
// changes. A classic script, so it also works in the offline edition opened from disk.
(function () {
  "use strict";
  var MINIMUM = 24;
  var maps = document.querySelectorAll("figure.wm");
  if (!maps.length && !document.querySelector(".wps-find")) return;

  function measure() {
    maps.forEach(function (map) {
      map.querySelectorAll("a.wm-a").forEach(function (link) {
        var box = link.getBoundingClientRect();
        if (!box.width && !box.height) return; // not laid out (a closed section)
        link.classList.toggle("wm-small", box.width < MINIMUM || box.height < MINIMUM);
      });
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(measure, 150);
  });
  measure();

  // the same folding as the explore page's search: accents and case do not matter
  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase().trim();
  }
  document.querySelectorAll(".wps-find").forEach(function (box) {
    var input = box.querySelector("input");
    var table = box.parentNode.querySelector("table");
    if (!input || !table) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = words !== "" && fold(row.cells[0].textContent).indexOf(words) < 0;
      });
    });
  });
})();
