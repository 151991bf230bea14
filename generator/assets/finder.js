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
} from './finder-filter.js';
import { ONLINE, Tiles, notesFor } from './finder-tiles.js';

const root = document.getElementById('finder');
const timings = window.__finderTimings = {
  scriptStart: performance.now(), indexResponse: null, indexParsed: null, indexLoaded: null,
  firstResults: null, notesLoaded: null, gazetteerLoaded: null, dataLoaded: null, filters: [], frames: [],
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
  sections: {
    near: { box: $('fd-near-section'), title: $('fd-near-title'), list: $('fd-near-list'),
      more: $('fd-near-more'), empty: null },
    online: { box: $('fd-online-section'), title: $('fd-online-title'),
      list: $('fd-online-list'), more: $('fd-online-more'), empty: null },
  },
};
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
  const target = location.pathname + searchOf(S.state) + location.hash;
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
    now: el.now.checked, closed: el.closed.checked,
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
  if (names) D.usedTags = new Set(tiles.manifest.ut);
  S.data = names;
  S.rows = new Map(); // rows are kept by entry number, which is the index's own
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
  const when = child(li, 'p', 'fd-when');
  const f = D.f[i], att = f & 3, bits = [D.progs[D.prog[i]][1]];
  if (D.places[D.place[i]]) bits.push(D.places[D.place[i]]);
  if (D.towns[D.town[i]]) bits.push(D.towns[D.town[i]]);
  bits.push(att === ATT_HYBRID ? 'In person and online' : att === ATT_ONLINE ? 'Online or phone' : 'In person');
  const kind = D.raw.kinds[(f >> 2) & 7];
  if (kind !== 'meeting') bits.push(kind.charAt(0).toUpperCase() + kind.slice(1));
  child(li, 'p', 'fd-where-text').textContent = bits.join(' · ');
  const add = child(child(li, 'p', 'fd-add'), 'a');
  add.setAttribute('href', HANDOUT + '?add=' + encodeURIComponent(D.ids[i]));
  add.textContent = 'Add to handout';
  add.setAttribute('aria-label', 'Add to handout: ' + D.names[i]);
  const tags = D.tagsets[D.tagset[i]];
  if (tags.length || f & F_CLOSED) {
    const t = child(li, 'p', 'fd-tags-text');
    if (f & F_CLOSED) {
      child(t, 'strong').textContent = 'Temporarily closed';
      if (tags.length) t.append(' · ');
    }
    t.append(tags.map((ix) => D.tagDefs[ix][1]).join(' · '));
  }
  return { li, dist, when, whenKey: null, distance: null };
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

function renderSection(name, list, visible, result) {
  const sec = el.sections[name];
  setHidden(sec.box, !visible);
  if (!visible) return;
  const limit = S.limit[name], count = Math.min(limit, list.length), nodes = new Array(count);
  const day = result.day, geo = name === 'near' ? S.geo : null;
  for (let k = 0; k < count; k++) {
    const i = list[k];
    let row = S.rows.get(i);
    if (!row) { row = makeRow(i); S.rows.set(i, row); }
    if (row.whenKey !== day) { setText(row.when, whenText(i, day)); row.whenKey = day; }
    const distance = geo ? geo.dist[i].toFixed(3) : null;
    if (row.distance !== distance) {
      row.distance = distance;
      if (distance === null) delete row.li.dataset.distance;
      else row.li.dataset.distance = distance;
      setText(row.dist, distance === null ? '' :
        distanceText(geo.dist[i]) + (D.f[i] & F_APPROX ? ' (approximate)' : ''));
    }
    nodes[k] = row.li;
  }
  reconcile(sec.list, nodes);
  setHidden(sec.more, list.length <= limit);
  if (list.length > limit) {
    setText(sec.more, 'Show ' + Math.min(PAGE, list.length - limit) + ' more (' + (list.length - limit) + ' not shown)');
  }
  if (!sec.empty) {
    sec.empty = document.createElement('p');
    sec.empty.className = 'fd-empty';
    sec.list.after(sec.empty);
  }
  setHidden(sec.empty, list.length > 0);
  setText(sec.empty, list.length ? '' : name === 'online' && D.onlinePending ? 'Loading the online groups…' : geo
    ? 'No group here matches within ' + radiusText(S.state.radius) + '. Try a wider distance, another day or fewer filters.'
    : 'No group here matches. Try another day or fewer filters.');
}

