/* The finder page /find/: the form, the URL and the result lists. Reading the data,
 * resolving places and filtering live in finder-filter.js, which the handout builder
 * shares, so both list the same groups for the same address.
 *
 * Privacy: nothing typed leaves the device. A typed place is looked up in the one
 * gazetteer shard it needs, fetched from this site; "Near me" asks the browser's
 * geolocation only when pressed.
 *
 * Speed: a filter change is one pass of finder-filter.js over typed arrays, then only the
 * first PAGE rows of each section are put in the page, reusing their DOM nodes, writing
 * only what changed (finder.css keeps the rest of the page out of the re-layout).
 *
 * State: every filter lives in the query string (names fixed in DESIGN.md); discrete
 * changes push a history entry, typing replaces it, back/forward re-apply it.
 *
 * window.__finderTimings (for benchmarks/finder_bench.py), in ms since navigation start:
 * scriptStart, indexResponse, indexParsed, indexLoaded, firstResults, notesLoaded,
 * gazetteerLoaded, dataLoaded (the view's data all in, online groups included, which
 * may come after the first results); and per filter change the synchronous time to filter, render and lay
 * out (filters) and the time to the next frame (frames). After each render #finder
 * dispatches `finder:rendered` with the listed ids.
 */
import {
  ATT_HYBRID, ATT_ONLINE, DAYS, DEFAULT_RADIUS, F_APPROX, F_CLOSED, Gazetteer, MAX_RADIUS,
  addNotes, buildHay, decodeIndex, distances, filter, fold, readParams, searchOf, slotsOf,
  viewerZone,
} from './finder-filter.js';
import { ONLINE, Tiles, notesFor } from './finder-tiles.js';
import { SOON, arrange, isoLocal, viewerDay } from './finder-when.js';
import { offerOnly, waysOut } from './finder-facets.js';
import { savedIds, setSaved } from './finder-mine.js';

const root = document.getElementById('finder');
const timings = window.__finderTimings = {
  scriptStart: performance.now(), indexResponse: null, indexParsed: null, indexLoaded: null,
  firstResults: null, notesLoaded: null, gazetteerLoaded: null, dataLoaded: null, filters: [], frames: [],
  shown: [],
};
const PAGE = 50;
const KM_PER_MILE = 1.609344;

const $ = (id) => document.getElementById(id);
const form = $('fd-form');
const el = {
  near: $('fd-near'), locate: $('fd-locate'), radius: $('fd-radius'), day: $('fd-day'),
  time: $('fd-time'), program: $('fd-program'), attendance: $('fd-attendance'),
  q: $('fd-q'), now: $('fd-now'), closed: $('fd-closed'), copy: $('fd-copy'),
  reset: $('fd-reset'), handout: $('fd-handout'), count: $('fd-count'), place: $('fd-place'), active: $('fd-active'),
  summary: $('fd-summary-text'), change: $('fd-change'), moreToggle: $('fd-more'),
  moreBox: $('fd-more-filters'), sort: $('fd-sort'), mine: $('fd-mine-section'), mineList: $('fd-mine-list'),
  sections: { near: section('near'), online: section('online') },
};
function section(name) {
  const id = (part) => $('fd-' + name + part);
  return { box: id('-section'), title: id('-title'), list: id('-list'), more: id('-more'), empty: null,
    tomorrow: id('-tomorrow'), tomorrowTitle: id('-tomorrow-title'), tomorrowList: id('-tomorrow-list'),
    earlier: id('-earlier'), earlierTitle: id('-earlier-title'), earlierList: id('-earlier-list') };
}
const sortBoxes = [...el.sort.querySelectorAll('input[name="sort"]')];
const tagBoxes = [...form.querySelectorAll('input[name="tag"]')];
const url = (attr) => new URL(root.getAttribute(attr), document.baseURI).href;
const HANDOUT = '../handout/';

// ------------------------------------------------------------------------- locale

const lang = navigator.language || 'en-US';
const miles = usesMiles(lang);

function usesMiles(tag) {
  try {
    return ['US', 'GB', 'LR', 'MM'].includes(new Intl.Locale(tag).maximize().region);
  } catch (e) { return true; }
}

const clockFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
const clockCache = {};
function clock(minutes) {
  minutes = ((minutes % 1440) + 1440) % 1440;
  return clockCache[minutes] || (clockCache[minutes] =
    clockFormat.format(new Date(Date.UTC(2000, 0, 2, 0, minutes))));
}
// 2000-01-02 was a Sunday, matching DAYS[0].
const dayName = (style) => DAYS.map((_, d) => new Intl.DateTimeFormat(lang,
  { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 2 + d))));
const dayShort = dayName('short'), dayLong = dayName('long');
const number1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const number0 = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

function distanceText(mi) {
  const v = miles ? mi : mi * KM_PER_MILE;
  const n = (v < 10 ? number1 : number0).format(v);
  return miles ? n + (n === number1.format(1) ? ' mile' : ' miles') : n + ' km';
}
function radiusText(mi) {
  if (miles) return number1.format(mi) + (mi === 1 ? ' mile' : ' miles');
  return number0.format(mi * KM_PER_MILE) + ' km';
}

