// 大字版: toggles html.large-text (site.css) and remembers the choice on this device.
(function () {
  var root = document.documentElement, key = "gongkai-large-text";
  function apply(on) {
    root.classList.toggle("large-text", on);
    var b = document.getElementById("large-text-toggle");
    if (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); b.textContent = on ? "标准字号" : "大字版"; }
  }
  var saved = false;
  try { saved = window.localStorage.getItem(key) === "1"; } catch (e) { /* storage disabled */ }
  apply(saved);
  document.addEventListener("click", function (ev) {
    if (ev.target && ev.target.id === "large-text-toggle") {
      var on = !root.classList.contains("large-text");
      apply(on);
      try { window.localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* ignore */ }
    }
  });
})();
