// Small helpers shared by the timeline, network and map pages (no library: a few
// dozen lines of DOM/SVG code are simpler to audit than a vendored charting kit).
"use strict";
const ew = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const QUAD = { 1: "#2b8cbe", 2: "#1a9850", 3: "#f08c2e", 4: "#d73027" };
  const QUAD_NAME = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };

  // Create an SVG element; attribute values are set as attributes, never parsed as markup.
  function svg(tag, attrs, parent) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    if (parent) parent.appendChild(el);
    return el;
  }
  function tip(el, text) { svg("title", {}, el).textContent = text; return el; }
  function html(tag, props, parent) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") el.textContent = v; else el.setAttribute(k, v);
    }
    if (parent) parent.appendChild(el);
    return el;
  }
  // The page's own filter (its query string) minus page-only parameters.
  function params(drop) {
    const p = new URLSearchParams(window.location.search);
    for (const k of drop || []) p.delete(k);
    for (const [k, v] of [...p.entries()]) if (!v.trim()) p.delete(k);
    return p;
  }
  async function api(path, p) {
    const r = await fetch(path + "?" + p.toString(), { headers: { Accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error(Array.isArray(body.detail) ? body.detail.join("; ") : String(body.detail));
    return body;
  }
  const dayMs = 86400000;
  const toDay = (s) => Date.parse(s + "T00:00:00Z");
  const fmtDay = (t) => new Date(t).toISOString().slice(0, 10);
  function eventsUrl(extra) {
    const p = params(["dyad_actor", "dyad_recipient"]);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return "/events?" + p.toString();
  }
  return { svg, tip, html, params, api, QUAD, QUAD_NAME, dayMs, toDay, fmtDay, eventsUrl };
})();
