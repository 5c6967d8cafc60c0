// Progressive enhancement: every page works without this script; it makes them live.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  // After a save, focus goes to the first error (the error summary or a conflict panel) or else
  // to the confirmation, so that screen readers announce it; the page stays on the saved item.
  var focusTarget = document.querySelector(".error-summary[data-focus], .conflict[data-focus]") ||
    document.querySelector("[data-focus]");
  if (focusTarget) {
    var anchored = !focusTarget.matches(".error-summary, .conflict") && location.hash.length > 1 &&
      document.getElementById(decodeURIComponent(location.hash.slice(1)));
    focusTarget.focus({ preventScroll: !!anchored });
  }

  // Ask before leaving a form with unsaved changes.
  var dirty = new Set();
  document.querySelectorAll("form[data-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("submit", function () { dirty.delete(form); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) { event.preventDefault(); event.returnValue = ""; }
  });

  // Confirmation of destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Live computation: the server evaluates the form being typed with the rules engine.
  document.querySelectorAll("form[data-preview]").forEach(function (form) {
    var panel = document.getElementById("funding-panel");
    if (!panel) { return; }
    var refresh = debounce(function () {
      fetch(form.getAttribute("data-preview"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { panel.innerHTML = html; } })
        .catch(function () {});
    }, 250);
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
  });

  // UAI checked as it is typed, by the server's rule.
  document.querySelectorAll("input[data-uai-check]").forEach(function (input) {
    var out = document.getElementById("uai-live");
    var check = debounce(function () {
      var value = input.value.trim();
      if (value.length < 8) { out.textContent = ""; out.className = "uai-live"; return; }
      fetch(input.getAttribute("data-uai-check") + "?uai=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { out.textContent = data.message; out.className = "uai-live " + (data.valid ? "ok" : "bad"); })
        .catch(function () {});
    }, 250);
    input.addEventListener("input", check);
  });

  // Autosave of long texts. The button's save waits for an autosave on its way and sends the
  // version it returned: otherwise the user would conflict with their own autosave.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = document.getElementById("autosave-status");
    var timer = null, inflight = null;
    function save() {
      timer = null;
      inflight = fetch(form.getAttribute("data-autosave"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (res.ok && res.data.saved) {
            form.querySelector("input[name=version]").value = res.data.version;
            dirty.delete(form);
          }
          if (status && res.data.message) { status.textContent = res.data.message; }
        })
        .catch(function () {})
        .then(function () { inflight = null; });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      timer = null;
      if (!inflight) { return; }
      event.preventDefault();
      inflight.then(function () { dirty.delete(form); form.submit(); });
    });
  });
})();
