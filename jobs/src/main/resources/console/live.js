// The live tab: the configuration in force (also in the header), the job's health, what each
// pattern and flow did over the last hour or day, the newest decisions and the job's answers.
// It asks /api/live every 2 s; the answer carries both windows, so switching is instant.
"use strict";

(() => {
  const el = Nudge.el;
  const svg = Nudge.svg;
  const number = Nudge.number;
  let windowName = "hour";
  let last = null;

  const body = (id) => document.querySelector("#" + id + " tbody");
  const num = (field, value) => el("td", { class: "num", "data-field": field }, number(value));

  function percent(part, whole) {
    if (!whole) return "–";
    return (100 * part / whole).toLocaleString("en-US", { maximumFractionDigits: 1 }) + " %";
  }

  /** The suppressed total with its reasons, each with a data-reason hook. */
  function suppressedCell(total, byReason) {
    const reasons = Object.entries(byReason || {}).map(([reason, count]) =>
      el("span", { class: "reason", "data-reason": reason }, reason + " " + number(count)));
    return el("td", { "data-field": "suppressed", "data-total": String(total) },
      el("span", { class: "total" }, number(total)),
      reasons.length ? el("span", { class: "reasons" }, reasons) : null);
  }

  /** A bar of sent (green), held out (grey), entered a flow (blue) and suppressed (orange). */
  function bar(sent, heldOut, enteredFlow, suppressed) {
    const width = 120;
    const total = sent + heldOut + enteredFlow + suppressed;
    const chart = svg("svg", { width, height: 12, viewBox: `0 0 ${width} 12`, class: "outcomes",
      role: "img", "aria-label": `${sent} sent, ${heldOut} held out, ${enteredFlow} entered a flow, ${suppressed} suppressed` });
    chart.append(svg("rect", { x: 0, y: 0, width, height: 12, class: "bar-empty" }));
    let x = 0;
    for (const [count, kind] of [[sent, "sent"], [heldOut, "holdout"], [enteredFlow, "flow"], [suppressed, "suppressed"]]) {
      if (!total || !count) continue;
      const w = width * count / total;
      chart.append(svg("rect", { x, y: 0, width: w, height: 12, class: "bar-" + kind }));
      x += w;
    }
    return chart;
  }

  /** Whether a pattern is enabled: from the configuration in force, else from its decisions. */
  function enabled(row) {
    if (row.enabled === true || row.enabled === false) return row.enabled;
    const disabled = (row.suppressedBy || {}).DISABLED || 0;
    return !(disabled > 0 && row.sent === 0 && row.heldOut === 0);
  }

  function killSwitch(row) {
    const on = enabled(row);
    return el("button", {
      type: "button",
      class: "kill-switch" + (on ? " danger" : ""),
      "data-pattern": row.patternId,
      "data-enabled": String(on),
      title: row.enabled === null ? "not in the configuration in force as read here" : null,
      onclick: () => document.dispatchEvent(new CustomEvent("nudge:kill-switch",
        { detail: { patternId: row.patternId, enabled: !on } })),
    }, on ? "Switch off" : "Switch on");
  }

  function patternRows(rows) {
    const out = [];
    for (const row of rows) {
      const treatment = (row.conversions || {}).TREATMENT || 0;
      const holdout = (row.conversions || {}).HOLDOUT || 0;
      out.push(el("tr", { "data-pattern": row.patternId, class: enabled(row) ? null : "disabled" },
        el("td", { "data-field": "patternId" }, row.patternId,
          row.enabled === false ? el("span", { class: "muted" }, " (off)") : null),
        num("matches", row.matches),
        num("sent", row.sent),
        num("heldOut", row.heldOut),
        num("enteredFlow", row.enteredFlow),
        suppressedCell(row.suppressed, row.suppressedBy),
        el("td", { class: "num", "data-field": "conversions", "data-holdout": String(holdout),
          title: `held out: ${holdout} conversions, ${percent(holdout, row.heldOut)}` }, number(treatment)),
        el("td", { class: "num", "data-field": "conversionRate",
          title: `held out: ${percent(holdout, row.heldOut)}` }, percent(treatment, row.sent)),
        el("td", {}, bar(row.sent, row.heldOut, row.enteredFlow, row.suppressed)),
        el("td", {}, killSwitch(row))));
      for (const v of row.variants || []) {
        out.push(el("tr", { class: "variant", "data-of-pattern": row.patternId, "data-variant": v.variant },
          el("td", {}, "↳ variant " + v.variant),
          num("matches", v.sent + v.heldOut + v.enteredFlow + v.suppressed),
          num("sent", v.sent),
          num("heldOut", v.heldOut),
          num("enteredFlow", v.enteredFlow),
          suppressedCell(v.suppressed, v.suppressedBy),
          num("conversions", v.conversions),
          el("td", { class: "num", "data-field": "conversionRate" }, percent(v.conversions, v.sent)),
          el("td", {}, bar(v.sent, v.heldOut, v.enteredFlow, v.suppressed)),
          el("td", {})));
      }
    }
    if (!out.length) {
      out.push(el("tr", {}, el("td", { colspan: 10, class: "muted" }, "No decisions in this window.")));
    }
    body("live-patterns").replaceChildren(...out);
  }

  function flowRows(rows) {
    const out = [];
    for (const flow of rows) {
      out.push(el("tr", { "data-flow": flow.flowId, class: flow.enabled === false ? "disabled" : null },
        el("td", {}, flow.flowId, flow.enabled === false ? el("span", { class: "muted" }, " (off)") : null),
        num("entries", flow.entries), el("td", {}), el("td", {}), el("td", {})));
      for (const step of flow.steps || []) {
        out.push(el("tr", { class: "step", "data-of-flow": flow.flowId, "data-step": step.step },
          el("td", {}, "↳ " + step.step), el("td", {}),
          num("sent", step.sent), num("heldOut", step.heldOut),
          suppressedCell(step.suppressed, step.suppressedBy)));
      }
    }
    if (!out.length) {
      out.push(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No flow decided anything in this window.")));
    }
    body("live-flows").replaceChildren(...out);
  }

  function recentRows(rows) {
    const out = rows.map((d) => el("tr", { "data-user": d.userId, "data-pattern": d.patternId, "data-outcome": d.outcome },
      el("td", { title: d.at }, Nudge.ago(d.at)),
      el("td", {}, el("a", { href: "#user=" + encodeURIComponent(d.userId), title: "why this user got or did not get a message" }, d.userId)),
      el("td", {}, d.patternId),
      el("td", {}, d.flowId ? d.flowId + (d.step ? " / " + d.step : "") : ""),
      el("td", {}, el("span", { class: "status " + d.outcome }, d.outcome),
        d.suppressedBy ? el("span", { class: "reason", "data-reason": d.suppressedBy }, " " + d.suppressedBy) : null),
      el("td", {}, d.channel || ""),
      el("td", {}, d.variant || ""),
      el("td", { class: "why" }, d.reason || "")));
    if (!out.length) {
      out.push(el("tr", {}, el("td", { colspan: 8, class: "muted" }, "No decision in the last day.")));
    }
    body("live-recent").replaceChildren(...out);
  }

  function answerRows(rows) {
    const out = rows.map((a) => el("tr", { "data-version": a.version, "data-status": a.status },
      el("td", {}, a.version),
      el("td", {}, el("span", { class: "status " + a.status }, a.status)),
      el("td", {}, a.changedBy || ""),
      el("td", {}, a.message || ""),
      el("td", { title: a.decidedAt }, Nudge.ago(a.decidedAt))));
    if (!out.length) {
      out.push(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No answer read: nothing was published lately.")));
    }
    body("live-answers").replaceChildren(...out);
  }

  function health(h) {
    const panel = document.getElementById("live-health");
    if (!h || !h.available) {
      panel.replaceChildren(
        el("p", {}, el("b", { "data-field": "state", class: "status" }, "Flink not connected"),
          " ", el("span", { class: "muted", "data-field": "why" }, h ? h.why : "")));
      return;
    }
    if (!h.job) {
      panel.replaceChildren(el("p", {}, el("b", { "data-field": "state" }, "no job"), " ",
        el("span", { class: "muted" }, h.why || "")));
      return;
    }
    const c = h.checkpoints || {};
    const dead = Object.entries(h.deadLetters || {}).filter(([, n]) => n > 0);
    panel.replaceChildren(
      el("dl", {},
        el("dt", {}, "Job"), el("dd", {}, h.job.name, " ",
          el("b", { "data-field": "state", class: "status " + h.state }, h.state),
          h.job.startedAt ? el("span", { class: "muted" }, " since " + Nudge.ago(h.job.startedAt)) : null),
        el("dt", {}, "Restarts"), el("dd", { "data-field": "restarts" }, number(h.restarts)),
        el("dt", {}, "Checkpoints"), el("dd", { "data-field": "checkpoints" },
          `${number(c.completed)} completed, ${number(c.failed)} failed, ${number(c.inProgress)} in progress`,
          c.latestCompletedAt ? el("span", { class: "muted" },
            ` - the latest ${Nudge.ago(c.latestCompletedAt)}, took ${number(c.latestDurationMillis)} ms`) : null,
          c.latestFailure ? el("div", { class: "error", "data-field": "latestFailure" },
            "latest failure: " + c.latestFailure) : null),
        el("dt", {}, "Events"), el("dd", { "data-field": "eventsValid" }, number(h.eventsValid), " valid"),
        el("dt", {}, "Dead letters"), el("dd", { "data-field": "deadLetters" },
          dead.length ? dead.map(([reason, n]) => el("span", { class: "reason", "data-reason": reason }, reason + " " + number(n)))
            : el("span", { class: "muted" }, h.metricsWhy || "none"))));
  }

  function inForce(f) {
    const line = document.getElementById("in-force");
    if (!f) {
      line.textContent = "configuration in force: not known yet (no APPLIED answer read; start the console with --patterns to name the one the job started with)";
      delete line.dataset.version;
      return;
    }
    line.dataset.version = f.version;
    const parts = ["configuration in force: ", el("b", {}, f.version)];
    if (f.changedBy) parts.push(" by " + f.changedBy);
    if (f.decidedAt) parts.push(", applied " + Nudge.ago(f.decidedAt));
    else parts.push(" (started with " + f.source + ")");
    line.replaceChildren(...parts);
  }

  function reading(r) {
    const line = document.getElementById("live-reading");
    const parts = [`${number(r.recordsRead)} records read`];
    if (r.skipped) parts.push(`${number(r.skipped)} skipped (not JSON)`);
    if (r.caughtUp === false) parts.push("catching up");
    if (r.missingTopics && r.missingTopics.length) parts.push("missing topic " + r.missingTopics.join(", "));
    if (r.state !== "reading" && r.lastError) parts.push(r.lastError + " (" + Nudge.ago(r.lastErrorAt) + ")");
    line.textContent = parts.join(" · ");
    line.className = r.state === "reading" ? "muted" : "error";
    line.dataset.state = r.state;
  }

  function render() {
    if (!last) return;
    const w = (last.windows || {})[windowName] || { patterns: [], flows: [] };
    patternRows(w.patterns);
    flowRows(w.flows);
    recentRows(last.recent || []);
    answerRows(last.answers || []);
    health(last.health);
    inForce(last.inForce);
    reading(last.reading || {});
  }

  async function load() {
    const { status, body: answer } = await Nudge.get("/api/live");
    if (status !== 200) {
      const line = document.getElementById("live-reading");
      line.textContent = answer.error || "the live view did not answer";
      line.className = "error";
      return;
    }
    last = answer;
    render();
  }

  function chooseWindow(name) {
    windowName = name;
    document.querySelectorAll("#live-window button").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.window === name));
      b.classList.toggle("primary", b.dataset.window === name);
    });
    render();
  }

  let polling = null;
  function startPolling() {
    if (polling === null) polling = Nudge.every(2000, load);
  }

  window.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("#live-window button").forEach((b) =>
      b.addEventListener("click", () => chooseWindow(b.dataset.window)));
    chooseWindow(windowName);
    // The header's line on the configuration in force shows on every tab.
    startPolling();
  });

  Nudge.tab("live", startPolling);
})();
