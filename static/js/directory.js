// The school directory in the Schools step: suggestions as one types a UAI, a school or a
// commune; picking one fills the add-school form (still editable). Without this script the
// search form opens a page of results with an « Ajouter » button per school.
(function () {
  "use strict";

  var input = document.getElementById("directory-q");
  var list = document.getElementById("directory-options");
  var status = document.getElementById("directory-status");
  var picked = document.getElementById("directory-picked");
  var uaiField = document.getElementById("uai");
  if (!input || !list || !uaiField) { return; }
  var schoolForm = uaiField.form;
  var results = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function span(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  function option(result, index) {
    var li = document.createElement("li");
    li.id = "directory-option-" + index;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.appendChild(span("option-title", result.name));
    li.appendChild(span("option-detail", result.detail));
    li.appendChild(span("option-figures", result.figures));
    result.flags.forEach(function (flag) { li.appendChild(span("option-flag flag-" + flag.severity, flag.text)); });
    li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
    return li;
  }

  function show(data) {
    results = data.results;
    list.textContent = "";
    results.forEach(function (result, index) { list.appendChild(option(result, index)); });
    status.textContent = data.message;
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    active = -1;
  }

  function ask() {
    var query = input.value.trim();
    if (query.length < 2) { close(); status.textContent = ""; return; }
    var ticket = ++asked;
    fetch(input.getAttribute("data-directory-search") + "&q=" + encodeURIComponent(query), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && ticket === asked) { show(data); } })
      .catch(function () {});
  }

  function setField(name, value) {
    var field = schoolForm.elements.namedItem(name);
    if (!field) { return; }
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function pick(index) {
    var result = results[index];
    if (!result) { return; }
    Object.keys(result.fields).forEach(function (name) { setField(name, result.fields[name]); });
    schoolForm.setAttribute("action", input.getAttribute("data-directory-add"));
    picked.textContent = result.picked;
    picked.hidden = false;
    close();
    input.value = "";
    var name = schoolForm.elements.namedItem("name");
    if (name) { name.focus(); }
  }

  function move(step) {
    if (!results.length) { return; }
    if (active >= 0) { list.children[active].setAttribute("aria-selected", "false"); }
    active = (active + step + results.length) % results.length;
    var li = list.children[active];
    li.setAttribute("aria-selected", "true");
    li.scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", li.id);
  }

  // A picked school's form came back with errors: sent again, it still goes where the
  // directory's circonscription and source note are kept.
  if (input.hasAttribute("data-directory-repost")) {
    schoolForm.setAttribute("action", input.getAttribute("data-directory-add"));
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 200); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { ask(); } else { move(1); } }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Enter" && active >= 0 && !list.hidden) { event.preventDefault(); pick(active); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