const zoneNames = {};
function zoneName(zone) {
  if (!(zone in zoneNames)) {
    let name = zone;
    try {
      for (const p of new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: 'short' })
        .formatToParts(new Date())) if (p.type === 'timeZoneName') name = p.value;
    } catch (e) { /* keep the IANA name */ }
    zoneNames[zone] = name;
  }
  return zoneNames[zone];
}

// ------------------------------------------------------------------------- state

let D = null; // the decoded index: the whole one, or the tiles a place needs (S.data)
const S = {
  state: null, origin: null, originKey: '', geo: null, place: null, placeShown: '',
  limit: { near: PAGE, online: PAGE }, rows: new Map(), rendered: false, seq: 0,
  notesLoading: false, pointLabel: '', userAction: false, clock: new Date(),
  data: null, dataSeq: 0, notes: null,
  expanded: false, focusResults: false, mineKey: null, saved: new Set(savedIds()),
};
const places = new Gazetteer(url('data-gazetteer'), () => { timings.gazetteerLoaded = performance.now(); });
const tiles = new Tiles(new URL('../finder-tiles/', url('data-index')).href);

function hasOption(select, value) {
  return [...select.options].some((o) => o.value === value);
}
/* The URL's state, with values the form does not offer dropped. */
function readState(search) {
  const s = readParams(search);
  for (const name of ['time', 'program']) if (!hasOption(el[name], s[name])) s[name] = '';
  const known = new Set(tagBoxes.map((b) => b.value));
  s.tags = s.tags.filter((t) => known.has(t));
  return s;
}
const round = (v, places) => { const m = 10 ** places; return Math.round(v * m) / m; };

/* The same filters make a printable handout (the handout builder applies them itself). */
function showHandoutLink() {
  el.handout.setAttribute('href', HANDOUT + searchOf(S.state));
}

function writeUrl(how) {
  const hash = location.hash === '#near-me' ? '' : location.hash; // done once, not again on reload
  const target = location.pathname + searchOf(S.state) + hash;
  if (target === location.pathname + location.search + location.hash) return;
  history[how === 'push' ? 'pushState' : 'replaceState'](null, '', target);
}

function radiusOption(mi) {
  const value = String(round(mi, 2));
  if (!hasOption(el.radius, value)) {
    const after = [...el.radius.options].find((o) => +o.value > mi);
    el.radius.add(new Option(radiusText(mi), value), after || null);
  }
  return value;
}
/* Kilometre locales get round kilometre choices; the URL keeps miles (DESIGN.md). */
function localizeRadius() {
  if (miles) return;
  const selected = +el.radius.value;
  while (el.radius.options.length) el.radius.remove(0);
  for (const km of [2, 5, 10, 15, 25, 50, 100, 160]) {
    el.radius.add(new Option(km + ' km', String(round(km / KM_PER_MILE, 2))));
  }
  el.radius.value = radiusOption(selected);
}

function showState(s) {
  el.near.value = s.lat !== null ? '' : s.near;
  el.radius.value = radiusOption(s.radius);
  el.day.value = s.day; el.time.value = s.time; el.program.value = s.program;
  el.attendance.value = s.attendance; el.q.value = s.q;
  el.now.checked = s.now; el.closed.checked = s.closed;
  for (const b of tagBoxes) b.checked = s.tags.includes(b.value);
  for (const b of sortBoxes) b.checked = b.value === s.sort;
}
/* How many of the folded-away filters are on, in their summary. */
function showActive() {
  const s = S.state;
  const n = s.tags.length + (s.time ? 1 : 0) + (s.program ? 1 : 0) + (s.attendance ? 1 : 0) + (s.closed ? 1 : 0);
  if (el.active) setText(el.active, n ? ' (' + n + ' on)' : '');
}
/* "Starting within an hour" is about now: the day and time controls step aside. */
function showNow() {
  el.day.disabled = el.time.disabled = S.state.now;
}
function showPoint() {
  el.near.placeholder = S.state.lat !== null ? 'Using ' + (S.pointLabel || 'the chosen location') : '';
}
function formState() {
  const prev = S.state, near = el.near.value.trim().slice(0, 100);
  const keepPoint = prev.lat !== null && near === '';
  return {
    near: keepPoint ? '' : near, lat: keepPoint ? prev.lat : null, lon: keepPoint ? prev.lon : null,
    radius: Math.min(MAX_RADIUS, Math.max(1, parseFloat(el.radius.value) || DEFAULT_RADIUS)),
    day: el.day.value, time: el.time.value, program: el.program.value,
    attendance: el.attendance.value, q: el.q.value.slice(0, 200),
    tags: tagBoxes.filter((b) => b.checked).map((b) => b.value),
    now: el.now.checked, closed: el.closed.checked, sort: prev.sort,
  };
}

// ------------------------------------------------------------------------- data

