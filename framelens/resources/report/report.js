/* framelens report: article selector, marking the span a table link leads to, and the
   layer switches remembered in the address.
   Everything works without this script (plain #anchors, :target, and the switches are CSS);
   it only adds the selector, the `is-active` mark with focus, opening folded lists for
   printing, and keeping the chosen layers in the address (#layers=label,quote). */
(function () {
  "use strict";
  var select = document.getElementById("article-select");
  var articles = Array.prototype.slice.call(document.querySelectorAll(".article"));

  function show(id) {
    if (!select) { return; }
    articles.forEach(function (a) { a.hidden = id !== "all" && a.id !== id; });
    select.value = id;
  }

  function reveal(target) {
    var article = target.closest(".article");
    if (article && article.hidden) { show(article.id); }
    var details = target.closest("details");
    if (details && !details.open) { details.open = true; }
  }

  function activate(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    reveal(target);
    document.querySelectorAll(".is-active").forEach(function (el) { el.classList.remove("is-active"); });
    var ref = target.getAttribute("data-ref");
    var parts = ref ? document.querySelectorAll('[data-ref="' + CSS.escape(ref) + '"]') : [target];
    Array.prototype.forEach.call(parts, function (el) { el.classList.add("is-active"); });
    target.scrollIntoView({ block: "center" });
    if (typeof target.focus === "function") { target.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) { return; }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var target = document.getElementById(id);
    if (!target) { return; }
    reveal(target);  /* before the browser scrolls, so it scrolls to a visible element */
    window.setTimeout(function () { activate(id); }, 0);
  });

  var layers = Array.prototype.slice.call(document.querySelectorAll("#layers input[data-layer]"));

  /* the layers the address names, or null when it names none (#layers= is "none at all") */
  function chosenLayers() {
    var found = /^#layers=([a-z,]*)$/.exec(location.hash);
    return found ? found[1].split(",") : null;
  }

  function applyLayers() {
    var chosen = chosenLayers();
    if (!chosen) { return false; }
    layers.forEach(function (box) { box.checked = chosen.indexOf(box.getAttribute("data-layer")) >= 0; });
    return true;
  }

  layers.forEach(function (box) {
    box.addEventListener("change", function () {
      var on = layers.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute("data-layer"); });
      /* replaceState: no history entry per click, and no hashchange (which would scroll) */
      history.replaceState(null, "", "#layers=" + on.join(","));
    });
  });

  window.addEventListener("hashchange", function () {
    if (!applyLayers()) { activate(decodeURIComponent(location.hash.slice(1))); }
  });

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    if (select) { show("all"); }
  });

  if (select) {
    select.addEventListener("change", function () { show(select.value); });
    show(select.value);
  }
  if (location.hash && !applyLayers()) { activate(decodeURIComponent(location.hash.slice(1))); }
}());
