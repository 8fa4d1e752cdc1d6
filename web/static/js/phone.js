/* Phone-sized pages (static/css/phone.css); every page works without this file.
 *
 * - table.table, table.steps-editor: each cell gets its column's header as data-label (its value
 *   in a div.cell__value), which the stacked rows of a phone show beside the value (the header
 *   row itself is hidden there); a row's first cell is its title (.cell--title, no label) and a
 *   checkbox cell is .cell--check.
 * - details.fold[data-fold="narrow"]: open on a wide screen (its summary is hidden there), folded
 *   behind its summary on a phone; follows the screen when it turns or is resized.
 */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 640px)");

  function headerLabels(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return [];
    var labels = [];
    Array.prototype.forEach.call(rows[rows.length - 1].cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(text);
    });
    return labels;
  }

  function isCheck(cell) {
    var only = cell.children.length === 1 && cell.children[0];
    return cell.classList.contains("col-check") || (only && only.type === "checkbox");
  }

  // The value in a box of its own, so that the label and the value sit side by side.
  function boxValue(cell) {
    var box = document.createElement("div");
    box.className = "cell__value";
    while (cell.firstChild) box.appendChild(cell.firstChild);
    cell.appendChild(box);
  }

  // The first cell of a row (after a checkbox) is the row's title and has no label.
  function labelCells(table) {
    var labels = headerLabels(table);
    if (!labels.length) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0, titled = false;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var label = labels[column];
          column += cell.colSpan || 1;
          if (cell.hasAttribute("data-label") || cell.colSpan > 1) return;
          if (isCheck(cell)) {
            cell.classList.add("cell--check");
          } else if (!titled || cell.tagName === "TH") {
            titled = true;
            cell.classList.add("cell--title");
          } else if (label) {
            cell.setAttribute("data-label", label);
            boxValue(cell);
          }
        });
      });
    });
  }

  function fitFolds() {
    var folds = document.querySelectorAll("details.fold[data-fold='narrow']");
    Array.prototype.forEach.call(folds, function (fold) { fold.open = !NARROW.matches; });
  }

  function start() {
    var tables = document.querySelectorAll("table.table, table.steps-editor");
    Array.prototype.forEach.call(tables, labelCells);
    fitFolds();
    if (NARROW.addEventListener) NARROW.addEventListener("change", fitFolds);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
