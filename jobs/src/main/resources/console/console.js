// The console's frame: tabs, the one way to call the console's endpoints, and small helpers the
// tabs share. No framework and no build: each tab is a plain script that registers itself here.
"use strict";

const Nudge = (() => {
  const csrf = document.querySelector('meta[name="nudge-csrf"]').content;
  const tabs = {};

  /** Registers a tab: shown() is called whenever it becomes visible. */
  function tab(name, shown) {
    tabs[name] = shown || (() => {});
  }

  /** Shows the tab a hash names: "user", or "user=u42" to give the tab an argument. */
  function show(hash) {
    const equals = hash.indexOf("=");
    let name = equals < 0 ? hash : hash.slice(0, equals);
    let argument;
    try {
      argument = equals < 0 ? undefined : decodeURIComponent(hash.slice(equals + 1));
    } catch (e) {
      argument = undefined; // a malformed escape: show the tab without it
    }
    if (!tabs[name]) name = "live";
    document.querySelectorAll("section.tab").forEach((s) => { s.hidden = s.id !== name; });
    document.querySelectorAll("header nav a").forEach((a) => {
      a.classList.toggle("active", a.dataset.tab === name);
    });
    tabs[name](argument);
  }

  /**
   * Calls an endpoint. Resolves to {status, body}: body is the parsed JSON answer, or
   * {error: "..."} in words when the console or the network failed.
   */
  async function call(method, path, body) {
    const options = { method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["X-Nudge-Csrf"] = csrf;
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body === undefined ? {} : body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      return { status: 0, body: { error: "the console does not answer: is it still running?" } };
    }
    let parsed;
    try {
      parsed = await response.json();
    } catch (e) {
      parsed = { error: "the console answered " + response.status + " without JSON" };
    }
    return { status: response.status, body: parsed };
  }

  const get = (path) => call("GET", path);
  const post = (path, body) => call("POST", path, body);

  /** Calls load() now and every `millis` while the page is open. */
  function every(millis, load) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try { await load(); } finally { running = false; }
    };
    tick();
    return setInterval(tick, millis);
  }

  /** An element with attributes and children (strings become text, never HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** An SVG element, for the charts. */
  function svg(tag, attributes, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const number = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));

  /** "3 min ago" for an ISO time, or "–". */
  function ago(iso) {
    if (!iso) return "–";
    const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 60) return seconds + " s ago";
    if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
    if (seconds < 86400) return Math.round(seconds / 3600) + " h ago";
    return Math.round(seconds / 86400) + " d ago";
  }

  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  window.addEventListener("DOMContentLoaded", () => show(location.hash.slice(1)));

  return { tab, show, get, post, every, el, svg, number, ago, changedBy: () =>
    document.querySelector('meta[name="nudge-changed-by"]').content };
})();