function loadNotes() {
  if ((D && D.notes) || S.notesLoading) return;
  S.notesLoading = true;
  fetch(url('data-notes')).then((r) => (r.ok ? r.json() : null)).then((x) => {
    S.notes = x;
    if (!D || !addNotes(D, notesFor(D.raw, x))) return;
    timings.notesLoaded = performance.now();
    if (S.state.q) render();
  }).catch(() => { /* search keeps to names, places and towns */ });
}

/* Folds the search text in idle slices, so neither the first results nor the first
   typed word wait for it. */
function buildHayWhenIdle() {
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

function setOrigin(origin) {
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
function covers(want) {
  const have = S.data;
  if (!have) return D !== null && D.raw.rk === undefined;
  return want !== null && want.every((name) => have.includes(name));
}
/* Makes D hold what the view needs; true when it already does, else false and `done`
   once it does (twice for a new place: its cells first, so the first results do not wait
   for the online groups, which are many at national scale). Tiles add to those loaded,
   so going back costs nothing. */
function ensureData(done) {
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
    setText(el.count, 'The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.');
    console.error(err);
  });
  return false;
}
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
/* Renders the view once its data is loaded. */
function refresh() {
  if (ensureData(refresh)) render();
  else if (S.rendered) setText(el.count, 'Loading the groups for this view…');
}
function applyPlace(result) {
  S.place = result;
  setOrigin(result.kind === 'ok' ? { lat: result.lat, lon: result.lon, label: result.label } : null);
}

/* Works out the origin for the current state; false (and `done` later) while the
   gazetteer shard it needs is loading. */
function locate(done) {
  const s = S.state, seq = ++S.seq;
  if (s.lat !== null) {
    S.place = { kind: 'point' };
    setOrigin({ lat: s.lat, lon: s.lon, label: S.pointLabel || 'the chosen location' });
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
    S.place = { kind: 'unknown', suggestions: [], message: 'The list of places could not be loaded.' };
    setOrigin(null);
    done();
  });
  return false;
}

function showPlace() {
  const box = el.place, p = S.place;
  const shown = !p || p.kind === 'ok' || p.kind === 'point' ? ''
    : [p.kind, S.state.near, p.message || ''].concat(p.options || p.suggestions || []).join('|');
  if (shown === S.placeShown) return; // unchanged: keep the nodes, and the focus in them
  S.placeShown = shown;
  box.textContent = '';
  if (!shown) return;
  // A question about what was just typed belongs in view (it sits above the results).
  if (S.userAction && p.kind !== 'loading') requestAnimationFrame(() => box.scrollIntoView({ block: 'nearest' }));
  const text = document.createElement('p');
  if (p.kind === 'loading') { text.textContent = 'Looking up “' + S.state.near + '” on this device…'; box.append(text); return; }
  const options = p.kind === 'choices' ? p.options : p.suggestions;
  text.id = 'fd-place-text';
  text.textContent = p.kind === 'choices'
    ? 'More than one place is called “' + S.state.near + '”. Which one do you mean?'
    : p.message + (options.length ? ' Did you mean one of these?' : ' Check the spelling, or try a postal code.');
  box.append(text);
  if (!options.length) return;
  const group = document.createElement('div');
  group.className = 'fd-choices';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', 'fd-place-text');
  for (const label of options) {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'md-button'; b.textContent = label;
    b.addEventListener('click', () => {
      el.near.value = label;
      update(formState(), 'push');
      el.near.focus();
    });
    group.append(b);
  }
  box.append(group);
}

// ------------------------------------------------------------------------- rows

function everyText(sl) {
  if (sl[3] === 1) return 'every other week';
  if (sl[3] !== 2) return '';
  const w = sl[4] || 0;
  return ['1st', '2nd', '3rd', '4th', 'last'].filter((_, ix) => w & (1 << ix)).join(' & ') + ' of the month';
}
function rangeText(start, length) {
  return length ? clock(start) + '–' + clock(start + length) : clock(start);
}
/* "Tue 7:00 PM–8:00 PM", in the entry's own clock moved by `shift` minutes. */
function slotTexts(i, day, shift) {
  const out = [];
  for (const sl of slotsOf(D, i)) {
    const start = sl[1] + shift, carry = Math.floor(start / 1440);
    let days = [];
    for (let d = 0; d < 7; d++) if (sl[0] & (1 << d)) days.push((((d + carry) % 7) + 7) % 7);
    days.sort();
    if (day >= 0) { if (!days.includes(day)) continue; days = [day]; }
    const label = days.length === 7 ? 'Daily' : days.map((d) => dayShort[d]).join(', ');
    const extra = everyText(sl);
    out.push(label + ' ' + rangeText(start, sl[2]) + (extra ? ' (' + extra + ')' : ''));
  }
  return out;
}
/* Online meetings in the viewer's time and their own; others in their own time, with
   their zone when it differs from the viewer's. */
