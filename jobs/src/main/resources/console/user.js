// The user tab: type a userId (or open #user=<id>), see its profile, its recent decisions with
// their reasons, and why it did or did not get a message. Everything comes from
// GET /api/users/<id>; the page only lays it out.
"use strict";

(() => {
  const { el } = Nudge;
  let ui = null;
  let shown = null;

  function build() {
    if (ui) return ui;
    const section = document.getElementById("user");
    const input = el("input", {
      type: "text", id: "user-id", name: "user-id", maxlength: "128", required: true,
      autocomplete: "off", spellcheck: "false", placeholder: "a userId, e.g. u596",
    });
    const form = el("form", { id: "user-form", class: "user-form", onsubmit: submitted },
      el("label", { for: "user-id" }, "User "), input, " ",
      el("button", { type: "submit", class: "primary" }, "Explain"));
    const status = el("p", { id: "user-status", class: "muted", "aria-live": "polite" },
      "Type a userId to see its profile, its decisions of the last 7 days and why it did or did"
      + " not get a message.");
    const result = el("div", { id: "user-result", hidden: true });
    section.append(form, status, result);
    ui = { input, status, result };
    return ui;
  }

  function submitted(event) {
    event.preventDefault();
    const userId = ui.input.value.trim();
    if (!userId) return;
    const hash = "#user=" + encodeURIComponent(userId);
    if (location.hash === hash) lookUp(userId);
    else location.hash = hash; // the tabs' hashchange calls shownWith(userId)
  }

  async function lookUp(userId) {
    shown = userId;
    ui.input.value = userId;
    ui.status.className = "muted";
    ui.status.textContent = "Reading " + userId + "'s partitions…";
    const { status, body } = await Nudge.get("/api/users/" + encodeURIComponent(userId));
    if (shown !== userId) return; // another lookup was asked for meanwhile
    if (status !== 200) {
      ui.status.className = "notice error";
      ui.status.textContent = body.error || "the console answered " + status;
      ui.result.hidden = true;
      return;
    }
    ui.status.className = "muted";
    ui.status.textContent = body.scanned.summary;
    ui.result.replaceChildren(...render(body));
    ui.result.hidden = false;
  }

  function render(a) {
    return [
      el("div", { class: "notice user-explanation", id: "user-explanation" },
        el("p", { id: "user-headline", class: "user-headline" }, a.explanation.headline),
        el("ul", { id: "user-details" },
          a.explanation.details.map((d) => el("li", null, d)))),
      el("h3", null, "Profile"),
      profile(a),
      el("h3", null, "Decisions ",
        el("span", { class: "muted" }, "(the latest " + a.decisions.length + ", newest first)")),
      decisions(a.decisions),
      el("h3", null, "Conversions"),
      conversions(a.conversions),
      el("p", { class: "muted", id: "user-scanned" }, scanned(a.scanned)),
    ];
  }

  function profile(a) {
    if (a.profileState === "erased") {
      return el("p", { id: "user-profile", "data-state": "erased" },
        "Erased: the latest record of " + a.userId + " on user-profiles is a tombstone.");
    }
    if (!a.profile) {
      return el("p", { id: "user-profile", "data-state": "none", class: "muted" },
        "No profile of " + a.userId + " on user-profiles.");
    }
    const p = a.profile;
    const rows = [];
    const fact = (name, ...value) => rows.push(el("tr", { "data-fact": name },
      el("th", { scope: "row" }, name), el("td", null, ...value)));
    fact("stage", p.stage || "–", p.stageSince ? " since " + p.stageSince : "",
      p.reactivatedAt ? " (reactivated " + p.reactivatedAt + ")" : "");
    fact("segments", (p.segments || []).join(", ") || "–");
    if (p.rfm) {
      fact("RFM", "R" + p.rfm.recency + " F" + p.rfm.frequency + " M" + p.rfm.monetary,
        p.rfm.recencyDays !== undefined ? " (last purchase " + p.rfm.recencyDays + " days before)" : "");
    }
    if (p.channels) {
      fact("consent", Object.entries(p.channels).map(([channel, c]) =>
        el("span", { class: "user-consent " + (c.consent ? "yes" : "no"), "data-channel": channel },
          channel + (c.consent ? " yes" : " no") + " (engagement " + c.engagementRate + ")")));
    }
    const cycle = p.cycle || {};
    fact("next purchase", cycle.predictedNextPurchase
      ? [cycle.predictedNextPurchase,
        cycle.expectedFrom ? " (expected " + cycle.expectedFrom + " to " + cycle.expectedUntil + ")" : ""]
      : "not predicted (" + (cycle.occasions || 0) + " occasions)");
    const prefs = p.preferences || {};
    fact("categories", scores(prefs.categories));
    fact("brands", scores(prefs.brands));
    if (prefs.bestSendHour !== undefined) fact("best send hour", String(prefs.bestSendHour) + ":00");
    if (p.monetary) fact("spend", "total " + p.monetary.total + ", last 90 days " + p.monetary.last90d);
    if (p.counts) {
      fact("activity", ["views", "carts", "purchases", "occasions"]
        .map((k) => k + " " + Nudge.number(p.counts[k])).join(", "));
    }
    const attributes = p.attributes || {};
    fact("attributes", Object.entries(attributes).map(([k, v]) => k + " " + v).join(", ") || "–");
    fact("seen", (p.firstSeen || "–") + " to " + (p.lastSeen || "–"));
    fact("as of", p.at || "–");
    return el("div", { id: "user-profile", "data-state": "found" },
      el("table", { class: "user-facts", id: "user-facts" }, el("tbody", null, rows)),
      el("details", { id: "user-profile-json" },
        el("summary", null, "The whole record"),
        el("pre", null, JSON.stringify(p, null, 2))));
  }

  function scores(list) {
    if (!list || list.length === 0) return "–";
    return list.slice(0, 8).map((s) => s.id + " (" + s.score + ")").join(", ");
  }

  function decisions(list) {
    if (list.length === 0) {
      return el("p", { id: "user-decisions", class: "muted" }, "No decision in the time read.");
    }
    const head = el("tr", null, ["time", "written", "pattern", "flow / step", "variant", "outcome",
      "channel", "reason", "version"].map((h) => el("th", null, h)));
    const rows = list.map((d) => el("tr", { "data-outcome": d.outcome, "data-pattern": d.patternId },
      el("td", null, d.time || "–"),
      el("td", { title: d.writtenAt || "" }, Nudge.ago(d.writtenAt)),
      el("td", null, d.patternId),
      el("td", null, d.flowId ? d.flowId + " / " + (d.step || "–") : ""),
      el("td", null, d.variant || ""),
      el("td", null, el("span", { class: "status " + d.outcome }, d.outcome),
        d.suppressedBy ? el("span", { class: "user-reason" }, " " + d.suppressedBy) : ""),
      el("td", null, d.channel || ""),
      el("td", { class: "user-why" }, d.reason || "",
        d.actionId ? el("div", { class: "muted" }, "action " + d.actionId) : ""),
      el("td", null, d.configVersion || "")));
    return el("table", { id: "user-decisions", class: "user-decisions" },
      el("thead", null, head), el("tbody", null, rows));
  }

  function conversions(list) {
    if (list.length === 0) {
      return el("p", { id: "user-conversions", class: "muted" }, "No conversion in the time read.");
    }
    const head = el("tr", null, ["converted", "goal", "pattern", "arm", "order", "revenue",
      "after"].map((h) => el("th", null, h)));
    const rows = list.map((c) => el("tr", { "data-pattern": c.patternId, "data-arm": c.arm },
      el("td", null, c.convertedAt || "–"),
      el("td", null, c.goal || ""),
      el("td", null, c.patternId || ""),
      el("td", null, c.arm || ""),
      el("td", null, c.orderId || ""),
      el("td", { class: "num" }, c.revenue === undefined ? "" : c.revenue + " " + (c.currency || "")),
      el("td", null, c.latency || "")));
    return el("table", { id: "user-conversions" }, el("thead", null, head), el("tbody", null, rows));
  }

  function scanned(s) {
    const notes = s.topics.filter((t) => t.note).map((t) => t.topic + ": " + t.note);
    return [s.summary, ...notes].join(" ");
  }

  Nudge.tab("user", (userId) => {
    build();
    if (userId && userId !== shown) lookUp(userId);
  });
})();
