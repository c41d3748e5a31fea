/*
 * sentifuse: minimal SVG line charts for the training page (no dependencies, works offline).
 *
 * new LineChart(element, {title, xLabel, yLabel, logY, height, yMin, yMax, band})
 *   .render([{name, x: [...], y: [...], color, width, dash, markers, faint}], {vline: x})
 * Null / non-finite y values leave gaps. Clicking a legend entry hides or shows its series.
 */
(function (global) {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#e6550d", "#6b6ecf"];

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (attrs.hasOwnProperty(k)) { e.setAttribute(k, attrs[k]); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function niceStep(range, count) {
    var raw = range / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
  }

  function ticks(lo, hi, count) {
    if (!(hi > lo)) { return [lo]; }
    var step = niceStep(hi - lo, count);
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) { out.push(Math.abs(v) < step * 1e-9 ? 0 : v); }
    return out;
  }

  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) { return "–"; }
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) { return v.toExponential(2).replace(/\.?0+e/, "e"); }
    if (Number.isInteger(v) || a >= 100) { return v.toFixed(0); }
    if (a >= 10) { return v.toFixed(1); }
    return Number(v.toPrecision(4)).toString();
  }

  function LineChart(container, opts) {
    this.container = container;
    this.opts = opts || {};
    this.hidden = {};
    container.classList.add("chart");
    var head = document.createElement("div");
    head.className = "chart-title";
    head.textContent = this.opts.title || "";
    container.appendChild(head);
    this.holder = document.createElement("div");
    this.holder.className = "chart-plot";
    container.appendChild(this.holder);
    this.legend = document.createElement("div");
    this.legend.className = "chart-legend";
    container.appendChild(this.legend);
    this.tip = document.createElement("div");
    this.tip.className = "chart-tip";
    this.holder.appendChild(this.tip);
  }

  LineChart.prototype.render = function (series, extra) {
    this.series = series || [];
    this.extra = extra || {};
    this.draw();
  };

  LineChart.prototype.transform = function (v) {
    if (v === null || v === undefined || !isFinite(v)) { return null; }
    if (this.opts.logY) { return v > 0 ? Math.log10(v) : null; }
    return v;
  };

  LineChart.prototype.draw = function () {
    var self = this, o = this.opts;
    var W = Math.max(280, this.holder.clientWidth || 480), H = o.height || 230;
    var m = {l: 58, r: 12, t: 8, b: 30};
    var old = this.holder.querySelector("svg");
    if (old) { this.holder.removeChild(old); }
    var svg = el("svg", {width: W, height: H, "class": "chart-svg"});
    this.holder.insertBefore(svg, this.tip);

    var xs = [], ys = [];
    this.series.forEach(function (s, i) {
      s.color = s.color || PALETTE[i % PALETTE.length];
      if (self.hidden[s.name]) { return; }
      for (var j = 0; j < s.x.length; j++) {
        var y = self.transform(s.y[j]);
        if (y !== null && s.x[j] !== null) { xs.push(s.x[j]); ys.push(y); }
      }
    });
    if (o.band) { ys.push(self.transform(o.band[0]), self.transform(o.band[1])); }
    if (xs.length === 0) {
      el("text", {x: W / 2, y: H / 2, "text-anchor": "middle", "class": "chart-empty"}, svg).textContent = o.empty || "no data yet";
      this.renderLegend();
      return;
    }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    if (o.yMin !== undefined) { y0 = Math.max(o.yMin, y0); }
    if (o.yMax !== undefined) { y1 = Math.min(o.yMax, y1); }
    if (x1 === x0) { x0 -= 1; x1 += 1; }
    var pad = (y1 - y0) * 0.06 || Math.max(Math.abs(y1) * 0.1, 0.05);
    y0 -= pad; y1 += pad;
    var px = function (x) { return m.l + (x - x0) / (x1 - x0) * (W - m.l - m.r); };
    var py = function (y) { return H - m.b - (y - y0) / (y1 - y0) * (H - m.t - m.b); };
    this.scale = {px: px, py: py, x0: x0, x1: x1, m: m, W: W, H: H};

    var grid = el("g", {"class": "chart-grid"}, svg);
    var yt = ticks(y0, y1, 5);
    if (o.logY) {
      var decades = yt.filter(function (t) { return Math.abs(t - Math.round(t)) < 1e-9; });
      if (decades.length >= 2) { yt = decades; }
    }
    yt.forEach(function (t) {
      el("line", {x1: m.l, x2: W - m.r, y1: py(t), y2: py(t)}, grid);
      el("text", {x: m.l - 6, y: py(t) + 4, "text-anchor": "end"}, grid).textContent = o.logY ? "1e" + fmt(t) : fmt(t);
    });
    var xt = ticks(x0, x1, Math.max(2, Math.floor((W - m.l) / 90)));
    if (o.integerX) { xt = xt.filter(function (t) { return Math.abs(t - Math.round(t)) < 1e-9; }); }
    xt.forEach(function (t) {
      el("line", {x1: px(t), x2: px(t), y1: m.t, y2: H - m.b, "class": "chart-xgrid"}, grid);
      el("text", {x: px(t), y: H - m.b + 16, "text-anchor": "middle"}, grid).textContent = fmt(t);
    });
    if (o.xLabel) {
      el("text", {x: W - m.r, y: H - 3, "text-anchor": "end", "class": "chart-axis-label"}, svg).textContent = o.xLabel;
    }
    if (o.band) {
      var b0 = py(self.transform(o.band[0])), b1 = py(self.transform(o.band[1]));
      el("rect", {x: m.l, y: Math.min(b0, b1), width: W - m.l - m.r, height: Math.abs(b1 - b0), "class": "chart-band"}, svg);
    }
    if (this.extra.vline !== undefined && this.extra.vline !== null) {
      el("line", {x1: px(this.extra.vline), x2: px(this.extra.vline), y1: m.t, y2: H - m.b, "class": "chart-vline"}, svg);
    }
    var clip = "clip" + Math.random().toString(36).slice(2);
    el("rect", {x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b}, el("clipPath", {id: clip}, el("defs", {}, svg)));
    var plot = el("g", {"clip-path": "url(#" + clip + ")"}, svg);

    this.series.forEach(function (s) {
      if (self.hidden[s.name]) { return; }
      var d = "", pen = false;
      for (var j = 0; j < s.x.length; j++) {
        var y = self.transform(s.y[j]);
        if (y === null || s.x[j] === null) { pen = false; continue; }
        d += (pen ? "L" : "M") + px(s.x[j]).toFixed(1) + "," + py(y).toFixed(1);
        pen = true;
        if (s.markers) {
          el("circle", {cx: px(s.x[j]), cy: py(y), r: s.markers, fill: s.color, "class": "chart-marker"}, plot);
        }
      }
      if (!s.markersOnly && d) {
        el("path", {d: d, stroke: s.color, "stroke-width": s.width || 1.6, fill: "none",
          "stroke-dasharray": s.dash || "", opacity: s.faint ? 0.35 : 1}, plot);
      }
    });
    this.cursor = el("line", {y1: m.t, y2: H - m.b, "class": "chart-cursor", visibility: "hidden"}, svg);
    svg.addEventListener("mousemove", function (ev) { self.hover(ev, svg); });
    svg.addEventListener("mouseleave", function () {
      self.cursor.setAttribute("visibility", "hidden");
      self.tip.style.display = "none";
    });
    this.renderLegend();
  };

  LineChart.prototype.hover = function (ev, svg) {
    var s = this.scale;
    if (!s) { return; }
    var rect = svg.getBoundingClientRect();
    var mx = ev.clientX - rect.left;
    var x = s.x0 + (mx - s.m.l) / (s.W - s.m.l - s.m.r) * (s.x1 - s.x0);
    var lines = [], self = this, best = null;
    this.series.forEach(function (se) {
      if (self.hidden[se.name] || se.x.length === 0) { return; }
      var k = 0, dist = Infinity;
      for (var j = 0; j < se.x.length; j++) {
        var dd = Math.abs(se.x[j] - x);
        if (dd < dist && se.y[j] !== null) { dist = dd; k = j; }
      }
      if (best === null || Math.abs(se.x[k] - x) < Math.abs(best - x)) { best = se.x[k]; }
      lines.push("<span style='color:" + se.color + "'>&#9632;</span> " + escapeHtml(se.name) + ": " + fmt(se.y[k]));
    });
    if (best === null) { return; }
    this.cursor.setAttribute("x1", s.px(best));
    this.cursor.setAttribute("x2", s.px(best));
    this.cursor.setAttribute("visibility", "visible");
    this.tip.innerHTML = "<b>" + escapeHtml(this.opts.xLabel || "x") + " " + fmt(best) + "</b><br>" + lines.slice(0, 16).join("<br>");
    this.tip.style.display = "block";
    this.tip.style.left = Math.min(mx + 14, s.W - 190) + "px";
  };

  LineChart.prototype.renderLegend = function () {
    var self = this;
    this.legend.textContent = "";
    this.series.forEach(function (s) {
      if (s.noLegend) { return; }
      var item = document.createElement("span");
      item.className = "legend-item" + (self.hidden[s.name] ? " legend-off" : "");
      var sw = document.createElement("i");
      sw.style.background = s.color;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s.name));
      item.title = "click to hide / show";
      item.addEventListener("click", function () {
        self.hidden[s.name] = !self.hidden[s.name];
        self.draw();
      });
      self.legend.appendChild(item);
    });
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  global.LineChart = LineChart;
  global.fmtNumber = fmt;
  global.escapeHtml = escapeHtml;
})(window);
