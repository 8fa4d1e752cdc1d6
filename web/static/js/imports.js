/* The import page: while the job is queued or running, poll its API (GET /api/imports/{id}/,
 * the session's cookie) every second and move the progress bar; once it has finished, reload
 * the page, which then shows the counts and the errors in the user's language. Without this
 * file the page still shows where the job was when it was opened.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-import-job]");
  if (!root || root.getAttribute("data-finished") === "true") return;
  var bar = root.querySelector("[data-import-progress]");
  var done = root.querySelector("[data-import-done]");
  var total = root.querySelector("[data-import-total]");

  function show(job) {
    bar.max = Math.max(job.total_rows, 1);
    bar.value = Math.min(job.processed_rows, bar.max);
    done.textContent = String(job.processed_rows);
    total.textContent = String(job.total_rows);
  }

  function poll() {
    fetch(root.getAttribute("data-import-job"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (job.status === "done" || job.status === "failed") {
          bar.value = bar.max;
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
