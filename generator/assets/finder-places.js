/* Typed places: a postal code or a town resolved against the site's gazetteer shards
 * (gazetteer/*.json, generator/finder/browser_gazetteer.py), fetched from this site only;
 * and the text folding the finder's search shares. No DOM: finder-filter.js re-exports it
 * for finder.js and handout.js. */

import { t } from './i18n.js';

// ------------------------------------------------------------------------- text

const ASCII = /^[\x00-\x7f]*$/;
/* Same as generator/finder/text.py fold(): accents and case do not matter. */
/** @param {string} s */
export function fold(s) {
  // Most text is plain ASCII: skip the Unicode decomposition for it.
  if (!ASCII.test(s)) s = s.normalize('NFKD').replace(/\p{M}/gu, '');
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** @type {Record<string, string>} */
const PLACE_WORDS = { st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort', pt: 'point' };
/* Same as gazetteer.py place_key(): "St. Louis" finds "Saint Louis". */
/** @param {string} s */
export function placeKey(s) {
  return fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ')
    .map((w) => PLACE_WORDS[w] || w).join(' ');
}

// ------------------------------------------------------------------------- places

// The gazetteer comes in shards (generator/finder/browser_gazetteer.py): a typed place loads
// only the one it needs, a few KB.
const ZIP = /^(\d{5})(?:\s*-?\s*\d{4})?$/;

/** @typedef {{name: string, region: string, country: string, lat: number, lon: number, count: number, label: string}} Town */
/**
 * One gazetteer shard decoded: postal codes (zip-NN), other countries' codes (other) or
 * towns by place key (towns-X).
 * @typedef {object} Shard
 * @property {Map<string, {lat: number, lon: number, label: string}>} [zips]
 * @property {number[]} [codes]
 * @property {Map<string, {code: string, country: string, lat: number, lon: number}>} [other]
 * @property {Map<string, Town[]>} [byKey]
 */
/**
 * A typed place resolved: 'ok' (a point), 'choices' (towns of that name), 'unknown'
 * (with suggestions); finder.js adds 'loading' and 'point'.
 * @typedef {object} Place
 * @property {string} kind
 * @property {number} [lat]
 * @property {number} [lon]
 * @property {string} [label]
 * @property {string[]} [options]
 * @property {string[]} [suggestions]
 * @property {string} [message]
 */

/** @param {string} name @param {any} x  the shard as fetched @returns {Shard} */
function decodeShard(name, x) {
  const scale = x.cs;
  let la = 0, lo = 0;
  if (name.startsWith('zip-')) {
    const zips = new Map(), codes = [];
    let code = 0, t = 0;
    for (let i = 0; i < x.c.length; i++) {
      code += x.c[i]; t += x.t[i]; la += x.la[i]; lo += x.lo[i];
      const zip = String(code).padStart(5, '0');
      zips.set(zip, { lat: la / scale, lon: lo / scale, label: zip + ' (' + x.tn[t] + ')' });
      codes.push(code);
    }
    return { zips, codes };
  }
  if (name === 'other') {
    const other = new Map();
    for (const row of x.pc) {
      other.set(row[0].replace(/\s+/g, '').toUpperCase(),
        { code: row[0], country: row[1], lat: row[2] / scale, lon: row[3] / scale });
    }
    return { other };
  }
  const byKey = new Map();
  for (let i = 0; i < x.n.length; i++) {
    la += x.la[i]; lo += x.lo[i];
    const region = x.rg[x.g[i]], country = x.co[x.o[i]];
    const town = /** @type {Town} */ ({ name: x.n[i], region, country, lat: la / scale, lon: lo / scale, count: x.k[i] });
    town.label = [town.name, region, country !== x.home ? country : ''].filter(Boolean).join(', ');
    const key = placeKey(town.name);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(town);
  }
  return { byKey };
}

/** @param {number[]} list @param {number} code */
function nearbyCodes(list, code) {
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < code) lo = mid + 1; else hi = mid; }
  const out = [];
  for (let k = Math.max(0, lo - 2); k < Math.min(list.length, lo + 2); k++) {
    // Only codes that share the first three digits are near each other.
    if (Math.floor(list[k] / 100) === Math.floor(code / 100)) out.push(String(list[k]).padStart(5, '0'));
  }
  return out;
}

