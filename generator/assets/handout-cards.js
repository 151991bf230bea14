// The handout's printed cards: their dates, the card shards and QR codes fetched from the
// build (handout/cards/<shardOf(id)>.json, r/<id>/qr.png), and a group's entry on the
// sheet. Every value is put into the page as text, never as markup (handout.js builds the
// sheet from these).

import { lang, t } from "./i18n.js";

const ROOT = new URL("../../", import.meta.url); // this file is <root>/assets/directory/

/**
 * One group's printed card (generator/render/handout.py: card format, version 1); empty
 * fields are left out.
 * @typedef {object} Card
 * @property {string} id
 * @property {string} name
 * @property {string} [url]
 * @property {string} [program]
 * @property {string} [kind]
 * @property {string} [attendance]
 * @property {string[]} [tags]
 * @property {string} [note]
 * @property {string[]} [when]
 * @property {string[]} [where]
 * @property {string} [directions]
 * @property {{url?: string, phone?: string, notes?: string}} [join]
 * @property {string} [phone]
 * @property {number} [order]
 * @property {string} [verified]
 */

/** @param {string} iso */
export function formatDate(iso) {
  const [y, m, d] = (iso || "").split("-").map(Number);
  if (!y || !m || !d) return iso || "";
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === "en" ? "en-US" : lang, {
    year: "numeric", month: "long", day: "numeric", timeZone: "UTC",
  });
}

/** The sheet's "as of" line: the build date, and when a person last confirmed the
 * groups on it (the oldest and newest of their dates), so staff can judge how fresh
 * the paper is. */
/** @param {string} asOf @param {Card[]} cards */
export function asOfLine(asOf, cards) {
  const dates = cards.map((c) => c.verified).filter(Boolean).sort();
  const unverified = cards.length - dates.length;
  const parts = [];
  if (asOf) parts.push(t("Information as of {date}", { date: formatDate(asOf) }));
  if (dates.length) {
    const first = formatDate(dates[0]);
    const last = formatDate(dates[dates.length - 1]);
    parts.push(first === last ? t("groups last verified {date}", { date: first })
      : t("groups last verified between {first} and {last}", { first, last }));
  }
  if (unverified) parts.push(t("{n} not yet verified", { n: unverified }));
  if (!parts.length) return t("Check each group's page for changes.");
  const text = parts.join("; ");
  return `${text[0].toUpperCase()}${text.slice(1)}. ${t("Check each group's page for changes.")}`;
}

/** @param {string | URL} url @returns {Promise<any>} */
export async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

/** The card shard that holds `id`: 32-bit FNV-1a of its UTF-8 bytes modulo `shards`,
 * exactly as generator/render/handout.py's shard_of computes it. */
/** @param {string} id @param {number} shards */
export function shardOf(id, shards) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h % Math.max(1, shards | 0);
}

/** The group's QR code (r/<id>/qr.png, generator/render/qr.py), loaded before the page
 * can print; null when it cannot be loaded.
 * @param {string} id @returns {Promise<Node | null>} */
export async function fetchQR(id) {
  const img = /** @type {HTMLImageElement} */ (el("img", {
    src: new URL(`r/${id}/qr.png`, ROOT).href, alt: "QR code that opens this group's page",
    width: "164", height: "164",
  }));
  try {
    await img.decode();
  } catch {
    return null;
  }
  return img;
}

/** @param {string} tag @param {Record<string, string>} [attrs] @param {...(Node | string | null | undefined)} children */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** @param {string} tag @param {string} className @param {string[]} values */
export function lines(tag, className, values) {
  const node = el(tag, { class: className });
  values.forEach((value, i) => {
    if (i) node.append(el("br"));
    node.append(value);
  });
  return node;
}

/** @param {string} url */
export function displayUrl(url) {
  return url.replace(/^https?:\/\//, "");
}

/** @param {Card} card @param {Node | null} qr @param {string} pageUrl @param {Node} tools */
export function renderEntry(card, qr, pageUrl, tools) {
  // Compact lines so six to eight groups fit on a printed page.
  const what = [card.program, card.kind, card.attendance, ...(card.tags || [])];
  const body = el("div", { class: "handout-body" },
    el("h3", { text: card.name }),
    el("p", { class: "handout-what", text: what.filter(Boolean).join(" · ") }));
  if (card.note) body.append(el("p", { class: "handout-warn", text: card.note }));
  if (card.when?.length) {
    body.append(el("ul", { class: "handout-when" },
      ...card.when.map((w) => el("li", { text: w }))));
  }
  if (card.where?.length) body.append(el("p", { class: "handout-where", text: card.where.join(", ") }));
  if (card.directions) body.append(el("p", { class: "handout-directions", text: card.directions }));
  const join = card.join || {};
  const joinLines = [];
  if (join.url) joinLines.push(t("Join online: {url}", { url: join.url }));
  if (join.phone) joinLines.push(t("Call in: {phone}", { phone: join.phone }));
  if (join.notes) joinLines.push(join.notes);
  if (joinLines.length) body.append(lines("p", "handout-join", joinLines));
  if (card.phone) body.append(el("p", { class: "handout-phone", text: t("Phone: {phone}", { phone: card.phone }) }));
  body.append(el("p", { class: "handout-url", text: t("Page: {url}", { url: displayUrl(pageUrl) }) }));
  const item = el("li", { class: "handout-entry", "data-id": card.id });
  if (qr) item.append(el("div", { class: "handout-qr" }, qr));
  item.append(body, tools);
  return item;
}

/** @param {string} id @param {Node} tools */
export function renderMissing(id, tools) {
  return el("li", { class: "handout-entry handout-missing", "data-id": id },
    el("p", { text: t("Could not load the group \"{id}\". It may have been removed.", { id }) }), tools);
}
