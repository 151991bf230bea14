/* The finder page /find/: the form, the URL and the result lists. Reading the data,
 * resolving places and filtering live in finder-filter.js, which the handout builder
 * shares, so both list the same groups for the same address. This file wires the events
 * and renders; its parts: finder-page.js (elements, state S, the form), finder-data.js
 * (the index D, notes, places), finder-rows.js (result rows, My groups), finder-words.js
 * (wording), finder-when.js (time order), finder-facets.js, finder-mine.js, finder-tiles.js.
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
import { DAYS, filter, fold } from './finder-filter.js';
import { arrange } from './finder-when.js';
import { setSaved } from './finder-mine.js';
import { D, ensureData, loadNotes, buildHayWhenIdle, locate, places, tiles } from './finder-data.js';
import {
  $, PAGE, S, el, form, hooks, localizeRadius, readState, root, round, setText, showActive,
  showCompact, showHandoutLink, showNow, showPoint, showSort, showState, summaryText,
  timings, formState, writeUrl,
} from './finder-page.js';
import { renderMine, renderSection } from './finder-rows.js';
import { dayLong, groups, radiusText } from './finder-words.js';
import { t } from './i18n.js';

/* Renders the view once its data is loaded. */
function refresh() {
  if (ensureData(refresh)) render();
  else if (S.rendered) setText(el.count, t('Loading the groups for this view…'));
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
  if (p.kind === 'loading') { text.textContent = t('Looking up “{place}” on this device…', { place: S.state.near }); box.append(text); return; }
  const options = p.kind === 'choices' ? p.options : p.suggestions;
  text.id = 'fd-place-text';
  text.textContent = p.kind === 'choices'
    ? t('More than one place is called “{place}”. Which one do you mean?', { place: S.state.near })
    : p.message + ' ' + (options.length ? t('Did you mean one of these?') : t('Check the spelling, or try a postal code.'));
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

/** @param {import('./finder-filter.js').Result} result */
function dayPhrase(result) {
  if (S.state.now) return t('starting within an hour or in progress');
  if (result.day < 0) return t('any day');
  return result.day === result.today && !S.state.day ? t('still to come today')
    : t('on {day}', { day: dayLong[result.day] });
}

/* How the lists are ordered and split: today's view (what is over folds away), any day,
   or one weekday; by time unless distance is asked for (or the default for a chosen
   day with a place). */
/** @param {import('./finder-filter.js').State} s @param {import('./finder-filter.js').Result} result @returns {import('./finder-when.js').How} */
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
  /** @type {import('./finder-filter.js').Result | null} */
  let later = null;
  const tomorrow = how.mode === 'today' && !s.time ? () => later || (later = filter(D,
    { ...s, day: DAYS[(result.today + 1) % 7] }, { geo: S.geo, clock: S.clock })) : null;
  const A = arrange(D, result, S.clock, how, tomorrow);
  setText(el.sections.near.title, origin
    ? t('In person within {radius} of {place}', { radius: radiusText(s.radius), place: origin.label })
    : s.attendance === 'hybrid' ? t('Hybrid: in person and online') : t('In person'));
  setText(el.sections.online.title, s.attendance === 'online' ? t('Online, by phone and hybrid') : t('Online and by phone'));
  renderSection('near', A.near, result.showNear, result, A, how);
  renderSection('online', A.online, result.showOnline, result, A, how);
  renderMine(A.clock);
  const parts = [];
  if (result.showNear) {
    const n = groups(A.near.main.length);
    parts.push(origin ? t('{groups} in person within {radius}', { groups: n, radius: radiusText(s.radius) })
      : t('{groups} in person', { groups: n }));
  }
  if (result.showOnline && !D.onlinePending) {
    parts.push(result.showNear ? t('{n} online', { n: A.online.main.length })
      : t('{groups} online or by phone', { groups: groups(A.online.main.length) }));
  }
  let text = parts.join(' ' + t('and') + ' ') + ', ' + dayPhrase(result) + '.';
  if (!origin && result.showNear && !(S.place && S.place.kind !== 'ok')) text += ' ' + t('Type a place or use “Near me” to see distances.');
  if (fold(s.q) && !D.notes) text += ' ' + t('Searching names, places and towns; notes are loading.');
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
/** @type {import('./finder-filter.js').Result | null} */
let lastResult = null;
/** @param {import('./finder-filter.js').Result | null} result */
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

/** @param {number} i */
function toggleSaved(i) {
  const id = D.ids[i], on = !S.saved.has(id);
  S.saved = new Set(setSaved(id, on));
  render();
}

// ------------------------------------------------------------------------- events

/** @param {import('./finder-filter.js').State} next @param {string | null} how  'push', 'replace', or null (back and forward) */
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
  update({ ...S.state, sort: /** @type {HTMLInputElement} */ (e.target).value }, 'push');
});
// "Save to My groups" on any row; the list is written only by this press.
$('fd-results').addEventListener('click', (e) => {
  const b = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target).closest('button.fd-save'));
  if (b && D) toggleSaved(+b.dataset.i);
});
for (const name of /** @type {const} */ (['near', 'online'])) {
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
    setText(el.count, t('This browser cannot share your location. Type a postal code or town instead.'));
    return;
  }
  setText(el.count, t('Asking your browser for your location…'));
  navigator.geolocation.getCurrentPosition((pos) => {
    const next = formState();
    // Rounded to about 100 m: enough to sort by distance, less exact in a shared link.
    next.lat = round(pos.coords.latitude, 3); next.lon = round(pos.coords.longitude, 3);
    next.near = '';
    el.near.value = '';
    S.pointLabel = t('your location');
    S.expanded = false;
    S.focusResults = true;
    update(next, 'push');
  }, (err) => {
    setText(el.count, (err.code === 1 ? t('Location permission was not given.') : t('Your location is not available right now.')) +
      ' ' + t('Type a postal code or town instead.'));
  }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
}

for (const name of /** @type {const} */ (['near', 'online'])) {
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
  const fallback = () => setText(el.count, t('Copy the address from the address bar to share this view.'));
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(location.href).then(() => setText(el.count, t('Link to this view copied.')), fallback);
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
  const toggle = /** @type {HTMLInputElement | null} */ (document.getElementById('__search'));
  const input = /** @type {HTMLInputElement | null} */ (document.querySelector('.md-search__input'));
  if (!toggle || !toggle.checked || !input || input.value !== S.state.q) return;
  toggle.checked = false;
  input.value = '';
  if (document.activeElement === input) input.blur();
}

// ------------------------------------------------------------------------- start

hooks.update = update;
hooks.render = render;

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
setText(el.count, t('Loading the list of groups…'));
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
    if (!locate(() => resolve(null))) setText(el.count, t('Looking up “{place}” on this device…', { place: S.state.near }));
    else resolve(null);
  });
}).then(() => {
  const first = () => {
    // The state may have changed while the data loaded ("Near me" answered first).
    if (locate(render)) render();
  };
  if (ensureData(first)) first();
}).catch((err) => {
  setText(el.count, t('The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.'));
  console.error(err);
});
