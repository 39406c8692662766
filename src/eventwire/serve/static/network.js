// Actor network: a small force-directed layout (tens of nodes: O(n^2) per step is fine).
"use strict";
(async () => {
  const W = 1000, H = 620;
  const summary = document.getElementById("network-summary");
  const box = document.getElementById("network");
  let data;
  try {
    data = await ew.api("/api/network", ew.params());
  } catch (e) {
    summary.textContent = "Could not load the network: " + e.message;
    return;
  }
  const events = data.edges.reduce((n, e) => n + e.count, 0);
  summary.textContent = `${data.nodes.length} actors, ${data.edges.length} links, ${events} actor–recipient pairs`;
  if (!data.nodes.length) return;

  // Deterministic start on a circle, then spring-electric relaxation.
  const nodes = data.nodes.map((n, i) => {
    const a = 2 * Math.PI * i / data.nodes.length;
    return { ...n, x: W / 2 + 220 * Math.cos(a), y: H / 2 + 220 * Math.sin(a), vx: 0, vy: 0 };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = data.edges.map((e) => ({ ...e, s: byId.get(e.source), t: byId.get(e.target) }));
  const k = Math.sqrt(W * H / nodes.length) * 0.6;
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy || 0.01;
        const f = k * k / d2;
        a.vx += dx * f * 0.05; a.vy += dy * f * 0.05;
      }
    }
    for (const l of links) {
      const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d - k) / d * 0.05;
      l.s.vx += dx * f; l.s.vy += dy * f; l.t.vx -= dx * f; l.t.vy -= dy * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.01; n.vy += (H / 2 - n.y) * 0.01;
      const v = Math.sqrt(n.vx * n.vx + n.vy * n.vy), cap = 30 * cool + 1;
      if (v > cap) { n.vx *= cap / v; n.vy *= cap / v; }
      n.x = Math.min(W - 40, Math.max(40, n.x + n.vx)); n.y = Math.min(H - 25, Math.max(25, n.y + n.vy));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }

  const s = ew.svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "network-svg" }, box);
  const defs = ew.svg("defs", {}, s);
  for (const [q, c] of Object.entries({ ...ew.QUAD, 0: "#98a2b3" })) {
    const m = ew.svg("marker", { id: `arrow${q}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
    ew.svg("path", { d: "M0,0L10,5L0,10z", fill: c }, m);
  }
  const maxCount = Math.max(...links.map((l) => l.count));
  const maxNode = Math.max(...nodes.map((n) => n.count));
  const radius = (n) => 5 + 14 * Math.sqrt(n.count / maxNode);
  for (const l of links) {
    // Curve each direction to its own side so A→B and B→A stay apart.
    const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
    const mx = (l.s.x + l.t.x) / 2 - dy / d * 18, my = (l.s.y + l.t.y) / 2 + dx / d * 18;
    const r = radius(l.t), ex = l.t.x - (l.t.x - mx) / Math.hypot(l.t.x - mx, l.t.y - my) * r,
      ey = l.t.y - (l.t.y - my) / Math.hypot(l.t.x - mx, l.t.y - my) * r;
    const q = l.quad_class || 0;
    const path = ew.svg("path", { d: `M${l.s.x},${l.s.y}Q${mx},${my} ${ex},${ey}`, class: "edge",
      stroke: ew.QUAD[q] || "#98a2b3", "stroke-width": (1 + 6 * l.count / maxCount).toFixed(2),
      "marker-end": `url(#arrow${q})`, "data-source": l.source, "data-target": l.target }, s);
    ew.tip(path, `${l.source} → ${l.target}: ${l.count} events, mean Goldstein ${l.goldstein_mean}`);
    path.addEventListener("click", () => { window.location = ew.eventsUrl({ actor: l.source, recipient: l.target }); });
  }
  for (const n of nodes) {
    const g = ew.svg("g", { class: "node-group", "data-id": n.id }, s);
    const c = ew.svg("circle", { cx: n.x, cy: n.y, r: radius(n), class: "node" }, g);
    ew.tip(c, `${n.id}: ${n.count} events`);
    ew.svg("text", { x: n.x, y: n.y - radius(n) - 3, "text-anchor": "middle" }, g).textContent = n.id;
    g.addEventListener("click", () => { window.location = ew.eventsUrl({ actor: n.id }); });
  }
})();