function whenText(i, day) {
  if (D.schedIx[i] === 0) return 'No fixed schedule: see the details';
  const z = D.zone[i], sh = D.shift[z];
  if (!sh) return slotTexts(i, day, 0).join('; ');
  if ((D.f[i] & 3) === ATT_ONLINE) {
    return slotTexts(i, day, sh).join('; ') + ' your time (' +
      slotTexts(i, -1, 0).join('; ') + ' ' + zoneName(D.zones[z]) + ')';
  }
  return slotTexts(i, day, 0).join('; ') + ' ' + zoneName(D.zones[z]);
}

function child(parent, tag, className) {
  const node = parent.appendChild(document.createElement(tag));
  if (className) node.className = className;
  return node;
}

/* One result row, built once per entry and reused; YAML text only ever as text. */
function makeRow(i) {
  const li = document.createElement('li');
  li.className = 'fd-item';
  li.dataset.id = D.ids[i];
  const head = child(li, 'p', 'fd-item-head');
  const a = child(head, 'a');
  a.setAttribute('href', root.getAttribute('data-resource') + encodeURIComponent(D.ids[i]) + '/');
  a.textContent = D.names[i];
  const dist = child(head, 'span', 'fd-dist');
  const status = child(li, 'p', 'fd-status');
  status.hidden = true;
  const when = child(li, 'p', 'fd-when');
  const f = D.f[i], att = f & 3, bits = [D.progs[D.prog[i]][1]];
  if (D.places[D.place[i]]) bits.push(D.places[D.place[i]]);
  if (D.towns[D.town[i]]) bits.push(D.towns[D.town[i]]);
  bits.push(att === ATT_HYBRID ? 'In person and online' : att === ATT_ONLINE ? 'Online or phone' : 'In person');
  const kind = D.raw.kinds[(f >> 2) & 7];
  if (kind !== 'meeting') bits.push(kind.charAt(0).toUpperCase() + kind.slice(1));
  child(li, 'p', 'fd-where-text').textContent = bits.join(' · ');
  const actions = child(li, 'p', 'fd-add');
  const add = child(actions, 'a');
  add.setAttribute('href', HANDOUT + '?add=' + encodeURIComponent(D.ids[i]));
  add.textContent = 'Add to handout';
  add.setAttribute('aria-label', 'Add to handout: ' + D.names[i]);
  const save = child(actions, 'button', 'fd-save');
  save.type = 'button';
  save.textContent = 'Save to My groups';
  save.setAttribute('aria-label', 'Save to My groups: ' + D.names[i]);
  save.dataset.i = String(i);
  const tags = D.tagsets[D.tagset[i]];
  if (tags.length || f & F_CLOSED) {
    const t = child(li, 'p', 'fd-tags-text');
    if (f & F_CLOSED) {
      child(t, 'strong').textContent = 'Temporarily closed';
      if (tags.length) t.append(' · ');
    }
    t.append(tags.map((ix) => D.tagDefs[ix][1]).join(' · '));
  }
  return { li, dist, when, status, save, whenKey: null, distance: null, timingKey: null };
}

// ------------------------------------------------------------------------- time

const timeFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(lang, { weekday: 'short', hour: 'numeric', minute: '2-digit' });

/* "In progress, until 8:30 PM", "Starts in 20 min", "Starts at 9:30 PM", "Tomorrow
   7:00 AM", "Next: Sat 7:00 PM": on the viewer's clock, whatever the group's zone. */
function statusText(t, C, mode) {
  // A chosen weekday says only what is on now or later today (when it is today).
  if (!t || (mode === 'weekday' && t.status !== 'in-progress' && t.status !== 'upcoming')) return '';
  if (t.status === 'in-progress') return 'In progress, until ' + timeFormat.format(t.end);
  if (t.status === 'ended' && mode === 'today') return 'Ended at ' + timeFormat.format(t.end);
  if (Number.isNaN(t.start)) return '';
  if (t.status === 'upcoming') {
    const m = Math.round((t.start - C.base) / 60000);
    if (m <= 0) return 'Starting now';
    return m <= SOON ? 'Starts in ' + m + ' min' : 'Starts at ' + timeFormat.format(t.start);
  }
  if (viewerDay(C, t.start) === C.viewer.days + 1) return 'Tomorrow ' + timeFormat.format(t.start);
  return 'Next: ' + dayTimeFormat.format(t.start);
}

/* data-status and data-next (the next start, or the start of the meeting now running,
   as local ISO 8601: online groups on the viewer's clock, others on their own). */
function showTiming(row, i, t, C, mode) {
  const zone = (D.f[i] & 3) === ATT_ONLINE ? viewerZone : D.zones[D.zone[i]];
  const key = t ? t.status + t.start + ':' + t.end + mode + C.base : '';
  if (row.timingKey === key) return;
  row.timingKey = key;
  if (!t) { delete row.li.dataset.status; delete row.li.dataset.next; setHidden(row.status, true); return; }
  row.li.dataset.status = t.status;
  if (Number.isNaN(t.start)) delete row.li.dataset.next;
  else row.li.dataset.next = isoLocal(t.start, zone);
  const text = statusText(t, C, mode);
  setText(row.status, text);
  row.status.dataset.status = t.status;
  setHidden(row.status, !text);
}

