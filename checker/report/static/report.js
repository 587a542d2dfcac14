/* claimcheck report: unpack the embedded data, then build DOM only for what is on screen.
   Data is only ever put into the page with textContent / createElement, never as markup. */
(function () {
  "use strict";
  var PRINT_CAP = 500, MAX_MARKS = 40, SIDES_SHOWN = 6, ANSWERS_SHOWN = 12, OVERSCAN = 800;
  var SEVERITIES = ["error", "warning", "info"], STATUSES = ["new", "known", "reconciled"];
  var SEV_RANK = { error: 0, warning: 1, info: 2 };
  var DECISIONS = [["explained", "explained"], ["confirmed", "confirmed error"], ["false_positive", "false positive"]];
  var MODALITY = { reported: "reported", planned: "deal terms / plan", estimate: "estimate", projection: "projection" };
  var BASIS = { explicit: "date in the sentence", article_date: "article date", relative: "relative date, resolved", unknown: "undated" };
  var SVGNS = "http://www.w3.org/2000/svg";
  var SERVE = document.body.dataset.serve === "1";
  var D = null;            // {articles, claims: Table, flags: [objects], stories: [objects], ...}
  var byMeasure = null;    // measure code -> claim indexes (built on first chart)
  var state = defaults();
  var printing = false;
  var flagList = null, claimList = null, claimRows = [];
  var drafts = {};         // flag id -> {decision, note} typed but not sent (a card may scroll out and back)

  function defaults() {
    return { sev: [], st: [], chk: "", m: "", s: "", q: "", open: "", cq: "", cs: "", cd: "asc" };
  }

  // ---------- small DOM helpers ----------
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function button(cls, text, data) {
    var b = el("button", cls, text);
    b.type = "button";
    for (var k in data || {}) b.dataset[k] = data[k];
    return b;
  }
  function svg(tag, attrs, cls) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (cls) e.setAttribute("class", cls);
    return e;
  }
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }  // for bench/
  function words(s) { return String(s || "").replace(/_/g, " "); }
  function breakable(s) { return words(s).replace(/([.:\/])/g, "$1\u200b"); }  // lets long ids wrap at dots
  function qualsText(q) { return String(q || "").split(";").filter(Boolean).map(function (kv) { return kv.replace("=", ": "); }).join("; "); }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
  function minMax(xs) {  // no Math.min.apply: a long list would overflow the call stack
    var lo = Infinity, hi = -Infinity;
    for (var i = 0; i < xs.length; i++) { if (xs[i] < lo) lo = xs[i]; if (xs[i] > hi) hi = xs[i]; }
    return [lo, hi];
  }

  // ---------- data ----------
  function b64bytes(s) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function unpack(id, marks) {  // base64 -> gunzip -> JSON, with the browser's own DecompressionStream
    if (marks) mark(id + "-start");
    var bytes = b64bytes($(id).textContent.trim());
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buf) {
      if (marks) mark(id + "-inflated");
      var data = JSON.parse(new TextDecoder().decode(buf));
      if (marks) mark(id + "-parsed");
      return data;
    });
  }
  // a table sent as columns, some of them codes into a list of values; rows become objects when asked for
  var TYPED = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array };
  function column(c) {  // a column as html.py packed it (see _encode there): an array, or a function of the row
    if (Array.isArray(c)) return c;
    if (c.t === "ragged") {  // lists of integers: offsets into one packed array, sliced when a row is read
      var o = column(c.o), v = column(c.v);
      return function (i) { return Array.from(v.subarray(o[i], o[i + 1])); };
    }
    if (c.t === "words") {
      var rows = null;
      return function (i) {
        if (!rows) rows = c.n ? c.s.split("\u001e") : [];
        return rows[i] ? rows[i].split("\u001f") : [];
      };
    }
    if (c.t === "str") return c.n ? c.s.split("\u001f") : [];
    var bytes = b64bytes(c.b);  // the bytes of a little-endian typed array
    return new TYPED[c.t](bytes.buffer, bytes.byteOffset, bytes.byteLength / TYPED[c.t].BYTES_PER_ELEMENT);
  }
  function Table(t) {
    var self = this;
    this.n = t.n; this.col = {}; this.cache = [];
    t.fields.forEach(function (name, j) {
      var c = column(t.cols[j]);
      self.col[name] = typeof c === "function" ? { f: c, c: null, d: null } : { f: null, c: c, d: t.dicts[String(j)] || null };
    });
  }
  Table.prototype.v = function (name, i) { var x = this.col[name]; return x.f ? x.f(i) : x.d ? x.d[x.c[i]] : x.c[i]; };
  Table.prototype.get = function (i) {
    var o = this.cache[i];
    if (!o) {
      o = { i: i };
      var names = this.names || (this.names = Object.keys(this.col));
      for (var j = 0; j < names.length; j++) o[names[j]] = this.v(names[j], i);
      this.cache[i] = o;
    }
    return o;
  };
  function objects(table) {
    var f = table.fields;
    return table.rows.map(function (r) {
      var o = {};
      for (var i = 0; i < f.length; i++) o[f[i]] = r[i];
      return o;
    });
  }
  function load() {
    return unpack("cc-data", true).then(function (raw) {
      var data = { articles: new Table(raw.articles), claims: new Table(raw.claims), chunks: raw.chunks };
      var F = new Table(raw.flags);
      data.flags = [];
      for (var fi = 0; fi < F.n; fi++) data.flags.push(F.get(fi));
      data.texts = new Array(data.articles.n);
      data.claimFlags = new Array(data.claims.n);  // claim index -> the flags it is in (mostly none)
      data.flags.forEach(function (f) {
        f.answers = [];
        f.claims.forEach(function (ci) { (data.claimFlags[ci] = data.claimFlags[ci] || []).push(f.i); });
      });
      var A = new Table(raw.answers), owner = A.col.flag.c;  // answers: drawn when their flag is
      for (var ai = 0; ai < A.n; ai++) data.flags[owner[ai]].answers.push(ai);
      data.answers = A;
      data.stories = stories(raw, data);
      data.distinct = { check: distinct(data.flags, "check"), measure: distinct(data.flags, "measure") };
      // statuses: the usual three always, others (a changed answer to a decided question) when present
      data.statuses = STATUSES.slice();
      distinct(data.flags, "status").forEach(function (st) { if (data.statuses.indexOf(st) < 0) data.statuses.splice(1, 0, st); });
      mark("cc-model");
      return data;
    });
  }
  function stories(raw, data) {
    // stories in the order an editor works: most errors first; flags inside a story most severe first
    var list = raw.stories ? objects(raw.stories) : [];
    var implicit = { id: "", title: raw.stories ? "Flags outside any story" : "All articles", articles: [], first: null, last: null, terms: [], implicit: true };
    list.forEach(function (s) { s.implicit = false; });
    list.push(implicit);
    list.forEach(function (s, si) { s.i = si; s.flags = []; s.sev = { error: 0, warning: 0, info: 0 }; });
    data.flags.forEach(function (f) {
      var s = f.story >= 0 && f.story < list.length - 1 ? list[f.story] : implicit;
      f.st_ = s;
      s.flags.push(f);
      s.sev[f.severity] = (s.sev[f.severity] || 0) + 1;
    });
    list.forEach(function (s) {
      s.flags.sort(function (x, y) { return (SEV_RANK[x.severity] - SEV_RANK[y.severity]) || x.i - y.i; });
    });
    list = list.filter(function (s) { return !s.implicit || s.flags.length || !raw.stories; });
    list.sort(function (x, y) {
      return (y.sev.error - x.sev.error) || (y.sev.warning - x.sev.warning) || (y.flags.length - x.flags.length) ||
        (x.implicit - y.implicit) || (x.title < y.title ? -1 : x.title > y.title ? 1 : 0);
    });
    data.flagOrder = [];
    list.forEach(function (s) { s.flags.forEach(function (f) { data.flagOrder.push(f); }); });
    data.grouped = !!raw.stories;  // an older report without stories: one list, no story headers
    return list;
  }
  function distinct(flags, key) {
    var seen = {}, out = [];
    flags.forEach(function (f) { if (!seen[f[key]]) { seen[f[key]] = 1; out.push(f[key]); } });
    return out.sort();
  }
  function claim(ci) { return D.claims.get(ci); }
  function article(c) { return c.a >= 0 && c.a < D.articles.n ? D.articles.get(c.a) : { id: "?", source: "" }; }
  function claimIndex(id) {
    if (!D.claimById) {
      D.claimById = new Map();
      var ids = D.claims.col.id.c;
      for (var i = 0; i < ids.length; i++) D.claimById.set(ids[i], i);
    }
    var ci = D.claimById.get(id);
    return ci === undefined ? -1 : ci;
  }

  // ---------- article texts: packed in chunks, each unpacked when one of its articles is needed ----------
  var chunkLoads = [], allLoaded = false;
  function domReady() {
    if (document.readyState !== "loading") return Promise.resolve();
    return new Promise(function (ok) { document.addEventListener("DOMContentLoaded", ok, { once: true }); });
  }
  function chunkOf(ai) {
    var lo = 0, hi = D.chunks.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (D.chunks[mid] <= ai) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function loadChunk(k) {
    if (!chunkLoads[k]) {
      chunkLoads[k] = domReady().then(function () { return unpack("cc-t" + k); }).then(function (texts) {
        for (var i = 0; i < texts.length; i++) D.texts[D.chunks[k] + i] = texts[i];
      });
    }
    return chunkLoads[k];
  }
  function textOf(ai) {
    if (ai < 0 || ai >= D.texts.length) return Promise.resolve("");
    if (D.texts[ai] != null) return Promise.resolve(D.texts[ai]);
    return loadChunk(chunkOf(ai)).then(function () { return D.texts[ai] || ""; });
  }
  function allTexts() {
    if (allLoaded) return Promise.resolve();
    return Promise.all(D.chunks.map(function (_, k) { return loadChunk(k); })).then(function () { allLoaded = true; mark("cc-texts"); });
  }
  function sentence(c) {
    // -> [text, figure start, figure end] (figure offsets relative to the sentence, -1 if not found), or
    // null while the article text it points into is still packed
    if (Array.isArray(c.sent)) {
      var t = D.texts[c.a];
      if (t == null) return null;
      return [t.slice(c.sent[0], c.sent[1]), c.start - c.sent[0], c.end - c.sent[0]];
    }
    var s = c.sent || "", k = c.quote ? s.indexOf(c.quote) : -1;
    return [s, k, k < 0 ? -1 : k + c.quote.length];
  }
  function fmt(x) {  // 12,345.6: thousands separated by hand (toLocaleString's first call costs 15 ms)
    if (x === null || x === undefined) return "";
    var s = String(x);
    if (Math.abs(x) < 10000 || /e/i.test(s)) return s;
    var parts = s.split("."), int = parts[0], out = "";
    while (int.replace("-", "").length > 3) { out = "," + int.slice(-3) + out; int = int.slice(0, -3); }
    return int + out + (parts.length > 1 ? "." + parts[1] : "");
  }
  function interval(c) {
    if (c.low !== null && c.low === c.high) return "";
    var lo = c.low === null ? "−∞" : fmt(c.low), hi = c.high === null ? "∞" : fmt(c.high);
    return (c.li && c.low !== null ? "[" : "(") + lo + ", " + hi + (c.hi && c.high !== null ? "]" : ")");
  }
  function articleLabel(a) { return a.title || a.id; }

  // ---------- URL hash state ----------
  function readHash() {
    var s = defaults(), p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var list = function (k) { return (p.get(k) || "").split(",").filter(Boolean); };
    s.sev = list("sev"); s.st = list("st");
    ["chk", "m", "s", "q", "open", "cq", "cs"].forEach(function (k) { s[k] = p.get(k) || ""; });
    s.cd = p.get("cd") === "desc" ? "desc" : "asc";
    return s;
  }
  function writeHash() {
    var p = new URLSearchParams(), d = defaults();
    if (state.sev.length) p.set("sev", state.sev.join(","));
    if (state.st.length) p.set("st", state.st.join(","));
    ["chk", "m", "s", "q", "open", "cq", "cs"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.cs && state.cd !== d.cd) p.set("cd", state.cd);
    var h = p.toString(), url = location.pathname + location.search + (h ? "#" + h : "");
    if (("#" + h) === location.hash || (!h && !location.hash)) return;
    try { history.replaceState(null, "", url); } catch (e) { location.hash = h; }
  }

  // ---------- flag filtering: one pass over the flags gives the list and every facet's counts ----------
  function flagText(f) {
    if (f.hay === undefined) {
      var parts = [f.id, f.check, f.measure, f.quals, f.summary, f.values.join(" "), f.st_.title, f.st_.id];
      f.claims.forEach(function (ci) {
        var c = claim(ci), a = article(c);
        parts.push(c.id, c.value, c.quote, c.attribution, a.id, a.title, a.source, a.outlet);
      });
      f.hay = parts.join("\n").toLowerCase();
    }
    // the decision changes while the page is open (review server): not cached
    return f.hay + "\n" + [f.decision, f.note, f.by].join("\n").toLowerCase();
  }
  function filterFlags() {
    var q = state.q.trim().toLowerCase(), qw = q ? q.split(/\s+/) : [];
    var counts = { sev: {}, st: {}, chk: {}, m: {}, s: {} }, shown = [];
    var field = { sev: "severity", st: "status", chk: "check", m: "measure" };
    var keys = ["sev", "st", "chk", "m", "s"];
    D.flagOrder.forEach(function (f) {
      var t = {
        sev: !state.sev.length || state.sev.indexOf(f.severity) >= 0,
        st: !state.st.length || state.st.indexOf(f.status) >= 0,
        chk: !state.chk || f.check === state.chk,
        m: !state.m || f.measure === state.m,
        s: !state.s || f.st_.id === state.s
      };
      var misses = 0, miss = "";
      keys.forEach(function (k) { if (!t[k]) { misses++; miss = k; } });
      if (misses > 1) return;
      if (qw.length) {
        var hay = flagText(f);
        if (!qw.every(function (w) { return hay.indexOf(w) >= 0; })) return;
      }
      // facet counts: every other filter applied, so a facet never hides its own alternatives
      keys.forEach(function (k) {
        if (misses && miss !== k) return;
        var v = k === "s" ? f.st_.id : f[field[k]];
        counts[k][v] = (counts[k][v] || 0) + 1;
      });
      if (!misses) shown.push(f);
    });
    return { shown: shown, counts: counts };
  }

  // ---------- filter controls ----------
  function renderChips(box, values, selected, counts, key) {
    box.replaceChildren();
    values.forEach(function (v) {
      var n = counts[v] || 0, lab = el("label", "chip" + (n ? "" : " zero") + " chip-" + v);
      var cb = el("input");
      cb.type = "checkbox"; cb.value = v; cb.checked = selected.indexOf(v) >= 0; cb.dataset.key = key;
      add(lab, cb, el("span", "", v), el("span", "n", n));
      box.appendChild(lab);
    });
  }
  function renderSelect(sel, values, current, counts, allLabel, label) {
    var total = 0;
    values.forEach(function (v) { total += counts[v] || 0; });
    if (sel.options.length !== values.length + 1) {  // built once; later only the counts change
      var frag = document.createDocumentFragment(), o = el("option");
      o.value = ""; frag.appendChild(o);
      values.forEach(function (v) { var opt = el("option"); opt.value = v; frag.appendChild(opt); });
      sel.replaceChildren(frag);
    }
    var texts = [allLabel + " (" + total + ")"].concat(values.map(function (v) {
      return (label ? label(v) : words(v)) + " (" + (counts[v] || 0) + ")";
    }));
    for (var i = 0; i < texts.length; i++) if (sel.options[i].textContent !== texts[i]) sel.options[i].textContent = texts[i];
    sel.value = values.indexOf(current) >= 0 ? current : "";
  }

  // ---------- a virtual list: only the items in and near the scroll box's view are in the DOM ----------
  // Heights are estimated until an item has been drawn once, then measured; the spacers above and
  // below the drawn items stand for the rest, so the scroll bar spans the whole list.
  function VList(box, body, opts) {
    this.box = box; this.body = body; this.o = opts;
    this.measured = new Map(); this.hs = new Float64Array(0); this.pre = null;
    this.els = new Map(); this.n = 0;
    var tag = opts.table ? "tr" : "div";
    this.top = el(tag, "spacer"); this.bottom = el(tag, "spacer");
    if (opts.table) { this.top.appendChild(el("td")).colSpan = opts.table; this.bottom.appendChild(el("td")).colSpan = opts.table; }
    var self = this, queued = false;
    this.scrolled = false;
    this.queue = function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; self.draw(); });
    };
    box.addEventListener("scroll", function () { self.scrolled = true; self.queue(); }, { passive: true });
    window.addEventListener("resize", this.queue);
    this.ro = window.ResizeObserver ? new ResizeObserver(function (entries) {
      var changed = false;
      entries.forEach(function (e) {
        var i = +e.target.dataset.vi;
        if (self.els.get(i) === e.target && self.setHeight(i, e.target.offsetHeight)) changed = true;
      });
      if (changed) self.queue();
    }) : null;
  }
  VList.prototype.setHeight = function (i, h) {
    if (!h || this.hs[i] === h) return false;
    this.hs[i] = h; this.pre = null;
    this.measured.set(this.o.key(i), h);
    return true;
  };
  VList.prototype.sums = function () {
    if (!this.pre) {
      var p = new Float64Array(this.n + 1);
      for (var i = 0; i < this.n; i++) p[i + 1] = p[i] + this.hs[i];
      this.pre = p;
    }
    return this.pre;
  };
  VList.prototype.clear = function () {
    var self = this;
    this.els.forEach(function (e) { if (self.ro) self.ro.unobserve(e); e.remove(); });
    this.els.clear();
  };
  VList.prototype.reset = function (n, keepScroll) {  // new contents (keepScroll: the same list, redrawn)
    this.n = n; this.hs = new Float64Array(n); this.pre = null;
    for (var i = 0; i < n; i++) this.hs[i] = this.measured.get(this.o.key(i)) || this.o.estimate(i);
    this.clear();
    this.body.replaceChildren(this.top, this.bottom);
    if (!keepScroll && this.scrolled) this.box.scrollTop = 0;  // writing it lays the page out: only if moved
    this.draw();
  };
  VList.prototype.draw = function () {
    if (printing) return;
    var n = this.n, pre = this.sums();
    var base = this.body === this.box ? 0
      : this.body.getBoundingClientRect().top - this.box.getBoundingClientRect().top + this.box.scrollTop;
    var at = this.box.scrollTop - base, view = this.box.clientHeight || window.innerHeight;
    var from = at - OVERSCAN, to = at + view + OVERSCAN;
    var lo = 0, hi = n;  // first item that ends below `from`
    while (lo < hi) { var mid = (lo + hi) >> 1; if (pre[mid + 1] > from) hi = mid; else lo = mid + 1; }
    var first = lo, last = first - 1;
    while (last + 1 < n && pre[last + 1] < to) last++;
    this.place(first, last);
    this.top.style.height = pre[first] + "px";
    var self = this, grew = false;
    this.els.forEach(function (e, i) { if (self.setHeight(i, e.offsetHeight)) grew = true; });
    pre = this.sums();
    this.bottom.style.height = (pre[n] - pre[last + 1]) + "px";
    // drawn items shorter than estimated leave part of the view empty: fill it in the next frame
    if (grew && last + 1 < n && pre[last + 1] < to) this.queue();
  };
  VList.prototype.place = function (first, last) {
    var self = this, keep = new Map(), keptLo = Infinity, keptHi = -1, i;
    this.els.forEach(function (e, j) {
      if (j < first || j > last) { if (self.ro) self.ro.unobserve(e); e.remove(); return; }
      keep.set(j, e);
      if (j < keptLo) keptLo = j;
      if (j > keptHi) keptHi = j;
    });
    var anchor = keptHi >= 0 ? keep.get(keptHi) : this.top;
    var before = document.createDocumentFragment(), after = document.createDocumentFragment();
    for (i = first; i <= last; i++) {
      if (keep.has(i)) continue;
      var e = this.o.render(i);
      e.dataset.vi = i;
      keep.set(i, e);
      if (this.ro) this.ro.observe(e);
      (i < keptLo ? before : after).appendChild(e);
    }
    this.top.after(before);
    anchor.after(after);
    this.els = keep;
  };
  VList.prototype.printAll = function (cap) {  // print: the first `cap` items, no spacers
    var frag = document.createDocumentFragment();
    for (var i = 0; i < Math.min(this.n, cap); i++) frag.appendChild(this.o.render(i));
    this.clear();
    this.body.replaceChildren(frag);
  };

  // ---------- a flag card ----------
  function quoteBlock(c, around) {
    var s = sentence(c), bq = el("blockquote", "quote");
    if (!s) {  // the article text is still packed: the figure alone, the sentence follows when unpacked
      add(bq, el("mark", "", c.quote), el("span", "pending", " …"));
      return bq;
    }
    if (around && s[1] >= 0 && s[0].length > 2 * around + 20) {  // a window around the figure
      var a = Math.max(0, s[1] - around), b = Math.min(s[0].length, s[2] + around);
      s = [(a ? "…" : "") + s[0].slice(a, b) + (b < s[0].length ? "…" : ""), s[1] - a + (a ? 1 : 0), s[2] - a + (a ? 1 : 0)];
    }
    if (s[1] >= 0 && s[2] <= s[0].length && s[1] < s[2]) {
      add(bq, s[0].slice(0, s[1]), el("mark", "", s[0].slice(s[1], s[2])), s[0].slice(s[2]));
    } else {
      add(bq, s[0] + " ", el("mark", "", c.quote));
    }
    return bq;
  }
  function openButton(c, label) { return button("linkish open-article", label || "open article at the figure", { claim: c.id }); }
  function claimBlock(c, flag) {
    var box = el("div", "claim"), head = el("div", "");
    add(head, el("span", "val", c.value));
    var iv = interval(c);
    if (iv) add(head, el("span", "interval", iv));
    if (c.measure !== flag.measure) add(head, el("span", "interval", words(c.measure)));
    if (c.quals && c.quals !== flag.quals) add(head, el("span", "interval", qualsText(c.quals)));
    var facts = el("div", "facts");
    var d = el("span", c.as_of ? "" : "undated");
    add(d, "as of ", el("b", "", c.as_of || "—"), " (" + (BASIS[c.basis] || c.basis) + ")");
    add(facts, d);
    add(facts, add(el("span"), el("b", "", MODALITY[c.modality] || c.modality)));
    add(facts, add(el("span"), "said by ", el("b", "", c.attribution || "not attributed")));
    if (c.hedge) add(facts, add(el("span"), "hedge ", el("b", "", c.hedge)));
    if (c.revision) add(facts, el("span", "", "revised figure"));
    if (c.anomaly) add(facts, el("span", "undated", "validation: " + c.anomaly));
    return add(box, head, facts, quoteBlock(c), openButton(c));
  }
  function sides(f) {
    var groups = [], byA = {};
    f.claims.forEach(function (ci) {
      var c = claim(ci);
      if (!(c.a in byA)) { byA[c.a] = []; groups.push(c.a); }
      byA[c.a].push(c);
    });
    var box = el("div", "sides"), shown = f.expanded ? groups : groups.slice(0, SIDES_SHOWN);
    shown.forEach(function (ai) {
      var a = ai >= 0 && ai < D.articles.n ? D.articles.get(ai) : { id: "?" }, side = el("section", "side"), sh = el("div", "side-head");
      add(sh, el("strong", "", articleLabel(a)));
      if (a.outlet) add(sh, " · " + a.outlet);
      add(sh, " · published " + (a.published || "unknown"));
      if (a.title) add(sh, " · ", el("code", "", a.id));
      add(side, sh);
      var order = f.measure.split("/");
      byA[ai].sort(function (x, y) { return order.indexOf(x.measure) - order.indexOf(y.measure); });
      byA[ai].forEach(function (c) { add(side, claimBlock(c, f)); });
      box.appendChild(side);
    });
    var out = [box];
    if (groups.length > SIDES_SHOWN) {
      out.push(button("linkish expand", f.expanded ? "show the first " + SIDES_SHOWN + " articles only"
        : "show all " + groups.length + " articles (" + f.claims.length + " claims)", { flag: f.id }));
    }
    return out;
  }
  function answersBlock(f) {
    if (!f.answers.length) return null;
    var answers = f.answers.map(function (ai) { return D.answers.get(ai); });
    var t = el("table", "answers"), body = el("tbody");
    add(t, add(el("caption", "", plural(answers.length, "distinct answer") + " to this question")));
    answers.slice(0, ANSWERS_SHOWN).forEach(function (a) {
      var tr = el("tr");
      var said = a.attributions.length ? "said by " + a.attributions.join("; ") : "not attributed";
      add(tr, el("th", "val", a.value),
        el("td", "", plural(a.claims.length, "claim") + " in " + plural(a.articles.length, "article")),
        el("td", "", a.outlets.join(", ") || "outlet unknown"), el("td", "", said));
      body.appendChild(tr);
    });
    if (f.answers.length > ANSWERS_SHOWN) body.appendChild(add(el("tr"), el("td", "more", "… and " + (f.answers.length - ANSWERS_SHOWN) + " more answers")));
    return add(t, body);
  }
  function decisionLine(f) {
    if (!f.decision && !f.note) return null;
    var p = el("p", "decision");
    add(p, el("b", "", words(f.decision)));
    if (f.by) add(p, " by ", el("span", "who", f.by));
    if (f.when) add(p, " · ", el("time", "", String(f.when).replace("T", " ").replace(/\+00:00$/, " UTC")));
    if (f.note) add(p, " — ", el("span", "note", f.note));
    return p;
  }
  function decideForm(f) {
    var form = el("form", "decide"), draft = drafts[f.id] || {};
    form.dataset.flag = f.id;
    var pick = el("fieldset", "pick");
    add(pick, el("legend", "", f.status === "reconciled" ? "change the decision" : "decide"));
    DECISIONS.forEach(function (d) {
      var lab = el("label", "chip"), r = el("input");
      r.type = "radio"; r.name = "decision-" + f.i; r.value = d[0];
      r.checked = (draft.decision || (f.status === "reconciled" ? f.decision : "")) === d[0];
      add(pick, add(lab, r, " " + d[1]));
    });
    var note = el("textarea", "note");
    note.name = "note"; note.rows = 2; note.maxLength = 10000; note.placeholder = "note: what explains it, what was confirmed";
    note.value = draft.note || "";
    var send = el("button", "send", "record decision");
    send.type = "submit";
    return add(form, pick, note, send, el("span", "msg"));
  }
  function flagCard(f) {
    var card = el("article", "flag sev-" + f.severity);
    card.id = "flag-" + f.id;
    card.dataset.severity = f.severity; card.dataset.status = f.status;
    var head = el("div", "flag-head");
    add(head, el("span", "badge sev-" + f.severity, f.severity), el("span", "badge st-" + f.status, f.status));
    // from the nightly history: a flag first seen in this run, or since when it has been around
    if (f.new === true) add(head, el("span", "badge since-new", "new since last run"));
    else if (f.first_seen) add(head, el("span", "badge since", "since " + String(f.first_seen).slice(0, 10)));
    add(head, el("h3", "", breakable(f.measure)));
    (f.quals ? f.quals.split(";") : []).forEach(function (q) {
      var kv = q.split("=");
      add(head, el("span", "qual", kv.length > 1 ? kv[0] + ": " + kv.slice(1).join("=") : q));
    });
    add(head, el("span", "check", "· " + words(f.check)), el("code", "fid", f.id));
    add(card, head, el("p", "summary", f.summary), decisionLine(f), answersBlock(f));
    add.apply(null, [card].concat(sides(f)));
    var figs = charts(f);
    if (figs.length) add(card, add.apply(null, [el("div", "charts")].concat(figs)));
    if (SERVE) add(card, decideForm(f));
    return card;
  }
  function storyHead(s, shown) {
    var box = el("section", "story" + (s.implicit ? " implicit" : ""));
    box.id = "story-" + (s.id || "none");
    var h = el("h3", "", s.title || s.id || "untitled story"), meta = el("p", "story-meta");
    if (s.id) add(meta, el("code", "", s.id), " · ");
    if (!s.implicit) add(meta, plural(s.articles.length, "article"));
    if (s.first) add(meta, " · " + s.first + (s.last && s.last !== s.first ? " → " + s.last : ""));
    var parts = SEVERITIES.filter(function (k) { return shown[k]; }).map(function (k) { return shown[k] + " " + k; });
    add(meta, " · " + plural(shown.n, "flag") + " shown" + (parts.length ? " (" + parts.join(", ") + ")" : "") +
      (shown.n < s.flags.length ? " of " + s.flags.length : ""));
    add(box, h, meta);
    if (s.terms && s.terms.length) {
      var terms = el("p", "terms");
      s.terms.slice(0, 12).forEach(function (t) { add(terms, el("span", "term", t)); });
      add(box, terms);
    }
    add(box, state.s === s.id ? button("linkish story-all", "show every story") : button("linkish story-only", "show only this story", { story: s.id }));
    if (SERVE && !s.implicit) add(box, storyFixForm(s));
    return box;
  }
  function option(value, text) {
    var o = el("option", "", text);
    o.value = value;
    return o;
  }
  function storyFixForm(s) {  // the review server: an editor's correction of the story step
    var form = el("form", "story-fix"), A = D.articles;
    form.dataset.story = s.id;
    var into = el("select", "into");
    add(into, option("", "merge into another story…"));
    D.stories.forEach(function (o) {
      if (!o.implicit && o.id !== s.id) add(into, option(o.id, o.id + " · " + String(o.title || "").slice(0, 60)));
    });
    var art = el("select", "article");
    add(art, option("", "or move one of its articles…"));
    s.articles.forEach(function (ai) {
      var id = A.col.id.c[ai];
      add(art, option(id, String(A.col.title.c[ai] || id).slice(0, 80)));
    });
    var target = el("input", "target");
    target.maxLength = 64; target.placeholder = "to story id";
    var note = el("input", "note");
    note.maxLength = 10000; note.placeholder = "why";
    var send = el("button", "send", "record");
    send.type = "submit";
    return add(form, into, art, target, note, send, el("span", "msg"));
  }
  function submitStoryFix(form) {
    var msg = form.querySelector(".msg"), who = $("who").value.trim();
    var into = form.querySelector("select.into").value, art = form.querySelector("select.article").value;
    var target = form.querySelector("input.target").value.trim(), note = form.querySelector("input.note").value;
    if (!who) { msg.textContent = "Enter your name at the top of the list first."; $("who").focus(); return; }
    var body = into ? { a: form.dataset.story, b: into, note: note, by: who }
      : art && target ? { a: art, b: target, note: note, by: who } : null;
    if (!body) { msg.textContent = "Pick a story to merge into, or an article and the story it belongs to."; return; }
    msg.textContent = "Recording…";
    api("POST", "/api/stories/" + (into ? "merge" : "move"), body).then(function (r) {
      var c = r.correction;
      msg.textContent = "Recorded (" + (c.kind === "merge" ? c.a + " into " + c.b : c.a + " to " + c.b) +
        " by " + c.by + "): the next run applies it.";
    }).catch(function (err) { msg.textContent = "Not recorded: " + err.message; });
  }

  // ---------- timeline: as-of date on x, value or interval on y ----------
  function charts(f) {
    var C = D.claims;
    if (!byMeasure) {
      byMeasure = {};
      for (var ci = 0; ci < C.n; ci++) { var m = C.col.measure.c[ci]; (byMeasure[m] = byMeasure[m] || []).push(ci); }
    }
    var hit = {}, quals = {}, measures = [], codes = {};
    f.claims.forEach(function (ci) {
      var c = claim(ci);
      hit[ci] = true;
      if (!quals[c.measure]) { quals[c.measure] = {}; measures.push(c.measure); codes[c.measure] = C.col.measure.c[ci]; }
      quals[c.measure][c.quals] = true;
    });
    var out = [];
    measures.slice(0, 2).forEach(function (m) {
      var pts = (byMeasure[codes[m]] || []).filter(function (ci) {
        var kind = C.v("kind", ci);
        return quals[m][C.v("quals", ci)] && kind !== "date" && kind !== "name" &&
          (C.v("low", ci) !== null || C.v("high", ci) !== null) && !C.v("anomaly", ci);
      });
      var total = pts.length;
      if (pts.length > MAX_MARKS) {  // keep every claim of the flag and an even sample of the others
        var others = pts.filter(function (ci) { return !hit[ci]; });
        var room = MAX_MARKS - (pts.length - others.length), keep = {};
        // room <= 0: the flag alone fills the chart; otherwise others.length > room, so the step is >= 1
        if (room > 0) for (var k = 0; k < others.length; k += others.length / room) keep[others[Math.floor(k)]] = true;
        pts = pts.filter(function (ci) { return hit[ci] || keep[ci]; });
      }
      if (pts.length >= 2) out.push(timeline(m, pts.map(claim), hit, total));
    });
    return out;
  }
  function day(s) { var t = Date.parse(s + "T00:00:00Z"); return isNaN(t) ? null : t / 864e5; }
  function timeline(measure, cs, hit, total) {
    var W = 440, H = 150, L = 52, R = 60, T = 12, B = 24;
    var dated = cs.filter(function (c) { return day(c.as_of) !== null; });
    var undated = cs.length - dated.length, x0 = L + (undated ? 34 : 0);
    var dr = minMax(dated.map(function (c) { return day(c.as_of); })), dmin = dr[0], dmax = dr[1];
    var vals = [];
    cs.forEach(function (c) { if (c.low !== null) vals.push(c.low); if (c.high !== null) vals.push(c.high); });
    var vr = minMax(vals), vmin = vr[0], vmax = vr[1], lo = vmin, hi = vmax;
    if (vmin === vmax) { vmin -= Math.max(1, Math.abs(vmin) * 0.1); vmax += Math.max(1, Math.abs(vmax) * 0.1); }
    var pad = (vmax - vmin) * 0.08;
    vmin = vmin >= 0 && vmin - pad < 0 ? 0 : vmin - pad; vmax += pad;
    var top = T + 8;  // open upper ends stop here with an arrow
    function xOf(c) {
      var d = day(c.as_of);
      if (d === null) return L + 14;
      return dmax === dmin ? (x0 + W - R) / 2 : x0 + 8 + (d - dmin) / (dmax - dmin) * (W - R - x0 - 16);
    }
    function yOf(v) { return H - B - (v - vmin) / (vmax - vmin) * (H - B - top); }
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img" });
    add(s, svg("line", { x1: L, y1: T, x2: L, y2: H - B }, "axis"), svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B }, "axis"));
    [lo, hi].forEach(function (v, i) {  // label the data's own extremes, not the padded scale
      if (i && hi === lo) return;
      var y = yOf(v), lab = svg("text", { x: L - 5, y: y + 3, "text-anchor": "end" });
      lab.textContent = fmt(Math.round(v * 100) / 100);
      add(s, lab, svg("line", { x1: L, y1: y, x2: W - R, y2: y }, "grid"));
    });
    if (dated.length) {
      var d0 = dated.reduce(function (a, c) { return day(c.as_of) < day(a.as_of) ? c : a; });
      var d1 = dated.reduce(function (a, c) { return day(c.as_of) > day(a.as_of) ? c : a; });
      var t0 = svg("text", { x: xOf(d0), y: H - 8, "text-anchor": d0 === d1 ? "middle" : "start" });
      t0.textContent = d0.as_of; add(s, t0);
      if (d0.as_of !== d1.as_of) { var t1 = svg("text", { x: xOf(d1), y: H - 8, "text-anchor": "end" }); t1.textContent = d1.as_of; add(s, t1); }
    }
    if (undated) { var tu = svg("text", { x: L + 14, y: H - 8, "text-anchor": "middle" }); tu.textContent = "undated"; add(s, tu); }
    var used = {};
    cs.forEach(function (c) {
      var x = xOf(c), k = Math.round(x);
      used[k] = (used[k] || 0) + 1;
      x += (used[k] - 1) * 7;  // side by side when several sources share a date
      var cls = "mk" + (hit[c.i] ? " hit" : " faint"), g = svg("g", {}, cls);
      var a = article(c), tip = svg("title", {});
      tip.textContent = c.value + " — " + articleLabel(a) + ", as of " + (c.as_of || "undated") +
        (c.attribution ? ", " + c.attribution : "") + (hit[c.i] ? " (in this flag)" : "");
      g.appendChild(tip);
      var ylab;
      if (c.low !== null && c.low === c.high) {
        add(g, svg("circle", { cx: x, cy: yOf(c.low), r: 4 }));
        ylab = yOf(c.low);
      } else {
        var ylo = c.low === null ? H - B : yOf(c.low), yhi = c.high === null ? top : yOf(c.high);
        add(g, svg("line", { x1: x, y1: ylo, x2: x, y2: yhi }));
        add(g, svg("line", { x1: x - 4, y1: ylo, x2: x + 4, y2: ylo }, c.li ? "" : "open-low"));
        if (c.high === null) add(g, svg("path", { d: "M" + (x - 4) + " " + (top + 5) + " L" + x + " " + (top - 4) + " L" + (x + 4) + " " + (top + 5) + " Z" }));
        else add(g, svg("line", { x1: x - 4, y1: yhi, x2: x + 4, y2: yhi }));
        ylab = (ylo + yhi) / 2;
      }
      if (cs.length <= 8) {  // few marks: write the value next to each
        var vt = svg("text", { x: x + 7, y: ylab + 3.5 }, "vlab");
        vt.textContent = c.value; g.appendChild(vt);
      }
      s.appendChild(g);
    });
    var fig = el("figure", "timeline");
    var ranges = cs.some(function (c) { return c.low !== c.high; });
    var others = cs.some(function (c) { return !hit[c.i]; });
    var cap = el("figcaption", "", words(measure) + " by as-of date: " +
      (total > cs.length ? cs.length + " of " + total : cs.length) + " claims" +
      (others ? "; red in this flag, grey other claims of the same measure" : "") +
      (ranges ? "; bars are ranges, ▲ an open upper end" : "") + ".");
    s.setAttribute("aria-label", cap.textContent);
    return add(fig, s, cap);
  }

  // ---------- the flag list ----------
  var items = [];  // what the flag list shows: {story, shown} headers and flags, in order
  var flagCols = 3;  // side-by-side articles in a card at the list's width, set before each redraw
  function estimateFlag(f) {
    if (f.nArts === undefined) {
      var col = D.claims.col.a, seen = [];
      for (var k = 0; k < f.claims.length; k++) {
        var a = col.d ? col.d[col.c[f.claims[k]]] : col.c[f.claims[k]];
        if (seen.indexOf(a) < 0) seen.push(a);
      }
      f.nArts = seen.length;
    }
    var per = Math.min(3, Math.ceil(f.claims.length / Math.max(1, f.nArts)));
    return 110 + Math.ceil(Math.min(f.nArts, SIDES_SHOWN) / flagCols) * (40 + 120 * per) + (f.claims.length > 1 ? 200 : 0) +
      (f.answers.length ? 40 + 26 * Math.min(f.answers.length, ANSWERS_SHOWN) : 0) + (SERVE ? 120 : 0);
  }
  function renderFlags(keep) {
    var r = filterFlags(), total = D.flags.length, shown = r.shown;
    renderChips($("f-sev"), SEVERITIES, state.sev, r.counts.sev, "sev");
    renderChips($("f-st"), D.statuses, state.st, r.counts.st, "st");
    renderSelect($("f-chk"), D.distinct.check, state.chk, r.counts.chk, "all checks");
    renderSelect($("f-m"), D.distinct.measure, state.m, r.counts.m, "all measures");
    if (D.grouped) {
      var titles = {};
      D.stories.forEach(function (s) { titles[s.id] = s.title || s.id; });
      renderSelect($("f-story"), D.stories.map(function (s) { return s.id; }), state.s, r.counts.s, "all stories",
        function (id) { return id ? titles[id] : "outside any story"; });
    }
    var bySev = {};
    shown.forEach(function (f) { bySev[f.severity] = (bySev[f.severity] || 0) + 1; });
    var parts = SEVERITIES.filter(function (s) { return bySev[s]; }).map(function (s) { return bySev[s] + " " + s; });
    var nStories = {};
    shown.forEach(function (f) { nStories[f.st_.i] = 1; });
    var where = D.grouped ? " in " + plural(Object.keys(nStories).length, "story", "stories") : "";
    $("flag-count").textContent = shown.length === total
      ? "Showing all " + total + " flags" + (parts.length ? " (" + parts.join(", ") + ")" : "") + where + ", most severe first."
      : "Showing " + shown.length + " of " + total + " flags" + (parts.length ? " (" + parts.join(", ") + ")" : "") + where + ".";
    $("flag-count").dataset.shown = shown.length;
    items = [];
    var head = null;
    shown.forEach(function (f) {
      if (D.grouped && (!head || f.st_ !== head.story)) {
        head = { story: f.st_, shown: { n: 0, error: 0, warning: 0, info: 0 } };
        items.push(head);
      }
      if (head) { head.shown.n++; head.shown[f.severity]++; }
      items.push({ flag: f });
    });
    if (!shown.length) items.push({ empty: total ? "No flag matches these filters." : "No flags: the articles agree on every compared figure." });
    // from the window, not the list: reading a width here would lay out the page before the cards exist
    flagCols = Math.max(1, Math.floor((Math.min(window.innerWidth, 1250) - 60) / 300));
    if (printing) flagList.printAll(PRINT_CAP);
    else flagList.reset(items.length, keep);
    if (SERVE) serveStats();
  }
  function renderItem(i) {
    var it = items[i], box = el("div", "vitem");
    if (it.flag) box.appendChild(flagCard(it.flag));
    else if (it.story) box.appendChild(storyHead(it.story, it.shown));
    else box.appendChild(el("p", "empty", it.empty));
    return box;
  }
  function itemKey(i) {  // numbers: cheap to hash for 10,000 items
    var it = items[i];
    return it.flag ? 2 * it.flag.i + (it.flag.expanded ? 1 : 0) : it.story ? -1 - it.story.i : -1e9;
  }
  function itemEstimate(i) {
    var it = items[i];
    return it.flag ? estimateFlag(it.flag) : it.story ? 110 : 60;
  }

  // ---------- the claims table ----------
  // sort keys read the columns directly: sorting 100,000 claims builds no claim objects
  function cv(name, ci) { return D.claims.v(name, ci); }
  var COLS = {
    article: function (ci) { var a = cv("a", ci); return articleLabel(a >= 0 && a < D.articles.n ? D.articles.get(a) : { id: "?" }).toLowerCase(); },
    measure: function (ci) { return cv("measure", ci); },
    quals: function (ci) { return cv("quals", ci); },
    value: function (ci) {  // numbers by their lower end, then open-ended, then words (names, dates)
      var kind = cv("kind", ci), low = cv("low", ci), high = cv("high", ci);
      if (kind === "name" || kind === "date") return [kind === "date" ? 1 : 2, String(cv("value", ci)).toLowerCase(), 0];
      if (low !== null) return [0, low, high === null ? Infinity : high];
      return high !== null ? [1, high, 0] : [2, String(cv("value", ci)).toLowerCase(), 0];
    },
    as_of: function (ci) { return cv("as_of", ci) || "~"; },
    modality: function (ci) { return cv("modality", ci); },
    attribution: function (ci) { var a = cv("attribution", ci); return a ? a.toLowerCase() : "~"; },
    quote: function (ci) { return String(cv("quote", ci)).toLowerCase(); },
    flags: function (ci) { return -(D.claimFlags[ci] || []).length; }
  };
  function cmp(x, y) {
    if (Array.isArray(x)) {
      for (var i = 0; i < x.length; i++) { var r = cmp(x[i], y[i]); if (r) return r; }
      return 0;
    }
    if (typeof x !== typeof y) return typeof x < typeof y ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  var hays = null;  // claim index -> its searchable text, built on the first claims search
  function claimText(ci) {
    if (!hays) hays = new Array(D.claims.n);
    if (hays[ci] === undefined) {
      var a = cv("a", ci), art = a >= 0 && a < D.articles.n ? D.articles.get(a) : { id: "?" }, sent = cv("sent", ci);
      var s = Array.isArray(sent) ? (D.texts[a] || "").slice(sent[0], sent[1]) : sent;
      hays[ci] = [cv("id", ci), art.id, art.title, cv("measure", ci), cv("quals", ci), cv("value", ci), cv("as_of", ci),
        cv("modality", ci), cv("attribution", ci), cv("quote", ci), s].join("\n").toLowerCase();
    }
    return hays[ci];
  }
  function renderClaims() {
    var q = state.cq.trim().toLowerCase(), n = D.claims.n, rows = [], i;
    if (q && !allLoaded) {  // the search reads the sentences: unpack every text first, once
      $("claim-count").textContent = "Searching the article texts…";
      allTexts().then(renderClaims);
      return;
    }
    if (q) {
      var qw = q.split(/\s+/);
      for (i = 0; i < n; i++) { var hay = claimText(i); if (qw.every(function (w) { return hay.indexOf(w) >= 0; })) rows.push(i); }
    } else {
      for (i = 0; i < n; i++) rows.push(i);
    }
    var key = COLS[state.cs];
    if (key) {
      var dir = state.cd === "desc" ? -1 : 1, keys = new Array(n);
      rows.forEach(function (ci) { keys[ci] = key(ci); });
      rows.sort(function (a, b) { return dir * cmp(keys[a], keys[b]) || a - b; });
    }
    Array.prototype.forEach.call(document.querySelectorAll("#claim-table th"), function (th) {
      if (th.dataset.col === state.cs) th.setAttribute("aria-sort", state.cd === "desc" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      th.tabIndex = 0;
    });
    claimRows = rows;
    claimList.reset(rows.length);
    $("claim-count").textContent = (q ? rows.length + " of " : "") + n + " claims. Click a column to sort.";
    $("claim-count").dataset.shown = rows.length;
  }
  var wanted = null;  // articles whose texts the drawn rows wait for
  function wantText(ai) {
    if (!wanted) {
      wanted = {};
      setTimeout(function () {
        var ais = Object.keys(wanted);
        wanted = null;
        Promise.all(ais.map(function (a) { return textOf(+a); })).then(function () { claimList.reset(claimRows.length, true); });
      }, 0);
    }
    wanted[ai] = 1;
  }
  function claimRow(k) {
    var c = claim(claimRows[k]), tr = el("tr", c.anomaly ? "anomaly" : ""), a = article(c);
    tr.dataset.claim = c.id;
    if (c.anomaly) tr.title = "left out of comparison: " + c.anomaly;
    var ta = el("td", "art"); add(ta, openButton(c, articleLabel(a)));
    var tv = el("td", "num"); add(tv, c.value); var iv = interval(c); if (iv) add(tv, el("div", "interval", iv));
    var td = el("td", "num"); add(td, c.as_of || "—"); add(td, el("div", "interval", BASIS[c.basis] || c.basis));
    var tq = el("td", "q"); add(tq, quoteBlock(c, 80));
    if (!sentence(c)) wantText(c.a);  // unpack this row's text, then draw the rows again with sentences
    var tf = el("td", "");
    (D.claimFlags[c.i] || []).forEach(function (fi) {
      add(tf, button("linkish show-flag", D.flags[fi].id, { flag: D.flags[fi].id }), " ");
    });
    return add(tr, ta, el("td", "", breakable(c.measure)), el("td", "", qualsText(c.quals)), tv, td,
      el("td", "", MODALITY[c.modality] || c.modality), el("td", "", c.attribution || "—"), tq, tf);
  }

  // ---------- the article reader ----------
  var readerFor = "";
  function renderReader() {
    var reader = $("reader"), ci = state.open ? claimIndex(state.open) : -1;
    document.body.classList.toggle("reading", ci >= 0);
    if (ci < 0) { reader.hidden = true; readerFor = ""; return; }
    var c = claim(ci), a = article(c), want = state.open;
    readerFor = want;
    $("reader-title").textContent = articleLabel(a);
    var meta = $("reader-meta");
    meta.replaceChildren();
    add(meta, el("code", "", a.source || a.id));
    if (a.outlet) add(meta, " · " + a.outlet);
    add(meta, " · published " + (a.published || "unknown") + (a.basis && a.basis !== "unknown" ? " (" + words(a.basis) + ")" : ""));
    if (a.duplicate_of) add(meta, " · duplicate of " + a.duplicate_of);
    if (a.url && /^https?:\/\//i.test(a.url)) {
      var link = el("a", "", a.url);
      link.href = a.url; link.rel = "noopener noreferrer"; link.target = "_blank";
      add(meta, " · ", link);
    } else if (a.url) {
      add(meta, " · " + a.url);
    }
    var body = $("reader-text");
    body.replaceChildren(el("p", "pending", "Unpacking the article…"));
    reader.hidden = false;
    textOf(c.a).then(function (text) {
      if (readerFor !== want) return;  // another article was opened meanwhile
      var ok = c.start >= 0 && c.end <= text.length && c.start < c.end;
      var m = el("mark", "figure", ok ? text.slice(c.start, c.end) : c.quote);
      m.id = "reader-figure";
      body.replaceChildren();
      if (ok) add(body, text.slice(0, c.start), m, text.slice(c.end));
      else add(body, el("p", "warn", "The figure's position is not known in this text; the quote was “" + c.quote + "”."), text);
      m.scrollIntoView({ block: "center" });
    });
  }

  function syncInputs() {  // the search boxes show the state; never called while someone may be typing
    $("f-q").value = state.q;
    $("c-q").value = state.cq;
  }
  function update(what) {
    writeHash();
    if (!what || what === "flags") renderFlags();
    if (!what || what === "claims") renderClaims();
    if (!what || what === "reader") renderReader();
  }

  // ---------- the review server: decisions recorded from the page ----------
  var session = null;
  function api(method, path, body, retried) {
    var init = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-CSRF-Token"] = session ? session.csrf : "";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        // a restarted server has a new CSRF token: fetch it and try once more
        if (res.status === 403 && data.code === "csrf" && !retried) {
          return connect().then(function () { return api(method, path, body, true); });
        }
        if (!res.ok) throw new Error(data.error || res.status + " " + res.statusText);
        return data;
      });
    });
  }
  function connect() {
    return api("GET", "/api/session").then(function (s) { session = s; return s; });
  }
  function serveStatus(text, bad) {
    var p = $("serve-status");
    p.textContent = text;
    p.classList.toggle("bad", !!bad);
  }
  function applyEntries(entries) {  // decisions in the reconciliation file, shown on the flags they decide
    var byId = {}, changed = false;
    D.flags.forEach(function (f) { byId[f.id] = f; });
    entries.forEach(function (e) {
      var f = byId[e.id];
      if (!f) return;
      var status = e.decision === "baseline" ? "known" : "reconciled";
      if (f.status === status && f.decision === e.decision && f.note === e.note && f.by === e.by && f.when === e.when) return;
      f.status = status; f.decision = e.decision; f.note = e.note; f.by = e.by; f.when = e.when;
      changed = true;
    });
    return changed;
  }
  function refreshDecisions() {
    return api("GET", "/api/decisions").then(function (r) {
      if (applyEntries(r.entries)) renderFlags(true);
      serveStatus("Connected: decisions go to " + r.file + " (" + plural(r.entries.length, "entry", "entries") + ").");
    });
  }
  function serveStats() {  // the header's status counts follow the decisions made on the page
    var n = {};
    D.flags.forEach(function (f) { n[f.status] = (n[f.status] || 0) + 1; });
    D.statuses.forEach(function (s) {
      var dd = document.querySelector(".stats .st-" + s + " dd");
      if (dd) dd.textContent = n[s] || 0;
    });
  }
  function submitDecision(form) {
    var f = D.flags.filter(function (x) { return x.id === form.dataset.flag; })[0];
    var picked = form.querySelector("input[type=radio]:checked"), msg = form.querySelector(".msg");
    var who = $("who").value.trim();
    if (!picked) { msg.textContent = "Pick a decision first."; return; }
    if (!who) { msg.textContent = "Enter your name at the top of the list first."; $("who").focus(); return; }
    var send = form.querySelector("button.send");
    send.disabled = true; msg.textContent = "Recording…";
    api("POST", "/api/flags/" + encodeURIComponent(f.id) + "/decision",
      { decision: picked.value, note: form.querySelector("textarea").value, by: who }).then(function (r) {
      delete drafts[f.id];
      applyEntries([r.entry]);
      renderFlags(true);
      serveStatus("Recorded: " + f.id + " " + words(r.entry.decision) + " by " + r.entry.by + ".");
    }).catch(function (err) {
      send.disabled = false;
      msg.textContent = "Not recorded: " + err.message;
    });
  }
  function bindServe() {
    var who = $("who");
    try { who.value = localStorage.getItem("claimcheck.who") || ""; } catch (e) { /* storage off */ }
    who.addEventListener("change", function () { try { localStorage.setItem("claimcheck.who", who.value.trim()); } catch (e) { /* storage off */ } });
    $("flag-list").addEventListener("submit", function (e) {
      if (e.target.classList.contains("story-fix")) { e.preventDefault(); submitStoryFix(e.target); return; }
      if (!e.target.classList.contains("decide")) return;
      e.preventDefault();
      submitDecision(e.target);
    });
    $("flag-list").addEventListener("input", function (e) {  // keep what was typed if the card scrolls away
      var form = e.target.closest && e.target.closest("form.decide");
      if (!form) return;
      var picked = form.querySelector("input[type=radio]:checked");
      drafts[form.dataset.flag] = { decision: picked ? picked.value : "", note: form.querySelector("textarea").value };
    });
    setInterval(function () { if (!document.hidden) refreshDecisions().catch(function () {}); }, 15000);
    window.addEventListener("focus", function () { refreshDecisions().catch(function () {}); });
  }

  // ---------- events ----------
  function bind() {
    var timer = null, ctimer = null;
    $("filters").addEventListener("change", function (e) {
      var t = e.target;
      if (t.dataset.key === "sev" || t.dataset.key === "st") {
        var list = state[t.dataset.key].filter(function (v) { return v !== t.value; });
        if (t.checked) list.push(t.value);
        state[t.dataset.key] = list;
      } else if (t.id === "f-chk") state.chk = t.value;
      else if (t.id === "f-m") state.m = t.value;
      else if (t.id === "f-story") state.s = t.value;
      else return;
      update("flags");
    });
    $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
    $("f-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = $("f-q").value; update("flags"); }, 150);
    });
    $("c-q").addEventListener("input", function () {
      clearTimeout(ctimer);
      ctimer = setTimeout(function () { state.cq = $("c-q").value; update("claims"); }, 150);
    });
    $("f-reset").addEventListener("click", function () {
      state.sev = []; state.st = []; state.chk = ""; state.m = ""; state.s = ""; state.q = ""; syncInputs(); update("flags");
    });
    document.addEventListener("click", function (e) {
      var t = e.target.closest ? e.target.closest("button, th") : null;
      if (!t) return;
      if (t.classList.contains("open-article")) { state.open = t.dataset.claim; update("reader"); }
      else if (t.id === "reader-close") { state.open = ""; update("reader"); }
      else if (t.classList.contains("show-flag")) {
        state.sev = []; state.st = []; state.chk = ""; state.m = ""; state.s = ""; state.q = t.dataset.flag;
        syncInputs(); update("flags"); $("flags").scrollIntoView();
      } else if (t.classList.contains("story-only")) { state.s = t.dataset.story; update("flags"); }
      else if (t.classList.contains("story-all")) { state.s = ""; update("flags"); }
      else if (t.classList.contains("expand")) {
        var f = D.flags.filter(function (x) { return x.id === t.dataset.flag; })[0];
        if (f) { f.expanded = !f.expanded; flagList.reset(items.length, true); }
      } else if (t.tagName === "TH" && t.dataset.col) {
        sortBy(t.dataset.col);
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && state.open) { state.open = ""; update("reader"); }
      else if (e.key === "Enter" && e.target.tagName === "TH" && e.target.dataset.col) sortBy(e.target.dataset.col);
      else if (e.key === "/" && !/INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) { e.preventDefault(); $("f-q").focus(); }
    });
    window.addEventListener("hashchange", function () { state = readHash(); syncInputs(); update(); });
    window.addEventListener("beforeprint", function () {
      printing = true; flagList.printAll(PRINT_CAP); claimList.printAll(PRINT_CAP);
    });
    window.addEventListener("afterprint", function () {
      printing = false; flagList.reset(items.length); claimList.reset(claimRows.length);
    });
    if (SERVE) bindServe();
  }
  function sortBy(col) {
    if (state.cs === col) state.cd = state.cd === "asc" ? "desc" : "asc";
    else { state.cs = col; state.cd = "asc"; }
    update("claims");
  }

  function fail(err) {
    $("flag-count").textContent = "";
    var msg = el("p", "warn", "This page could not unpack its embedded data (" + (err && err.message || err) +
      "). It needs a current browser (Chrome/Edge 80+, Firefox 113+, Safari 16.4+). report.json and the CSV files next to it hold the same data.");
    $("flag-list").replaceChildren(msg);
  }

  try {
    load().then(function (data) {
      D = data;
      state = readHash();
      writeHash();
      syncInputs();
      flagList = new VList($("flag-list"), $("flag-list"), { key: itemKey, render: renderItem, estimate: itemEstimate });
      claimList = new VList($("claim-box"), $("claim-body"), { table: 9, key: function (k) { return claimRows[k]; }, render: claimRow, estimate: function () { return 64; } });
      renderFlags();
      mark("cc-flags");
      bind();
      renderClaims();
      renderReader();
      if (!SERVE) return null;
      return connect().then(refreshDecisions).catch(function (err) {
        serveStatus("The review server did not answer (" + err.message + "): decisions cannot be recorded now.", true);
      });
    }).then(function () {
      document.documentElement.dataset.ready = "1";
      mark("cc-ready");
    }).catch(fail);
  } catch (err) { fail(err); }
})();
