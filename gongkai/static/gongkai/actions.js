// Buttons that need script: the pages carry no inline handlers (Content-Security-Policy: script-src 'self').
(function () {
  document.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-action]") : null;
    if (el && el.getAttribute("data-action") === "print") {
      ev.preventDefault();
      window.print();
    }
  });
  // The agency switcher: choosing an agency opens the same page for it (the button does it without script).
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.getAttribute && el.getAttribute("data-action") === "navigate" && el.value) {
      window.location.assign(el.value);
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
