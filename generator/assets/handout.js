// The handout builder on /handout/: shows the chosen groups as a printable sheet.
//
// Its whole state lives in the page address, so a bookmark is a standard handout:
//   ?id=a&id=b          the groups (permanent ids); the sheet lists them by day and time
//   ?add=c              add to the groups already chosen in this tab, then show them all
//                       (what "Add to handout" links on other pages use)
//   ?program=aa&day=tue&near=62701 ...   a finder filter: the first MAX_FROM_FILTER
//                       matches, chosen by the finder's own code (finder.js)
//   &title=4%20West     a heading for the sheet
//   #note=...           a personal note: kept after "#", which browsers never send
//
// Each group's printed details come from the build: its card in
// handout/cards/<shardOf(id)>.json (text, ~150 cards a file) and r/<id>/qr.png (the QR
// code), fetched only for the chosen groups. Every value is put into the page as text,
// never as markup.

import { t, tn } from "./i18n.js";
import {
  asOfLine, displayUrl, el, fetchJSON, fetchQR, renderEntry, renderMissing, shardOf,
} from "./handout-cards.js";

export { asOfLine, formatDate, shardOf } from "./handout-cards.js";

const ROOT = new URL("../../", import.meta.url); // this file is <root>/assets/directory/
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DRAFT_KEY = "peer-directory:handout-draft"; // this tab only (sessionStorage)
const SAVED_KEY = "peer-directory:saved-handouts"; // this device (localStorage)
export const FILTER_KEYS = ["near", "lat", "lon", "radius", "day", "time", "program",
  "attendance", "tag", "q", "now"];
export const MAX_FROM_FILTER = 12; // about two printed pages

/** A handout saved on this device. @typedef {{name: string, href: string}} SavedHandout */
/** What the address describes. @typedef {{ids: string[], filter: URLSearchParams | null, title: string, note: string}} HandoutState */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const field = (id) => /** @type {HTMLInputElement | HTMLTextAreaElement} */ (document.getElementById(id));
/** @param {string} id */
const button = (id) => /** @type {HTMLButtonElement} */ (document.getElementById(id));

/** @param {string} kind  "session" or "local" @returns {Storage | null} */
function storage(kind) {
  try {
    return kind === "session" ? window.sessionStorage : window.localStorage;
  } catch {
    return null; // storage blocked: the address still holds everything
  }
}

/** @template T @param {Storage | null} store @param {string} key @param {T} fallback @returns {T} */
function readJSON(store, key, fallback) {
  try {
    const value = JSON.parse(store?.getItem(key) ?? "null");
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

/** @param {string[]} ids */
function unique(ids) {
  return [...new Set(ids.filter((id) => ID.test(id)))];
}

/** The state the address describes, merged with this tab's draft for ?add=. */
/** @param {{search: string, hash: string}} loc @param {any} draft  this tab's list (anything: storage is not trusted) @returns {HandoutState} */
export function stateFromLocation(loc, draft) {
  const params = new URLSearchParams(loc.search);
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ""));
  draft = Array.isArray(draft) ? draft.map(String) : [];
  let ids = unique(params.getAll("id"));
  const adds = unique(params.getAll("add"));
  if (adds.length) ids = unique([...(ids.length ? ids : draft), ...adds]);
  const filter = new URLSearchParams();
  for (const key of FILTER_KEYS) for (const v of params.getAll(key)) filter.append(key, v);
  const hasFilter = !ids.length && filter.toString() !== "";
  // a bare /handout/ shows what this tab was building
  if (!ids.length && !hasFilter) ids = unique(draft);
  return {
    ids,
    filter: hasFilter ? filter : null,
    title: (params.get("title") || "").slice(0, 120),
    note: (fragment.get("note") || "").slice(0, 600),
  };
}

/** The address of a state: ids (or the filter) and title in the query, note after #. */
/** @param {HandoutState} state @param {string} path */
export function addressOf(state, path) {
  const params = new URLSearchParams();
  if (state.filter) for (const [k, v] of state.filter) params.append(k, v);
  else for (const id of state.ids) params.append("id", id);
  if (state.title) params.set("title", state.title);
  const query = params.toString();
  const note = state.note ? "#" + new URLSearchParams({ note: state.note }).toString() : "";
  return path + (query ? "?" + query : "") + note;
}

/** Ids of the groups a finder filter matches, in the order the finder lists them.
 * The filtering is the finder's own, never a copy: finder-filter.js is expected to export
 * `matchingIds(params: URLSearchParams, { root: URL }) -> Promise<string[]>`. Until the
 * site ships it, a filter address says so and the handout stays empty. */
