/* The finder page's elements, its state (S) and the form: the form shows a state and reads
 * one back, the address holds it (DESIGN.md), the folded summary words it. finder.js
 * wires the events; `hooks` lets the other parts ask it to update or render. */
import { DEFAULT_RADIUS, MAX_RADIUS, readParams, searchOf } from './finder-filter.js';
import { KM_PER_MILE, dayLong, miles, radiusText } from './finder-words.js';
import { t, tn } from './i18n.js';
import { savedIds } from './finder-mine.js';
import { DAYS } from './schedule.js';

export const root = document.getElementById('finder');
/** In ms since navigation start (finder.js's comment lists them).
 * @typedef {object} Timings
 * @property {number} scriptStart
 * @property {number | null} indexResponse
 * @property {number | null} indexParsed
 * @property {number | null} indexLoaded
 * @property {number | null} firstResults
 * @property {number | null} notesLoaded
 * @property {number | null} gazetteerLoaded
 * @property {number | null} dataLoaded
 * @property {number[]} filters
 * @property {number[]} frames
 * @property {{at: number, top: number | null}[]} shown
 */
/** @type {Timings} */
export const timings = {
  scriptStart: performance.now(), indexResponse: null, indexParsed: null, indexLoaded: null,
  firstResults: null, notesLoaded: null, gazetteerLoaded: null, dataLoaded: null, filters: [], frames: [],
  shown: [],
};
/** @type {any} */ (window).__finderTimings = timings;
export const PAGE = 50;

/** @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/** @param {string} id */
const select = (id) => /** @type {HTMLSelectElement} */ (document.getElementById(id));
export const form = /** @type {HTMLFormElement} */ ($('fd-form'));
export const el = {
  near: input('fd-near'), locate: $('fd-locate'), radius: select('fd-radius'), day: select('fd-day'),
  time: select('fd-time'), program: select('fd-program'), attendance: select('fd-attendance'),
  q: input('fd-q'), now: input('fd-now'), closed: input('fd-closed'), copy: $('fd-copy'),
  reset: $('fd-reset'), handout: $('fd-handout'), count: $('fd-count'), place: $('fd-place'), active: $('fd-active'),
  summary: $('fd-summary-text'), change: $('fd-change'), moreToggle: $('fd-more'),
  moreBox: $('fd-more-filters'), sort: $('fd-sort'), mine: $('fd-mine-section'), mineList: $('fd-mine-list'),
  sections: { near: section('near'), online: section('online') },
};
/** @param {string} name */
function section(name) {
  /** @param {string} part */
  const id = (part) => $('fd-' + name + part);
  return { box: id('-section'), title: id('-title'), list: id('-list'), more: id('-more'),
    empty: /** @type {HTMLElement & {__key?: string} | null} */ (null),
    tomorrow: id('-tomorrow'), tomorrowTitle: id('-tomorrow-title'), tomorrowList: id('-tomorrow-list'),
    earlier: /** @type {HTMLDetailsElement} */ (id('-earlier')), earlierTitle: id('-earlier-title'),
    earlierList: id('-earlier-list') };
}
/** @type {HTMLInputElement[]} */
export const sortBoxes = [...el.sort.querySelectorAll('input[name="sort"]')].map((b) => /** @type {HTMLInputElement} */ (b));
/** @type {HTMLInputElement[]} */
export const tagBoxes = [...form.querySelectorAll('input[name="tag"]')].map((b) => /** @type {HTMLInputElement} */ (b));
/** @param {string} attr */
export const url = (attr) => new URL(root.getAttribute(attr), document.baseURI).href;
export const HANDOUT = '../handout/';

/* finder.js's update(state, how) and render(), for the parts that change the view. */
/** @type {{update: (next: State, how: string | null) => void, render: () => void}} */
export const hooks = { update: () => {}, render: () => {} };

/** @typedef {import('./finder-filter.js').State} State */
/**
 * The page's state: the view (state), where it is about, the data loaded, the rows built.
 * @typedef {object} PageState
 * @property {State} state
 * @property {import('./finder-filter.js').Origin | null} origin
 * @property {string} originKey
 * @property {import('./finder-filter.js').Geo | null} geo
 * @property {import('./finder-places.js').Place | null} place
 * @property {string} placeShown
 * @property {{near: number, online: number}} limit
 * @property {Map<number, import('./finder-rows.js').Row>} rows
 * @property {boolean} rendered
 * @property {number} seq
 * @property {boolean} notesLoading
 * @property {string} pointLabel
 * @property {boolean} userAction
 * @property {Date} clock
 * @property {string[] | null} data  the tiles loaded (null: the whole index)
 * @property {number} dataSeq
 * @property {any} notes  resources-notes.json, once loaded
 * @property {boolean} expanded
 * @property {boolean} focusResults
 * @property {string | null} mineKey
 * @property {Set<string>} saved
 * @property {boolean} [background]  a render for data arriving, not a filter change
 */
/** @type {PageState} */
export const S = {
  state: null, origin: null, originKey: '', geo: null, place: null, placeShown: '',
  limit: { near: PAGE, online: PAGE }, rows: new Map(), rendered: false, seq: 0,
  notesLoading: false, pointLabel: '', userAction: false, clock: new Date(),
  data: null, dataSeq: 0, notes: null,
  expanded: false, focusResults: false, mineKey: null, saved: new Set(savedIds()),
};

