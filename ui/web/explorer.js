/*
 * sentifuse prediction explorer: posts a text and an image to /predict and shows the label, the probabilities,
 * and for attention heads the attention over the text's tokens and a heat map over the image's regions.
 */
(function () {
  "use strict";

  var file = null;
  var go = document.getElementById("go");

  function getJson(url) {
    return fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); });
  }

  getJson("/model").then(function (m) {
    var el = document.getElementById("model");
    el.className = "conn live";
    el.textContent = m.head + " · " + m.mode + (m.metrics && m.metrics.val
      ? " · validation accuracy " + (100 * m.metrics.val.accuracy).toFixed(1) + "%" : "");
    if (!m.image) { file = "none"; }
    update();
  }).catch(function () { document.getElementById("model").textContent = "no model"; });

  function update() { go.disabled = !(document.getElementById("text").value.trim() && file); }
  document.getElementById("text").addEventListener("input", update);

  function choose(f) {
    file = f;
    var img = document.getElementById("preview");
    img.src = URL.createObjectURL(f);
    clearHeat();
    update();
  }

  var drop = document.getElementById("drop");
  document.getElementById("image").addEventListener("change", function (e) {
    if (e.target.files[0]) { choose(e.target.files[0]); }
  });
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) { choose(e.dataTransfer.files[0]); }
  });

  go.addEventListener("click", function () {
    var form = new FormData();
    form.append("text", document.getElementById("text").value);
    if (file && file !== "none") { form.append("image", file); }
    go.disabled = true;
    document.getElementById("error").textContent = "";
    fetch("/predict", {method: "POST", body: form}).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, body: body}; });
    }).then(function (res) {
      if (!res.ok) { throw new Error(res.body.error + (res.body.field ? " (field: " + res.body.field + ")" : "")); }
      show(res.body);
    }).catch(function (e) {
      document.getElementById("error").textContent = e.message;
    }).then(update);
  });

  function show(p) {
    var label = document.getElementById("label");
    label.className = "label " + p.label;
    label.textContent = p.label;
    var probs = document.getElementById("probs");
    probs.textContent = "";
    Object.keys(p.probabilities).forEach(function (k) {
      var v = p.probabilities[k];
      var row = document.createElement("div");
      row.className = "row";
      row.innerHTML = "<span class='name'></span><span class='bar'><i></i></span><span class='val'></span>";
      row.querySelector(".name").textContent = k;
      row.querySelector("i").style.width = (100 * v).toFixed(1) + "%";
      row.querySelector(".val").textContent = (100 * v).toFixed(1) + "%";
      probs.appendChild(row);
    });
    var tokens = document.getElementById("tokens");
    tokens.textContent = "";
    var att = p.attention;
    if (att && att.tokens) {
      tokens.className = "tokens";
      var max = Math.max.apply(null, att.tokens.map(function (t) { return t.weight; }).concat([1e-9]));
      att.tokens.forEach(function (t) {
        var s = document.createElement("span");
        s.textContent = t.token;
        s.title = (100 * t.weight).toFixed(2) + "% of the attention";
        s.style.background = "rgba(214, 39, 40, " + (0.08 + 0.8 * t.weight / max).toFixed(3) + ")";
        s.setAttribute("data-weight", t.weight);
        tokens.appendChild(s);
      });
    } else {
      tokens.className = "tokens muted";
      tokens.textContent = att && att.modalities ? "this head attends over whole modalities (below)"
        : "this fusion head has no attention over tokens";
    }
    clearHeat();
    if (att && att.regions) { heat(att.regions); }
    var mod = document.getElementById("modalities");
    mod.textContent = att && att.modalities ? "attention to the text vector " + (100 * att.modalities.text).toFixed(1)
      + "%, to the image vector " + (100 * att.modalities.image).toFixed(1) + "%"
      : att && att.regions ? "" : "this fusion head has no attention over image regions";
  }

  function clearHeat() {
    var c = document.getElementById("heat");
    c.width = 0; c.height = 0;
    c.removeAttribute("data-cells");
  }

  function heat(grid) {
    var img = document.getElementById("preview");
    var draw = function () {
      var c = document.getElementById("heat");
      c.width = img.clientWidth; c.height = img.clientHeight;
      var ctx = c.getContext("2d");
      var h = grid.length, w = grid[0].length;
      var max = 1e-9;
      grid.forEach(function (row) { row.forEach(function (v) { max = Math.max(max, v); }); });
      for (var y = 0; y < h; y++) {
        for (var x = 0; x < w; x++) {
          ctx.fillStyle = "rgba(214, 39, 40, " + (0.65 * grid[y][x] / max).toFixed(3) + ")";
          ctx.fillRect(x * c.width / w, y * c.height / h, Math.ceil(c.width / w), Math.ceil(c.height / h));
        }
      }
      c.setAttribute("data-cells", String(h * w));
    };
    if (img.complete && img.clientWidth) { draw(); } else { img.onload = draw; }
  }
})();