/* DOM writes only when something changed: an unchanged node costs no style or layout. */
function setText(node, text) { if (node.__text !== text) { node.textContent = text; node.__text = text; } }
function setHidden(node, hidden) { if (node.hidden !== hidden) node.hidden = hidden; }
/* Makes `list`'s children exactly `nodes`, moving only what is out of place. */
function reconcile(list, nodes) {
  let cur = list.firstChild;
  for (const node of nodes) {
    if (cur === node) { cur = cur.nextSibling; continue; }
    list.insertBefore(node, cur);
  }
  while (cur) { const next = cur.nextSibling; list.removeChild(cur); cur = next; }
}

function rowFor(i, day, geo, A, mode) {
  let row = S.rows.get(i);
  if (!row) { row = makeRow(i); S.rows.set(i, row); }
  if (row.whenKey !== day) { setText(row.when, whenText(i, day)); row.whenKey = day; }
  const distance = geo && (D.f[i] & 3) !== ATT_ONLINE ? geo.dist[i].toFixed(3) : null;
  if (row.distance !== distance) {
    row.distance = distance;
    if (distance === null) delete row.li.dataset.distance;
    else row.li.dataset.distance = distance;
    setText(row.dist, distance === null ? '' :
      distanceText(geo.dist[i]) + (D.f[i] & F_APPROX ? ' (approximate)' : ''));
  }
  showTiming(row, i, A.info.get(i), A.clock, mode);
  const saved = S.saved.has(D.ids[i]) ? 'true' : 'false';
  if (row.save.getAttribute('aria-pressed') !== saved) row.save.setAttribute('aria-pressed', saved);
  return row.li;
}

function fill(list, entries, limit, day, geo, A, mode) {
  const count = Math.min(limit, entries.length), nodes = new Array(count);
  for (let k = 0; k < count; k++) nodes[k] = rowFor(entries[k], day, geo, A, mode);
  reconcile(list, nodes);
}

function renderSection(name, lists, visible, result, A, how) {
  const sec = el.sections[name];
  setHidden(sec.box, !visible);
  if (!visible) return;
  const list = lists.main, limit = S.limit[name];
  const day = result.day, geo = name === 'near' ? S.geo : null;
  fill(sec.list, list, limit, day, geo, A, how.mode);
  setHidden(sec.more, list.length <= limit);
  if (list.length > limit) {
    setText(sec.more, 'Show ' + Math.min(PAGE, list.length - limit) + ' more (' + (list.length - limit) + ' not shown)');
  }
  setHidden(sec.tomorrow, !lists.tomorrow.length);
  fill(sec.tomorrowList, lists.tomorrow, PAGE, -1, geo, A, how.mode);
  setText(sec.tomorrowTitle, 'Tomorrow morning, ' + dayLong[(result.today + 1) % 7]);
  setHidden(sec.earlier, !lists.earlier.length);
  // Folded: its rows are built only when opened.
  fill(sec.earlierList, sec.earlier.open ? lists.earlier : [], PAGE, day, geo, A, how.mode);
  setText(sec.earlierTitle, 'Earlier today: ' + plural(lists.earlier.length, 'group', 'groups') + ' already over');
  if (!sec.empty) {
    sec.empty = document.createElement('div');
    sec.empty.className = 'fd-empty';
    sec.more.after(sec.empty);
  }
  if (name === 'online' && D.onlinePending && !(list.length > 0)) {
    setHidden(sec.empty, false);
    setText(sec.empty, 'Loading the online groups…');
  } else showEmpty(sec, name, list.length > 0, lists, geo);
}

/* An empty list says why, and offers each change that would list something. */
function showEmpty(sec, name, any, lists, geo) {
  const s = S.state;
  const key = any ? '' : [name, searchOf(s), lists.earlier.length, lists.tomorrow.length, S.originKey, !!D.notes].join('|');
  setHidden(sec.empty, any);
  if (sec.empty.__key === key) return;
  sec.empty.__key = key;
  sec.empty.textContent = '';
  if (any) return;
  const where = geo ? ' within ' + radiusText(s.radius) + ' of ' + S.origin.label : '';
  const when = s.now ? ' starting within an hour' : !s.day ? ' still to come today' : s.day === 'any' ? '' : ' on ' + dayLong[DAYS.indexOf(s.day)];
  const p = child(sec.empty, 'p');
  let text = 'No ' + (name === 'near' ? 'in-person ' : 'online ') + 'group' + where + when + ' matches';
  text += s.program || s.time || s.attendance || s.tags.length || s.q ? ' these filters.' : '.';
  if (lists.earlier.length) text += ' ' + plural(lists.earlier.length, 'group', 'groups') + ' met earlier today (below).';
  if (lists.tomorrow.length) text += ' Tomorrow morning’s are listed below.';
  p.textContent = text;
  const ways = waysOut(D, s, name, { geo, clock: S.clock, labels: wayLabels });
  if (!ways.length) return;
  child(sec.empty, 'p').textContent = 'These would list some:';
  const group = child(sec.empty, 'div', 'fd-choices');
  for (const way of ways) {
    const b = child(group, 'button', 'md-button');
    b.type = 'button';
    b.textContent = way.label + ' (' + way.count + ')';
    b.addEventListener('click', () => { showState(way.state); update(way.state, 'push'); });
  }
}

