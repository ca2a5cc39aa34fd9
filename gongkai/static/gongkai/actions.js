// Buttons that need script: the pages carry no inline handlers (Content-Security-Policy: script-src 'self').
(function () {
  document.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-action]") : null;
    if (el && el.getAttribute("data-action") === "print") {
      ev.preventDefault();
      window.print();
    }
  });
})();