/** @param {string} a @param {string} b @param {number} limit */
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/* Towns spelled like `key` (in its shard: the first letter is rarely the typo). */
/** @param {Map<string, Town[]>} byKey @param {string} key */
function similarTowns(byKey, key) {
  if (!key) return [];
  const limit = key.length < 5 ? 1 : key.length < 9 ? 2 : 3;
  /** @type {[number, number, string][]} */
  const scored = [];
  byKey.forEach((towns, k) => {
    const d = k.startsWith(key) && key.length >= 3 ? 0.5 : editDistance(key, k, limit);
    if (d <= limit) for (const town of towns) scored.push([d, -town.count, town.label]);
  });
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
  return scored.slice(0, 6).map((s) => s[2]);
}

/* Typed places resolved against the gazetteer under `base` (a URL ending in "/"). */
export class Gazetteer {
  /** @param {string} base @param {((name: string) => void) | null} [onLoad] */
  constructor(base, onLoad = null) {
    this.base = base;
    this.onLoad = onLoad;
    /** @type {Record<string, Shard>} */
    this.shards = {};
    /** @type {Record<string, Promise<void>>} */
    this.loads = {};
  }

  /* The shards that may know a typed place, in the order to ask them. */
  /** @param {string} text */
  shardsFor(text) {
    const t = text.trim(), m = ZIP.exec(t);
    if (m) return ['zip-' + m[1].slice(0, 2)];
    const first = placeKey(t.split(',')[0]).charAt(0);
    const town = 'towns-' + (first >= 'a' && first <= 'z' ? first : '_');
    return /\d/.test(t) ? ['other', town] : [town];
  }

  /* While a place is being typed: the shard it will need, once that is certain. */
  /** @param {string} text */
  prefetch(text) {
    const t = text.trim();
    if (/^\d{2}/.test(t)) return this.load(['zip-' + t.slice(0, 2)]).catch(() => {});
    if (/^\D/.test(t)) return this.load(this.shardsFor(t)).catch(() => {});
    return Promise.resolve();
  }

  /** @param {string} text */
  ready(text) { return this.shardsFor(text).every((name) => this.shards[name]); }

  /** @param {string[]} names */
  load(names) {
    return Promise.all(names.map((name) => {
      if (!this.loads[name]) {
        this.loads[name] = fetch(new URL(name + '.json', this.base).href).then((r) => {
          if (!r.ok) throw new Error(name + ' ' + r.status);
          return r.json();
        }).then((x) => {
          this.shards[name] = decodeShard(name, x);
          if (this.onLoad) this.onLoad(name);
        });
        this.loads[name].catch(() => { delete this.loads[name]; });
      }
      return this.loads[name];
    }));
  }

  /* A typed place, its shards loaded -> {kind: 'ok', lat, lon, label} |
     {kind: 'choices', options} | {kind: 'unknown', suggestions, message}. */
  /** @param {string} text @returns {Place} */
  resolve(text) {
    const typed = text.trim(), m = ZIP.exec(typed), names = this.shardsFor(typed);
    if (m) {
      const zs = this.shards[names[0]], zip = zs.zips.get(m[1]);
      if (zip) return { kind: 'ok', lat: zip.lat, lon: zip.lon, label: zip.label };
      return { kind: 'unknown', suggestions: nearbyCodes(zs.codes, +m[1]),
        message: t('Postal code {code} is not near any group listed here.', { code: m[1] }) };
    }
    if (names[0] === 'other') {
      const other = this.shards.other.other.get(typed.replace(/\s+/g, '').toUpperCase());
      if (other) return { kind: 'ok', lat: other.lat, lon: other.lon, label: other.code };
    }
    const byKey = this.shards[names[names.length - 1]].byKey;
    const parts = typed.split(','), name = placeKey(parts[0]);
    let qualifier = parts.slice(1).map(placeKey).filter(Boolean);
    let found = byKey.get(name) || [];
    if (!found.length && !qualifier.length) {
      // "Springfield IL": the last word may be the region or the country.
      const words = name.split(' ');
      const rest = words.slice(0, -1).join(' ');
      if (words.length > 1 && byKey.has(rest)) { found = byKey.get(rest); qualifier = [words[words.length - 1]]; }
    }
    if (qualifier.length) {
      found = found.filter((town) => qualifier.every((q) =>
        placeKey(town.region) === q || placeKey(town.country) === q));
    }
    if (found.length === 1) return { kind: 'ok', lat: found[0].lat, lon: found[0].lon, label: found[0].label };
    if (found.length > 1) {
      return { kind: 'choices', options: found.slice()
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).map((town) => town.label) };
    }
    return { kind: 'unknown', suggestions: similarTowns(byKey, name),
      message: t('“{place}” is not a town or postal code near any group listed here.', { place: typed }) };
  }
}