const wayLabels = {
  radiusFor: (mi) => {
    const options = [...el.radius.options].map((o) => +o.value).filter((v) => v >= mi);
    return options.length ? Math.min(...options) : MAX_RADIUS;
  },
  within: (radius, nearest) => 'Within ' + radiusText(radius) + ': the nearest is ' + distanceText(nearest) + ' away',
  tag: (key) => { const b = tagBoxes.find((x) => x.value === key); return b ? b.parentNode.firstChild.nextSibling.textContent.trim() : key; },
};

function dayPhrase(result) {
  if (S.state.now) return 'starting within an hour or in progress';
  if (result.day < 0) return 'any day';
  return result.day === result.today && !S.state.day ? 'still to come today' : 'on ' + dayLong[result.day];
}
const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

/* How the lists are ordered and split: today's view (what is over folds away), any day,
   or one weekday; by time unless distance is asked for (or the default for a chosen
   day with a place). */
function howOf(s, result) {
  const mode = !s.now && !s.day ? 'today' : s.now || s.day === 'any' ? 'any' : 'weekday';
  const sort = s.sort === 'distance' && S.geo ? 'distance' : s.sort === 'time' || mode === 'today' || s.now || !S.geo ? 'time' : 'distance';
  return { mode, sort, day: result.day };
}

function render() {
  const t0 = performance.now();
  S.clock = new Date();
  const s = S.state, origin = S.origin;
  if (fold(s.q)) loadNotes();
  const result = filter(D, s, { geo: S.geo, clock: S.clock });
  const how = howOf(s, result);
  let later = null;
  const tomorrow = how.mode === 'today' && !s.time ? () => later || (later = filter(D,
    { ...s, day: DAYS[(result.today + 1) % 7] }, { geo: S.geo, clock: S.clock })) : null;
  const A = arrange(D, result, S.clock, how, tomorrow);
  setText(el.sections.near.title, origin
    ? 'In person within ' + radiusText(s.radius) + ' of ' + origin.label
    : s.attendance === 'hybrid' ? 'Hybrid: in person and online' : 'In person');
  setText(el.sections.online.title, s.attendance === 'online' ? 'Online, by phone and hybrid' : 'Online and by phone');
  renderSection('near', A.near, result.showNear, result, A, how);
  renderSection('online', A.online, result.showOnline, result, A, how);
  renderMine(A.clock);
  const parts = [];
  if (result.showNear) parts.push(plural(A.near.main.length, 'group', 'groups') + ' in person' + (origin ? ' within ' + radiusText(s.radius) : ''));
  if (result.showOnline && !D.onlinePending) parts.push(result.showNear ? A.online.main.length + ' online' : plural(A.online.main.length, 'group', 'groups') + ' online or by phone');
  let text = parts.join(' and ') + ', ' + dayPhrase(result) + '.';
  if (!origin && result.showNear && !(S.place && S.place.kind !== 'ok')) text += ' Type a place or use “Near me” to see distances.';
  if (fold(s.q) && !D.notes) text += ' Searching names, places and towns; notes are loading.';
  setText(el.count, text);
  showSort(how);
  showPlace();
  showCompact();
  void el.sections.near.list.offsetHeight; // lay out now, so the timing includes it
  const spent = performance.now() - t0;
  const settled = S.place === null || S.place.kind !== 'loading';
  if (S.rendered) {
    if (!S.background) {
      timings.filters.push(spent);
      requestAnimationFrame(() => setTimeout(() => timings.frames.push(performance.now() - t0), 0));
    }
  } else if (settled) {
    S.rendered = true;
    timings.firstResults = performance.now();
    buildHayWhenIdle(); // after the first results, which it must not delay
  }
  if (settled && S.focusResults) showResults();
  root.dispatchEvent(new CustomEvent('finder:rendered', { detail: {
    near: A.near.main.slice(0, S.limit.near).map((i) => D.ids[i]),
    online: A.online.main.slice(0, S.limit.online).map((i) => D.ids[i]),
  } }));
  sendResults(result);
}

/* The map (generator/map/assets/map.js; only sites with a basemap have one) gets every
   in-person result with a position after each render while it is open (data-map="open"
   on #finder, set by the map, which may open before or after this script starts). */
let lastResult = null;
function sendResults(result) {
  lastResult = result;
  if (root.dataset.map !== 'open' || !result) return;
  const entries = [];
  for (const i of result.showNear ? result.near : []) {
    if (!Number.isNaN(D.lat[i])) entries.push({ id: D.ids[i], name: D.names[i], lat: D.lat[i], lon: D.lon[i] });
  }
  root.dispatchEvent(new CustomEvent('finder:results', { detail: {
    entries, origin: S.origin, radius: S.state.radius, shown: result.showNear } }));
}
root.addEventListener('finder:map-open', () => sendResults(lastResult));

