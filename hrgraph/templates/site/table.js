// hrgraph answer tables: columns the reader can hide (a checkbox each) and sort (a click on a
// column's name; again for the reverse order). A group of versions (one <tbody>) moves as a whole.
(function () {
  "use strict";
  document.querySelectorAll("table.answer").forEach(function (table) {
    var tools = table.parentNode.previousElementSibling;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var choices = tools.querySelector(".column-choices");
    var style = document.createElement("style");
    document.head.appendChild(style);
    var hidden = new Set();

    function restyle() {
      style.textContent = Array.from(hidden, function (col) {
        return "table.answer [data-col=\"" + col + "\"] { display: none; }";
      }).join("\n");
    }
    headers.forEach(function (th) {
      var col = th.getAttribute("data-col");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-col", "choice-" + col);
      box.addEventListener("change", function () {
        if (box.checked) { hidden.delete(col); } else { hidden.add(col); }
        restyle();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + th.textContent));
      choices.appendChild(label);

      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var groups = Array.prototype.slice.call(table.tBodies);
        var key = function (group) {
          var cell = group.querySelector("td[data-col=\"" + col + "\"]");
          return cell ? cell.textContent.trim() : "";
        };
        groups.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === "" || y === "") { return (x === "") - (y === ""); }  // empty cells last
          var order = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
          return ascending ? order : -order;
        });
        groups.forEach(function (group) { table.appendChild(group); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
    });
    tools.hidden = false;
  });
})();
