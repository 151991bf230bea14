/* The finder's core, without any page: read the index (finder-index.js), resolve typed
 * places (finder-places.js), filter.
 *
 * finder.js (the /find/ page) and handout.js (a handout made from a finder address)
 * both use it, so a filtered view lists the same groups everywhere. Nothing here touches
 * the DOM or sends anything typed off the device: the index (resources.json, format in
 * generator/finder/index.py), the search notes (resources-notes.json) and the gazetteer
 * shards (gazetteer/*.json, generator/finder/browser_gazetteer.py) are the site's own files.
 *
 * Speed: everything a filter needs is decoded once into typed arrays (tag bitmasks, a
 * day×time-band bitmask per entry, distances when a place is set, in distance order), so
 * a filter is one pass over 10,000 small integers.
 *
 *     import { matchingIds } from './finder-filter.js';
 *     await matchingIds(new URLSearchParams('near=62701&day=tue'), { root });  // ids
 */

import { DAYS, fortnightOf, inWeeks, meetsOn, partsIn, viewerZone } from './schedule.js';
import { Gazetteer, fold } from './finder-places.js';
import {
  ATT_HYBRID, ATT_ONLINE, F_CLOSED, F_COORDS, addNotes, bandOf, buildHay, decodeIndex,
} from './finder-index.js';

export { DAYS, fortnightOf, inWeeks, partsIn, viewerZone } from './schedule.js';
export { Gazetteer, fold, placeKey } from './finder-places.js';
export {
  ATT_HYBRID, ATT_IN_PERSON, ATT_ONLINE, F_APPROX, F_CLOSED, F_COORDS, addNotes, buildHay, decodeIndex,
} from './finder-index.js';

/** @typedef {import('./finder-index.js').Index} Index */
/** @typedef {import('./finder-index.js').RawIndex} RawIndex */
/** @typedef {import('./finder-index.js').Notes} Notes */
/**
 * A finder view (the /find/ query string, DESIGN.md).
 * @typedef {object} State
 * @property {string} near
 * @property {number | null} lat
 * @property {number | null} lon
 * @property {number} radius
 * @property {string} day
 * @property {string} time
 * @property {string} program
 * @property {string} attendance
 * @property {string} q
 * @property {string[]} tags
 * @property {boolean} now
 * @property {boolean} closed
 * @property {string} sort
 */
/** @typedef {{lat: number, lon: number, label?: string}} Origin */
/** @typedef {{dist: Float64Array, order: Int32Array | number[]}} Geo */
/** @typedef {{near: number[], online: number[], showNear: boolean, showOnline: boolean, day: number, today: number}} Result */
export const ATTENDANCE = ['in-person', 'online', 'hybrid'];
export const SORTS = ['time', 'distance']; // sort=: by next start, or nearest first
export const DEFAULT_RADIUS = 10;
export const MAX_RADIUS = 100;
export const EARTH_MILES = 6371.009 / 1.609344; // geopy's great_circle radius

// ------------------------------------------------------------------------- URL state

/** @param {string | null} v */
const num = (v) => { const x = parseFloat(v); return Number.isFinite(x) ? x : null; };

/* The /find/ query string (DESIGN.md) as a state; unknown values are dropped when an
   index (for its programs, tags and time bands) is given. */
/** @param {string | URLSearchParams} search @param {Index | null} [D] @returns {State} */
export function readParams(search, D = null) {
  const p = new URLSearchParams(search);
  let lat = num(p.get('lat')), lon = num(p.get('lon'));
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) lat = lon = null;
  let radius = num(p.get('radius'));
  radius = radius === null ? DEFAULT_RADIUS : Math.min(MAX_RADIUS, Math.max(1, radius));
  const day = p.get('day') || '';
  const attendance = p.get('attendance') || '';
  /** @type {State} */
  const state = {
    near: lat === null ? (p.get('near') || '').trim().slice(0, 100) : '', lat, lon, radius,
    day: day === 'any' || DAYS.includes(day) ? day : '',
    time: p.get('time') || '', program: p.get('program') || '',
    attendance: ATTENDANCE.includes(attendance) ? attendance : '',
    tags: [...new Set(p.getAll('tag'))], q: (p.get('q') || '').slice(0, 200),
    now: p.get('now') === '1', closed: p.get('closed') === '1',
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : '',
  };
  if (D) {
    if (!D.bands.some((b) => b[0] === state.time)) state.time = '';
    if (!(state.program in D.progIndex)) state.program = '';
    state.tags = state.tags.filter((t) => t in D.tagIndex);
  }
  return state;
}

/** @param {number} v @param {number} places */
const round = (v, places) => { const m = 10 ** places; return Math.round(v * m) / m; };

