/* The finder's data: the index (D, whole or the tiles around a place), the search notes,
 * the gazetteer, and where the view is about (S.origin, S.geo). */
import { Gazetteer, addNotes, buildHay, decodeIndex, distances } from './finder-filter.js';
import { ONLINE, Tiles, notesFor } from './finder-tiles.js';
import { offerOnly } from './finder-facets.js';
import { S, el, hooks, setText, tagBoxes, timings, url } from './finder-page.js';
import { t } from './i18n.js';

/** @type {import('./finder-filter.js').Index | null} */
export let D = null; // the decoded index: the whole one, or the tiles a place needs (S.data)
export const places = new Gazetteer(url('data-gazetteer'), () => { timings.gazetteerLoaded = performance.now(); });
export const tiles = new Tiles(new URL('../finder-tiles/', url('data-index')).href);

export function loadNotes() {
  if ((D && D.notes) || S.notesLoading) return;
  S.notesLoading = true;
  fetch(url('data-notes')).then((r) => (r.ok ? r.json() : null)).then((x) => {
    S.notes = x;
    if (!D || !addNotes(D, notesFor(D.raw, x))) return;
    timings.notesLoaded = performance.now();
    if (S.state.q) hooks.render();
  }).catch(() => { /* search keeps to names, places and towns */ });
}

/* Folds the search text in idle slices, so neither the first results nor the first
   typed word wait for it. */
export function buildHayWhenIdle() {
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  later(function step(deadline) {
    while (D.hayBuilt < D.n && (!deadline || deadline.timeRemaining() > 3)) {
      buildHay(D, Math.min(D.n, D.hayBuilt + 500));
      if (!deadline) break;
    }
    if (D.hayBuilt < D.n) later(step);
  });
}

// ------------------------------------------------------------------------- where

/** @param {import('./finder-filter.js').Origin | null} origin */
export function setOrigin(origin) {
  const key = origin ? origin.lat + ',' + origin.lon : '';
  S.origin = origin;
  if (key === S.originKey) return;
  S.originKey = key;
  S.geo = origin && D ? distances(D, origin) : null;
}

/* What the view needs loaded: the tiles within its distance of its place and the
   online ones, or (null) the whole index when it is about any place. */
function wanted() {
  const s = S.state;
  if (S.place && S.place.kind === 'loading') return S.data; // keep what is there meanwhile
  if (!S.origin || s.attendance === 'online' || !tiles.manifest) return null;
  return tiles.near(S.origin, s.radius).concat([ONLINE]);
}
/** @param {string[] | null} want */
function covers(want) {
  const have = S.data;
  if (!have) return D !== null && D.raw.rk === undefined;
  return want !== null && want.every((name) => have.includes(name));
}
/* Makes D hold what the view needs; true when it already does, else false and `done`
   once it does (twice for a new place: its cells first, so the first results do not wait
   for the online groups, which are many at national scale). Tiles add to those loaded,
   so going back costs nothing. */
/** @param {() => void} done @returns {boolean} */
export function ensureData(done) {
  const want = wanted();
  if (D && covers(want)) return true;
  const seq = ++S.dataSeq;
  let names = want && S.data ? [...new Set(S.data.concat(want))] : want;
  let pending = false;
  if (names && !(S.data && S.data.includes(ONLINE)) && !covers(names.filter((t) => t !== ONLINE))) {
    names = names.filter((t) => t !== ONLINE);
    pending = true;
  }
  const raw = names ? tiles.assemble(names) : fetch(url('data-index')).then((r) => {
    if (!r.ok) throw new Error('index ' + r.status);
    timings.indexResponse = timings.indexResponse || performance.now();
    return r.json();
  });
  raw.then((x) => {
    if (seq !== S.dataSeq) return;
    const first = !timings.indexLoaded;
    if (first) timings.indexParsed = performance.now();
    useIndex(x, names);
    D.onlinePending = pending;
    if (!pending) timings.dataLoaded = timings.dataLoaded || performance.now();
    if (first) timings.indexLoaded = performance.now();
    // Renders for data arriving are not filter changes (benchmarks/finder_bench.py)
    S.background = !first;
    try { done(); } finally { S.background = false; }
    if (pending && ensureData(done)) done();
  }).catch((err) => {
    if (seq !== S.dataSeq) return;
    setText(el.count, t('The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.'));
    console.error(err);
  });
  return false;
}
/** @param {import('./finder-filter.js').RawIndex} x @param {string[] | null} names */
function useIndex(x, names) {
  D = decodeIndex(x);
  D.idIndex = new Map(D.ids.map((id, i) => [id, i]));
  if (names) D.usedTags = new Set(tiles.manifest.ut);
  S.data = names;
  S.rows = new Map(); // rows are kept by entry number, which is the index's own
  S.mineKey = null; // My groups' buttons carry entry numbers too
  // Offer only the values some loaded group has (mostly folded away, so hiding the
  // others moves little on screen); nothing left to offer, no "More filters".
  el.moreToggle.hidden = !offerOnly(D, el, tagBoxes, S.state);
  S.originKey = '';
  setOrigin(S.origin);
  if (S.notes && addNotes(D, notesFor(x, S.notes))) timings.notesLoaded = timings.notesLoaded || performance.now();
}
/** @param {import('./finder-places.js').Place} result */
function applyPlace(result) {
  S.place = result;
  setOrigin(result.kind === 'ok' ? { lat: result.lat, lon: result.lon, label: result.label } : null);
}

/* Works out the origin for the current state; false (and `done` later) while the
   gazetteer shard it needs is loading. */
/** @param {() => void} done @returns {boolean} */
export function locate(done) {
  const s = S.state, seq = ++S.seq;
  if (s.lat !== null) {
    S.place = { kind: 'point' };
    setOrigin({ lat: s.lat, lon: s.lon, label: S.pointLabel || t('the chosen location') });
    return true;
  }
  if (!s.near) { S.place = null; setOrigin(null); return true; }
  if (places.ready(s.near)) { applyPlace(places.resolve(s.near)); return true; }
  S.place = { kind: 'loading' };
  places.load(places.shardsFor(s.near)).then(() => {
    if (seq !== S.seq) return;
    applyPlace(places.resolve(S.state.near));
    done();
  }, () => {
    if (seq !== S.seq) return;
    S.place = { kind: 'unknown', suggestions: [], message: t('The list of places could not be loaded.') };
    setOrigin(null);
    done();
  });
  return false;
}