function dayPhrase(result) {
  if (S.state.now) return 'starting within an hour or in progress';
  if (result.day < 0) return 'any day';
  return result.day === result.today && !S.state.day ? 'today, ' + dayLong[result.day] : 'on ' + dayLong[result.day];
}
const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

function render() {
  const t0 = performance.now();
  S.clock = new Date();
  const s = S.state, origin = S.origin;
  if (fold(s.q)) loadNotes();
  const result = filter(D, s, { geo: S.geo, clock: S.clock });
  setText(el.sections.near.title, origin
    ? 'In person within ' + radiusText(s.radius) + ' of ' + origin.label
    : s.attendance === 'hybrid' ? 'Hybrid: in person and online' : 'In person');
  setText(el.sections.online.title, s.attendance === 'online' ? 'Online, by phone and hybrid' : 'Online and by phone');
  renderSection('near', result.near, result.showNear, result);
  renderSection('online', result.online, result.showOnline, result);
  const parts = [];
  if (result.showNear) parts.push(plural(result.near.length, 'group', 'groups') + ' in person' + (origin ? ' within ' + radiusText(s.radius) : ''));
  if (result.showOnline && !D.onlinePending) parts.push(plural(result.online.length, 'group', 'groups') + ' online or by phone');
  let text = parts.join(' and ') + ', ' + dayPhrase(result) + '.';
  if (!origin && result.showNear && !(S.place && S.place.kind !== 'ok')) text += ' Type a place or use “Near me” to see distances.';
  if (fold(s.q) && !D.notes) text += ' Searching names, places and towns; notes are loading.';
  setText(el.count, text);
  showPlace();
  void el.sections.near.list.offsetHeight; // lay out now, so the timing includes it
  const spent = performance.now() - t0;
  if (S.rendered) {
    if (!S.background) {
      timings.filters.push(spent);
      requestAnimationFrame(() => setTimeout(() => timings.frames.push(performance.now() - t0), 0));
    }
  } else if (S.place === null || S.place.kind !== 'loading') {
    S.rendered = true;
    timings.firstResults = performance.now();
    buildHayWhenIdle(); // after the first results, which it must not delay
  }
  root.dispatchEvent(new CustomEvent('finder:rendered', { detail: {
    near: result.near.slice(0, S.limit.near).map((i) => D.ids[i]),
    online: result.online.slice(0, S.limit.online).map((i) => D.ids[i]),
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
  update(formState(), 'push');
});
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

el.locate.addEventListener('click', () => {
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
    update(next, 'push');
  }, (err) => {
    setText(el.count, (err.code === 1 ? 'Location permission was not given.' : 'Your location is not available right now.') +
      ' Type a postal code or town instead.');
  }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
});

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
// A place in the address: its gazetteer shard (a few KB) loads beside the index, and
// the first results wait for both, so they appear once, already sorted by distance.
// A view around a place loads only the tiles near it (the manifest comes beside the
// shard); any other view, or a site without tiles, the whole index.
const placeReady = S.state.near && S.state.lat === null
  ? places.load(places.shardsFor(S.state.near)).catch(() => {}) : Promise.resolve();
const tilesReady = S.state.near || S.state.lat !== null ? tiles.ready().catch(() => {}) : null;
Promise.all([placeReady, tilesReady]).then(() => {
  if (fold(S.state.q)) loadNotes();
  S.place = null;
  return new Promise((resolve) => {
    if (!locate(() => resolve(null))) setText(el.count, 'Looking up “' + S.state.near + '” on this device…');
    else resolve(null);
  });
}).then(() => {
  const first = () => {
    render();
    // Offer only the attributes some listed group has (they are folded away, so hiding
    // the others moves nothing on screen).
    for (const b of tagBoxes) b.parentNode.hidden = !D.usedTags.has(b.value) && !b.checked;
  };
  if (ensureData(first)) first();
}).catch((err) => {
  setText(el.count, 'The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.');
  console.error(err);
});