/* After a search: the count takes the focus (a screen reader reads it), and the first
   result is brought into view if the page has not put it there already. */
function showResults() {
  S.focusResults = false;
  if (S.place && S.place.kind !== 'ok' && S.place.kind !== 'point') return; // a question to answer first
  el.count.focus({ preventScroll: true });
  const first = document.querySelector('#fd-results li[data-id]');
  const target = first || el.count;
  const box = target.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    el.count.scrollIntoView({ block: 'start' });
  }
  timings.shown.push({ at: performance.now(), top: first ? first.getBoundingClientRect().top : null });
}

function showSort(how) {
  setHidden(el.sort, !S.geo);
  for (const b of sortBoxes) b.checked = b.value === how.sort;
}

/* With a place set the form folds to the place box and a one-line summary of the other
   filters (unless opened). */
function showCompact() {
  const compact = !!S.origin && !S.expanded;
  root.classList.toggle('fd-is-compact', compact);
  root.classList.toggle('fd-has-place', !!S.origin); // the summary line stays, to fold it again
  el.change.setAttribute('aria-expanded', compact ? 'false' : 'true');
  setText(el.summary, summaryText());
}
function summaryText() {
  const s = S.state, bits = [];
  bits.push('Within ' + radiusText(s.radius));
  bits.push(s.now ? 'starting soon' : !s.day ? 'today' : s.day === 'any' ? 'any day' : dayLong[DAYS.indexOf(s.day)]);
  const label = (select) => select.selectedIndex > 0 ? select.options[select.selectedIndex].textContent.replace(/ \(\d+\)$/, '') : '';
  for (const name of ['time', 'program', 'attendance']) if (s[name]) bits.push(label(el[name]));
  if (s.tags.length) bits.push(plural(s.tags.length, 'attribute', 'attributes'));
  if (s.q) bits.push('“' + s.q + '”');
  return bits.join(' · ');
}

// ------------------------------------------------------------------------- my groups

/* Saved groups first, each with its next meeting, whatever the filters. */
function renderMine(C) {
  const ids = [...S.saved].filter((id) => D.idIndex.has(id));
  const rows = ids.map((id) => {
    const i = D.idIndex.get(id), t = arrange(D, { near: [i], online: [] }, S.clock, { mode: 'any', sort: 'time', day: -1 }).info.get(i);
    return { id, i, t, text: statusText(t, C, 'any') || whenText(i, -1) };
  });
  const key = rows.map((r) => r.id + ':' + r.text + ':' + r.t.status).join('|');
  setHidden(el.mine, !rows.length);
  if (key === S.mineKey) return;
  S.mineKey = key;
  el.mineList.textContent = '';
  for (const r of rows) {
    const li = child(el.mineList, 'li', 'fd-item fd-mine-item');
    li.dataset.id = r.id;
    li.dataset.status = r.t.status;
    if (!Number.isNaN(r.t.start)) li.dataset.next = isoLocal(r.t.start, (D.f[r.i] & 3) === ATT_ONLINE ? viewerZone : D.zones[D.zone[r.i]]);
    const head = child(li, 'p', 'fd-item-head');
    const a = child(head, 'a');
    a.setAttribute('href', root.getAttribute('data-resource') + encodeURIComponent(r.id) + '/');
    a.textContent = D.names[r.i];
    const remove = child(head, 'button', 'fd-save');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', 'Remove from My groups: ' + D.names[r.i]);
    remove.dataset.i = String(r.i);
    const st = child(li, 'p', 'fd-status');
    st.dataset.status = r.t.status;
    st.textContent = r.text;
  }
}

function toggleSaved(i) {
  const id = D.ids[i], on = !S.saved.has(id);
  S.saved = new Set(setSaved(id, on));
  render();
}

// ------------------------------------------------------------------------- events

function update(next, how) {
  S.state = next;
  S.userAction = !!how;
  showPoint();
  showActive();
  showNow();
  S.limit = { near: PAGE, online: PAGE };
  showHandoutLink();
  if (how) writeUrl(how);
  if (!D) return;
  locate(refresh);
  refresh();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  S.expanded = false;
  S.focusResults = true;
  update(formState(), 'push');
});
el.change.addEventListener('click', () => {
  S.expanded = root.classList.contains('fd-is-compact');
  showCompact();
  if (S.expanded) el.radius.focus();
});
el.moreToggle.addEventListener('click', () => {
  const open = el.moreToggle.getAttribute('aria-expanded') !== 'true';
  el.moreToggle.setAttribute('aria-expanded', String(open));
  el.moreBox.hidden = !open;
});
el.sort.addEventListener('change', (e) => {
  update({ ...S.state, sort: e.target.value }, 'push');
});
// "Save to My groups" on any row; the list is written only by this press.
$('fd-results').addEventListener('click', (e) => {
  const b = e.target.closest('button.fd-save');
  if (b && D) toggleSaved(+b.dataset.i);
});
for (const name of ['near', 'online']) {
  el.sections[name].earlier.addEventListener('toggle', () => { if (D) render(); });
}
form.addEventListener('change', (e) => {
  if (e.target === el.q) return; // typed text updates on input
  update(formState(), 'push');
});
let typing = false;
el.q.addEventListener('input', () => {
  update(formState(), typing ? 'replace' : 'push');
  typing = true;
});
form.addEventListener('focusout', (e) => { if (e.target === el.q) typing = false; });
// The shard a place needs is fetched (from this site) while it is being typed.
el.near.addEventListener('input', () => places.prefetch(el.near.value));

