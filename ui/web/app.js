/*
 * sentifuse training page: polls /sentifuse/api/runs and /sentifuse/api/run?id=... and draws the curves.
 * ?run=ID in the address selects a run; otherwise the most recently updated one is shown.
 */
(function () {
  "use strict";

  var RUNS_MS = 3000, RUN_MS = 2000;
  var state = {runs: [], selected: null, pinned: false, lastOk: 0, lastRun: null};
  var charts = {
    loss: new LineChart(document.getElementById("chart-loss"), {title: "Loss", xLabel: "iteration"}),
    val: new LineChart(document.getElementById("chart-val"),
      {title: "Validation accuracy / F1 per epoch", xLabel: "epoch", integerX: true, yMin: 0, yMax: 1,
        empty: "no finished epoch yet"}),
    lr: new LineChart(document.getElementById("chart-lr"), {title: "Learning rate", xLabel: "iteration"}),
    ratio: new LineChart(document.getElementById("chart-ratio"),
      {title: "Update : parameter ratio (||Δp|| / ||p||, log scale; shaded: 1e-4 … 1e-2)", xLabel: "iteration",
        logY: true, band: [1e-4, 1e-2], empty: "no update ratios sampled yet"}),
    grad: new LineChart(document.getElementById("chart-grad"), {title: "Gradient norm (before clipping)", xLabel: "iteration"})
  };

  var params = new URLSearchParams(window.location.search);
  if (params.get("run")) { state.selected = params.get("run"); state.pinned = true; }

  function getJson(url) {
    return fetch(url, {cache: "no-store"}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function statusClass(status) {
    if (!status) { return ""; }
    if (status.indexOf("failed") === 0) { return "failed"; }
    return status;
  }

  function setConn(ok) {
    var c = document.getElementById("conn");
    if (ok) { state.lastOk = Date.now(); }
    var age = Math.round((Date.now() - state.lastOk) / 1000);
    c.className = "conn " + (ok || age < 10 ? "live" : "down");
    c.textContent = ok || age < 10 ? "live" : "server unreachable for " + age + " s";
  }

  function refreshRuns() {
    return getJson("/sentifuse/api/runs").then(function (data) {
      setConn(true);
      state.runs = data.runs || [];
      if (!state.pinned && state.runs.length > 0) {
        var liveRun = state.runs.filter(function (r) { return r.live; })[0];
        if (!state.selected || !state.runs.some(function (r) { return r.id === state.selected; })) {
          state.selected = (liveRun || state.runs[0]).id;
        }
      }
      renderRuns();
    }).catch(function () { setConn(false); });
  }

  function renderRuns() {
    var box = document.getElementById("runs");
    box.textContent = "";
    if (state.runs.length === 0) {
      var d = document.createElement("div");
      d.className = "muted";
      d.textContent = "no runs yet";
      box.appendChild(d);
      return;
    }
    state.runs.forEach(function (r) {
      var item = document.createElement("div");
      item.className = "run-item" + (r.id === state.selected ? " selected" : "");
      var name = document.createElement("div");
      name.className = "name";
      name.textContent = r.id;
      name.title = r.name + " · " + r.dir;
      item.appendChild(name);
      var l1 = document.createElement("div");
      l1.className = "line";
      var badge = document.createElement("span");
      badge.className = "badge " + statusClass(r.status);
      badge.textContent = r.status;
      l1.appendChild(badge);
      var ep = document.createElement("span");
      ep.textContent = (r.head ? r.head + " · " : "") + "epoch " + r.epochs_done + (r.total_epochs ? "/" + r.total_epochs : "");
      l1.appendChild(ep);
      item.appendChild(l1);
      var l2 = document.createElement("div");
      l2.className = "line";
      var best = r.best && r.best.val ? r.best.val : null;
      l2.textContent = best ? "best wF1 " + fmtNumber(best.weighted_f1) + " · acc " + fmtNumber(best.accuracy)
        : (r.latest_loss !== null ? "loss " + fmtNumber(r.latest_loss) : "");
      item.appendChild(l2);
      item.addEventListener("click", function () {
        state.selected = r.id;
        state.pinned = true;
        history.replaceState(null, "", "?run=" + encodeURIComponent(r.id));
        renderRuns();
        refreshRun();
      });
      box.appendChild(item);
    });
  }

  function refreshRun() {
    if (!state.selected) { return Promise.resolve(); }
    var id = state.selected;
    return getJson("/sentifuse/api/run?id=" + encodeURIComponent(id)).then(function (run) {
      setConn(true);
      if (id !== state.selected) { return; }
      state.lastRun = run;
      renderRun(run);
    }).catch(function () { setConn(false); });
  }

  function card(k, v, title) {
    var c = document.createElement("div");
    c.className = "card";
    if (title) { c.title = title; }
    var a = document.createElement("div");
    a.className = "k";
    a.textContent = k;
    var b = document.createElement("div");
    b.className = "v";
    b.textContent = v;
    c.appendChild(a);
    c.appendChild(b);
    return c;
  }

  function lastEpoch(run) { return run.epochs.length ? run.epochs[run.epochs.length - 1] : null; }

  function renderRun(run) {
    document.getElementById("run-name").textContent = run.name;
    document.getElementById("run-meta").textContent = [run.head ? "head " + run.head : "", run.id,
      run.parameter_count ? run.parameter_count.toLocaleString() + " parameters" : ""].filter(Boolean).join(" · ");
    var cards = document.getElementById("cards");
    cards.textContent = "";
    var le = lastEpoch(run), lt = run.latest;
    var best = run.best && run.best.val ? run.best : null;
    cards.appendChild(card("status", run.status));
    cards.appendChild(card("epoch", run.epochs_done + (run.total_epochs ? " / " + run.total_epochs : "")));
    cards.appendChild(card("iteration", lt ? lt.iteration.toLocaleString() : "–"));
    cards.appendChild(card("loss", lt ? fmtNumber(lt.loss) : "–", "mini-batch loss of the latest iteration"));
    cards.appendChild(card("val accuracy", le ? fmtNumber(le.val.accuracy) : "–", "latest epoch"));
    cards.appendChild(card("val weighted F1", le ? fmtNumber(le.val.weighted_f1) : "–", "latest epoch"));
    cards.appendChild(card("best", best ? fmtNumber(best.val.weighted_f1) + " @" + (best.epoch + 1) : "–",
      "validation weighted F1 of the best epoch (by the run's select metric)"));
    cards.appendChild(card("steps / s", lt && lt.steps_per_second ? fmtNumber(lt.steps_per_second) : "–"));

    var it = run.iterations;
    var ema = smooth(it.loss, 0.9);
    var lossSeries = [
      {name: "train loss (per step)", x: it.iteration, y: it.loss, color: "#7aa6d6", width: 1, faint: true},
      {name: "train loss (smoothed)", x: it.iteration, y: ema, color: "#1f77b4", width: 2},
      {name: "epoch train loss", x: run.epochs.map(function (e) { return e.iteration; }),
        y: run.epochs.map(function (e) { return e.train_loss; }), color: "#2ca02c", markers: 3.5},
      {name: "val loss", x: run.epochs.map(function (e) { return e.iteration; }),
        y: run.epochs.map(function (e) { return e.val.loss === undefined ? null : e.val.loss; }), color: "#d62728", markers: 3.5}
    ];
    charts.loss.render(lossSeries);

    var ex = run.epochs.map(function (e) { return e.epoch + 1; });
    var metric = function (key) { return run.epochs.map(function (e) { return e.val[key] === undefined ? null : e.val[key]; }); };
    charts.val.render([
      {name: "accuracy", x: ex, y: metric("accuracy"), color: "#1f77b4", markers: 3},
      {name: "weighted F1", x: ex, y: metric("weighted_f1"), color: "#d62728", markers: 3, width: 2.2},
      {name: "macro F1", x: ex, y: metric("macro_f1"), color: "#2ca02c", markers: 3, dash: "5 3"}
    ], {vline: best ? best.epoch + 1 : null});

    charts.lr.render(Object.keys(it.lr).map(function (k) { return {name: k, x: it.iteration, y: it.lr[k]}; }));
    var ur = run.update_ratios;
    charts.ratio.render(Object.keys(ur.series).map(function (k) { return {name: k, x: ur.iteration, y: ur.series[k], width: 1.3}; }));
    charts.grad.render([{name: "global L2 norm", x: it.iteration, y: it.grad_norm, color: "#9467bd"}]);
    renderEpochs(run);
  }

  function smooth(values, beta) {
    var out = [], avg = 0, n = 0;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v === null || !isFinite(v)) { out.push(null); continue; }
      avg = beta * avg + (1 - beta) * v;
      n++;
      out.push(avg / (1 - Math.pow(beta, n)));
    }
    return out;
  }

  function renderEpochs(run) {
    var body = document.querySelector("#epochs tbody");
    body.textContent = "";
    run.epochs.slice().reverse().forEach(function (e) {
      var tr = document.createElement("tr");
      if (e.epoch === run.best_epoch) { tr.className = "best"; tr.title = "best epoch"; }
      [e.epoch + 1, e.iteration, e.train_loss, e.val.loss, e.val.accuracy, e.val.weighted_f1, e.val.macro_f1, e.seconds]
        .forEach(function (v, i) {
          var td = document.createElement("td");
          td.textContent = i < 2 ? String(v) : fmtNumber(v === undefined ? null : v);
          tr.appendChild(td);
        });
      body.appendChild(tr);
    });
  }

  function tick() {
    if (document.hidden) { return; }
    refreshRun();
  }

  refreshRuns().then(refreshRun);
  setInterval(function () { if (!document.hidden) { refreshRuns(); } }, RUNS_MS);
  setInterval(tick, RUN_MS);
  window.addEventListener("resize", function () { if (state.lastRun) { renderRun(state.lastRun); } });
})();
