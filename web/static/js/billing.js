/* Billing pages: small progressive enhancements; every form works without this file.
 *
 * - button[data-confirm-button]: asks before that button's action (a form with two actions,
 *   e.g. write off / void, asks a different question for each).
 * - [data-steps-editor]: the policy's blank step rows stay hidden until "Add a step" shows one;
 *   ticking "Remove" greys the row out (it is dropped when the form is sent).
 */
(function () {
  "use strict";

  function confirmButtons() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      var message = button && button.getAttribute("data-confirm-button");
      if (message && !window.confirm(message)) event.preventDefault();
    });
  }

  function stepsEditor(root) {
    var add = root.querySelector("[data-add-step]");
    var blanks = Array.prototype.slice.call(root.querySelectorAll("tr[data-blank]"));
    function refresh() {
      add.hidden = false;
      add.disabled = !blanks.some(function (row) { return row.hidden; });
    }
    blanks.forEach(function (row) { row.hidden = true; });
    add.addEventListener("click", function () {
      var next = blanks.filter(function (row) { return row.hidden; })[0];
      if (!next) return;
      next.hidden = false;
      next.querySelector("input").focus();
      refresh();
    });
    root.addEventListener("change", function (event) {
      if (event.target.name && /-DELETE$/.test(event.target.name)) {
        event.target.closest("tr").classList.toggle("is-removed", event.target.checked);
      }
    });
    root.querySelectorAll("input[name$='-DELETE']:checked").forEach(function (box) {
      box.closest("tr").classList.add("is-removed");
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmButtons();
    document.querySelectorAll("[data-steps-editor]").forEach(stepsEditor);
  });
})();
