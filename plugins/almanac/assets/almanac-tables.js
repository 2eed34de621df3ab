/* Model Almanac: sorting and filtering of the tables of `almanac` blocks.
 *
 * The tables are complete without this script. With it, each column header becomes a sort
 * button (aria-sort says the order) and the filter box above the table appears. It runs when
 * the page loads and again after each of Material's instant page changes (`document$`).
 *
 * Sort rule (the same as `compare_keys` in core/tables/model.py): each cell carries its key in
 * `data-sort`; numeric columns (`data-type="number"` on the header) compare keys as numbers,
 * others as text; an empty key sorts last in both directions; equal keys keep their order.
 */
(function () {
  "use strict";

  /* The order of two sort keys: negative when `a` comes first. */
  function compareKeys(a, b, numeric, descending) {
    if (a === "" || b === "") {
      return (a === "" ? 1 : 0) - (b === "" ? 1 : 0);
    }
    var result;
    if (numeric) {
      var x = parseFloat(a);
      var y = parseFloat(b);
      result = x < y ? -1 : x > y ? 1 : 0;
    } else {
      result = a < b ? -1 : a > b ? 1 : 0;
    }
    return descending ? -result : result;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { compareKeys: compareKeys };
  }
  if (typeof document === "undefined") {
    return;
  }

  function keyOf(row, index) {
    var cell = row.cells[index];
    return cell ? cell.getAttribute("data-sort") || "" : "";
  }

  /* The text of a cell as the reader sees it, without footnote marks. */
  function cellText(cell) {
    var parts = [];
    Array.prototype.forEach.call(cell.childNodes, function (node) {
      if (node.nodeType === 1 && node.classList.contains("almanac-mark")) {
        return;
      }
      parts.push(node.textContent);
    });
    return parts.join("").toLowerCase();
  }

  function sortBy(table, headers, index) {
    var header = headers[index];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var numeric = header.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, n) {
      return { row: row, n: n, key: keyOf(row, index) };
    });
    rows.sort(function (p, q) {
      return compareKeys(p.key, q.key, numeric, descending) || p.n - q.n;
    });
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
    headers.forEach(function (other) {
      other.setAttribute("aria-sort", other === header ? (descending ? "descending" : "ascending") : "none");
    });
  }

  function makeSortable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[scope=col]"));
    headers.forEach(function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "almanac-table__sort";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      if (!header.hasAttribute("aria-sort")) {
        header.setAttribute("aria-sort", "none");
      }
      button.addEventListener("click", function () {
        sortBy(table, headers, index);
      });
    });
  }

  function makeFilterable(root, table) {
    var tools = root.querySelector(".almanac-table__tools");
    var input = tools && tools.querySelector("input[type=search]");
    var count = tools && tools.querySelector(".almanac-table__count");
    if (!input || !table.tBodies[0]) {
      return;
    }
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return { row: row, texts: Array.prototype.map.call(row.cells, cellText) };
    });
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (item) {
        var match =
          !query ||
          item.texts.some(function (text) {
            return text.indexOf(query) !== -1;
          });
        item.row.hidden = !match;
        shown += match ? 1 : 0;
      });
      if (count) {
        count.textContent = shown + " of " + rows.length + " rows";
      }
    });
    tools.hidden = false;
  }

  function setUp(scope) {
    var roots = scope.querySelectorAll("[data-almanac-table]:not([data-almanac-ready])");
    Array.prototype.forEach.call(roots, function (root) {
      var table = root.querySelector("table");
      if (!table || !table.tHead) {
        return;
      }
      root.setAttribute("data-almanac-ready", "");
      makeSortable(table);
      makeFilterable(root, table);
    });
  }

  window.almanacTables = { compareKeys: compareKeys, setUp: setUp };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      setUp(document);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
})();
