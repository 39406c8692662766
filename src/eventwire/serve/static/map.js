// Event locations on a plain equirectangular map (no tiles: works offline).
// Country outlines are drawn when /static/world-110m.json is present.
"use strict";
(async () => {
  const W = 1000, H = 500;
  const summary = document.getElementById("map-summary");
  const box = document.getElementById("map");
  const px = (lon) => (lon + 180) / 360 * W, py = (lat) => (90 - lat) / 180 * H;
  const s = ew.svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "map-svg" }, box);
  const world = ew.svg("g", { class: "world" }, s);
  ew.svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#dfeaf3" }, world);
  for (let lon = -180; lon <= 180; lon += 30) ew.svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, class: "graticule" }, world);
  for (let lat = -60; lat <= 60; lat += 30) ew.svg("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), class: "graticule" }, world);
  try {
    const r = await fetch("/static/world-110m.json");
    if (r.ok) {
      const land = await r.json();  // [[ [lon,lat], ... ] rings ...]
      for (const ring of land.rings) {
        ew.svg("path", { d: "M" + ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z", class: "land" }, world);
      }
    }
  } catch (e) { /* outlines are decoration only */ }

  let data;
  try {
    data = await ew.api("/api/map", ew.params());
  } catch (e) {
    summary.textContent = "Could not load the map: " + e.message;
    return;
  }
  // One marker per place; its popup lists every event there.
  const groups = new Map();
  for (const p of data.points) {
    const key = `${p.lat.toFixed(2)},${p.lon.toFixed(2)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  summary.textContent = `${data.points.length} located events at ${groups.size} places` +
    (data.unlocated ? ` (${data.unlocated} events without a location)` : "");
  const pts = ew.svg("g", { class: "points" }, s);
  let popup = null;
  function close() { if (popup) { popup.remove(); popup = null; } }
  for (const [key, evs] of groups) {
    const p = evs[0];
    const counts = {};
    for (const e of evs) counts[e.quad_class || 0] = (counts[e.quad_class || 0] || 0) + 1;
    const q = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const c = ew.svg("circle", { cx: px(p.lon), cy: py(p.lat), r: Math.min(14, 3 + 2 * Math.sqrt(evs.length)),
      fill: ew.QUAD[q] || "#475467", class: "point", "data-place": p.place || key }, pts);
    ew.tip(c, `${p.place || key}: ${evs.length} events`);
    c.addEventListener("click", (ev) => {
      ev.stopPropagation();
      close();
      popup = ew.html("div", { class: "popup", role: "dialog" }, box);
      const btn = ew.html("button", { class: "close", "aria-label": "close", text: "×" }, popup);
      btn.addEventListener("click", close);
      ew.html("h3", { text: `${p.place || key} · ${evs.length} event${evs.length > 1 ? "s" : ""}` }, popup);
      const ul = ew.html("ul", {}, popup);
      for (const e of evs.slice(0, 50)) {
        const li = ew.html("li", {}, ul);
        const a = ew.html("a", { href: "/events/" + encodeURIComponent(e.id), text: `${e.event} ${e.date || ""}` }, li);
        a.className = "popup-event";
        ew.html("div", { text: `${e.actor.join(", ") || "?"} → ${e.recipient.join(", ") || "–"}` }, li);
        ew.html("div", { class: "muted", text: e.evidence.length > 160 ? e.evidence.slice(0, 160) + "…" : e.evidence }, li);
      }
      const rect = box.getBoundingClientRect(), cr = c.getBoundingClientRect();
      popup.style.left = Math.min(rect.width - 300, Math.max(0, cr.left - rect.left + 12)) + "px";
      popup.style.top = Math.max(0, cr.top - rect.top - 10) + "px";
    });
  }
  s.addEventListener("click", close);

  // Zoom and pan by changing the viewBox (buttons and mouse wheel; drag to pan).
  let view = { x: 0, y: 0, w: W, h: H };
  const apply = () => s.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  function zoom(f, cx, cy) {
    cx = cx ?? view.x + view.w / 2; cy = cy ?? view.y + view.h / 2;
    const w = Math.min(W, Math.max(W / 40, view.w * f)), h = w * H / W;
    view = { x: Math.min(W - w, Math.max(0, cx - (cx - view.x) * w / view.w)), y: Math.min(H - h, Math.max(0, cy - (cy - view.y) * h / view.h)), w, h };
    apply();
  }
  const zb = ew.html("div", { class: "zoom" }, box);
  ew.html("button", { text: "+", "aria-label": "zoom in" }, zb).addEventListener("click", () => zoom(0.5));
  ew.html("button", { text: "−", "aria-label": "zoom out" }, zb).addEventListener("click", () => zoom(2));
  s.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = s.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 0.8 : 1.25, view.x + (e.clientX - r.left) / r.width * view.w, view.y + (e.clientY - r.top) / r.height * view.h);
  }, { passive: false });
  let drag = null;
  s.addEventListener("mousedown", (e) => { drag = { x: e.clientX, y: e.clientY, v: { ...view } }; });
  window.addEventListener("mouseup", () => { drag = null; });
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const r = s.getBoundingClientRect();
    view.x = Math.min(W - view.w, Math.max(0, drag.v.x - (e.clientX - drag.x) / r.width * view.w));
    view.y = Math.min(H - view.h, Math.max(0, drag.v.y - (e.clientY - drag.y) / r.height * view.h));
    apply();
  });
})();