/** @param {URLSearchParams} filter @returns {Promise<string[]>} */
async function idsFromFilter(filter) {
  const finder = await import("./finder-filter.js");
  if (typeof finder.matchingIds !== "function") throw new Error("matchingIds missing");
  return (await finder.matchingIds(filter, { root: ROOT })).slice(0, MAX_FROM_FILTER + 1);
}

class Builder {
  constructor() {
    this.session = storage("session");
    this.local = storage("local");
    this.state = stateFromLocation(location, readJSON(this.session, DRAFT_KEY, /** @type {string[]} */ ([])));
    /** @type {Map<string, HTMLElement>} id -> rendered <li> */
    this.entries = new Map();
    /** @type {Map<string, import("./handout-cards.js").Card>} id -> card, for the order and the "as of" line */
    this.cards = new Map();
    /** @type {{as_of: string, site: string, name: string, qr: boolean, shards: number}} */
    this.meta = { as_of: "", site: "", name: "", qr: false, shards: 0 };
    /** @type {Map<number, Promise<Record<string, import("./handout-cards.js").Card>>>} shard number -> its cards by id, fetched once */
    this.shards = new Map();
    this.truncated = false;
    this.filterFailed = false;
  }

  async start() {
    $("handout-app").hidden = false;
    field("handout-title").value = this.state.title;
    field("handout-note").value = this.state.note;
    this.bind();
    this.renderSaved();
    try {
      this.meta = await fetchJSON(new URL("handout/meta.json", ROOT));
    } catch {
      this.say(t("Could not load the directory's data. Check your connection and reload."));
    }
    if (this.state.filter) await this.resolveFilter();
    this.sync();
    await this.load();
  }

  async resolveFilter() {
    try {
      const ids = await idsFromFilter(this.state.filter);
      this.truncated = ids.length > MAX_FROM_FILTER;
      this.state.ids = ids.slice(0, MAX_FROM_FILTER);
    } catch {
      this.state.ids = [];
      this.filterFailed = true;
    }
  }

  bind() {
    $("handout-title").addEventListener("input", (e) => {
      this.state.title = /** @type {HTMLInputElement} */ (e.target).value.slice(0, 120);
      this.sync();
    });
    $("handout-note").addEventListener("input", (e) => {
      this.state.note = /** @type {HTMLTextAreaElement} */ (e.target).value.slice(0, 600);
      this.sync();
    });
    $("handout-form").addEventListener("submit", (e) => e.preventDefault());
    $("handout-print").addEventListener("click", () => window.print());
    $("handout-copy").addEventListener("click", () => this.copy());
    $("handout-save").addEventListener("click", () => this.save());
    $("handout-clear").addEventListener("click", () => {
      this.state = { ids: [], filter: null, title: "", note: "" };
      this.filterFailed = this.truncated = false;
      field("handout-title").value = "";
      field("handout-note").value = "";
      this.sync();
      this.layout();
      this.say(t("Started over. The handout is empty."));
    });
  }

  /** Address, tab draft and the sheet's title, note and footer follow the state. */
  sync() {
    history.replaceState(null, "", addressOf(this.state, location.pathname));
    this.session?.setItem(DRAFT_KEY, JSON.stringify(this.state.ids));
    $("handout-sheet-title").textContent = this.state.title || t("Peer support groups");
    const note = $("handout-sheet-note");
    note.textContent = this.state.note ? `Note: ${this.state.note}` : "";
    note.hidden = !this.state.note;
    const site = displayUrl(this.meta.site || ROOT.href);
    $("handout-site").textContent = this.meta.name ? `${this.meta.name}, ${site}` : site;
    $("handout-asof").textContent = asOfLine(this.meta.as_of,
      this.state.ids.map((id) => this.cards.get(id)).filter(Boolean));
  }

  async load() {
    const sheet = $("handout-sheet");
    sheet.removeAttribute("data-ready");
    button("handout-print").disabled = true;
    await Promise.all(this.state.ids.filter((id) => !this.entries.has(id)).map(async (id) => {
      const pageUrl = new URL(`r/${id}/`, this.meta.site || ROOT).href;
      try {
        const [card, qr] = await Promise.all([
          this.card(id),
          this.meta.qr ? fetchQR(id) : null,
        ]);
        this.cards.set(id, card);
        this.entries.set(id, renderEntry(card, qr, card.url || pageUrl, this.tools(id, card.name)));
      } catch {
        this.entries.set(id, renderMissing(id, this.tools(id, id)));
      }
    }));
    this.ordered();
    this.sync();
    this.layout();
    sheet.setAttribute("data-ready", "true");
  }

