/* newsframes pages: sort a table by a column (click its header), filter its rows (the box above it).
   The page's Content-Security-Policy allows this script by its hash and nothing else; it reads
   the page and adds no text of its own beyond the filter box and its row count. */
(function () {
  "use strict";
  var NUMBER = /^[-+\u2212]?(\d[\d,]*)?(\.\d+)?(e[-+]?\d+)?%?$/i;
  var resets = new Map();

  function key(cell) {
    var text = cell ? cell.textContent.trim() : "";
    var number = /\d/.test(text) && NUMBER.test(text) ? parseFloat(text.replace(/[,%]/g, "").replace("\u2212", "-")) : NaN;
    return { text: text.toLowerCase(), number: number, empty: text === "" };
  }

  function sortBy(table, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keys = rows.map(function (row) { return key(row.cells[header.cellIndex]); });
    var numeric = keys.every(function (k) { return k.empty || !isNaN(k.number); });
    var before = header.getAttribute("aria-sort");
    // Numbers start largest first, text from A; a second click turns the order round.
    var ascending = before ? before === "descending" : !numeric;
    var order = rows.map(function (row, i) { return i; });
    order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (x.empty !== y.empty) return x.empty ? 1 : -1;
      var d = numeric ? x.number - y.number : x.text.localeCompare(y.text);
      return (ascending ? d : -d) || a - b;
    });
    Array.prototype.forEach.call(header.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    order.forEach(function (i) { body.appendChild(rows[i]); });
  }

  function filter(table, box, count) {
    var words = box.value.trim().toLowerCase();
    var rows = table.tBodies[0].rows;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = words !== "" && rows[i].textContent.toLowerCase().indexOf(words) < 0;
      shown += rows[i].hidden ? 0 : 1;
    }
    count.textContent = words ? shown + " of " + rows.length + " rows" : "";
  }

  document.querySelectorAll("table.nf-table").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    var bar = document.createElement("div");
    var box = document.createElement("input");
    var count = document.createElement("span");
    bar.className = "nf-filter";
    box.type = "search";
    box.placeholder = "Filter rows";
    box.setAttribute("aria-label", "Show only the rows of this table that contain");
    count.className = "nf-count";
    bar.appendChild(box);
    bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);
    box.addEventListener("input", function () { filter(table, box, count); });
    resets.set(table, function () { box.value = ""; filter(table, box, count); });
    if (!table.tHead || table.tHead.rows.length !== 1) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
      header.classList.add("nf-sortable");
      header.tabIndex = 0;
      header.title = "Sort by this column";
      header.addEventListener("click", function () { sortBy(table, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, header);
        }
      });
    });
  });

  // A link to evidence in a row the filter hides: clear that filter, so the link lands on the row.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.nf-evidence") : null;
    var target = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    var row = target ? target.closest("tr") : null;
    if (row && row.hidden && resets.has(row.closest("table"))) resets.get(row.closest("table"))();
  });
})();
