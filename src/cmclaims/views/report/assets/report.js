// cmclaims report: hover panel for marks, and a self-check written into the page.
// Runs offline; no library. The self-check records how many rows of each kind
// are marked and every script error, in <output id="selfcheck">, so that a
// headless browser test can read them from the rendered DOM.
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (event) { errors.push(String(event.message)); writeCheck(); });
  var consoleError = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, " "));
    writeCheck();
    return consoleError.apply(console, arguments);
  };

  function distinctIds(kind) {
    var seen = {};
    document.querySelectorAll("mark[data-kind='" + kind + "']").forEach(function (m) { seen[m.getAttribute("data-id")] = true; });
    return Object.keys(seen).length;
  }

  function writeCheck() {
    var out = document.getElementById("selfcheck");
    if (!out) { return; }
    var ok = errors.length === 0;
    ["claim", "figure", "mention"].forEach(function (kind) {
      var expected = out.getAttribute("data-expected-" + kind);
      var found = distinctIds(kind);
      out.setAttribute("data-found-" + kind, String(found));
      if (expected !== null && Number(expected) !== found) { ok = false; }
    });
    out.setAttribute("data-errors", String(errors.length));
    out.setAttribute("data-ok", ok ? "true" : "false");
    out.textContent = errors.join("\n");
  }

  function fieldsTable(mark) {
    var fields = JSON.parse(mark.getAttribute("data-fields"));
    var rows = Object.keys(fields).map(function (name) {
      var value = fields[name] === null ? "—" : String(fields[name]);
      return "<tr><th>" + escapeHtml(name) + "</th><td>" + escapeHtml(value) + "</td></tr>";
    });
    return "<div class='kind'>" + escapeHtml(mark.getAttribute("data-kind")) + "</div><table>" + rows.join("") + "</table>";
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  function marksAt(target) {
    var marks = [];
    for (var node = target; node && node.nodeType === 1; node = node.parentElement) {
      if (node.tagName === "MARK" && node.hasAttribute("data-fields")) { marks.push(node); }
    }
    return marks;
  }

  function setUpHover() {
    var panel = document.getElementById("fields");
    if (!panel) { return; }
    var active = [];
    function show(target, x, y) {
      active.forEach(function (m) { m.classList.remove("active"); });
      active = marksAt(target);
      if (!active.length) { panel.style.display = "none"; return; }
      active.forEach(function (m) { m.classList.add("active"); });
      panel.innerHTML = active.map(fieldsTable).join("");
      panel.style.display = "block";
      var left = Math.min(x + 14, window.innerWidth - panel.offsetWidth - 8);
      var top = y + 16 + panel.offsetHeight > window.innerHeight ? Math.max(8, y - panel.offsetHeight - 12) : y + 16;
      panel.style.left = Math.max(8, left) + "px";
      panel.style.top = top + "px";
    }
    document.addEventListener("mousemove", function (e) { show(e.target, e.clientX, e.clientY); });
    document.addEventListener("focusin", function (e) {
      var box = e.target.getBoundingClientRect();
      show(e.target, box.left, box.bottom);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpHover();
    writeCheck();
  });
})();