  /** One group's card, from its shard; groups in the same shard share one request. */
  /** @param {string} id */
  async card(id) {
    if (!this.meta.shards) throw new Error("no card shards");
    const k = shardOf(id, this.meta.shards);
    if (!this.shards.has(k)) {
      const request = fetchJSON(new URL(`handout/cards/${k}.json`, ROOT));
      request.catch(() => this.shards.delete(k)); // a failed shard is retried next time
      this.shards.set(k, request);
    }
    const cards = await this.shards.get(k);
    if (!Object.hasOwn(cards, id)) throw new Error(`no card for ${id}`);
    return cards[id];
  }

  /** @param {string} id @param {string} name */
  tools(id, name) {
    /** @param {string} text @param {string} label @param {(id: string) => void} action */
    const button = (text, label, action) => {
      const b = el("button", { type: "button", class: "md-button", "aria-label": `${label} ${name}`, text });
      b.addEventListener("click", () => action(id));
      return b;
    };
    return el("div", { class: "handout-tools" },
      button(t("Remove"), t("Remove:"), (i) => this.remove(i)));
  }

  /** Groups by day and time, as a reader looks for the next one; groups without a
   * schedule (helplines) and any that could not be loaded after them. */
  ordered() {
    /** @param {string} id */
    const key = (id) => {
      const card = this.cards.get(id);
      return card && Number.isFinite(card.order) ? card.order : Infinity;
    };
    /** @param {string} id */
    const name = (id) => this.cards.get(id)?.name || id;
    this.state.ids.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka !== kb) return ka < kb ? -1 : 1;
      return name(a).localeCompare(name(b));
    });
  }

  /** @param {string} id */
  remove(id) {
    this.state.ids = this.state.ids.filter((x) => x !== id);
    this.state.filter = null;
    this.sync();
    this.layout();
    this.say(t("Removed.") + " " + this.count());
  }

  count() {
    const n = this.state.ids.length;
    return tn("{n} group on this handout.", "{n} groups on this handout.", n, { n });
  }

  layout() {
    const list = $("handout-entries");
    list.replaceChildren(...this.state.ids.map((id) => this.entries.get(id)).filter(Boolean));
    const empty = this.state.ids.length === 0;
    $("handout-sheet").hidden = empty;
    $("handout-empty").hidden = !empty;
    button("handout-print").disabled = empty;
    if (this.filterFailed) {
      this.say(t("This address holds a finder filter, which this handout builder cannot apply. Add groups from the finder instead."));
    } else if (!empty) {
      const more = this.truncated
        ? " " + t("Only the first {n} matches are shown; narrow the filter for others.", { n: MAX_FROM_FILTER })
        : "";
      this.say(this.count() + more);
    }
  }

  /** @param {string} text */
  say(text) {
    $("handout-status").textContent = text;
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(location.href);
      this.say(t("Link copied."));
    } catch {
      this.say(t("Copy this link: {url}", { url: location.href }));
    }
  }

  save() {
    if (!this.local) {
      this.say(t("This browser does not allow saving. Bookmark the page instead."));
      return;
    }
    const saved = readJSON(this.local, SAVED_KEY, /** @type {SavedHandout[]} */ ([])).filter((s) => s && s.href);
    const href = addressOf(this.state, location.pathname);
    const n = this.state.ids.length;
    const name = this.state.title || tn("Handout of {n} group", "Handout of {n} groups", n, { n });
    const others = saved.filter((s) => s.href !== href);
    this.local.setItem(SAVED_KEY, JSON.stringify([{ name, href }, ...others].slice(0, 50)));
    this.renderSaved();
    this.say(t("Saved on this device as \"{name}\".", { name }));
  }

  renderSaved() {
    const saved = readJSON(this.local, SAVED_KEY, /** @type {SavedHandout[]} */ ([])).filter((s) => s && s.href);
    const section = $("handout-saved");
    section.hidden = saved.length === 0;
    $("handout-saved-list").replaceChildren(...saved.map((s) => {
      const remove = el("button", { type: "button", class: "md-button", text: t("Delete"),
        "aria-label": t("Delete saved handout {name}", { name: s.name }) });
      remove.addEventListener("click", () => {
        const rest = readJSON(this.local, SAVED_KEY, /** @type {SavedHandout[]} */ ([])).filter((x) => x.href !== s.href);
        this.local.setItem(SAVED_KEY, JSON.stringify(rest));
        this.renderSaved();
        this.say(t("Deleted."));
      });
      // only same-site paths are followed, whatever is in storage
      const href = String(s.href).startsWith("/") && !String(s.href).startsWith("//") ? s.href : "#";
      return el("li", {}, el("a", { href, text: String(s.name) }), " ", remove);
    }));
  }
}

if (typeof document !== "undefined" && document.getElementById("handout-app")) {
  new Builder().start();
}
