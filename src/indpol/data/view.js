/* indpol views: facts tables (filter, sort, more), document switching, the mark panel, links.
   Data is read with JSON.parse from <script type="application/json"> or from a split report's data files
   (<script src>, loaded as a table needs them), and written with textContent only. */
(function () {
  "use strict";
  var PAGE = 100;  /* rows a table shows at first and adds at a time */
  var LABELS = { figure: "figure", stage: "stage", act: "act", entity: "entity", date: "date" };
  var TABLE_OF = { figure: "figures", stage: "stages", act: "acts", entity: "entities", date: "entities" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  var NUMBER = new Intl.NumberFormat("ru-RU");
  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? NUMBER.format(v) : String(v);
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

  function cut(text, limit) {
    text = String(text).split(/\s+/).filter(Boolean).join(" ");
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }
  function period(f) {
    var start = f.period_start, end = f.period_end;
    if (!start && !end) return "";
    return start !== end ? (start || "…") + " – " + (end || "…") : String(start);
  }
  /* The reader of a column's cells from rows [doc, page, text, fields, id, anchor], by its source (see
     indpol.view.tables): function (row, docs) → value or null. */
  function getter(column) {
    var source = column[2], limit = column[3], names = source.split("|"), get;
    if (source === ":doc") get = function (row, docs) { return (docs[row[0]] || [""])[0]; };
    else if (source === ":page") get = function (row) { return row[1]; };
    else if (source === ":text") get = function (row) { return row[2]; };
    else if (source === ":period") get = function (row) { return period(row[3]); };
    else {
      get = function (row) {
        for (var i = 0; i < names.length; i++) {
          if (names[i].charAt(0) === "=") return names[i].slice(1);
          var v = row[3][names[i]];
          if (v !== null && v !== undefined && v !== "") return v;
        }
        return null;
      };
    }
    return function (row, docs) {
      var value = get(row, docs);
      if (value === null || value === undefined) return null;
      return limit ? cut(value, limit) : value;
    };
  }

  /* The data files of a split report: each, loaded with a <script src> (no fetch, so file:// works),
     files its rows under its key in window.indpolChunks. */
  var waiting = {}, failed = {};
  function chunks() {
    if (!window.indpolChunks) window.indpolChunks = {};
    return window.indpolChunks;
  }
  function load(base, keys, done) {
    var store = chunks(), missing = keys.filter(function (k) { return !store[k]; }), left = missing.length;
    if (!left) { done(); return; }
    function one() { left -= 1; if (!left) done(); }
    missing.forEach(function (key) {
      if (waiting[key]) { waiting[key].push(one); return; }
      waiting[key] = [one];
      var s = document.createElement("script");
      s.src = base + key + ".js";
      s.onload = s.onerror = function () {
        var calls = waiting[key];
        delete waiting[key];
        if (!store[key]) { store[key] = []; failed[key] = base + key + ".js"; }
        calls.forEach(function (f) { f(); });
      };
      document.head.appendChild(s);
    });
  }

  function Table(root, spec, docs, base, box) {
    var t = this;
    t.spec = spec; t.docs = docs; t.base = base;
    t.rows = spec.rows; t.chunks = spec.chunks || []; t.done = 0;
    t.total = spec.count === undefined ? spec.rows.length : spec.count;
    t.order = null; t.col = -1; t.dir = 1; t.from = 0; t.shown = PAGE; t.index = null; t.visible = [];
    t.getters = spec.columns.map(getter);
    box.appendChild(el("h3", null, spec.title + " (" + t.total + ")"));
    var tools = el("div", "tools");
    t.input = el("input", "filter");
    t.input.type = "search";
    t.input.placeholder = "Filter " + spec.title.toLowerCase() + "…";
    t.input.setAttribute("aria-label", "Filter " + spec.title);
    t.count = el("span", "count");
    tools.appendChild(t.input); tools.appendChild(t.count);
    box.appendChild(tools);
    t.earlier = el("button", "more", "Show earlier");
    t.earlier.type = "button";
    t.earlier.hidden = true;
    t.earlier.addEventListener("click", function () {
      var from = Math.max(0, t.from - PAGE);
      t.shown += t.from - from; t.from = from; t.render();
    });
    box.appendChild(t.earlier);
    var table = el("table", spec.name === "documents" ? "data docs" : "data");
    var head = el("tr");
    spec.columns.forEach(function (c, i) {
      var th = el("th", null, c[0]);
      th.addEventListener("click", function () { t.sort(i, th); });
      head.appendChild(th);
    });
    t.link = spec.link || ["Evidence", "evidence"];
    head.appendChild(el("th", null, t.link[0]));
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    t.heads = head.children;
    t.body = el("tbody"); table.appendChild(t.body);
    box.appendChild(table);
    t.more = el("button", "more", "Show more");
    t.more.type = "button";
    t.more.addEventListener("click", function () {
      t.shown += PAGE;
      if (t.from + t.shown > t.visible.length && !t.complete()) t.ensure(t.from + t.shown, function () { t.filter(); });
      else t.render();
    });
    box.appendChild(t.more);
    t.input.addEventListener("input", function () { t.from = 0; t.shown = PAGE; t.filter(); });
    t.ensure(PAGE, function () { t.filter(); });
  }
  Table.prototype.complete = function () { return this.done >= this.chunks.length; };
  /* Load data files in order until `n` rows are in (or up to the file `key`), then call `done` (at once
     when nothing is missing). */
  Table.prototype.ensure = function (n, done, key) {
    var t = this, want = [], docs = [], have = t.rows.length, found = !key;
    for (var i = t.done; i < t.chunks.length && (key ? !found : have < n); i++) {
      var c = t.chunks[i];
      want.push(c[0]);
      if (c[2] && docs.indexOf(c[2]) < 0) docs.push(c[2]);  /* the file naming its rows' documents */
      have += c[1];
      if (key) found = c[0] === key;
    }
    if (!found || !want.length) { done(); return; }
    want = want.concat(docs);
    t.loading = true;
    t.status();
    load(t.base, want, function () {
      var store = chunks();
      want.forEach(function (k) {
        if (k.indexOf("documents-") === 0) store[k].forEach(function (r) { t.docs[r[0]] = [r[2], r[3].href]; });
      });
      while (t.done < t.chunks.length && store[t.chunks[t.done][0]]) {
        var rows = store[t.chunks[t.done][0]];
        for (var j = 0; j < rows.length; j++) t.rows.push(rows[j]);
        t.done += 1;
        t.index = null;
      }
      t.loading = false;
      done();
    });
  };
  Table.prototype.cells = function (row) {
    if (!row._c) {
      var docs = this.docs;
      row._c = this.getters.map(function (get) { return get(row, docs); });
    }
    return row._c;
  };
  Table.prototype.text = function (row) {
    if (!row._hay) row._hay = this.cells(row).map(fmt).join(" ").toLowerCase();
    return row._hay;
  };
  Table.prototype.words = function () {
    return this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
  };
  Table.prototype.filter = function () {
    var words = this.words(), t = this;
    if (words.length && !this.complete()) { this.ensure(Infinity, function () { t.filter(); }); return; }
    var all = this.order || this.rows.map(function (_, i) { return i; });
    this.visible = words.length ? all.filter(function (i) {
      var hay = t.text(t.rows[i]);
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }) : all;
    this.render();
  };
  Table.prototype.sort = function (col, th) {
    var t = this;
    if (!this.complete()) { this.ensure(Infinity, function () { t.sort(col, th); }); return; }
    var rows = this.rows;
    this.dir = this.col === col ? -this.dir : 1;
    this.col = col;
    var dir = this.dir;
    var key = function (r) { return t.cells(r)[col]; };
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
    this.from = 0;
    this.filter();
  };
  Table.prototype.render = function () {
    var t = this, frag = document.createDocumentFragment();
    var end = Math.min(t.from + t.shown, t.visible.length);
    t.visible.slice(t.from, end).forEach(function (i) {
      var row = t.rows[i], cells = t.cells(row), tr = el("tr");
      tr.id = "row-" + row[4];
      t.spec.columns.forEach(function (c, k) {
        tr.appendChild(el("td", c[1] === "num" ? "num" : null, fmt(cells[k])));
      });
      if (row[3].status) tr.className = "st-" + row[3].status;
      var td = el("td"), a = el("a", "ev", t.link[1]);
      var href = (t.docs[row[0]] || ["", ""])[1];
      a.href = (href.charAt(0) === "#" ? "" : href) + "#" + row[5];
      td.appendChild(a); tr.appendChild(td);
      frag.appendChild(tr);
    });
    t.body.textContent = "";
    t.body.appendChild(frag);
    t.status();
    t.more.hidden = end >= t.visible.length && t.complete();
    t.earlier.hidden = t.from === 0;
  };
  Table.prototype.status = function () {
    var t = this, n = t.visible.length, end = Math.min(t.from + t.shown, n);
    var text = t.from ? "showing " + (t.from + 1) + "–" + end + " of " + n : "showing " + end + " of " + n;
    if (n < t.rows.length) text += " (filtered from " + t.rows.length + ")";
    if (!t.complete()) text += "; " + (t.total - t.rows.length) + " more rows load as you filter, sort or show more";
    if (t.loading) text += " (loading…)";
    var lost = t.chunks.map(function (c) { return failed[c[0]]; }).filter(Boolean);
    if (lost.length) text += "; could not load " + lost.join(", ");
    t.count.textContent = text;
  };
  Table.prototype.find = function (id) {
    if (!this.index) {
      var index = {};
      this.rows.forEach(function (r, i) { index[r[4]] = i; });
      this.index = index;
    }
    return this.index[id];
  };
  Table.prototype.reveal = function (i) {
    this.filter();
    var pos = this.visible.indexOf(i);
    if (pos < 0) { this.input.value = ""; this.filter(); pos = this.visible.indexOf(i); }
    if (pos >= this.from && pos < this.from + this.shown) return;
    if (this.from === 0 && pos < 5 * PAGE) this.shown = pos + 1;
    else { this.from = Math.max(0, pos - 10); this.shown = PAGE; }
    this.render();
  };

  function init(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    root.classList.add("js");
    var tables = [];
    var data = root.querySelector("script.facts-data"), box = root.querySelector(".facts-tables");
    if (data && box) {
      var payload = JSON.parse(data.textContent), docsBox = root.querySelector(".docs-table");
      var specs = payload.tables.map(function (spec) { return [spec, box]; });
      if (payload.documents && docsBox) specs.unshift([payload.documents, docsBox]);
      specs.forEach(function (pair) {
        var div = el("div", "ft");
        div.setAttribute("data-table", pair[0].name);
        pair[1].appendChild(div);
        tables.push(new Table(root, pair[0], payload.docs, payload.base || "", div));
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
    var filed = null;
    /* A fact's row and the data file it came from ("" when on this page), from the tables here or the data
       files a split report's document page loaded. */
    function record(factId) {
      for (var k = 0; k < tables.length; k++) {
        var i = tables[k].find(factId);
        if (i !== undefined) return [tables[k].rows[i], ""];
      }
      if (!filed) {
        filed = {};
        var store = chunks();
        Object.keys(store).forEach(function (key) {
          if (key.indexOf("directions-") === 0) return;
          store[key].forEach(function (r) { filed[r[4]] = [r, key]; });
        });
      }
      return filed[factId] || null;
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
        var found = record(m[1]), r = found ? found[0] : null;
        var box = el("div", "fact");
        box.appendChild(el("span", "lg t-" + m[0], LABELS[m[0]] || m[0]));
        if (r && r[1] !== null && r[1] !== undefined) box.appendChild(el("span", "meta", " page " + r[1]));
        if (r) box.appendChild(el("q", null, r[2]));
        var dl = el("dl");
        Object.keys(r ? r[3] : {}).forEach(function (k) {
          var v = r[3][k];
          dl.appendChild(el("dt", null, k));
          dl.appendChild(el("dd", null, typeof v === "object" ? JSON.stringify(v) : fmt(v)));
        });
        dl.appendChild(el("dt", null, "chars"));
        dl.appendChild(el("dd", null, m[2] + "–" + m[3]));
        box.appendChild(dl);
        if (rows !== null) {
          var a = el("a", "row-link", "row in the " + TABLE_OF[m[0]] + " table");
          a.href = rows + "#row-" + m[1] + (found && found[1] ? "." + found[1] : "");
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
        /* "row-<fact id>", or "row-<fact id>.<data file>" in a split report: that file is loaded first */
        var dot = id.lastIndexOf("."), rid = dot > 0 ? id.slice(4, dot) : id.slice(4);
        var key = dot > 0 ? id.slice(dot + 1) : "";
        var show = function (t) {
          var i = t.find(rid);
          if (i === undefined) return false;
          t.reveal(i);
          var tr = byId(root, "row-" + rid);
          if (tr) { tr.scrollIntoView({ block: "center" }); flash(tr); }
          return true;
        };
        if (key) {
          var name = key.slice(0, key.lastIndexOf("-"));
          var table = tables.filter(function (t) { return t.spec.name === name; })[0];
          if (!table) return false;
          table.ensure(0, function () { show(table); }, key);
          return true;
        }
        for (var k = 0; k < tables.length; k++) if (show(tables[k])) return true;
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
