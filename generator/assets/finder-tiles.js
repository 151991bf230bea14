/* The finder's index in geographic tiles (generator/finder/tiles.py): a view around a
 * point needs only the cells within its distance and the online groups, not the whole
 * list, so a postal code at 100,000 entries costs a few tens of KB instead of 2 MB.
 *
 * `assemble` merges tiles back into one index in the whole index's format (name order,
 * the same columns), so decodeIndex and the filter see what they always saw; `rk` adds
 * each entry's place in the whole index, which maps the search notes onto it.
 *
 *     const tiles = new Tiles(new URL('finder-tiles/', root).href);
 *     await tiles.ready();
 *     const names = tiles.near({ lat: 39.8, lon: -89.6 }, 10).concat([ONLINE]);
 *     const raw = await tiles.assemble(names);  // like resources.json
 */

export const ONLINE = 'online';
const MILES_PER_DEGREE = 6371.009 / 1.609344 * Math.PI / 180;
const TABLES = [['zones', 'z'], ['towns', 'tw'], ['places', 'pl'], ['sched', 's'], ['tagsets', 't']];
const COLUMNS = ['id', 'nm', 'p', 'f', 'z', 'tw', 'pl', 't', 's'];
const F_COORDS = 128;

/** @param {number} a0 @param {number} a1 @param {number} b0 @param {number} b1 */
function overlaps(a0, a1, b0, b1) { return a0 <= b1 && b0 <= a1; }

export class Tiles {
  /** @param {string} base  the tiles' folder URL, ending in "/" */
  constructor(base) {
    this.base = base;
    /** @type {any} the manifest (index.json), once loaded */
    this.manifest = null;
    /** @type {Promise<any> | null} */
    this.loading = null;
    /** @type {Map<string, Promise<any>>} name -> promise of the parsed tile */
    this.files = new Map();
  }

  /* The manifest, once; rejects when the site has no tiles. */
  ready() {
    if (!this.loading) {
      this.loading = fetch(this.base + 'index.json').then((r) => {
        if (!r.ok) throw new Error('tiles ' + r.status);
        return r.json();
      }).then((m) => { this.manifest = m; return m; });
    }
    return this.loading;
  }

  /* Names of the cell tiles within `miles` of `origin` (a box around the circle). */
  /** @param {{lat: number, lon: number}} origin @param {number} miles @returns {string[]} */
  near(origin, miles) {
    const m = this.manifest, out = [];
    const dlat = miles / MILES_PER_DEGREE + 0.01;
    const widest = Math.min(89.9, Math.abs(origin.lat) + dlat);
    const dlon = widest >= 89 ? 360 : dlat / Math.cos(widest * Math.PI / 180) + 0.01;
    const south = origin.lat - dlat, north = origin.lat + dlat;
    const west = origin.lon - dlon, east = origin.lon + dlon;
    for (let k = 0; k < m.z.length; k++) {
      const size = 1 / (1 << m.z[k]), s = m.y[k] * size - 90, w = m.x[k] * size - 180;
      if (!overlaps(s, s + size, south, north)) continue;
      // the box may cross the antimeridian
      if (overlaps(w, w + size, west, east) || overlaps(w + 360, w + 360 + size, west, east) ||
          overlaps(w - 360, w - 360 + size, west, east)) {
        out.push('c' + m.z[k] + '-' + m.y[k] + '-' + m.x[k]);
      }
    }
    return out;
  }

  /** @param {string} name */
  tile(name) {
    if (!this.files.has(name)) {
      // The build's hash in the address: a tile cached from another build never mixes in.
      const p = fetch(this.base + name + '.json?h=' + this.manifest.h).then((r) => {
        if (!r.ok) throw new Error(name + ' ' + r.status);
        return r.json();
      });
      p.catch(() => this.files.delete(name)); // a failed tile is asked for again next time
      this.files.set(name, p);
    }
    return this.files.get(name);
  }

  /* One index of the named tiles, in the whole index's format and order. */
  /** @param {string[]} names @returns {Promise<import('./finder-filter.js').RawIndex>} */
  async assemble(names) {
    const m = this.manifest;
    const tiles = await Promise.all(names.map((name) => this.tile(name)));
    return merge(m, tiles, names);
  }
}

/** @param {any[]} first */
function table(first) {
  const values = first.slice(), index = new Map(first.map((v, i) => [JSON.stringify(v), i]));
  return {
    values,
    /** @param {any} v */
    add(v) {
      const key = JSON.stringify(v);
      let i = index.get(key);
      if (i === undefined) { i = values.length; index.set(key, i); values.push(v); }
      return i;
    },
  };
}

/* Entries of all tiles in whole-index order, each tile's table indexes renumbered into
   shared tables, coordinates re-coded as deltas in the new order. */
/** @param {any} m  the manifest @param {any[]} tiles @param {string[]} names */
function merge(m, tiles, names) {
  /** @type {number[][]} */
  const rows = [];
  /** @type {Record<string, ReturnType<typeof table>>} */
  const merged = {
    zones: table([]), towns: table(['']), places: table(['']), sched: table([[]]), tagsets: table([[]]),
  };
  tiles.forEach((t, ti) => {
    t.maps = {};
    for (const [name] of TABLES) t.maps[name] = t[name].map((/** @type {any} */ v) => merged[name].add(v));
    let rank = 0, la = 0, lo = 0, c = 0;
    for (let j = 0; j < t.n; j++) {
      rank += t.r[j];
      let lat = 0, lon = 0;
      if (t.f[j] & F_COORDS) { la += t.la[c]; lo += t.lo[c]; c++; lat = la; lon = lo; }
      rows.push([rank, ti, j, lat, lon]);
    }
  });
  rows.sort((a, b) => a[0] - b[0]);
  /** @type {any} */
  const out = {
    v: m.v, h: m.h + ':' + names.slice().sort().join(','), n: rows.length, cs: m.cs,
    progs: m.progs, tags: m.tags, bands: m.bands, att: m.att, kinds: m.kinds, la: [], lo: [],
    rk: rows.map((row) => row[0]),
  };
  for (const [name] of TABLES) out[name] = merged[name].values;
  for (const col of COLUMNS) out[col] = new Array(rows.length);
  const column = Object.fromEntries(TABLES.map(([name, col]) => [col, name]));
  let la = 0, lo = 0;
  rows.forEach(([, ti, j, lat, lon], i) => {
    const t = tiles[ti];
    for (const col of COLUMNS) out[col][i] = col in column ? t.maps[column[col]][t[col][j]] : t[col][j];
    if (t.f[j] & F_COORDS) { out.la.push(lat - la); out.lo.push(lon - lo); la = lat; lo = lon; }
  });
  return out;
}

/* The whole index's search notes for the entries of an assembled index. */
/** @param {import('./finder-filter.js').RawIndex} raw @param {any} notes  resources-notes.json @returns {import('./finder-filter.js').Notes | null} */
export function notesFor(raw, notes) {
  if (!notes || !raw.rk || notes.h !== raw.h.split(':')[0]) return notes;
  return { v: notes.v, h: raw.h, x: raw.rk.map((r) => notes.x[r]) };
}
