// "Copy" buttons next to citations: copy the citation's plain text. Works from disk too
// (falls back to selecting the text when the clipboard is not available).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var text = target.textContent.replace(/\s+/g, " ").trim();
    // the button's words come from the page, in its language
    var label = button.getAttribute("data-label") || (button.setAttribute("data-label", button.textContent), button.textContent);
    function done() {
      button.textContent = button.getAttribute("data-copied") || "Copied";
      setTimeout(function () { button.textContent = label; }, 2000);
    }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(target);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = button.getAttribute("data-selected") || "Selected: press Ctrl+C";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, select);
    } else {
      select();
    }
  });
})();
