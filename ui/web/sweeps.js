/*
 * sentifuse sweep board: polls /sentifuse/api/sweeps and /sentifuse/api/sweep?id=... and draws the leaderboard
 * (sortable) and the scores per fusion head. ?sweep=ID in the address selects a sweep; otherwise the newest.
 */
(function () {
  "use strict";

  var POLL_MS = 2000;
  var SVG = "http://www.w3.org/2000/svg";
  var state = {sweeps: [], selected: null, pinned: false, data: null, sortKey: "rank", asc: true, lastOk: 0};
  var params = new URLSearchParams(window.location.search);
  if (params.get("sweep")) { state.selected = params.get("sweep"); state.pinned = true; }

  function getJson(url) {
    return fetch(url, {cache: "no-store"}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function pct(v) { return v === null || v === undefined || !isFinite(v) ? "–" : (100 * v).toFixed(1); }

  function setConn(ok) {
    var c = document.getElementById("conn");
    if (ok) { state.lastOk = Date.now(); }
    var age = Math.round((Date.now() - state.lastOk) / 1000);
    c.className = "conn " + (ok || age < 10 ? "live" : "down");
    c.textContent = ok || age < 10 ? "live" : "server unreachable for " + age + " s";
  }

  function text(tag, value, cls) {
    var e = document.createElement(tag);
    e.textContent = value;
    if (cls) { e.className = cls; }
    return e;
  }

  function renderList() {
    var box = document.getElementById("sweeps");
    box.textContent = "";
    if (state.sweeps.length === 0) { box.appendChild(text("div", "no sweeps yet", "muted")); return; }
    state.sweeps.forEach(function (s) {
      var item = document.createElement("div");
      item.className = "run-item" + (s.id === state.selected ? " selected" : "");
      item.appendChild(text("div", s.id, "name"));
      var line = document.createElement("div");
      line.className = "line";
      line.appendChild(text("span", s.status, "badge " + s.status));
      line.appendChild(text("span", s.finished + (s.budget ? "/" + s.budget : "") + " candidates"));
      line.appendChild(text("span", s.best ? "best " + pct(s.best.score) : ""));
      item.appendChild(line);
      item.addEventListener("click", function () {
        state.selected = s.id;
        state.pinned = true;
        history.replaceState(null, "", "?sweep=" + encodeURIComponent(s.id));
        renderList();
        refreshSweep();
      });
      box.appendChild(item);
    });
  }

  function card(k, v) {
    var c = document.createElement("div");
    c.className = "card";
    c.appendChild(text("div", k, "k"));
    c.appendChild(text("div", v, "v"));
    return c;
  }

  function renderSweep() {
    var d = state.data;
    if (!d) { return; }
    document.getElementById("sweep-name").textContent = d.name;
    document.getElementById("sweep-meta").textContent = d.dir;
    var cards = document.getElementById("cards");
    cards.textContent = "";
    cards.appendChild(card("status", d.status));
    cards.appendChild(card("candidates", d.finished + (d.budget ? " / " + d.budget : "")));
    cards.appendChild(card("failed", String(d.failed)));
    cards.appendChild(card("metric", d.metric || "–"));
    cards.appendChild(card("best", d.best ? pct(d.best.score) + " ± " + pct(d.best.score_sd) + " (" + d.best.head + ")" : "–"));
    renderHeads(d.heads || []);
    renderTable(d.candidates || []);
  }

  function renderHeads(heads) {
    var holder = document.getElementById("head-chart");
    holder.textContent = "";
    var row = 26, left = 120, right = 40, width = Math.max(480, holder.clientWidth || 900);
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "chart-svg");
    svg.setAttribute("width", width);
    svg.setAttribute("height", Math.max(60, heads.length * row + 34));
    holder.appendChild(svg);
    if (heads.length === 0) {
      var t = document.createElementNS(SVG, "text");
      t.setAttribute("x", 20); t.setAttribute("y", 30); t.setAttribute("class", "chart-empty");
      t.textContent = "no finished candidate yet";
      svg.appendChild(t);
      return;
    }
    var lo = 1, hi = 0;
    heads.forEach(function (h) { h.scores.forEach(function (s) { lo = Math.min(lo, s); hi = Math.max(hi, s); }); });
    lo = Math.max(0, Math.floor((lo - 0.02) * 20) / 20);
    hi = Math.min(1, Math.ceil((hi + 0.02) * 20) / 20);
    function x(v) { return left + (v - lo) / Math.max(1e-9, hi - lo) * (width - left - right); }
    function el(name, attrs, parent) {
      var e = document.createElementNS(SVG, name);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      (parent || svg).appendChild(e);
      return e;
    }
    for (var v = lo; v <= hi + 1e-9; v += 0.05) {
      el("line", {x1: x(v), x2: x(v), y1: 4, y2: heads.length * row + 8, stroke: "#eef0f4"});
      el("text", {x: x(v) - 10, y: heads.length * row + 24, "class": "chart-axis-label"}).textContent = (100 * v).toFixed(0);
    }
    heads.forEach(function (h, i) {
      var g = el("g", {"class": "head-row", "data-head": h.head});
      var y = i * row + 18;
      el("text", {x: 6, y: y + 4}, g).textContent = h.head + " (" + h.candidates + ")";
      el("line", {x1: x(h.worst), x2: x(h.best), y1: y, y2: y, "class": "head-spread"}, g);
      h.scores.forEach(function (s) { el("circle", {cx: x(s), cy: y, r: 4, "class": "head-dot"}, g); });
      el("circle", {cx: x(h.best), cy: y, r: 7, "class": "head-best"}, g);
      el("text", {x: x(h.best) + 10, y: y + 4}, g).textContent = pct(h.best);
    });
  }

  function compare(a, b) {
    var k = state.sortKey, va = a[k], vb = b[k];
    if (va === null || va === undefined) { return 1; }
    if (vb === null || vb === undefined) { return -1; }
    var r = typeof va === "number" ? va - vb : String(va).localeCompare(String(vb));
    return state.asc ? r : -r;
  }

  function renderTable(rows) {
    var body = document.querySelector("#leaderboard tbody");
    body.textContent = "";
    rows.slice().sort(compare).forEach(function (r) {
      var tr = document.createElement("tr");
      if (r.rank === 1) { tr.className = "best"; }
      tr.appendChild(text("td", r.rank === null ? r.status : String(r.rank)));
      tr.appendChild(text("td", "c" + ("00" + r.candidate).slice(-3)));
      tr.appendChild(text("td", r.head, "l"));
      tr.appendChild(text("td", pct(r.score_mean)));
      tr.appendChild(text("td", pct(r.score_sd)));
      tr.appendChild(text("td", String(r.seeds)));
      tr.appendChild(text("td", pct(r.test_mean)));
      tr.appendChild(text("td", r.seconds.toFixed(0)));
      tr.appendChild(text("td", Object.keys(r.overrides).map(function (k) { return k + "=" + r.overrides[k]; })
        .join("; ") + (r.error ? " · " + r.error : ""), "l settings"));
      var runs = document.createElement("td");
      runs.className = "l runs";
      (r.runs || []).forEach(function (run) {
        var a = document.createElement("a");
        a.href = "/sentifuse?run=" + encodeURIComponent(run.id);
        a.textContent = "seed " + run.seed;
        a.title = "training curves of " + run.id + (run.score !== null ? " (" + pct(run.score) + ")" : "");
        runs.appendChild(a);
      });
      tr.appendChild(runs);
      body.appendChild(tr);
    });
    document.querySelectorAll("#leaderboard th[data-key]").forEach(function (th) {
      th.className = th.getAttribute("data-key") === state.sortKey ? "sorted" + (state.asc ? " asc" : "") : "";
      if (th.classList.length === 0 && th.getAttribute("data-key") === "head") { th.className = "l"; }
    });
  }

  document.querySelectorAll("#leaderboard th[data-key]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      state.asc = state.sortKey === key ? !state.asc : key === "rank" || key === "candidate" || key === "head";
      state.sortKey = key;
      renderSweep();
    });
  });

  function refreshList() {
    return getJson("/sentifuse/api/sweeps").then(function (data) {
      setConn(true);
      state.sweeps = data.sweeps || [];
      if (!state.pinned && state.sweeps.length > 0 &&
          (!state.selected || !state.sweeps.some(function (s) { return s.id === state.selected; }))) {
        state.selected = state.sweeps[0].id;
      }
      renderList();
    }).catch(function () { setConn(false); });
  }

  function refreshSweep() {
    if (!state.selected) { return Promise.resolve(); }
    return getJson("/sentifuse/api/sweep?id=" + encodeURIComponent(state.selected)).then(function (d) {
      state.data = d;
      renderSweep();
    }).catch(function () { /* the list refresh reports the connection */ });
  }

  function tick() {
    refreshList().then(refreshSweep).then(function () { setTimeout(tick, POLL_MS); });
  }
  tick();
})();
