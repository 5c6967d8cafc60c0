// A job's page follows its progress without reloading (without this script, the page refreshes
// itself every three seconds through a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("[data-job-bar]");
  var status = box.querySelector("[data-job-status]");
  var text = box.querySelector("[data-job-text]");
  var ready = box.querySelector("[data-job-ready]");
  var stalled = box.querySelector("[data-job-stalled]");
  function poll() {
    fetch(box.getAttribute("data-job"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        status.textContent = job.status_label;
        text.textContent = job.text;
        if (stalled) { stalled.hidden = !job.stalled; }
        if (job.finished) {
          if (job.file && !ready.querySelector("a")) {
            ready.innerHTML = "";
            var p = document.createElement("p");
            var a = document.createElement("a");
            a.className = "button-primary";
            a.href = job.file;
            a.setAttribute("download", "");
            a.textContent = box.getAttribute("data-download-label") || "Télécharger le fichier";
            p.appendChild(a);
            ready.appendChild(p);
          } else if (!job.file) {
            window.location.reload();
          }
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
