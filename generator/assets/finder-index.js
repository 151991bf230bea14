/* The finder index (resources.json, generator/finder/index.py) decoded into typed
 * arrays, and the search text folded from it: what finder-filter.js filters. No DOM. */
import { partsIn, viewerZone } from './schedule.js';
import { fold } from './finder-places.js';

/**
 * resources.json as fetched (generator/finder/index.py documents each field).
 * @typedef {object} RawIndex
 * @property {number} n
 * @property {string[]} id
 * @property {string[]} nm
 * @property {string[]} towns
 * @property {string[]} places
 * @property {string[]} zones
 * @property {string[][]} progs
 * @property {string[][]} tags
 * @property {import('./schedule.js').Slot[][]} sched
 * @property {number[][]} tagsets
 * @property {string} h
 * @property {any[][]} bands
 * @property {string[]} kinds
 * @property {number[]} f
 * @property {number[]} p
 * @property {number[]} z
 * @property {number[]} tw
 * @property {number[]} pl
 * @property {number[]} t
 * @property {number[]} s
 * @property {number} cs
 * @property {number[]} la
 * @property {number[]} lo
 * @property {number[]} [rk]  on an index assembled from tiles (finder-tiles.js): each entry's number in the whole index
 */
/**
 * The finder index decoded (decodeIndex): entry i's fields at [i] of each array.
 * @typedef {object} Index
 * @property {number} n
 * @property {RawIndex} raw  the index as fetched
 * @property {string[]} ids
 * @property {string[]} names
 * @property {string[]} towns
 * @property {string[]} places
 * @property {string[]} zones
 * @property {string[][]} progs  [key, label]
 * @property {string[][]} tagDefs  [key, label]
 * @property {import('./schedule.js').Slot[][]} sched
 * @property {number[][]} tagsets
 * @property {string} hash
 * @property {any[][]} bands  [key, first minute, end minute, label]
 * @property {Uint8Array} f  attendance (bits 0-1), kind (2-4), F_CLOSED, F_APPROX, F_COORDS
 * @property {Uint8Array} prog
 * @property {Uint16Array} zone
 * @property {Uint32Array} town
 * @property {Uint32Array} place
 * @property {Uint32Array} tagset
 * @property {Uint32Array} schedIx
 * @property {Uint8Array} skips
 * @property {Float64Array} lat
 * @property {Float64Array} lon
 * @property {Uint32Array} mask
 * @property {Record<string, number>} progIndex
 * @property {Record<string, number>} tagIndex
 * @property {number} words
 * @property {Set<string>} usedTags
 * @property {string[] | null} hay
 * @property {number} hayBuilt
 * @property {string[] | null} notes
 * @property {Int32Array} nameOrder
 * @property {Int32Array} nameRank
 * @property {Uint32Array} [tagBits]
 * @property {number[]} [shift]
 * @property {Map<string, number>} [idIndex]  set by finder-data.js
 * @property {boolean} [onlinePending]  set by finder-data.js
 */
/** @typedef {{h: string, x: string[], v?: number}} Notes */

export const F_CLOSED = 32, F_APPROX = 64, F_COORDS = 128;
export const ATT_IN_PERSON = 0, ATT_ONLINE = 1, ATT_HYBRID = 2;

/** @param {any[][]} bands @param {number} minute */
export function bandOf(bands, minute) {
  const m = minute < bands[0][1] ? minute + 1440 : minute;
  for (let b = 0; b < bands.length; b++) if (m >= bands[b][1] && m < bands[b][2]) return b;
  return 0;
}

/* Day × band bits (bit day*4+band) of a schedule, its times moved by `shift` minutes. */
/** @param {any[][]} bands @param {import('./schedule.js').Slot[]} slots @param {number} shift */
function dayBandMask(bands, slots, shift) {
  let mask = 0;
  for (const sl of slots) {
    const start = sl[1] + shift, carry = Math.floor(start / 1440);
    const band = bandOf(bands, ((start % 1440) + 1440) % 1440);
    for (let d = 0; d < 7; d++) {
      if (sl[0] & (1 << d)) mask |= 1 << ((((d + carry) % 7 + 7) % 7) * 4 + band);
    }
  }
  return mask >>> 0;
}

/* The index as typed arrays. Online meetings' day and time bits are moved to the
   viewer's clock (a viewer far from a meeting's zone attends at their own time). */