/* The query string of a state, defaults left out: "?near=62701&day=tue". */
/** @param {State} s */
export function searchOf(s) {
  const p = new URLSearchParams();
  if (s.lat !== null) { p.set('lat', String(s.lat)); p.set('lon', String(s.lon)); }
  else if (s.near) p.set('near', s.near);
  if (s.radius !== DEFAULT_RADIUS) p.set('radius', String(round(s.radius, 2)));
  if (s.day) p.set('day', s.day);
  if (s.time) p.set('time', s.time);
  if (s.program) p.set('program', s.program);
  if (s.attendance) p.set('attendance', s.attendance);
  for (const t of s.tags) p.append('tag', t);
  if (s.q) p.set('q', s.q);
  if (s.now) p.set('now', '1');
  if (s.closed) p.set('closed', '1');
  if (s.sort) p.set('sort', s.sort);
  const q = p.toString();
  return q ? '?' + q : '';
}

// ------------------------------------------------------------------------- distances

/* Great-circle miles from `origin` to every entry with coordinates, and the in-person
   and hybrid entries within MAX_RADIUS in distance order (then name). */
/** @param {Index} D @param {Origin} origin @returns {Geo} */
export function distances(D, origin) {
  const n = D.n, dist = new Float64Array(n), within = [];
  const p1 = origin.lat * Math.PI / 180, l1 = origin.lon * Math.PI / 180, c1 = Math.cos(p1);
  for (let i = 0; i < n; i++) {
    if (!(D.f[i] & F_COORDS)) { dist[i] = NaN; continue; }
    const p2 = D.lat[i] * Math.PI / 180, dp = p2 - p1, dl = D.lon[i] * Math.PI / 180 - l1;
    const a = Math.sin(dp / 2) ** 2 + c1 * Math.cos(p2) * Math.sin(dl / 2) ** 2;
    dist[i] = 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
    if (dist[i] <= MAX_RADIUS && (D.f[i] & 3) !== ATT_ONLINE) within.push(i);
  }
  within.sort((a, b) => dist[a] - dist[b] || D.nameRank[a] - D.nameRank[b]);
  return { dist, order: Int32Array.from(within) };
}

// ------------------------------------------------------------------------- filtering

/** @param {Index} D @param {number} i */
export const slotsOf = (D, i) => D.sched[D.schedIx[i]];
/* Minutes to add to an entry's listed times to read them on the viewer's clock. */
/** @param {Index} D @param {number} i */
export const shiftOf = (D, i) => ((D.f[i] & 3) === ATT_ONLINE ? D.shift[D.zone[i]] : 0);

/* Earliest start on day d (0 = Sunday) in the entry's listed clock, or 1e4 if none. */
/** @param {Index} D @param {number} i @param {number} d */
function startOn(D, i, d) {
  const sh = shiftOf(D, i);
  let best = 1e4;
  for (const sl of slotsOf(D, i)) {
    const start = sl[1] + sh, carry = Math.floor(start / 1440);
    if (sl[0] & (1 << (((d - carry) % 7 + 7) % 7))) best = Math.min(best, ((start % 1440) + 1440) % 1440);
  }
  return best;
}

/* In progress, or starting within the hour, in the meeting's own zone at `clock`. */
/** @param {Index} D @param {number} i @param {Date} clock @param {Record<number, import('./schedule.js').Parts>} [nowByZone] */
export function isNow(D, i, clock, nowByZone = {}) {
  const z = D.zone[i];
  const now = nowByZone[z] || (nowByZone[z] = partsIn(D.zones[z], clock));
  const nowW = now.dow * 1440 + now.minute;
  for (const sl of slotsOf(D, i)) {
    const length = sl[2] || 60;
    for (let d = 0; d < 7; d++) {
      if (!(sl[0] & (1 << d))) continue;
      const w = d * 1440 + sl[1];
      const ahead = ((w - nowW) % 10080 + 10080) % 10080, since = ((nowW - w) % 10080 + 10080) % 10080;
      if (!(ahead <= 60 || since < length)) continue;
      const offset = ahead <= 60 ? Math.floor((now.minute + ahead) / 1440)
        : -Math.floor((since - now.minute + 1439) / 1440);
      if (sl[3] === 2 && !inWeeks(sl[4] || 0, now, offset)) continue;
      if (sl[3] === 1 && sl[4] && fortnightOf(now.days + offset) !== sl[4]) continue;
      return true;
    }
  }
  return false;
}

/* Whether entry i meets on the viewer's day `days` (its weekday is d), in time band
   `band` (-1 any): a monthly slot in one of its weeks, a fortnightly one in its week. */
/** @param {Index} D @param {number} i @param {number} d @param {number} band @param {number} days */
function meetsOnDate(D, i, d, band, days) {
  const sh = shiftOf(D, i);
  for (const sl of slotsOf(D, i)) {
    const start = sl[1] + sh, carry = Math.floor(start / 1440);
    if (!(sl[0] & (1 << (((d - carry) % 7 + 7) % 7)))) continue;
    if (band >= 0 && bandOf(D.bands, ((start % 1440) + 1440) % 1440) !== band) continue;
    if (meetsOn(sl, days - carry)) return true; // the date in the meeting's listed clock
  }
  return false;
}

/* Sort by start time on day d, then by name, with one numeric sort of packed keys. */
/** @param {Index} D @param {number[]} list @param {number} d */
function byStart(D, list, d) {
  const n = D.n, keys = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) keys[k] = startOn(D, list[k], d) * n + D.nameRank[list[k]];
  keys.sort();
  const out = new Array(list.length);
  for (let k = 0; k < list.length; k++) out[k] = D.nameOrder[keys[k] % n];
  return out;
}

