// The inbox: a « tick every dossier of the page » box (hidden without this script, where each
// dossier is ticked on its own).
(function () {
  "use strict";
  var all = document.querySelector("[data-select-all]");
  if (!all) { return; }
  all.hidden = false;
  var boxes = document.querySelectorAll('input[name="ids"][form="bulk-form"]');
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
})();