/** @param {RawIndex} x @param {{now?: Date}} [options] @returns {Index} */
export function decodeIndex(x, { now = new Date() } = {}) {
  const n = x.n;
  const d = /** @type {Index} */ ({
    n, raw: x, ids: x.id, names: x.nm, towns: x.towns, places: x.places, zones: x.zones,
    progs: x.progs, tagDefs: x.tags, sched: x.sched, tagsets: x.tagsets, hash: x.h,
    bands: x.bands, f: Uint8Array.from(x.f), prog: Uint8Array.from(x.p),
    zone: Uint16Array.from(x.z), town: Uint32Array.from(x.tw), place: Uint32Array.from(x.pl),
    tagset: Uint32Array.from(x.t), schedIx: Uint32Array.from(x.s),
    // Schedules with a slot that skips some weeks it names a day of: monthly ones and
    // fortnightly ones whose weeks are known. Only these need a date, not just a weekday.
    skips: Uint8Array.from(x.sched, (slots) => (slots.some((sl) => sl[3] === 2 || (sl[3] === 1 && sl[4])) ? 1 : 0)),
    lat: new Float64Array(n), lon: new Float64Array(n), mask: new Uint32Array(n),
    progIndex: {}, tagIndex: {}, words: Math.max(1, Math.ceil(x.tags.length / 32)),
    usedTags: new Set(), hay: null, hayBuilt: 0, notes: null,
    // The index lists entries by name already (generator/finder/index.py: listed).
    nameOrder: Int32Array.from({ length: n }, (_, ix) => ix),
  });
  d.nameRank = d.nameOrder;
  const scale = x.cs;
  let la = 0, lo = 0, j = 0;
  for (let i = 0; i < n; i++) {
    if (d.f[i] & F_COORDS) {
      la += x.la[j]; lo += x.lo[j]; j++;
      d.lat[i] = la / scale; d.lon[i] = lo / scale;
    } else { d.lat[i] = NaN; d.lon[i] = NaN; }
  }
  x.progs.forEach((p, ix) => { d.progIndex[p[0]] = ix; });
  x.tags.forEach((t, ix) => { d.tagIndex[t[0]] = ix; });
  // Tags as bitmasks of `words` 32-bit words per entry: "has all of these" is an AND.
  const W = d.words, setBits = new Uint32Array(x.tagsets.length * W);
  x.tagsets.forEach((set, ix) => {
    for (const t of set) { setBits[ix * W + (t >> 5)] |= 1 << (t & 31); d.usedTags.add(x.tags[t][0]); }
  });
  d.tagBits = new Uint32Array(n * W);
  const viewer = partsIn(viewerZone, now).offset;
  d.shift = x.zones.map((z) => viewer - partsIn(z, now).offset);
  const local = x.sched.map((slots) => dayBandMask(x.bands, slots, 0));
  /** @type {Record<string, number>} */
  const shifted = {};
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < W; k++) d.tagBits[i * W + k] = setBits[d.tagset[i] * W + k];
    const s = d.schedIx[i], sh = d.shift[d.zone[i]];
    if ((d.f[i] & 3) === ATT_ONLINE && sh !== 0) {
      const key = s + ':' + sh;
      if (!(key in shifted)) shifted[key] = dayBandMask(x.bands, x.sched[s], sh);
      d.mask[i] = shifted[key];
    } else d.mask[i] = local[s];
  }
  return d;
}

/* Folded name, place and town (and notes, once added) of entries [hayBuilt, upTo). */
/** @param {Index} D @param {number} [upTo] */
export function buildHay(D, upTo = D.n) {
  if (!D.hay) D.hay = new Array(D.n);
  for (let i = D.hayBuilt; i < upTo; i++) {
    D.hay[i] = fold(D.names[i] + ' ' + D.places[D.place[i]] + ' ' + D.towns[D.town[i]]);
    if (D.notes && D.notes[i]) D.hay[i] += ' ' + D.notes[i];
  }
  D.hayBuilt = Math.max(D.hayBuilt, upTo);
  return D.hay;
}

/* Adds the search notes (already folded by the build) when they belong to this index. */
/** @param {Index} D @param {Notes | null} notes */
export function addNotes(D, notes) {
  if (D.notes || !notes || notes.h !== D.hash || notes.x.length !== D.n) return false;
  D.notes = notes.x;
  for (let i = 0; i < D.hayBuilt; i++) if (D.notes[i]) D.hay[i] += ' ' + D.notes[i];
  return true;
}

