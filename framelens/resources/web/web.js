// framelens web UI: the only script: "/" focuses the search box, and a hovered actor
// mark highlights every mention of the same actor in the article.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box) {
    event.preventDefault();
    box.focus();
  }
});
document.addEventListener("mouseover", function (event) {
  var mark = event.target.closest ? event.target.closest("mark[data-actor]") : null;
  document.querySelectorAll("mark.hover").forEach(function (m) { m.classList.remove("hover"); });
  if (!mark) { return; }
  document.querySelectorAll("mark[data-actor]").forEach(function (m) {
    if (m.dataset.actor === mark.dataset.actor) { m.classList.add("hover"); }
  });
});
