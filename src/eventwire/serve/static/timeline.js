// Events per day stacked by QuadClass, and the Goldstein line for a dyad.
"use strict";
(async () => {
  const W = 1000, H = 300, M = { l: 40, r: 10, t: 10, b: 30 };
  const summary = document.getElementById("timeline-summary");
  const box = document.getElementById("timeline");

  function xAxis(g, t0, t1, x, y) {
    const n = 6;
    for (let i = 0; i <= n; i++) {
      const t = t0 + (t1 - t0) * i / n;
      ew.svg("line", { x1: x(t), x2: x(t), y1: y, y2: y + 4, class: "axis" }, g);
      ew.svg("text", { x: x(t), y: y + 16, "text-anchor": "middle" }, g).textContent = ew.fmtDay(t);
    }
  }

  try {
    const data = await ew.api("/api/aggregates/daily", ew.params(["dyad_actor", "dyad_recipient", "by"]));
    const days = new Map();
    for (const it of data.items) {
      if (Number.isNaN(ew.toDay(it.date))) continue;
      const d = days.get(it.date) || { 1: 0, 2: 0, 3: 0, 4: 0, 0: 0 };
      d[it.key || 0] += it.count;
      days.set(it.date, d);
    }
    const total = data.items.reduce((s, it) => s + it.count, 0);
    summary.textContent = `${total} dated events on ${days.size} days` +
      (data.undated ? ` (${data.undated} without a full date not shown)` : "");
    if (days.size) {
      const ts = [...days.keys()].map(ew.toDay);
      const t0 = Math.min(...ts), t1 = Math.max(...ts) + ew.dayMs;
      const span = Math.max(1, (t1 - t0) / ew.dayMs);
      const ymax = Math.max(...[...days.values()].map((d) => d[0] + d[1] + d[2] + d[3] + d[4]));
      const x = (t) => M.l + (t - t0) / (t1 - t0) * (W - M.l - M.r);
      const y = (v) => H - M.b - v / ymax * (H - M.t - M.b);
      const bw = Math.max(1, (W - M.l - M.r) / span - (span < 200 ? 1 : 0));
      const s = ew.svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "timeline-svg" }, box);
      for (let i = 0; i <= 4; i++) {
        const v = Math.round(ymax * i / 4);
        ew.svg("line", { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), class: "grid" }, s);
        ew.svg("text", { x: M.l - 4, y: y(v) + 4, "text-anchor": "end" }, s).textContent = v;
      }
      for (const [day, d] of days) {
        let acc = 0;
        for (const q of [1, 2, 3, 4, 0]) {
          if (!d[q]) continue;
          const r = ew.svg("rect", { x: x(ew.toDay(day)), width: bw, y: y(acc + d[q]),
            height: Math.max(0.5, y(acc) - y(acc + d[q])), fill: ew.QUAD[q] || "#98a2b3",
            class: "bar", "data-day": day, "data-quad": q }, s);
          ew.tip(r, `${day} · ${q ? q + " " + ew.QUAD_NAME[q] : "no QuadClass"}: ${d[q]}`);
          r.addEventListener("click", () => { window.location = ew.eventsUrl({ date_from: day, date_to: day, ...(q ? { quad_class: q } : {}) }); });
          acc += d[q];
        }
      }
      xAxis(s, t0, t1, x, H - M.b);
    }
  } catch (e) {
    summary.textContent = "Could not load the timeline: " + e.message;
  }

  // Goldstein line for a dyad, both directions.
  const p = new URLSearchParams(window.location.search);
  const a = (p.get("dyad_actor") || "").trim(), b = (p.get("dyad_recipient") || "").trim();
  if (!a || !b) return;
  const gsum = document.getElementById("goldstein-summary");
  const gbox = document.getElementById("goldstein");
  try {
    const series = [];
    for (const [from, to, colour] of [[a, b, "#1559b7"], [b, a, "#d73027"]]) {
      const q = ew.params(["dyad_actor", "dyad_recipient", "actor", "recipient"]);
      q.set("actor", from); q.set("recipient", to);
      const data = await ew.api("/api/aggregates/goldstein", q);
      const pts = data.items.filter((it) => it.actor.toUpperCase() === from.toUpperCase() && it.recipient.toUpperCase() === to.toUpperCase());
      series.push({ label: `${from} → ${to}`, colour, pts });
    }
    const all = series.flatMap((s) => s.pts);
    gsum.textContent = series.map((s) => `${s.label}: ${s.pts.reduce((n, p) => n + p.count, 0)} events on ${s.pts.length} days`).join(" · ");
    if (!all.length) return;
    const ts = all.map((it) => ew.toDay(it.date));
    const t0 = Math.min(...ts), t1 = Math.max(...ts) + ew.dayMs;
    const x = (t) => M.l + (t - t0 + ew.dayMs / 2) / (t1 - t0) * (W - M.l - M.r);
    const y = (v) => M.t + (10 - v) / 20 * (H - M.t - M.b);
    const s = ew.svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "goldstein-svg" }, gbox);
    for (const v of [-10, -5, 0, 5, 10]) {
      ew.svg("line", { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), class: "grid" }, s);
      ew.svg("text", { x: M.l - 4, y: y(v) + 4, "text-anchor": "end" }, s).textContent = v;
    }
    for (const ser of series) {
      if (!ser.pts.length) continue;
      const d = ser.pts.map((it, i) => `${i ? "L" : "M"}${x(ew.toDay(it.date)).toFixed(1)},${y(it.goldstein_mean).toFixed(1)}`).join("");
      ew.svg("path", { d, stroke: ser.colour, "stroke-width": 2, fill: "none", class: "gline" }, s);
      for (const it of ser.pts) {
        ew.tip(ew.svg("circle", { cx: x(ew.toDay(it.date)), cy: y(it.goldstein_mean), r: 4, fill: ser.colour, class: "gpoint" }, s),
          `${ser.label} ${it.date}: mean Goldstein ${it.goldstein_mean} over ${it.count} events`);
      }
    }
    series.forEach((ser, i) => {
      ew.svg("rect", { x: W - 160, y: 14 + i * 16, width: 10, height: 10, fill: ser.colour }, s);
      ew.svg("text", { x: W - 145, y: 23 + i * 16 }, s).textContent = ser.label;
    });
    xAxis(s, t0, t1, (t) => M.l + (t - t0) / (t1 - t0) * (W - M.l - M.r), H - M.b);
  } catch (e) {
    gsum.textContent = "Could not load the Goldstein series: " + e.message;
  }
})();
