using System.Globalization;
using System.Net;
using System.Text;

namespace ClusterSim.Analysis.Explore;

/// <summary>
/// explore.html: one file, no external script, style, font or request. The figures of every point
/// are embedded as compact JSON (integers for the animation, four significant digits for figures),
/// so moving a slider only re-draws: nothing is computed in the browser but the drawing.
/// </summary>
internal static class ExplorePage
{
    public static string Render(ExploreResult result)
    {
        var plan = result.Plan;
        var json = new StringBuilder();
        json.Append("{\"scenario\":").Append(Str(plan.ScenarioName));
        json.Append(",\"figures\":[").AppendJoin(',', Explorer.Figures.Select(Str)).Append(']');
        var first = result.Points.Count > 0 ? result.Points[0] : null;
        json.Append(",\"text\":").Append(first?.HasText != false ? "true" : "false");
        json.Append(",\"kindFigures\":[").AppendJoin(',', Explorer.KindFigures.Select(Str)).Append(']');
        json.Append(",\"kinds\":[").AppendJoin(',', (first?.KindClasses ?? []).Select(k => "{\"name\":" + Str(k.Name) + ",\"kind\":" + Str(k.Kind) + ",\"lat\":" + Str(k.Latency) + "}")).Append(']');
        json.Append(",\"params\":[").AppendJoin(',', plan.Parameters.Select(p => "{\"path\":" + Str(p.Path) + ",\"values\":[" + string.Join(',', p.Values.Select(Str)) + "]}")).Append(']');
        json.Append(",\"points\":[");
        for (var i = 0; i < result.Points.Count; i++)
        {
            var p = result.Points[i];
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append("{\"f\":[").AppendJoin(',', p.Figures.Select(Num)).Append(']');
            json.Append(",\"k\":[").AppendJoin(',', p.KindValues.Select(Num)).Append(']');
            json.Append(",\"w\":").Append(p.Frames.WindowUs.ToString(CultureInfo.InvariantCulture));
            json.Append(",\"r\":[").AppendJoin(',', p.Replicas.Select(Str)).Append(']');
            json.Append(",\"it\":").Append(Flat(p.Frames.Iterations));
            json.Append(",\"ar\":").Append(Flat(p.Frames.Arrivals));
            json.Append(",\"de\":").Append(Flat(p.Frames.Departures)).Append('}');
        }

        json.Append("]}");

        // The data sits in a JSON script element: '<' is escaped so no value can close it.
        var data = json.ToString().Replace("<", "\\u003c", StringComparison.Ordinal);
        var title = WebUtility.HtmlEncode($"ClusterSim explorer: {plan.ScenarioName}");
        return Template.Replace("__TITLE__", title, StringComparison.Ordinal).Replace("__DATA__", data, StringComparison.Ordinal);
    }

