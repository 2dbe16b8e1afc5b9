/* framelens report: article selector, and marking the span a table link leads to.
   Everything works without this script (plain #anchors and :target); it only adds the
   selector, the `is-active` mark with focus, and opening folded lists for printing. */
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

  window.addEventListener("hashchange", function () { activate(decodeURIComponent(location.hash.slice(1))); });

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    if (select) { show("all"); }
  });

  if (select) {
    select.addEventListener("change", function () { show(select.value); });
    show(select.value);
  }
  if (location.hash) { activate(decodeURIComponent(location.hash.slice(1))); }
}());
