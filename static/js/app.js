// Progressive enhancement: every page works without this script; it makes them live.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  // After a save, focus goes to the first error (the error summary or a conflict panel) or else
  // to the confirmation, so that screen readers announce it; the page stays on the saved item.
  // Every page uses this one place: an element marked data-focus takes the focus. When the page
  // was reached at an anchor (#line-3, #school-1), Chromium applies the fragment once the page
  // has loaded and, the anchor not being focusable, clears the focus: it is given again then.
  var focusTarget = document.querySelector(".error-summary[data-focus], .conflict[data-focus]") ||
    document.querySelector("[data-focus]");
  if (focusTarget) {
    var anchored = !focusTarget.matches(".error-summary, .conflict") && location.hash.length > 1 &&
      document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var giveFocus = function () {
      var now = document.activeElement;
      if (now === focusTarget || (now && now !== document.body && now !== document.documentElement)) { return; }
      focusTarget.focus({ preventScroll: !!anchored });
    };
    focusTarget.focus({ preventScroll: !!anchored });
    if (anchored) {
      var again = function () { giveFocus(); window.requestAnimationFrame(giveFocus); setTimeout(giveFocus, 50); };
      if (document.readyState === "complete") { again(); } else { window.addEventListener("load", again); }
    }
  }

  // A table that scrolls inside its region: the region is named (by the table's caption or the
  // heading above it) and takes the focus, so the keyboard scrolls it too.
  function labelScrollRegions() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) { box.removeAttribute("tabindex"); return; }
      if (box.hasAttribute("tabindex")) { return; }
      var caption = box.querySelector("caption");
      var heading = box.closest("section, .card, main").querySelector("h2, h1");
      var name = (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (name) { box.setAttribute("aria-label", name); }
    });
  }
  labelScrollRegions();
  window.addEventListener("resize", debounce(labelScrollRegions, 200));

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

  // A value the live computation could not use (a rate of 150 %): its message beside the field,
  // read with it (aria-describedby), and the field marked invalid until it is corrected.
  function markRefused(form, panel) {
    var refused = {};
    panel.querySelectorAll("[data-field]").forEach(function (item) {
      refused[item.getAttribute("data-field")] = item.getAttribute("data-message");
    });
    form.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (field) {
      var liveId = field.id + "-live";
      var live = document.getElementById(liveId);
      var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (i) { return i && i !== liveId; });
      if (refused[field.id]) {
        if (!live) {
          live = document.createElement("p");
          live.id = liveId;
          live.className = "field-error field-live";
          field.parentNode.insertBefore(live, field);
        }
        live.textContent = refused[field.id];
        ids.push(liveId);
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("data-live-invalid", "");
      } else {
        if (live) { live.parentNode.removeChild(live); }
        if (field.hasAttribute("data-live-invalid")) {
          field.removeAttribute("aria-invalid");
          field.removeAttribute("data-live-invalid");
        }
      }
      if (ids.length) { field.setAttribute("aria-describedby", ids.join(" ")); } else { field.removeAttribute("aria-describedby"); }
    });
  }

  // Live computation: the server evaluates the form being typed with the rules engine.
  document.querySelectorAll("form[data-preview]").forEach(function (form) {
    var panel = document.getElementById("funding-panel");
    if (!panel) { return; }
    var refresh = debounce(function () {
      fetch(form.getAttribute("data-preview"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { panel.innerHTML = html; markRefused(form, panel); } })
        .catch(function () {});
    }, 250);
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
  });

  // A UAI the loaded directory knows: one button fills the school's name, kind, sector and
  // commune with the directory's (a kind or sector the form does not offer is left as it is);
  // the team checks them and saves, and the focus goes to the name it can correct.
  function offerDirectory(form, out, data) {
    var take = document.createElement("button");
    take.type = "button";
    take.className = "button-secondary";
    take.textContent = data.take;
    take.addEventListener("click", function () {
      ["name", "kind", "sector", "commune"].forEach(function (name) {
        var field = form.elements[name], value = data.directory[name];
        if (!field || !value) { return; }
        if (field.tagName === "SELECT" && !field.querySelector('option[value="' + value + '"]')) { return; }
        field.value = value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
      out.textContent = data.taken;
      if (form.elements.name) { form.elements.name.focus(); }
    });
    out.appendChild(document.createTextNode(" "));
    out.appendChild(take);
  }

  // UAI checked as it is typed, by the server's rule.
  document.querySelectorAll("input[data-uai-check]").forEach(function (input) {
    var out = document.getElementById("uai-live");
    var check = debounce(function () {
      var value = input.value.trim();
      if (value.length < 8) { out.textContent = ""; out.className = "uai-live"; return; }
      fetch(input.getAttribute("data-uai-check") + "?uai=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          out.textContent = data.message;
          out.className = "uai-live " + (data.valid ? "ok" : "bad");
          // Marked invalid while the live check refuses it; a mark the server put stays.
          if (!data.valid) {
            input.setAttribute("aria-invalid", "true");
            input.setAttribute("data-live-invalid", "");
          } else if (input.hasAttribute("data-live-invalid")) {
            input.removeAttribute("aria-invalid");
            input.removeAttribute("data-live-invalid");
          }
          if (data.directory) { offerDirectory(input.form, out, data); }
        })
        .catch(function () {});
    }, 250);
    input.addEventListener("input", check);
    // A school being edited: what the directory says of its UAI is offered at once, not only
    // once the UAI is typed again (an empty add form checks nothing).
    if (input.value.trim().length >= 8) { check(); }
  });

  // Autosave of long texts. The button's save waits for an autosave on its way and sends the
  // version it returned: otherwise the user would conflict with their own autosave.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = document.getElementById("autosave-status");
    var timer = null, inflight = null;
    function shownInput(name) { return form.querySelector('input[name="shown-' + name + '"]'); }
    // A text a colleague also changed: their version is shown under this person's, with a choice.
    function showTheirs(c) {
      var field = form.elements[c.field];
      if (!field) { return; }
      var box = document.getElementById("theirs-" + c.field);
      if (!box) {
        box = document.createElement("div");
        box.id = "theirs-" + c.field;
        box.className = "conflict merge-text";
        box.setAttribute("role", "region");
        field.insertAdjacentElement("afterend", box);
      }
      box.textContent = "";
      var title = document.createElement("p");
      title.textContent = form.getAttribute("data-theirs-title").replace("%(who)s", c.who).replace("%(when)s", c.when);
      var text = document.createElement("pre");
      text.className = "merge-theirs";
      text.textContent = c.theirs;
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "button-secondary";
      keep.textContent = form.getAttribute("data-keep-mine");
      keep.addEventListener("click", function () { shownInput(c.field).value = c.theirs; box.remove(); save(); });
      var take = document.createElement("button");
      take.type = "button";
      take.className = "button-secondary";
      take.textContent = form.getAttribute("data-take-theirs");
      take.addEventListener("click", function () { field.value = c.theirs; shownInput(c.field).value = c.theirs; box.remove(); });
      box.append(title, text, keep, take);
    }
    function save() {
      timer = null;
      var data = new FormData(form), sent = {};
      form.querySelectorAll("textarea[name]").forEach(function (t) { sent[t.name] = t.value; });
      inflight = fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          var d = res.data, conflicting = {};
          (d.conflicts || []).forEach(function (c) { conflicting[c.field] = true; showTheirs(c); });
          if (d.stored) {
            // What is stored now becomes what the page shows: a colleague's text replaces an
            // untouched one; this person's saved texts are the new base of the next merge.
            Object.keys(d.stored).forEach(function (name) {
              var field = form.elements[name], shown = shownInput(name);
              if (!field || !shown || conflicting[name]) { return; }
              if (field.value === sent[name]) { field.value = d.stored[name]; shown.value = d.stored[name]; }
            });
            form.querySelector("input[name=version]").value = d.version;
          }
          if (res.ok && d.saved) { dirty.delete(form); }
          if (status && d.message) { status.textContent = d.message; }
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
