/* claimcheck report: unpack the embedded data, then build DOM for the visible page only.
   Data is only ever put into the page with textContent / createElement, never as markup. */
(function () {
  "use strict";
  var FLAGS_PER_PAGE = 25, CLAIMS_PER_PAGE = 100, PRINT_CAP = 500, MAX_MARKS = 40;
  var SEVERITIES = ["error", "warning", "info"], STATUSES = ["new", "known", "reconciled"];
  var MODALITY = { reported: "reported", planned: "deal terms / plan", estimate: "estimate", projection: "projection" };
  var BASIS = { explicit: "date in the sentence", article_date: "article date", relative: "relative date, resolved", unknown: "undated" };
  var SVGNS = "http://www.w3.org/2000/svg";
  var D = null;            // {articles, claims, flags} as arrays of objects
  var byMeasure = null;    // measure -> claim indexes (built on first chart)
  var state = defaults();
  var printing = false;

  function defaults() {
    return { sev: [], st: [], chk: "", m: "", q: "", p: 1, open: "", cq: "", cs: "", cd: "asc", cp: 1 };
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

  // ---------- data ----------
  function b64bytes(s) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function objects(table) {
    var f = table.fields;
    return table.rows.map(function (r) {
      var o = {};
      for (var i = 0; i < f.length; i++) o[f[i]] = r[i];
      return o;
    });
  }
  function unpack(id) {  // base64 -> gunzip -> JSON, with the browser's own DecompressionStream
    mark(id + "-start");
    var bytes = b64bytes($(id).textContent.trim());
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buf) {
      mark(id + "-inflated");
      var data = JSON.parse(new TextDecoder().decode(buf));
      mark(id + "-parsed");
      return data;
    });
  }
  function load() {
    return unpack("cc-data").then(function (raw) {
      var data = { articles: objects(raw.articles), claims: objects(raw.claims), flags: objects(raw.flags) };
      data.articles.forEach(function (a) { a.text = null; });
      data.claimFlags = data.claims.map(function () { return null; });
      data.flags.forEach(function (f, fi) {
        f.i = fi;
        f.claims.forEach(function (ci) { (data.claimFlags[ci] = data.claimFlags[ci] || []).push(fi); });
      });
      data.claims.forEach(function (c, ci) { c.i = ci; });
      return data;
    });
  }
  function loadTexts() {  // the article texts: the bulk of the data, unpacked after the flags are on screen
    return unpack("cc-texts").then(function (texts) {
      texts.forEach(function (t, i) { if (D.articles[i]) D.articles[i].text = t; });
    });
  }
  function article(c) { return D.articles[c.a] || { id: "?", text: "", source: "" }; }
  function sentence(c) {
    // -> [text, figure start, figure end] (figure offsets relative to the sentence, -1 if not found)
    if (Array.isArray(c.sent)) {
      var t = article(c).text || "";
      return [t.slice(c.sent[0], c.sent[1]), c.start - c.sent[0], c.end - c.sent[0]];
    }
    var s = c.sent || "", k = c.quote ? s.indexOf(c.quote) : -1;
    return [s, k, k < 0 ? -1 : k + c.quote.length];
  }
  function fmt(x) {
    if (x === null || x === undefined) return "";
    return Math.abs(x) >= 10000 ? x.toLocaleString("en-US") : String(x);
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
    s.chk = p.get("chk") || ""; s.m = p.get("m") || ""; s.q = p.get("q") || "";
    s.p = Math.max(1, parseInt(p.get("p"), 10) || 1);
    s.open = p.get("open") || "";
    s.cq = p.get("cq") || ""; s.cs = p.get("cs") || ""; s.cd = p.get("cd") === "desc" ? "desc" : "asc";
    s.cp = Math.max(1, parseInt(p.get("cp"), 10) || 1);
    return s;
  }
  function writeHash() {
    var p = new URLSearchParams(), d = defaults();
    if (state.sev.length) p.set("sev", state.sev.join(","));
    if (state.st.length) p.set("st", state.st.join(","));
    ["chk", "m", "q", "open", "cq", "cs"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.cs && state.cd !== d.cd) p.set("cd", state.cd);
    if (state.p > 1) p.set("p", state.p);
    if (state.cp > 1) p.set("cp", state.cp);
    var h = p.toString(), url = location.pathname + location.search + (h ? "#" + h : "");
    if (("#" + h) === location.hash || (!h && !location.hash)) return;
    try { history.replaceState(null, "", url); } catch (e) { location.hash = h; }
  }

  // ---------- flag filtering ----------
  function flagText(f) {
    if (f.hay === undefined) {
      var parts = [f.id, f.check, f.measure, f.quals, f.summary, f.decision, f.note, f.values.join(" ")];
      f.claims.forEach(function (ci) {
        var c = D.claims[ci], a = article(c);
        parts.push(c.id, c.value, c.quote, c.attribution, a.id, a.title, a.source, a.outlet);
      });
      f.hay = parts.join("\n").toLowerCase();
    }
    return f.hay;
  }
  function tests(f) {
    var q = state.q.trim().toLowerCase();
    return {
      sev: !state.sev.length || state.sev.indexOf(f.severity) >= 0,
      st: !state.st.length || state.st.indexOf(f.status) >= 0,
      chk: !state.chk || f.check === state.chk,
      m: !state.m || f.measure === state.m,
      q: !q || q.split(/\s+/).every(function (w) { return flagText(f).indexOf(w) >= 0; })
    };
  }
  function filterFlags() {
    var keys = ["sev", "st", "chk", "m", "q"], counts = { sev: {}, st: {}, chk: {}, m: {} }, shown = [];
    var field = { sev: "severity", st: "status", chk: "check", m: "measure" };
    D.flags.forEach(function (f) {
      var t = tests(f), all = keys.every(function (k) { return t[k]; });
      if (all) shown.push(f);
      ["sev", "st", "chk", "m"].forEach(function (k) {  // facet counts: every other filter applied
        var others = keys.every(function (o) { return o === k || t[o]; });
        if (others) counts[k][f[field[k]]] = (counts[k][f[field[k]]] || 0) + 1;
      });
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
  function renderSelect(sel, values, current, counts, allLabel) {
    sel.replaceChildren();
    var total = 0;
    values.forEach(function (v) { total += counts[v] || 0; });
    var o = el("option", "", allLabel + " (" + total + ")");
    o.value = ""; sel.appendChild(o);
    values.forEach(function (v) {
      var opt = el("option", "", words(v) + " (" + (counts[v] || 0) + ")");
      opt.value = v; sel.appendChild(opt);
    });
    sel.value = values.indexOf(current) >= 0 ? current : "";
  }
  function distinct(key) {
    var seen = {}, out = [];
    D.flags.forEach(function (f) { if (!seen[f[key]]) { seen[f[key]] = 1; out.push(f[key]); } });
    return out.sort();
  }

  // ---------- a flag card ----------
  function quoteBlock(c, around) {
    var s = sentence(c), bq = el("blockquote", "quote");
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
  function openButton(c, label) {
    var b = el("button", "linkish open-article", label || "open article at the figure");
    b.type = "button"; b.dataset.claim = c.id;
    return b;
  }
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
    add(card, head, el("p", "summary", f.summary));
    if (f.decision || f.note) {
      add(card, el("p", "decision", (f.decision ? words(f.decision) : "") + (f.note ? " — " + f.note : "")));
    }
    var sides = el("div", "sides"), groups = [], byA = {};
    f.claims.forEach(function (ci) {
      var c = D.claims[ci];
      if (!(c.a in byA)) { byA[c.a] = []; groups.push(c.a); }
      byA[c.a].push(c);
    });
    groups.forEach(function (ai) {
      var a = D.articles[ai] || { id: "?" }, side = el("section", "side"), sh = el("div", "side-head");
      add(sh, el("strong", "", articleLabel(a)));
      if (a.outlet) add(sh, " · " + a.outlet);
      add(sh, " · published " + (a.published || "unknown"));
      if (a.title) add(sh, " · ", el("code", "", a.id));
      add(side, sh);
      var order = f.measure.split("/");
      byA[ai].sort(function (x, y) { return order.indexOf(x.measure) - order.indexOf(y.measure); });
      byA[ai].forEach(function (c) { add(side, claimBlock(c, f)); });
      sides.appendChild(side);
    });
    add(card, sides);
    var figs = charts(f);
    if (figs.length) add(card, add.apply(null, [el("div", "charts")].concat(figs)));
    return card;
  }

  // ---------- timeline: as-of date on x, value or interval on y ----------
  function charts(f) {
    if (!byMeasure) {
      byMeasure = {};
      D.claims.forEach(function (c, ci) { (byMeasure[c.measure] = byMeasure[c.measure] || []).push(ci); });
    }
    var hit = {}, quals = {}, measures = [];
    f.claims.forEach(function (ci) {
      var c = D.claims[ci];
      hit[ci] = true;
      if (!quals[c.measure]) { quals[c.measure] = {}; measures.push(c.measure); }
      quals[c.measure][c.quals] = true;
    });
    var out = [];
    measures.slice(0, 2).forEach(function (m) {
      var pts = (byMeasure[m] || []).filter(function (ci) {
        var c = D.claims[ci];
        return quals[m][c.quals] && c.kind !== "date" && c.kind !== "name" && (c.low !== null || c.high !== null) && !c.anomaly;
      });
      var total = pts.length;
      if (pts.length > MAX_MARKS) {  // keep every claim of the flag and an even sample of the others
        var others = pts.filter(function (ci) { return !hit[ci]; });
        var room = MAX_MARKS - (pts.length - others.length), keep = {};
        // room <= 0: the flag alone fills the chart; otherwise others.length > room, so the step is >= 1
        if (room > 0) for (var k = 0; k < others.length; k += others.length / room) keep[others[Math.floor(k)]] = true;
        pts = pts.filter(function (ci) { return hit[ci] || keep[ci]; });
      }
      if (pts.length >= 2) out.push(timeline(m, pts.map(function (ci) { return D.claims[ci]; }), hit, total));
    });
    return out;
  }
  function day(s) { var t = Date.parse(s + "T00:00:00Z"); return isNaN(t) ? null : t / 864e5; }
  function timeline(measure, cs, hit, total) {
    var W = 440, H = 150, L = 52, R = 60, T = 12, B = 24;
    var dated = cs.filter(function (c) { return day(c.as_of) !== null; });
    var undated = cs.length - dated.length, x0 = L + (undated ? 34 : 0);
    var days = dated.map(function (c) { return day(c.as_of); });
    var dmin = Math.min.apply(null, days.concat([Infinity])), dmax = Math.max.apply(null, days.concat([-Infinity]));
    var vals = [];
    cs.forEach(function (c) { if (c.low !== null) vals.push(c.low); if (c.high !== null) vals.push(c.high); });
    var vmin = Math.min.apply(null, vals), vmax = Math.max.apply(null, vals), lo = vmin, hi = vmax;
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

  // ---------- rendering ----------
  function pager(nav, page, pages, key) {
    nav.replaceChildren();
    if (pages <= 1) return;
    var prev = el("button", "", "‹ previous"), next = el("button", "", "next ›");
    prev.type = next.type = "button";
    prev.disabled = page <= 1; next.disabled = page >= pages;
    prev.dataset.key = next.dataset.key = key;
    prev.dataset.page = page - 1; next.dataset.page = page + 1;
    add(nav, prev, el("span", "", "page " + page + " of " + pages), next);
  }
  function renderFlags() {
    var r = filterFlags(), total = D.flags.length, shown = r.shown;
    renderChips($("f-sev"), SEVERITIES, state.sev, r.counts.sev, "sev");
    renderChips($("f-st"), STATUSES, state.st, r.counts.st, "st");
    renderSelect($("f-chk"), distinct("check"), state.chk, r.counts.chk, "all checks");
    renderSelect($("f-m"), distinct("measure"), state.m, r.counts.m, "all measures");
    if ($("f-q").value !== state.q) $("f-q").value = state.q;
    var pages = Math.max(1, Math.ceil(shown.length / FLAGS_PER_PAGE));
    state.p = Math.min(state.p, pages);
    var from = printing ? 0 : (state.p - 1) * FLAGS_PER_PAGE;
    var slice = shown.slice(from, printing ? PRINT_CAP : from + FLAGS_PER_PAGE);
    var bySev = {};
    shown.forEach(function (f) { bySev[f.severity] = (bySev[f.severity] || 0) + 1; });
    var parts = SEVERITIES.filter(function (s) { return bySev[s]; }).map(function (s) { return bySev[s] + " " + s; });
    $("flag-count").textContent = shown.length === total
      ? "Showing all " + total + " flags" + (parts.length ? " (" + parts.join(", ") + ")" : "") + ", most severe first."
      : "Showing " + shown.length + " of " + total + " flags" + (parts.length ? " (" + parts.join(", ") + ")" : "") + ".";
    $("flag-count").dataset.shown = shown.length;
    var list = $("flag-list"), frag = document.createDocumentFragment();
    slice.forEach(function (f) { frag.appendChild(flagCard(f)); });
    if (!slice.length) frag.appendChild(el("p", "empty", total ? "No flag matches these filters." : "No flags: the articles agree on every compared figure."));
    list.replaceChildren(frag);
    pager($("flag-pager"), state.p, pages, "p");
  }

  var COLS = {
    article: function (c) { return articleLabel(article(c)).toLowerCase(); },
    measure: function (c) { return c.measure; },
    quals: function (c) { return c.quals; },
    value: function (c) {  // numbers by their lower end, then open-ended, then words (names, dates)
      if (c.kind === "name" || c.kind === "date") return [c.kind === "date" ? 1 : 2, String(c.value).toLowerCase(), 0];
      if (c.low !== null) return [0, c.low, c.high === null ? Infinity : c.high];
      return c.high !== null ? [1, c.high, 0] : [2, String(c.value).toLowerCase(), 0];
    },
    as_of: function (c) { return c.as_of || "~"; },
    modality: function (c) { return c.modality; },
    attribution: function (c) { return c.attribution ? c.attribution.toLowerCase() : "~"; },
    quote: function (c) { return c.quote.toLowerCase(); },
    flags: function (c) { return -(D.claimFlags[c.i] || []).length; }
  };
  function cmp(x, y) {
    if (Array.isArray(x)) {
      for (var i = 0; i < x.length; i++) { var r = cmp(x[i], y[i]); if (r) return r; }
      return 0;
    }
    if (typeof x !== typeof y) return typeof x < typeof y ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function claimText(c) {
    if (c.hay === undefined) {
      var a = article(c);
      c.hay = [c.id, a.id, a.title, c.measure, c.quals, c.value, c.as_of, c.modality, c.attribution, c.quote, sentence(c)[0]].join("\n").toLowerCase();
    }
    return c.hay;
  }
  function renderClaims() {
    var q = state.cq.trim().toLowerCase(), rows = D.claims;
    if (q) rows = rows.filter(function (c) { return q.split(/\s+/).every(function (w) { return claimText(c).indexOf(w) >= 0; }); });
    var key = COLS[state.cs];
    if (key) {
      var dir = state.cd === "desc" ? -1 : 1;
      rows = rows.slice().sort(function (a, b) {
        return dir * cmp(key(a), key(b)) || a.i - b.i;
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("#claim-table th"), function (th) {
      if (th.dataset.col === state.cs) th.setAttribute("aria-sort", state.cd === "desc" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      th.tabIndex = 0;
    });
    var pages = Math.max(1, Math.ceil(rows.length / CLAIMS_PER_PAGE));
    state.cp = Math.min(state.cp, pages);
    var from = (state.cp - 1) * CLAIMS_PER_PAGE, frag = document.createDocumentFragment();
    rows.slice(from, from + CLAIMS_PER_PAGE).forEach(function (c) {
      var tr = el("tr", c.anomaly ? "anomaly" : ""), a = article(c);
      tr.dataset.claim = c.id;
      if (c.anomaly) tr.title = "left out of comparison: " + c.anomaly;
      var ta = el("td", "art"); add(ta, openButton(c, articleLabel(a)));
      var tv = el("td", "num"); add(tv, c.value); var iv = interval(c); if (iv) add(tv, el("div", "interval", iv));
      var td = el("td", "num"); add(td, c.as_of || "—"); add(td, el("div", "interval", BASIS[c.basis] || c.basis));
      var tq = el("td", "q"); add(tq, quoteBlock(c, 80));
      var tf = el("td", "");
      (D.claimFlags[c.i] || []).forEach(function (fi) {
        var b = el("button", "linkish show-flag", D.flags[fi].id);
        b.type = "button"; b.dataset.flag = D.flags[fi].id;
        add(tf, b, " ");
      });
      add(tr, ta, el("td", "", breakable(c.measure)), el("td", "", qualsText(c.quals)), tv, td,
        el("td", "", MODALITY[c.modality] || c.modality), el("td", "", c.attribution || "—"), tq, tf);
      frag.appendChild(tr);
    });
    $("claim-body").replaceChildren(frag);
    $("claim-count").textContent = (q ? rows.length + " of " : "") + D.claims.length + " claims" +
      (pages > 1 ? ", " + CLAIMS_PER_PAGE + " per page" : "") + ". Click a column to sort.";
    $("claim-count").dataset.shown = rows.length;
    if ($("c-q").value !== state.cq) $("c-q").value = state.cq;
    pager($("claim-pager"), state.cp, pages, "cp");
  }

  // ---------- the article reader ----------
  function renderReader() {
    var reader = $("reader"), c = null;
    if (state.open) c = D.claims.filter(function (x) { return x.id === state.open; })[0] || null;
    document.body.classList.toggle("reading", !!c);
    if (!c) { reader.hidden = true; return; }
    var a = article(c), text = a.text || "";
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
    var body = $("reader-text"), ok = c.start >= 0 && c.end <= text.length && c.start < c.end;
    var mark = el("mark", "figure", ok ? text.slice(c.start, c.end) : c.quote);
    mark.id = "reader-figure";
    body.replaceChildren();
    if (ok) add(body, text.slice(0, c.start), mark, text.slice(c.end));
    else add(body, el("p", "warn", "The figure's position is not known in this text; the quote was “" + c.quote + "”."), text);
    reader.hidden = false;
    mark.scrollIntoView({ block: "center" });
  }

  function update(what) {
    writeHash();
    if (!what || what === "flags") renderFlags();
    if (!what || what === "claims") renderClaims();
    if (!what || what === "reader") renderReader();
  }

  // ---------- events ----------
  function bind() {
    var timer = null;
    $("filters").addEventListener("change", function (e) {
      var t = e.target;
      if (t.dataset.key === "sev" || t.dataset.key === "st") {
        var list = state[t.dataset.key].filter(function (v) { return v !== t.value; });
        if (t.checked) list.push(t.value);
        state[t.dataset.key] = list;
      } else if (t.id === "f-chk") state.chk = t.value;
      else if (t.id === "f-m") state.m = t.value;
      else return;
      state.p = 1; update("flags");
    });
    $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
    $("f-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = $("f-q").value; state.p = 1; update("flags"); }, 150);
    });
    $("c-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.cq = $("c-q").value; state.cp = 1; update("claims"); }, 150);
    });
    $("f-reset").addEventListener("click", function () {
      state.sev = []; state.st = []; state.chk = ""; state.m = ""; state.q = ""; state.p = 1; update("flags");
    });
    document.addEventListener("click", function (e) {
      var t = e.target.closest ? e.target.closest("button, th") : null;
      if (!t) return;
      if (t.classList.contains("open-article")) { state.open = t.dataset.claim; update("reader"); }
      else if (t.id === "reader-close") { state.open = ""; update("reader"); }
      else if (t.classList.contains("show-flag")) {
        state.sev = []; state.st = []; state.chk = ""; state.m = ""; state.q = t.dataset.flag; state.p = 1;
        update("flags"); $("flags").scrollIntoView();
      } else if (t.dataset.key === "p" || t.dataset.key === "cp") {
        state[t.dataset.key] = parseInt(t.dataset.page, 10) || 1;
        update(t.dataset.key === "p" ? "flags" : "claims");
        $(t.dataset.key === "p" ? "flags" : "claims").scrollIntoView();
      } else if (t.tagName === "TH" && t.dataset.col) {
        sortBy(t.dataset.col);
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && state.open) { state.open = ""; update("reader"); }
      else if (e.key === "Enter" && e.target.tagName === "TH" && e.target.dataset.col) sortBy(e.target.dataset.col);
      else if (e.key === "/" && !/INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) { e.preventDefault(); $("f-q").focus(); }
    });
    window.addEventListener("hashchange", function () { state = readHash(); update(); });
    window.addEventListener("beforeprint", function () { printing = true; renderFlags(); });
    window.addEventListener("afterprint", function () { printing = false; renderFlags(); });
  }
  function sortBy(col) {
    if (state.cs === col) state.cd = state.cd === "asc" ? "desc" : "asc";
    else { state.cs = col; state.cd = "asc"; }
    state.cp = 1; update("claims");
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
      renderFlags();
      mark("cc-flags");
      $("claim-count").textContent = "Unpacking the article texts…";
      return new Promise(function (ok) { setTimeout(ok, 0); });  // let the flags paint first
    }).then(loadTexts).then(function () {
      bind();
      renderClaims();
      renderReader();
      document.documentElement.dataset.ready = "1";
      mark("cc-ready");
    }).catch(fail);
  } catch (err) { fail(err); }
})();
