// Switchboard admin page: reloads state.json every refresh interval and redraws the tables.
// Every value is written with textContent, never as HTML: addresses and error messages come
// from the network.
"use strict";
(function () {
  const refresh = Number(document.querySelector('meta[name="refresh-millis"]').content) || 2000;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function ms(v) {
    if (v === null || v === undefined) return "\u2013";
    return v < 10 ? v.toFixed(2) + " ms" : v < 1000 ? v.toFixed(1) + " ms" : (v / 1000).toFixed(2) + " s";
  }

  function percent(v) {
    return v === null || v === undefined ? "\u2013" : (v * 100).toFixed(1) + "%";
  }

  function badge(text, level) {
    return el("span", "badge " + level, text);
  }

  function item(dl, name, value, className) {
    const d = el("div", className);
    d.appendChild(el("dt", null, name));
    const dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
    d.appendChild(dd);
    dl.appendChild(d);
  }

  function summary(d) {
    const dl = el("dl", "summary");
    const b = d.retryBudget;
    item(dl, "Retry budget", (b.balance === null ? "unlimited" : b.balance + " left") + ", " + b.refusals + " refused", "budget");
    const cb = d.circuitBreaker;
    item(dl, "Circuit breaker", cb === null ? "off"
        : badge(cb.state.replace("_", "-"), cb.state === "closed" ? "ok" : cb.state === "open" ? "bad" : "warn"), "breaker");
    const l = d.concurrencyLimit;
    item(dl, "Concurrency limit", l === null ? "unlimited" : l.inFlight + " / " + l.limit + ", " + l.rejections + " refused", "limit");
    item(dl, "Hedge delay", d.hedgeDelayMillis === null ? "off" : ms(d.hedgeDelayMillis), "hedge");
    const disc = d.discovery;
    item(dl, "Discovery", (disc.sinceLastUpdateMillis === null ? "no answer yet"
        : "updated " + ms(disc.sinceLastUpdateMillis) + " ago") + " (" + disc.updates + " updates)"
        + (disc.lastError ? "; last error: " + disc.lastError : ""), "discovery");
    return dl;
  }

  const COLUMNS = [
    ["Address", "address"], ["Zone", "zone"], ["Weight", "weight num"], ["Priority", "priority num"],
    ["Health", "health"],
    ["Ejected", "ejected"], ["Latency EWMA", "latency num"], ["In flight", "in-flight num"],
    ["Successes", "successes num"], ["Failures", "failures num"], ["Success rate", "success-rate num"]];

  function endpoints(d) {
    if (d.endpoints.length === 0) return el("p", "empty", "No endpoints.");
    const table = el("table", "endpoints");
    const head = el("tr");
    COLUMNS.forEach(([name, cls]) => head.appendChild(el("th", cls, name)));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    d.endpoints.forEach(e => {
      const tr = el("tr");
      tr.dataset.address = e.address;
      tr.appendChild(el("td", "address", e.address));
      tr.appendChild(el("td", "zone", e.zone || "\u2013"));
      tr.appendChild(el("td", "weight num", e.weight));
      tr.appendChild(el("td", "priority num", e.priority));
      const health = el("td", "health");
      health.appendChild(e.healthy ? badge("healthy", "ok") : badge("unhealthy", "bad"));
      if (e.backingOffForMillis > 0) health.appendChild(badge("backing off " + ms(e.backingOffForMillis), "warn"));
      tr.appendChild(health);
      const ejected = el("td", "ejected");
      if (e.ejected) {
        ejected.appendChild(badge("for " + ms(e.ejectedForMillis), "bad"));
        ejected.appendChild(el("div", "reason", e.ejectionReason));
      } else {
        ejected.textContent = "no";
      }
      tr.appendChild(ejected);
      tr.appendChild(el("td", "latency num", ms(e.latencyEwmaMillis)));
      tr.appendChild(el("td", "in-flight num", e.inFlight));
      tr.appendChild(el("td", "successes num", e.successes));
      tr.appendChild(el("td", "failures num", e.failures));
      tr.appendChild(el("td", "success-rate num", percent(e.successRate)));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function render(doc) {
    const main = document.getElementById("destinations");
    const sections = doc.destinations.map(d => {
      const s = el("section", "destination");
      s.dataset.service = d.service;
      const h = el("h2");
      h.appendChild(el("span", "service", d.service));
      h.appendChild(el("span", "protocol", d.protocol));
      h.appendChild(el("span", "target", d.discovery.target));
      s.appendChild(h);
      s.appendChild(summary(d));
      s.appendChild(endpoints(d));
      return s;
    });
    main.replaceChildren(...sections);
    if (sections.length === 0) main.appendChild(el("p", "empty", "No Switchboard client is open in this process."));
    const status = document.getElementById("status");
    status.className = "status";
    status.textContent = doc.destinations.length + " destination(s), updated " + doc.generatedAt
        + ", refreshing every " + (refresh / 1000) + " s";
  }

  function load() {
    fetch("state.json", {cache: "no-store"})
      .then(r => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(render)
      .catch(err => {
        const status = document.getElementById("status");
        status.className = "status error";
        status.textContent = "cannot load state.json: " + err.message + " (retrying)";
      })
      .finally(() => setTimeout(load, refresh));
  }

  load();
})();
