// The inbox: a « tick every dossier of the page » box (hidden without this script, where each
// dossier is ticked on its own).
(function () {
  "use strict";
  // A row's « Synthèse », opened: its findings are fetched once and put in place of the link.
  document.querySelectorAll("details [data-summary]").forEach(function (box) {
    var details = box.closest("details");
    details.addEventListener("toggle", function () {
      if (!details.open || box.getAttribute("data-loaded") || !window.fetch) { return; }
      box.setAttribute("data-loaded", "1");
      fetch(box.getAttribute("data-summary"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var list = doc.querySelector("[data-summary-list]");
          if (list) { box.replaceChildren(list); }
        })
        .catch(function () { box.removeAttribute("data-loaded"); });
    });
  });
  var all = document.querySelector("[data-select-all]");
  if (!all) { return; }
  all.hidden = false;
  var boxes = document.querySelectorAll('input[name="ids"][form="bulk-form"]');
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
})();