el.locate.addEventListener('click', nearMe);
function nearMe() {
  if (!navigator.geolocation) {
    setText(el.count, 'This browser cannot share your location. Type a postal code or town instead.');
    return;
  }
  setText(el.count, 'Asking your browser for your location…');
  navigator.geolocation.getCurrentPosition((pos) => {
    const next = formState();
    // Rounded to about 100 m: enough to sort by distance, less exact in a shared link.
    next.lat = round(pos.coords.latitude, 3); next.lon = round(pos.coords.longitude, 3);
    next.near = '';
    el.near.value = '';
    S.pointLabel = 'your location';
    S.expanded = false;
    S.focusResults = true;
    update(next, 'push');
  }, (err) => {
    setText(el.count, (err.code === 1 ? 'Location permission was not given.' : 'Your location is not available right now.') +
      ' Type a postal code or town instead.');
  }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
}

for (const name of ['near', 'online']) {
  const sec = el.sections[name];
  sec.more.addEventListener('click', () => {
    const first = S.limit[name];
    S.limit[name] += PAGE;
    render();
    const link = sec.list.children[first] && sec.list.children[first].querySelector('a');
    if (link) link.focus();
  });
}

el.copy.addEventListener('click', () => {
  const fallback = () => setText(el.count, 'Copy the address from the address bar to share this view.');
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(location.href).then(() => setText(el.count, 'Link to this view copied.'), fallback);
  } else fallback();
});
el.reset.addEventListener('click', (e) => {
  e.preventDefault();
  const next = readState('');
  showState(next);
  update(next, 'push');
});

window.addEventListener('popstate', () => {
  const next = readState(location.search);
  showState(next);
  update(next, null);
});

/* Material opens its site search for a `q=` in the address (its search deep link),
   which on a phone covers the whole finder, and on closing it deletes `q` from the
   address. Here `q` is the finder's own: that overlay is put away (the checkbox its CSS
   follows, without the change event that would rewrite the address). Only while the
   search box still holds the address's words, so a visitor's own search is left alone. */
function putAwaySiteSearch() {
  const toggle = document.getElementById('__search');
  const input = document.querySelector('.md-search__input');
  if (!toggle || !toggle.checked || !input || input.value !== S.state.q) return;
  toggle.checked = false;
  input.value = '';
  if (document.activeElement === input) input.blur();
}

// ------------------------------------------------------------------------- start

localizeRadius();
// The home page's "Groups near me" lands here: the button is ready, but only a press of
// it asks for the location.
if (location.hash === '#fd-locate') el.locate.focus();
S.state = readState(location.search);
showState(S.state);
showPoint();
showActive();
showNow();
showHandoutLink();
setText(el.count, 'Loading the list of groups…');
setText(el.summary, summaryText());
if (S.state.q) {
  if (document.readyState === 'complete') putAwaySiteSearch();
  else window.addEventListener('load', putAwaySiteSearch);
}
// Its "Groups near me" button lands on #near-me: that tap was the request, so the
// browser asks for the location straight away (and its own prompt asks the visitor).
if (location.hash === '#near-me') nearMe();
// A place in the address: its gazetteer shard (a few KB) loads beside the index, and
// the first results wait for both, so they appear once, already sorted by distance.
// A view around a place loads only the tiles near it (the manifest comes beside the
// shard); any other view, or a site without tiles, the whole index.
const placeReady = S.state.near && S.state.lat === null
  ? places.load(places.shardsFor(S.state.near)).catch(() => {}) : Promise.resolve();
const tilesReady = S.state.near || S.state.lat !== null ? tiles.ready().catch(() => {}) : null;
Promise.all([placeReady, tilesReady]).then(() => {
  if (fold(S.state.q)) { loadNotes(); putAwaySiteSearch(); }
  S.place = null;
  return new Promise((resolve) => {
    if (!locate(() => resolve(null))) setText(el.count, 'Looking up “' + S.state.near + '” on this device…');
    else resolve(null);
  });
}).then(() => {
  const first = () => {
    // The state may have changed while the data loaded ("Near me" answered first).
    if (locate(render)) render();
  };
  if (ensureData(first)) first();
}).catch((err) => {
  setText(el.count, 'The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.');
  console.error(err);
});