/* The entries a state lists: {near, online} (entry numbers in list order), which
   sections show, and the day filtered on (-1 for any) and today (0 = Sunday).
   `geo` is distances(D, origin) when a place is set; `clock` is "now".
   With no day chosen the view is today's date, so a monthly or fortnightly group is left
   out in a week it does not meet; a chosen day (`day=tue`) is any such weekday, and the
   rows say "every other week" or which weeks of the month. */
/** @param {Index} D @param {State} s @param {{geo?: Geo | null, clock?: Date}} [options] @returns {Result} */
export function filter(D, s, { geo = null, clock = new Date() } = {}) {
  const n = D.n;
  const todayParts = partsIn(viewerZone, clock);
  const today = todayParts.dow;
  const day = s.now || s.day === 'any' ? -1 : s.day ? DAYS.indexOf(s.day) : today;
  const band = s.now || !s.time ? -1 : D.bands.findIndex((b) => b[0] === s.time);
  let want = 0xFFFFFFF;
  if (day >= 0) want &= 0xF << (day * 4);
  if (band >= 0) { let b = 0; for (let k = 0; k < 7; k++) b |= 1 << (k * 4 + band); want &= b; }
  const dated = !s.now && !s.day ? todayParts.days : null;
  const prog = s.program ? D.progIndex[s.program] ?? -2 : -1;
  const W = D.words, wantTags = new Uint32Array(W);
  let anyTag = false;
  for (const t of s.tags) {
    const ix = D.tagIndex[t];
    if (ix !== undefined) { wantTags[ix >> 5] |= 1 << (ix & 31); anyTag = true; }
  }
  const terms = fold(s.q).split(' ').filter(Boolean);
  const hay = terms.length ? buildHay(D) : null;
  /** @type {Record<number, import('./schedule.js').Parts>} */
  const nowByZone = {};
  const att = s.attendance, showNear = att !== 'online', showOnline = att === '' || att === 'online';

  /** @param {number} i */
  const passes = (i) => {
    const f = D.f[i];
    if ((f & F_CLOSED) && !s.closed) return false;
    if (prog !== -1 && D.prog[i] !== prog) return false;
    if (att === 'hybrid' && (f & 3) !== ATT_HYBRID) return false;
    if (anyTag) {
      for (let w = 0, base = i * W; w < W; w++) {
        if (((D.tagBits[base + w] & wantTags[w]) >>> 0) !== wantTags[w]) return false;
      }
    }
    if (D.schedIx[i] !== 0) {
      if (!(D.mask[i] & want)) return false;
      if (dated !== null && D.skips[D.schedIx[i]] && !meetsOnDate(D, i, day, band, dated)) return false;
    } else if (s.now) return false;
    if (s.now && !isNow(D, i, clock, nowByZone)) return false;
    if (hay) { const h = hay[i]; for (const t of terms) if (h.indexOf(t) < 0) return false; }
    return true;
  };

  let near = [], online = [];
  if (showNear) {
    if (geo) {
      for (const i of geo.order) {
        if (geo.dist[i] > s.radius) break;
        if (passes(i)) near.push(i);
      }
    } else {
      for (let k = 0; k < n; k++) {
        const i = D.nameOrder[k];
        if ((D.f[i] & 3) !== ATT_ONLINE && passes(i)) near.push(i);
      }
      if (day >= 0) near = byStart(D, near, day);
    }
  }
  if (showOnline) {
    for (let k = 0; k < n; k++) {
      const i = D.nameOrder[k], a = D.f[i] & 3;
      if ((a === ATT_ONLINE || (att === 'online' && a === ATT_HYBRID)) && passes(i)) online.push(i);
    }
    if (day >= 0) online = byStart(D, online, day);
  }
  return { near, online, showNear, showOnline, day, today };
}

// ------------------------------------------------------------------------- for other pages

/** @param {string} url */
async function json(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

/* Ids a finder address lists, in order: in person (by distance when a place resolves),
   then online. `root` is the site's root URL. */
/** @param {URLSearchParams} params @param {{root: URL | string, clock?: Date}} options @returns {Promise<string[]>} */
export async function matchingIds(params, { root, clock = new Date() }) {
  const D = decodeIndex(await json(new URL('resources.json', root).href), { now: clock });
  const state = readParams(params, D);
  let geo = null;
  if (state.lat !== null) geo = distances(D, state);
  else if (state.near) {
    const places = new Gazetteer(new URL('gazetteer/', root).href);
    await places.load(places.shardsFor(state.near));
    const place = places.resolve(state.near);
    if (place.kind === 'ok') geo = distances(D, /** @type {Origin} */ (place));
  }
  if (fold(state.q)) {
    addNotes(D, await json(new URL('resources-notes.json', root).href).catch(() => /** @type {Notes | null} */ (null)));
  }
  const result = filter(D, state, { geo, clock });
  return result.near.concat(result.online).map((i) => D.ids[i]);
}
