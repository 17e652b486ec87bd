(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var onlyFindings = document.getElementById("only-findings");
  function apply() {
    var on = { severity: {}, type: {} };
    boxes.forEach(function (box) { if (box.checked) { on[box.dataset.filter][box.value] = true; } });
    function shown(sev, type) { return !!on.severity[sev] && !!on.type[type]; }
    document.querySelectorAll("[data-finding-item]").forEach(function (el) {
      el.hidden = !shown(el.dataset.severity, el.dataset.type);
    });
    document.querySelectorAll("mark[data-severity]").forEach(function (el) {
      el.classList.toggle("off", !shown(el.dataset.severity, el.dataset.type));
    });
    document.querySelectorAll("tr[data-row]").forEach(function (row) {
      var keys = row.dataset.findings ? row.dataset.findings.split(" ") : [];
      if (!keys.length) { row.hidden = onlyFindings.checked; return; }
      row.hidden = !keys.some(function (key) { var p = key.split(":"); return shown(p[0], p[1]); });
    });
  }
  boxes.concat([onlyFindings]).forEach(function (box) { box.addEventListener("change", apply); });
  apply();
})();
