/* indpol views: facts tables (filter, sort, more), document switching, the mark panel, links.
   Data is read with JSON.parse from <script type="application/json"> and written with textContent only. */
(function () {
  "use strict";
  var PAGE = 200;
  var LABELS = { figure: "figure", stage: "stage", act: "act", entity: "entity", date: "date" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("ru-RU") : String(v);
    return String(v);
  }
  function byId(root, id) {
    return root.querySelector('[id="' + String(id).replace(/["\\]/g, "") + '"]');
  }
  function flash(node) {
    if (!node) return;
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }

  function Table(root, spec, docs, box) {
    var t = this;
    t.spec = spec; t.docs = docs; t.rows = spec.rows; t.order = null; t.col = -1; t.dir = 1; t.shown = PAGE;
    t.index = null;
    box.appendChild(el("h3", null, spec.title + " (" + spec.rows.length + ")"));
    var tools = el("div", "tools");
    t.input = el("input", "filter");
    t.input.type = "search";
    t.input.placeholder = "Filter " + spec.title.toLowerCase() + "…";
    t.input.setAttribute("aria-label", "Filter " + spec.title);
    t.count = el("span", "count");
    tools.appendChild(t.input); tools.appendChild(t.count);
    box.appendChild(tools);
    var table = el("table", "data");
    var head = el("tr");
    spec.columns.forEach(function (c, i) {
      var th = el("th", null, c[0]);
      th.addEventListener("click", function () { t.sort(i, th); });
      head.appendChild(th);
    });
    head.appendChild(el("th", null, "Evidence"));
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    t.heads = head.children;
    t.body = el("tbody"); table.appendChild(t.body);
    box.appendChild(table);
    t.more = el("button", "more", "Show more");
    t.more.type = "button";
    t.more.addEventListener("click", function () { t.shown += PAGE; t.render(); });
    box.appendChild(t.more);
    t.input.addEventListener("input", function () { t.shown = PAGE; t.filter(); });
    t.filter();
  }
  Table.prototype.text = function (row) {
    if (!row._hay) {
      row._hay = (this.docs[row[0]][0] + " " + row.slice(1, row.length - 2).map(fmt).join(" ")).toLowerCase();
    }
    return row._hay;
  };
  Table.prototype.filter = function () {
    var words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean), t = this;
    var all = this.order || this.rows.map(function (_, i) { return i; });
    this.visible = words.length ? all.filter(function (i) {
      var hay = t.text(t.rows[i]);
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }) : all;
    this.render();
  };
  Table.prototype.sort = function (col, th) {
    var rows = this.rows;
    this.dir = this.col === col ? -this.dir : 1;
    this.col = col;
    var dir = this.dir, docs = this.docs;
    var key = function (r) { return col === 0 ? docs[r[0]][0] : r[col]; };
    this.order = rows.map(function (_, i) { return i; }).sort(function (a, b) {
      var x = key(rows[a]), y = key(rows[b]);
      if (x === y) return a - b;
      if (x === null || x === undefined || x === "") return 1;
      if (y === null || y === undefined || y === "") return -1;
      if (typeof x === "number" && typeof y === "number") return dir * (x - y);
      return dir * String(x).localeCompare(String(y), "ru");
    });
    Array.prototype.forEach.call(this.heads, function (h) { h.classList.remove("asc", "desc"); });
    th.classList.add(dir > 0 ? "asc" : "desc");
    this.filter();
  };
  Table.prototype.render = function () {
    var t = this, frag = document.createDocumentFragment();
    t.visible.slice(0, t.shown).forEach(function (i) {
      var row = t.rows[i], n = row.length, tr = el("tr");
      tr.id = "row-" + row[n - 2];
      t.spec.columns.forEach(function (c, k) {
        var value = k === 0 ? t.docs[row[0]][0] : row[k];
        tr.appendChild(el("td", c[1] === "num" ? "num" : null, fmt(value)));
      });
      var td = el("td"), a = el("a", "ev", "evidence");
      var href = t.docs[row[0]][1];
      a.href = (href.charAt(0) === "#" ? "" : href) + "#" + row[n - 1];
      td.appendChild(a); tr.appendChild(td);
      frag.appendChild(tr);
    });
    t.body.textContent = "";
    t.body.appendChild(frag);
    t.count.textContent = "showing " + Math.min(t.shown, t.visible.length) + " of " + t.visible.length +
      (t.visible.length < t.rows.length ? " (filtered from " + t.rows.length + ")" : "");
    t.more.hidden = t.shown >= t.visible.length;
  };
  Table.prototype.find = function (id) {
    if (!this.index) {
      var n = this.rows[0] ? this.rows[0].length : 0, index = {};
      this.rows.forEach(function (r, i) { index[r[n - 2]] = i; });
      this.index = index;
    }
    return this.index[id];
  };
  Table.prototype.reveal = function (i) {
    var pos = this.visible.indexOf(i);
    if (pos < 0) { this.input.value = ""; this.filter(); pos = this.visible.indexOf(i); }
    if (pos >= this.shown) { this.shown = pos + 1; this.render(); }
  };

  function init(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    root.classList.add("js");
    var tables = [];
    var data = root.querySelector("script.facts-data"), box = root.querySelector(".facts-tables");
    if (data && box) {
      var payload = JSON.parse(data.textContent);
      payload.tables.forEach(function (spec) {
        var div = el("div", "ft");
        div.setAttribute("data-table", spec.name);
        box.appendChild(div);
        tables.push(new Table(root, spec, payload.docs, div));
      });
    }
    var docs = root.querySelectorAll(".doc");
    if (docs.length) docs[0].classList.add("current");

    function showDoc(section) {
      Array.prototype.forEach.call(root.querySelectorAll(".doc.current"), function (d) {
        if (d !== section) d.classList.remove("current");
      });
      section.classList.add("current");
    }
    function marksOf(section) {
      if (!section._marks) {
        var s = section.querySelector("script.marks");
        section._marks = s ? JSON.parse(s.textContent) : [];
      }
      return section._marks;
    }
    function panel(section, ids) {
      var aside = section.querySelector("aside.panel");
      if (!aside) return;
      var marks = marksOf(section), holder = section.closest("[data-rows]");
      var rows = holder ? holder.getAttribute("data-rows") : null;
      aside.textContent = "";
      ids.forEach(function (i) {
        var m = marks[i];
        if (!m) return;
        var box = el("div", "fact");
        box.appendChild(el("span", "lg t-" + m[0], LABELS[m[0]] || m[0]));
        if (m[4] !== null && m[4] !== undefined) box.appendChild(el("span", "meta", " page " + m[4]));
        box.appendChild(el("q", null, m[5]));
        var dl = el("dl");
        Object.keys(m[6]).forEach(function (k) {
          var v = m[6][k];
          dl.appendChild(el("dt", null, k));
          dl.appendChild(el("dd", null, typeof v === "object" ? JSON.stringify(v) : fmt(v)));
        });
        dl.appendChild(el("dt", null, "chars"));
        dl.appendChild(el("dd", null, m[2] + "–" + m[3]));
        box.appendChild(dl);
        if (rows !== null) {
          var a = el("a", "row-link", "row in the " + m[0] + " table");
          a.href = rows + "#row-" + m[1];
          box.appendChild(a);
        }
        aside.appendChild(box);
      });
    }
    function markIndex(section, factId) {
      var marks = marksOf(section);
      for (var i = 0; i < marks.length; i++) if (marks[i][1] === factId) return i;
      return -1;
    }
    function go(id) {
      if (!id) return false;
      if (id.indexOf("row-") === 0) {
        var rid = id.slice(4);
        for (var k = 0; k < tables.length; k++) {
          var i = tables[k].find(rid);
          if (i !== undefined) {
            tables[k].reveal(i);
            var tr = byId(root, id);
            if (tr) { tr.scrollIntoView({ block: "center" }); flash(tr); }
            return true;
          }
        }
        return false;
      }
      var target = byId(root, id);
      if (!target) return false;
      var section = target.closest(".doc");
      if (section) showDoc(section);
      var shown = target.classList.contains("an") ? target.nextElementSibling : target;
      while (shown && shown.classList.contains("an")) shown = shown.nextElementSibling;
      (shown || target).scrollIntoView({ block: "center" });
      flash(shown || target);
      if (section && id.indexOf("m-") === 0) {
        var i2 = markIndex(section, id.slice(2));
        if (i2 >= 0) panel(section, [i2]);
      }
      return true;
    }
    root._indpolGo = go;

    root.addEventListener("mouseover", function (e) {
      var h = e.target.closest && e.target.closest(".h");
      if (!h || root.querySelector(".h.sel")) return;
      panel(h.closest(".doc"), h.getAttribute("data-f").split(" ").map(Number));
    });
    root.addEventListener("click", function (e) {
      var h = e.target.closest && e.target.closest(".h");
      if (h) {
        var was = h.classList.contains("sel");
        Array.prototype.forEach.call(root.querySelectorAll(".h.sel"), function (x) { x.classList.remove("sel"); });
        if (!was) h.classList.add("sel");
        panel(h.closest(".doc"), h.getAttribute("data-f").split(" ").map(Number));
        return;
      }
      var a = e.target.closest && e.target.closest("a[href]");
      if (!a) return;
      var href = a.getAttribute("href");
      if (href.charAt(0) !== "#") return;
      if (go(href.slice(1))) {
        e.preventDefault();
        if (root.getAttribute("data-page") && history.pushState) history.pushState(null, "", href);
      }
    });
    if (root.getAttribute("data-page")) {
      window.addEventListener("hashchange", function () { go(location.hash.slice(1)); });
      if (location.hash) go(location.hash.slice(1));
    }
  }

  var roots = document.querySelectorAll(".ipv:not([data-ready])");
  Array.prototype.forEach.call(roots, init);
})();
