// Buttons that need script: the pages carry no inline handlers (Content-Security-Policy: script-src 'self').
(function () {
  document.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-action]") : null;
    if (el && el.getAttribute("data-action") === "print") {
      ev.preventDefault();
      window.print();
    }
  });
  // <details data-open-wide>: open on a wide screen (the catalog's topics), folded on a phone below the documents
  function openWide() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 721px)").matches) return;
    var boxes = document.querySelectorAll("details[data-open-wide]");
    for (var i = 0; i < boxes.length; i++) boxes[i].open = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openWide); else openWide();
})();
