// The change tab: edit the patterns document with the validator's errors at their lines, compare it
// with the version in force, backtest it, and publish it after a confirmation that shows what it
// changes, with the job's answer; the kill switch, which the live tab asks for with a
// "nudge:kill-switch" event, goes through the same confirmation.
"use strict";

(() => {
  const { el } = Nudge;
  const VALIDATE_AFTER_MS = 300;

  // ---- the tab's elements ----

  const editor = el("textarea", {
    id: "change-editor", spellcheck: "false", wrap: "off", autocomplete: "off",
    "aria-label": "patterns document", "aria-describedby": "change-validity",
  });
  const gutter = el("div", { id: "change-gutter", class: "gutter", "aria-hidden": "true" });
  const validity = el("span", { id: "change-validity", class: "validity", "aria-live": "polite" }, "…");
  const source = el("span", { id: "change-source", class: "muted" });
  const errors = el("ul", { id: "change-errors", class: "errors" });
  const reload = el("button", { id: "change-reload", type: "button" }, "Reload in force");
  const diffButton = el("button", { id: "change-diff", type: "button" }, "Compare with in force");
  const backtestButton = el("button", { id: "change-backtest", type: "button" }, "Backtest");
  const publishButton = el("button", { id: "change-publish", type: "button", class: "primary" }, "Publish");
  const diffResult = el("div", { id: "change-diff-result", class: "result" });
  const backtestResult = el("div", { id: "change-backtest-result", class: "result" });
  const answer = el("div", { id: "change-answer", class: "result", "aria-live": "polite" });

  function build() {
    const section = document.getElementById("change");
    section.append(
      el("div", { class: "change-toolbar" },
        reload, source, validity,
        el("span", { class: "spacer" }),
        diffButton, backtestButton, publishButton),
      el("div", { class: "change-body" },
        el("div", { class: "change-editor" }, gutter, editor),
        el("div", { class: "change-side" },
          el("h3", {}, "Errors"), errors, answer, diffResult, backtestResult)));
    document.body.append(publishing.element, killing.element);
  }

  // ---- the editor and its gutter ----

  let errorLines = new Set();

  function lineCount() {
    let count = 1;
    for (let i = 0; i < editor.value.length; i++) if (editor.value.charCodeAt(i) === 10) count++;
    return count;
  }

  function drawGutter() {
    const count = lineCount();
    if (gutter.childElementCount !== count) {
      const lines = [];
      for (let n = 1; n <= count; n++) lines.push(el("div", { "data-line": String(n) }, String(n)));
      gutter.replaceChildren(...lines);
    }
    for (const line of gutter.children) {
      line.classList.toggle("has-error", errorLines.has(Number(line.dataset.line)));
    }
    gutter.scrollTop = editor.scrollTop;
  }

  /** Puts the caret at the start of line n and scrolls it into view. */
  function goToLine(n) {
    const lines = editor.value.split("\n");
    let offset = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    editor.focus();
    editor.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 19;
    editor.scrollTop = Math.max(0, (n - 3) * lineHeight);
    gutter.scrollTop = editor.scrollTop;
  }

  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (e) => {
    // A tab cannot indent YAML: two spaces instead, as the validator would ask.
    if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      editor.dispatchEvent(new Event("input"));
    }
  });

  // ---- loading the document in force ----

  let loaded = false;
  let inForceText = null;

  async function loadInForce() {
    source.textContent = "reading the document in force…";
    const { status, body } = await Nudge.get("/api/document");
    if (status !== 200) {
      source.textContent = "";
      notice(answer, body.error || "the document in force could not be read");
      return;
    }
    editor.value = body.text;
    inForceText = body.text;
    source.textContent = "version " + body.version + " in force, from " + body.source;
    loaded = true;
    answer.replaceChildren();
    diffResult.replaceChildren();
    drawGutter();
    validateNow();
  }

  reload.addEventListener("click", () => {
    if (editorChanged() && !window.confirm("Replace your edits with the document in force?")) return;
    loadInForce();
  });

  function editorChanged() {
    return inForceText !== null && editor.value !== inForceText;
  }

  // ---- validation as you type ----

  let timer = null;
  let asked = 0;

  editor.addEventListener("input", () => {
    drawGutter();
    clearTimeout(timer);
    validity.textContent = "checking…";
    validity.className = "validity";
    timer = setTimeout(validateNow, VALIDATE_AFTER_MS);
  });

  async function validateNow() {
    clearTimeout(timer);
    const mine = ++asked;
    const { status, body } = await Nudge.post("/api/validate", { document: editor.value });
    if (mine !== asked) return; // an older answer than the text on screen
    if (status !== 200) {
      showErrors([], body.error || "the document could not be checked");
      validity.textContent = "not checked";
      validity.className = "validity invalid";
      return;
    }
    showValidation(body);
  }

  function showValidation(validation) {
    if (validation.valid) {
      validity.textContent = "valid";
      validity.className = "validity valid";
      showErrors([]);
    } else {
      const n = validation.errorCount;
      validity.textContent = n + (n === 1 ? " error" : " errors");
      validity.className = "validity invalid";
      showErrors(validation.errors, n > validation.errors.length
        ? "… and " + (n - validation.errors.length) + " more" : null);
    }
  }

  /** The error list and the gutter's marks; `extra` is one more line in words. */
  function showErrors(list, extra) {
    errorLines = new Set(list.filter((e) => e.line).map((e) => e.line));
    const items = list.map((e) => {
      const where = e.line ? "line " + e.line + ": " : "";
      const found = e.found === null || e.found === undefined ? "missing" : e.found;
      const item = el("li", { "data-line": e.line ? String(e.line) : null, tabindex: e.line ? "0" : null },
        where, el("code", {}, e.path), ": " + found + " — expected " + e.expected);
      if (e.line) {
        item.classList.add("at-line");
        item.addEventListener("click", () => goToLine(e.line));
        item.addEventListener("keydown", (k) => { if (k.key === "Enter") goToLine(e.line); });
      }
      return item;
    });
    if (extra) items.push(el("li", { class: "muted" }, extra));
    if (items.length === 0) items.push(el("li", { class: "muted none" }, "none"));
    errors.replaceChildren(...items);
    drawGutter();
  }

  /** An answer of 422: the document's errors, shown in the list as validation does. */
  function showInvalid(body, into) {
    if (body.validation) showValidation(body.validation);
    notice(into, body.error);
  }

  function notice(into, text) {
    into.replaceChildren(el("p", { class: "notice error" }, text));
  }

  // ---- compare with the version in force ----

  function changeList(changes) {
    if (!changes.length) return el("p", { class: "muted" }, "none");
    return el("ul", { class: "changes" }, changes.map((c) =>
      el("li", {}, el("code", {}, c.path), ": " + c.before + " → " + c.after)));
  }

  function comparison(body) {
    return [
      el("p", {}, "Against version " + body.against.version + " (" + body.against.source + "): " + body.versions),
      el("h4", {}, "Applied live when published"),
      changeList(body.live),
      el("h4", {}, "Need a restart (stop with savepoint, start from it)"),
      changeList(body.restart),
      el("p", { class: "verdict expect-" + body.expect, id: "change-verdict" }, body.verdict),
    ];
  }

  diffButton.addEventListener("click", async () => {
    diffButton.disabled = true;
    try {
      const { status, body } = await Nudge.post("/api/diff", { document: editor.value });
      if (status === 200) diffResult.replaceChildren(el("h3", {}, "Compared with the version in force"), ...comparison(body));
      else if (status === 422) showInvalid(body, diffResult);
      else notice(diffResult, body.error);
    } finally {
      diffButton.disabled = false;
    }
  });

  // ---- backtest ----

  let polling = null;

  backtestButton.addEventListener("click", async () => {
    backtestButton.disabled = true;
    const { status, body } = await Nudge.post("/api/backtest", { document: editor.value });
    if (status === 202) {
      showBacktest(body);
      clearInterval(polling);
      polling = setInterval(async () => {
        const next = await Nudge.get("/api/backtest/" + encodeURIComponent(body.id));
        if (next.status !== 200) {
          clearInterval(polling);
          backtestButton.disabled = false;
          notice(backtestResult, next.body.error);
          return;
        }
        showBacktest(next.body);
        if (next.body.state !== "running") {
          clearInterval(polling);
          backtestButton.disabled = false;
        }
      }, 1000);
      return;
    }
    backtestButton.disabled = false;
    if (status === 422) showInvalid(body, backtestResult);
    else notice(backtestResult, body.error);
  });

  function showBacktest(run) {
    const heading = el("h3", {}, "Backtest " + run.id + " of version " + run.version);
    if (run.state === "running") {
      const p = run.progress;
      const percent = p ? Math.round(p.fraction * 100) : 0;
      backtestResult.replaceChildren(heading,
        el("p", { id: "change-backtest-state", "data-state": "running" },
          p ? p.phase.toLowerCase() + " " + percent + "% — " + p.detail : "starting…"),
        el("progress", { max: "100", value: String(percent) }));
    } else if (run.state === "failed") {
      backtestResult.replaceChildren(heading,
        el("p", { id: "change-backtest-state", "data-state": "failed", class: "notice error" }, run.error));
    } else {
      const s = run.summary;
      backtestResult.replaceChildren(heading,
        el("p", { id: "change-backtest-state", "data-state": "done" },
          Nudge.number(s.events) + " events of " + s.input + " (" + s.format + "), " +
          (s.from ? s.from + " to " + s.to : "no events") + "; " + Nudge.number(s.deadLetters) + " dead letters"),
        el("table", { id: "change-backtest-summary" },
          el("thead", {}, el("tr", {},
            ["pattern", "matches", "sent", "holdout", "conversions", "suppressed", "held", "open"]
              .map((h, i) => el("th", { class: i ? "num" : null }, h)))),
          el("tbody", {}, s.patterns.map((p) => el("tr", { "data-pattern": p.id },
            el("td", {}, p.id, p.noMatch ? el("div", { class: "muted" }, p.noMatch) : null),
            [p.matches, p.sent, p.holdout, p.conversions, p.suppressed, p.held, p.open]
              .map((n) => el("td", { class: "num" }, Nudge.number(n)))))),
          el("tfoot", {}, el("tr", {}, el("th", {}, "all"),
            [s.matches, s.sent, s.holdout, s.conversions].map((n) => el("th", { class: "num" }, Nudge.number(n))),
            el("th", { colspan: "3" })))),
        el("p", {}, el("a", { href: run.report, target: "_blank", rel: "noopener" }, "Open the report")),
        el("iframe", { id: "change-report", src: run.report, title: "backtest report", sandbox: "" }));
    }
  }

  // ---- publish, after a confirmation ----

  /**
   * A modal that shows what a publish would change and publishes only when confirmed, then shows
   * the job's answer: the editor's Publish and the kill switch both go through one.
   */
  function publishDialog(id) {
    const title = el("h3", { id: id + "-title" });
    const what = el("div", { id: id + "-what" });
    const answerBox = el("div", { id: id + "-answer", "aria-live": "polite" });
    const confirm = el("button", { id: id + "-confirm", type: "button", class: "danger" });
    const cancel = el("button", { id: id + "-cancel", type: "button" }, "Cancel");
    const dialog = el("dialog", { id: id + "-dialog", class: "publish-dialog", "aria-labelledby": id + "-title" },
      title, what, answerBox, el("div", { class: "buttons" }, cancel, confirm));
    let asked = 0;
    let pending = null;

    cancel.addEventListener("click", () => { asked++; pending = null; dialog.close(); });

    confirm.addEventListener("click", async () => {
      if (!pending) return;
      const asking = pending;
      confirm.disabled = true;
      answerBox.replaceChildren(el("p", { class: "notice" }, "Publishing… waiting for the job's answer (up to 2 min)."));
      try {
        const { status, body } = await Nudge.post(asking.path, asking.request);
        if (status === 200) {
          answerBox.replaceChildren(...jobAnswer(body));
          document.dispatchEvent(new CustomEvent("nudge:published", { detail: body }));
          if (asking.answered) asking.answered(body);
          confirm.hidden = true;
          cancel.textContent = "Close";
          pending = null;
        } else {
          notice(answerBox, body.error);
        }
      } finally {
        confirm.disabled = false;
      }
    });

    return {
      element: dialog,
      /**
       * Opens the dialog while `prepare` finds out what would be published; it resolves to
       * `{ error }` or to `{ shows, path, request, answered }`: the nodes to show, the request
       * that publishes, and what else to do with the job's answer.
       */
      async ask(heading, confirmLabel, prepare) {
        const mine = ++asked;
        pending = null;
        title.textContent = heading;
        confirm.textContent = confirmLabel;
        confirm.hidden = true;
        cancel.textContent = "Cancel";
        answerBox.replaceChildren();
        what.replaceChildren(el("p", { class: "muted" }, "Preparing the document…"));
        if (!dialog.open) dialog.showModal();
        const prepared = await prepare();
        if (mine !== asked) return;
        if (prepared.error) {
          what.replaceChildren(el("p", { class: "notice error" }, prepared.error));
          cancel.textContent = "Close";
          return;
        }
        what.replaceChildren(...prepared.shows);
        pending = prepared;
        confirm.hidden = false;
        confirm.focus();
      },
    };
  }

  /** What a publish of `version` would change, from the comparison with the version in force. */
  function wouldPublish(id, version, c) {
    const shows = [
      el("p", {}, "Publishes version ", el("b", { id: id + "-version" }, version),
        " (the version in force is " + c.against.version + ") as " + Nudge.changedBy() + ":"),
    ];
    if (c.restart.length) {
      shows.push(el("h4", {}, "Applied live"), changeList(c.live),
        el("h4", {}, "Need a restart"), changeList(c.restart));
    } else {
      shows.push(changeList(c.live));
    }
    shows.push(el("p", { class: "verdict expect-" + c.expect, id: id + "-verdict" }, c.verdict));
    return shows;
  }

  /** The job's answer to a published document. */
  function jobAnswer(body) {
    const parts = [
      el("h3", {}, "The job's answer"),
      el("p", {}, el("span", { class: "status " + body.status }, body.status),
        " version " + body.version + (body.message ? " — " + body.message : "")),
    ];
    if (body.changes && body.changes.length) {
      parts.push(el("h4", {}, "Changes"), el("ul", { class: "changes" }, body.changes.map((c) => el("li", {}, c))));
    }
    if (body.errors && body.errors.length) {
      parts.push(el("h4", {}, "Errors"), el("ul", { class: "changes" }, body.errors.map((c) => el("li", {}, c))));
    }
    parts.push(el("p", { class: "muted" },
      "In force: version " + body.liveVersion + "; published by " + body.changedBy +
      " at " + body.publishedAt + ", decided at " + body.decidedAt));
    return parts;
  }

  const publishing = publishDialog("publish");

  publishButton.addEventListener("click", () => {
    const text = editor.value;
    publishing.ask("Publish the edited document", "Publish", async () => {
      const { status, body } = await Nudge.post("/api/diff", { document: text });
      if (status === 422) showInvalid(body, answer);
      if (status !== 200) return { error: body.error };
      return {
        shows: wouldPublish("publish", body.edited, body),
        path: "/api/publish",
        request: { document: text },
        answered: (published) => answer.replaceChildren(...jobAnswer(published)),
      };
    });
  });

  // ---- the kill switch ----

  const killing = publishDialog("kill");

  document.addEventListener("nudge:kill-switch", (e) => {
    const detail = e.detail || {};
    const enabled = detail.enabled === true;
    const verb = enabled ? "Switch on" : "Switch off";
    killing.ask(verb + " " + detail.patternId, verb, async () => {
      const { status, body } = await Nudge.post("/api/kill",
        { patternId: detail.patternId, enabled, confirm: false });
      if (status !== 200) return { error: body.error };
      return {
        shows: wouldPublish("kill", body.version, body.comparison),
        path: "/api/kill",
        request: { patternId: body.patternId, enabled, version: body.version, confirm: true },
      };
    });
  });

  // ---- the tab ----

  build();
  Nudge.tab("change", () => {
    if (!loaded) loadInForce();
  });
})();
