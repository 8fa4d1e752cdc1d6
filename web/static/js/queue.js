/* The queue's bulk action bar; the page works without this file (the bar then stays visible).
 *
 * - [data-select-all="ids"]: ticks or unticks every row's checkbox.
 * - [data-bulk-bar]: hidden until a row is ticked; [data-bulk-count] says how many.
 * - [data-bulk-for="<action>"]: shown only when that action is chosen.
 */
(function () {
  "use strict";

  function init() {
    var bar = document.querySelector("[data-bulk-bar]");
    if (!bar) return;
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][form="' + bar.id + '"]')
    );
    var all = document.querySelector("[data-select-all]");
    var count = bar.querySelector("[data-bulk-count]");
    var action = bar.querySelector("[data-bulk-action]");

    function refresh() {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      bar.hidden = ticked === 0;
      if (count) count.textContent = ticked ? String(ticked) + " ✓" : "";
      if (all) {
        all.checked = ticked > 0 && ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      }
    }

    function showFields() {
      bar.querySelectorAll("[data-bulk-for]").forEach(function (field) {
        field.hidden = field.getAttribute("data-bulk-for") !== action.value;
      });
    }

    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        refresh();
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    if (action) {
      action.addEventListener("change", showFields);
      showFields();
    }
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
