(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("copies");
  var body = table.tBodies[0];
  var shown = document.getElementById("shown");

  function ticked(name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    var out = [];
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { out.push(boxes[i].value); } }
    return out;
  }

  function apply() {
    var worst = ticked("worst"), relation = ticked("relation"), types = ticked("type");
    var rows = body.rows, count = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var keep = worst.indexOf(row.dataset.worst) >= 0 && relation.indexOf(row.dataset.relation) >= 0;
      if (keep && types.length) {
        var has = (row.dataset.types || "").split(" ");
        keep = types.some(function (t) { return has.indexOf(t) >= 0; });
      }
      row.hidden = !keep;
      if (keep) { count++; }
    }
    shown.textContent = count + " of " + rows.length + " shown";
  }

  function sortBy(th) {
    var key = th.dataset.key, numeric = th.dataset.kind === "num";
    var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-sort-" + key), y = b.getAttribute("data-sort-" + key);
      var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      if (d === 0) { return a.dataset.order - b.dataset.order; }
      return dir === "ascending" ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  form.addEventListener("change", apply);
  var buttons = table.querySelectorAll("th[data-key] button");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) { sortBy(event.currentTarget.parentNode); });
  }
  apply();
})();
