// tribrata-extract report: sort the events table by a column, filter its rows. No dependencies.
(function () {
  var table = document.getElementById("events");
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  // The filter lives in the URL hash (#q=text, or #type=patrol from a bar of the summary):
  // Back to this page, a reload or a bookmark shows the same rows.
  var FACETS = ["type", "province", "level", "week", "flag"];
  function matches(row, facet) {
    var values = row.dataset[facet[0]] || "";
    return facet[0] === "flag" ? values.split(" ").indexOf(facet[1]) >= 0 : values === facet[1];
  }
  function apply() {
    var params = new URLSearchParams(location.hash.slice(1));
    var q = params.get("q") || "";
    var facet = null;
    FACETS.forEach(function (k) { if (params.has(k)) facet = [k, params.get(k)]; });
    if (filter.value !== q) filter.value = q;
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = row.textContent.toLowerCase().indexOf(q.toLowerCase()) >= 0 && (!facet || matches(row, facet));
      row.style.display = ok ? "" : "none";
      if (ok) shown += 1;
    });
    var active = document.getElementById("active");
    active.hidden = !q && !facet;
    document.getElementById("shown").textContent = String(shown);
    document.getElementById("facet").textContent = (facet ? facet[0] + " = " + facet[1] : "") +
      (q ? (facet ? ", " : "") + "text \u201c" + q + "\u201d" : "");
    return facet;
  }
  filter.addEventListener("input", function () {
    var params = new URLSearchParams(location.hash.slice(1));
    if (filter.value) params.set("q", filter.value); else params.delete("q");
    history.replaceState(null, "", "#" + params.toString());
    apply();
  });
  window.addEventListener("hashchange", function () {
    if (apply()) document.getElementById("list").scrollIntoView();
  });
  apply();
  function key(row, col) {
    var t = row.cells[col].textContent.trim();
    var n = Number(t);
    return t !== "" && !isNaN(n) ? n : t.toLowerCase();
  }
  function sortBy(th) {
    var col = Number(th.dataset.col);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      return (x < y ? -1 : 1) * (asc ? 1 : -1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(th); });
  });
})();