    private static string Flat(IReadOnlyList<long[]> rows)
        => "[" + string.Join(',', rows.SelectMany(r => r).Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "null";

    private static string Str(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private const string Template = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:16px 24px;color:#222;max-width:1200px}
h1{font-size:1.3em;margin:0 0 4px} h2{font-size:1.05em;margin:18px 0 6px}
.note{color:#666;font-size:.88em}
#sliders label{display:block;margin:8px 0 2px;font-family:monospace;font-size:.9em}
#sliders input{width:420px;vertical-align:middle} #sliders output{font-weight:bold;margin-left:8px}
#charts{display:flex;flex-wrap:wrap;gap:10px}
svg{background:#fafafa;border:1px solid #ddd}
svg text{font-size:11px;fill:#333}
table{border-collapse:collapse;font-size:.88em} td{padding:2px 10px;border-bottom:1px solid #eee}
td.v{text-align:right;font-family:monospace}
canvas{border:1px solid #ddd;background:#fff}
.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head>
<body>
<h1 id="title"></h1>
<p class="note">Every point below was simulated beforehand by <code>clustersim explore</code>; moving a slider picks another point. Text latencies and rates are those of summary.json's overall row (requests arriving after warm-up); energy per token is the IT energy of the whole run over its output tokens. A video or image class shows its requests' time from arrival to completion, an avatar class its frames' latency from release to ready, each with the share of its work within its own SLO and the share of its arrivals turned away.</p>
<div id="sliders"></div>
<h2>This point</h2>
<div id="charts"><svg id="latency" width="470" height="250"></svg><table id="figures"></table></div>
<h2 id="trendTitle"></h2>
<div id="trends" style="display:flex;flex-wrap:wrap;gap:10px"></div>
<h2>The first seconds of this run</h2>
<p class="note">Each bar is a replica's current iteration, as tall as its batch: <span class="key"><span style="background:#e8833a"></span>sequences in prefill <span style="background:#3a78c2"></span>sequences decoding <span style="background:#6a8d4f"></span>requests or frames in a video, image or avatar step <span style="border:1px solid #999;box-sizing:border-box"></span>waiting for it</span>. Green dots are requests (or avatar sessions) arriving, grey dots leaving.
<button id="play" type="button">pause</button> <span id="clock"></span></p>
<canvas id="anim" width="1100" height="320"></canvas>
<script id="data" type="application/json">__DATA__</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const F = name => D.figures.indexOf(name);
const sel = D.params.map(() => 0);
const strides = []; { let s = 1; for (let i = D.params.length - 1; i >= 0; i--) { strides[i] = s; s *= D.params[i].values.length; } }
const index = s => s.reduce((a, v, i) => a + v * strides[i], 0);
const point = () => D.points[index(sel)];
const NS = "http://www.w3.org/2000/svg";
function el(tag, attrs, text) { const e = document.createElementNS(NS, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
function fmt(v, unit) {
  if (v === null || v === undefined) return "no data";
  if (unit === "s") return v >= 1 ? v.toPrecision(3) + " s" : (v * 1000).toPrecision(3) + " ms";
  if (unit === "%") return (v * 100).toFixed(1) + " %";
  return (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) + (unit ? " " + unit : "");
}
// Each figure as [label, reader of a point, unit, colour]: the text classes' overall row when the scenario has text classes,
// each video, image or avatar class's own figures, and the cluster's utilization.
const T = name => q => q.f[F(name)];
const K = (c, name) => q => q.k[c * D.kindFigures.length + D.kindFigures.indexOf(name)];
const LAT = (D.text ? [["TTFT p50","ttft_p50_s"],["TTFT p90","ttft_p90_s"],["TTFT p99","ttft_p99_s"],["TPOT p50","tpot_p50_s"],["TPOT p99","tpot_p99_s"],["TBT p99","tbt_p99_s"],["E2E p50","e2e_p50_s"],["E2E p99","e2e_p99_s"]]
    .map(([label, k]) => [label, T(k), "s", k.startsWith("ttft") ? "#e8833a" : k.startsWith("e2e") ? "#6a8d4f" : "#3a78c2"]) : [])
  .concat(D.kinds.flatMap((c, i) => [[c.name + " p50", K(i, "latency_p50_s"), "s", "#8a6d3b"], [c.name + " p99", K(i, "latency_p99_s"), "s", "#8a6d3b"]]));
const TRENDS = (D.text ? [["Throughput (req/s)", T("throughput_rps"), ""], ["Output tokens/s", T("output_tokens_per_s"), ""], ["TTFT p99", T("ttft_p99_s"), "s"], ["TPOT p99", T("tpot_p99_s"), "s"]] : [])
  .concat(D.kinds.flatMap((c, i) => [[c.name + ": " + c.lat + " p99", K(i, "latency_p99_s"), "s"], [c.name + ": within its SLO", K(i, "slo_attainment"), "%"]]))
  .concat([["Accelerator utilization", T("accelerator_utilization"), "%"]])
  .concat(D.text ? [["Energy per output token (J)", T("joules_per_output_token"), "J"]] : []);
document.getElementById("title").textContent = "ClusterSim explorer: " + D.scenario;

function sliders() {
  const box = document.getElementById("sliders");
  D.params.forEach((p, i) => {
    const label = document.createElement("label"); label.textContent = p.path + " ";
    const input = document.createElement("input"); input.type = "range"; input.min = 0; input.max = p.values.length - 1; input.step = 1; input.value = 0; input.id = "slider" + i;
    const out = document.createElement("output"); out.id = "value" + i; out.textContent = p.values[0];
    input.addEventListener("input", () => { sel[i] = +input.value; out.textContent = p.values[sel[i]]; draw(); restart(); });
    label.appendChild(input); label.appendChild(out); box.appendChild(label);
  });
}

function latency() {
  const svg = document.getElementById("latency"); svg.replaceChildren();
  const q0 = point();
  svg.setAttribute("height", 40 + LAT.length * 26);
  // A log axis from 1 ms to the largest latency of any point, so moving a slider moves the bars against a fixed scale.
  let max = 1e-3; for (const q of D.points) for (const [, get] of LAT) { const v = get(q); if (v !== null && v !== undefined && v > max) max = v; }
  const lo = Math.log10(1e-3), hi = Math.log10(max) + 0.1, x0 = 130, w = 320;
  const X = v => x0 + w * (Math.log10(Math.max(v, 1e-3)) - lo) / (hi - lo);
  svg.appendChild(el("text", { x: 8, y: 16 }, "Latency percentiles (log scale)"));
  LAT.forEach(([label, get, , colour], i) => {
    const y = 30 + i * 26, v = get(q0);
    svg.appendChild(el("text", { x: 8, y: y + 13 }, label.slice(0, 20)));
    if (v === null || v === undefined) { svg.appendChild(el("text", { x: x0 + 4, y: y + 13 }, "no data")); return; }
    svg.appendChild(el("rect", { x: x0, y: y, width: Math.max(1, X(v) - x0), height: 18, fill: colour, "data-value": v }));
    svg.appendChild(el("text", { x: Math.min(X(v), x0 + w - 60) + 4, y: y + 13 }, fmt(v, "s")));
  });
}

function table() {
  const t = document.getElementById("figures"); t.replaceChildren();
  const q = point(), f = q.f;
  const rows = (D.text ? [["Throughput", fmt(f[F("throughput_rps")], "req/s")], ["Output tokens", fmt(f[F("output_tokens_per_s")], "tok/s")]] : [])
    .concat(D.kinds.flatMap((c, i) => (c.kind === "avatar" ? [] : [[c.name + " served", fmt(K(i, "served_rps")(q), "req/s")]])
      .concat([[c.name + " within its SLO", fmt(K(i, "slo_attainment")(q), "%")], [c.name + " turned away", fmt(K(i, "refused_share")(q), "%")]])))
    .concat([["Accelerator utilization", fmt(f[F("accelerator_utilization")], "%")]])
    .concat(D.text ? [["Energy per output token", fmt(f[F("joules_per_output_token")], "J")]] : []);
  D.params.forEach((p, i) => rows.unshift([p.path, p.values[sel[i]]]));
  for (const [k, v] of rows) { const tr = document.createElement("tr"); const a = document.createElement("td"); a.textContent = k; const b = document.createElement("td"); b.className = "v"; b.textContent = v; tr.append(a, b); t.appendChild(tr); }
}

function trends() {
  const box = document.getElementById("trends"); box.replaceChildren();
  // Each figure against the first varied value, the others held at their sliders; the selected point is the big dot.
  const p0 = D.params[0];
  document.getElementById("trendTitle").textContent = "Against " + p0.path + (D.params.length > 1 ? " (the other values as the sliders say)" : "");
  for (const [title, get, unit] of TRENDS) {
    const svg = el("svg", { width: 360, height: 190, "class": "trend" });
    svg.appendChild(el("text", { x: 8, y: 16 }, title));
    const ys = p0.values.map((_, j) => { const s = sel.slice(); s[0] = j; const v = get(D.points[index(s)]); return v === undefined ? null : v; });
    const ok = ys.filter(v => v !== null);
    const max = ok.length ? Math.max(...ok) * 1.1 || 1 : 1;
    const X = j => 50 + (p0.values.length === 1 ? 140 : j * 280 / (p0.values.length - 1)), Y = v => 165 - 135 * v / max;
    svg.appendChild(el("line", { x1: 50, y1: 165, x2: 340, y2: 165, stroke: "#999" }));
    svg.appendChild(el("text", { x: 4, y: 36 }, fmt(max, unit)));
    let d = "";
    ys.forEach((v, j) => { if (v !== null) d += (d ? "L" : "M") + X(j).toFixed(1) + "," + Y(v).toFixed(1); });
    if (d) svg.appendChild(el("path", { d: d, fill: "none", stroke: "#3a78c2", "stroke-width": 2 }));
    ys.forEach((v, j) => {
      svg.appendChild(el("text", { x: X(j) - 10, y: 182 }, String(p0.values[j]).slice(0, 10)));
      if (v === null) return;
      const on = j === sel[0];
      svg.appendChild(el("circle", { cx: X(j), cy: Y(v), r: on ? 6 : 3, fill: on ? "#e8833a" : "#3a78c2" }));
      if (on) svg.appendChild(el("text", { x: Math.min(X(j) + 8, 290), y: Math.max(Y(v) - 8, 28) }, fmt(v, unit)));
    });
    box.appendChild(svg);
  }
}

// ---- the animation: the run's first seconds, slowed down ----
const canvas = document.getElementById("anim"), ctx = canvas.getContext("2d");
let t0 = null, playing = true, simAt = 0, lastFrame = null;
const SLOW = 5; // real seconds per simulated second
function restart() { simAt = 0; lastFrame = null; }
function frame(now) {
  if (lastFrame !== null && playing) simAt += (now - lastFrame) * 1000 / SLOW;
  lastFrame = now;
  const p = point();
  if (simAt > p.w) simAt = 0;
  paint(p, simAt);
  requestAnimationFrame(frame);
}
function paint(p, t) {
  const W = canvas.width, H = canvas.height, n = p.r.length, it = p.it;
  ctx.clearRect(0, 0, W, H);
  let maxBatch = 1; for (let i = 0; i < it.length; i += 6) maxBatch = Math.max(maxBatch, it[i + 3] + it[i + 4]);
  const cur = new Array(n).fill(null);
  for (let i = 0; i < it.length && it[i + 1] <= t; i += 6) if (it[i + 1] + it[i + 2] > t) cur[it[i]] = i;
  const slot = (W - 60) / Math.max(n, 1), base = H - 40, top = 50, scale = (base - top) / maxBatch;
  ctx.font = "11px sans-serif"; ctx.fillStyle = "#333";
  ctx.fillText("batch " + maxBatch, 4, top + 4);
  ctx.strokeStyle = "#ccc"; ctx.beginPath(); ctx.moveTo(50, top); ctx.lineTo(W - 10, top); ctx.moveTo(50, base); ctx.lineTo(W - 10, base); ctx.stroke();
  for (let r = 0; r < n; r++) {
    const x = 60 + r * slot, bw = Math.min(60, slot * 0.6);
    const i = cur[r];
    if (i !== null && it[i + 5] < 0) {
      // A video, image or avatar step: its requests (or frames) as one bar, those waiting behind it as an outline on top.
      const b = it[i + 4], q = it[i + 3];
      ctx.fillStyle = "#6a8d4f"; ctx.fillRect(x, base - b * scale, bw, b * scale);
      ctx.strokeStyle = "#999"; ctx.strokeRect(x, base - (b + q) * scale, bw, q * scale);
      ctx.fillStyle = "#333"; ctx.fillText(b + " in step" + (q ? ", " + q + " waiting" : ""), x, base - (b + q) * scale - 4);
    } else if (i !== null) {
      const pre = it[i + 3], dec = it[i + 4];
      ctx.fillStyle = "#3a78c2"; ctx.fillRect(x, base - dec * scale, bw, dec * scale);
      ctx.fillStyle = "#e8833a"; ctx.fillRect(x, base - (dec + pre) * scale, bw, pre * scale);
      ctx.fillStyle = "#333"; ctx.fillText((pre ? pre + "p/" + it[i + 5] + "tok " : "") + dec + "d", x, base - (dec + pre) * scale - 4);
    }
    ctx.fillStyle = "#333"; ctx.fillText(p.r[r].slice(0, 24), x, H - 24);
  }
  // Requests arriving (green) and leaving (grey) within the last 200 ms, drifting up and fading.
  const dots = (rows, colour, y0) => {
    let count = 0;
    for (let i = 0; i < rows.length; i += 2) {
      const at = rows[i]; if (at > t) break; count++;
      const age = t - at; if (age > 200000) continue;
      const r = rows[i + 1] >= 0 && rows[i + 1] < n ? rows[i + 1] : 0;
      ctx.globalAlpha = 1 - age / 200000; ctx.fillStyle = colour;
      ctx.beginPath(); ctx.arc(60 + r * slot + (i % 7) * 5, y0 - age / 200000 * 25, 3, 0, 7); ctx.fill(); ctx.globalAlpha = 1;
    }
    return count;
  };
  const arrived = dots(p.ar, "#3a9a3a", 40), left = dots(p.de, "#888", 40);
  document.getElementById("clock").textContent = "t = " + (t / 1e6).toFixed(3) + " s of " + (p.w / 1e6).toFixed(2) + " s simulated; arrived " + arrived + ", left " + left;
}
document.getElementById("play").addEventListener("click", e => { playing = !playing; e.target.textContent = playing ? "pause" : "play"; });

function draw() { latency(); table(); trends(); }
sliders(); draw(); requestAnimationFrame(frame);
</script>
</body></html>
""";
}