/** @param {HTMLSelectElement} select @param {string} value */
export function hasOption(select, value) {
  return [...select.options].some((o) => o.value === value);
}
/* The URL's state, with values the form does not offer dropped. */
/** @param {string} search @returns {State} */
export function readState(search) {
  const s = readParams(search);
  for (const name of /** @type {const} */ (['time', 'program'])) if (!hasOption(el[name], s[name])) s[name] = '';
  const known = new Set(tagBoxes.map((b) => b.value));
  s.tags = s.tags.filter((t) => known.has(t));
  return s;
}
/** @param {number} v @param {number} places */
export const round = (v, places) => { const m = 10 ** places; return Math.round(v * m) / m; };

/* The same filters make a printable handout (the handout builder applies them itself). */
export function showHandoutLink() {
  el.handout.setAttribute('href', HANDOUT + searchOf(S.state));
}

/** @param {string} how  'push' or 'replace' */
export function writeUrl(how) {
  const hash = location.hash === '#near-me' ? '' : location.hash; // done once, not again on reload
  const target = location.pathname + searchOf(S.state) + hash;
  if (target === location.pathname + location.search + location.hash) return;
  history[how === 'push' ? 'pushState' : 'replaceState'](null, '', target);
}

/** @param {number} mi */
function radiusOption(mi) {
  const value = String(round(mi, 2));
  if (!hasOption(el.radius, value)) {
    const after = [...el.radius.options].find((o) => +o.value > mi);
    el.radius.add(new Option(radiusText(mi), value), after || null);
  }
  return value;
}
/* Kilometre locales get round kilometre choices; the URL keeps miles (DESIGN.md). */
export function localizeRadius() {
  if (miles) return;
  const selected = +el.radius.value;
  while (el.radius.options.length) el.radius.remove(0);
  for (const km of [2, 5, 10, 15, 25, 50, 100, 160]) {
    el.radius.add(new Option(km + ' km', String(round(km / KM_PER_MILE, 2))));
  }
  el.radius.value = radiusOption(selected);
}

/** @param {State} s */
export function showState(s) {
  el.near.value = s.lat !== null ? '' : s.near;
  el.radius.value = radiusOption(s.radius);
  el.day.value = s.day; el.time.value = s.time; el.program.value = s.program;
  el.attendance.value = s.attendance; el.q.value = s.q;
  el.now.checked = s.now; el.closed.checked = s.closed;
  for (const b of tagBoxes) b.checked = s.tags.includes(b.value);
  for (const b of sortBoxes) b.checked = b.value === s.sort;
}
/* How many of the folded-away filters are on, in their summary. */
export function showActive() {
  const s = S.state;
  const n = s.tags.length + (s.time ? 1 : 0) + (s.program ? 1 : 0) + (s.attendance ? 1 : 0) + (s.closed ? 1 : 0);
  if (el.active) setText(el.active, n ? ' ' + t('({n} on)', { n }) : '');
}
/* "Starting within an hour" is about now: the day and time controls step aside. */
export function showNow() {
  el.day.disabled = el.time.disabled = S.state.now;
}
export function showPoint() {
  el.near.placeholder = S.state.lat !== null ? t('Using {place}', { place: S.pointLabel || t('the chosen location') }) : '';
}
export function formState() {
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

/** @param {import('./finder-when.js').How} how */
export function showSort(how) {
  setHidden(el.sort, !S.geo);
  for (const b of sortBoxes) b.checked = b.value === how.sort;
}

/* With a place set the form folds to the place box and a one-line summary of the other
   filters (unless opened). */
export function showCompact() {
  const compact = !!S.origin && !S.expanded;
  root.classList.toggle('fd-is-compact', compact);
  root.classList.toggle('fd-has-place', !!S.origin); // the summary line stays, to fold it again
  el.change.setAttribute('aria-expanded', compact ? 'false' : 'true');
  setText(el.summary, summaryText());
}
export function summaryText() {
  const s = S.state, bits = [];
  bits.push(t('Within {radius}', { radius: radiusText(s.radius) }));
  bits.push(s.now ? t('starting soon') : !s.day ? t('today') : s.day === 'any' ? t('any day') : dayLong[DAYS.indexOf(s.day)]);
  /** @param {HTMLSelectElement} select */
  const label = (select) => select.selectedIndex > 0 ? select.options[select.selectedIndex].textContent.replace(/ \(\d+\)$/, '') : '';
  for (const name of /** @type {const} */ (['time', 'program', 'attendance'])) if (s[name]) bits.push(label(el[name]));
  if (s.tags.length) bits.push(tn('{n} attribute', '{n} attributes', s.tags.length, { n: s.tags.length }));
  if (s.q) bits.push('“' + s.q + '”');
  return bits.join(' · ');
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {Node} parent @param {K} tag @param {string} [className]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function child(parent, tag, className) {
  const node = parent.appendChild(document.createElement(tag));
  if (className) node.className = className;
  return node;
}
/* DOM writes only when something changed: an unchanged node costs no style or layout. */
/** @param {HTMLElement & {__text?: string}} node @param {string} text */
export function setText(node, text) { if (node.__text !== text) { node.textContent = text; node.__text = text; } }
/** @param {HTMLElement} node @param {boolean} hidden */
export function setHidden(node, hidden) { if (node.hidden !== hidden) node.hidden = hidden; }
/* Makes `list`'s children exactly `nodes`, moving only what is out of place. */
/** @param {Node} list @param {Node[]} nodes */
export function reconcile(list, nodes) {
  let cur = list.firstChild;
  for (const node of nodes) {
    if (cur === node) { cur = cur.nextSibling; continue; }
    list.insertBefore(node, cur);
  }
  while (cur) { const next = cur.nextSibling; list.removeChild(cur); cur = next; }
}
