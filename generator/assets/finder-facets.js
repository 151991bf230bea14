/* What the finder's filters offer, and what to do when a view lists nothing.
 *
 * The form is generated from the whole vocabulary (generator/finder/form.py); a list
 * uses only part of it. Once the index is loaded, each filter keeps only the values some
 * listed group has, with how many have it, and a filter left with a single value (which
 * could not narrow anything) is not offered at all. Counts are over the loaded list (the
 * whole index, or around a place the tiles within the distance plus the online groups),
 * not the current view: they say what exists, and do not jump about while the visitor
 * narrows (nor cost a pass over the list per option at every change).
 *
 * When a view is empty, `waysOut` tries each filter the visitor set, one at a time, and
 * returns those whose removal would list something: the real cause, and the way out.
 */
import { ATT_HYBRID, ATT_ONLINE, DEFAULT_RADIUS, F_CLOSED, MAX_RADIUS, filter } from './finder-filter.js';
import { t } from './i18n.js';

const ATT_KEYS = ['in-person', 'online', 'hybrid'];

/** @typedef {import('./finder-filter.js').Index} Index */
/** @typedef {import('./finder-filter.js').State} State */
/** @typedef {Record<string, number>} Counts */
/** A change of the view that would list something.
 * @typedef {{label: string, state: State, count: number}} Way */

/* Entries per program, attendance, time band and tag (temporarily closed ones aside,
   as the finder hides them by default). */
/** @param {Index} D */
export function counts(D) {
  /** @type {{program: Counts, attendance: Counts, time: Counts, tag: Counts, total: number}} */
  const c = { program: {}, attendance: { 'in-person': 0, online: 0, hybrid: 0 }, time: {}, tag: {}, total: 0 };
  const bandBits = D.bands.map((_, b) => { let m = 0; for (let d = 0; d < 7; d++) m |= 1 << (d * 4 + b); return m >>> 0; });
  for (let i = 0; i < D.n; i++) {
    if (D.f[i] & F_CLOSED) continue;
    c.total++;
    const p = D.progs[D.prog[i]][0];
    c.program[p] = (c.program[p] || 0) + 1;
    const a = D.f[i] & 3;
    // The attendance filter's own meaning: in person includes hybrid, online too.
    if (a !== ATT_ONLINE) c.attendance['in-person']++;
    if (a !== 0) c.attendance.online++;
    if (a === ATT_HYBRID) c.attendance.hybrid++;
    D.bands.forEach((b, ix) => { if (D.mask[i] & bandBits[ix]) c.time[b[0]] = (c.time[b[0]] || 0) + 1; });
    for (const t of D.tagsets[D.tagset[i]]) { const k = D.tagDefs[t][0]; c.tag[k] = (c.tag[k] || 0) + 1; }
  }
  return c;
}

/** @param {number} n */
function countText(n) { return ' (' + n + ')'; }

/* Keeps the options of `select` that some group has (and the one chosen, even if none
   has it, so the view can say so); hides the whole field when at most one value is
   left. The "any" option (value "") always stays. */
/** @param {HTMLSelectElement} select @param {Counts} have @param {string} chosen */
function pruneSelect(select, have, chosen) {
  let kept = 0;
  for (const o of [...select.options]) {
    if (!o.value) continue;
    const n = have[o.value] || 0;
    // Hidden, not removed: with geographic tiles the loaded part of the list grows as the
    // visitor widens the distance, and an option may come back.
    o.hidden = o.disabled = !n && o.value !== chosen;
    if (o.hidden) continue;
    o.textContent = o.textContent.replace(/ \(\d+\)$/, '') + countText(n);
    if (n) kept++;
  }
  const field = /** @type {HTMLElement | null} */ (select.closest('.fd-field'));
  const single = kept <= 1 && !chosen;
  if (field) field.hidden = single;
  return !single;
}

/* Applies `counts` to the form: which options and attributes show, with their counts.
   `state` is the view from the URL (its choices stay offered). Returns the number of
   filters still offered in the folded part. */
/** @param {Index} D @param {{attendance: HTMLSelectElement, program: HTMLSelectElement, time: HTMLSelectElement}} el @param {HTMLInputElement[]} tagBoxes @param {State} state */
export function offerOnly(D, el, tagBoxes, state) {
  const c = counts(D);
  // "In person" and "online" each include hybrid groups: a list with only in-person
  // groups has nothing to choose between.
  /** @type {Counts} */
  const att = {};
  for (const k of ATT_KEYS) {
    const own = k === 'hybrid' ? c.attendance.hybrid : c.attendance[k];
    if (own && (k === 'hybrid' || own < c.total)) att[k] = own;
  }
  let offered = 0;
  if (pruneSelect(el.attendance, att, state.attendance)) offered++;
  if (pruneSelect(el.program, c.program, state.program)) offered++;
  if (pruneSelect(el.time, c.time, state.time)) offered++;
  for (const b of tagBoxes) {
    const n = c.tag[b.value] || 0, label = /** @type {HTMLElement} */ (b.parentNode);
    // A tag every group has filters out nothing; one no group has finds nothing.
    label.hidden = (!n || n === c.total) && !b.checked;
    if (!label.hidden) {
      offered++;
      let span = label.querySelector('.fd-n');
      if (!span) { span = document.createElement('span'); span.className = 'fd-n'; label.append(span); }
      span.textContent = countText(n);
    }
  }
  return offered;
}

/* Ways out of an empty section `name` ('near' | 'online'): [{label, state, count}], each
   one filter of `s` undone (or the distance widened to the nearest match). */
/** @param {Index} D @param {State} s @param {string} name @param {{geo: import('./finder-filter.js').Geo | null, clock: Date, labels: {radiusFor: (mi: number) => number, within: (radius: number, nearest: number) => string, tag: (key: string) => string}}} options @returns {Way[]} */
export function waysOut(D, s, name, { geo, clock, labels }) {
  /** @type {Way[]} */
  const out = [];
  /** @param {State} next @returns {number[]} */
  const listed = (next) => filter(D, next, { geo, clock })[name === 'near' ? 'near' : 'online'];
  /** @param {string} label @param {State} next */
  const tryOne = (label, next) => {
    const n = listed(next).length;
    if (n) out.push({ label, state: next, count: n });
  };
  if (name === 'near' && geo) {
    const wide = listed({ ...s, radius: MAX_RADIUS });
    if (wide.length) {
      const nearest = geo.dist[wide[0]];
      const radius = labels.radiusFor(nearest);
      out.push({ label: labels.within(radius, nearest), state: { ...s, radius }, count: listed({ ...s, radius }).length });
    }
  }
  if (s.now) tryOne(t('Any time today'), { ...s, now: false });
  else if (s.day !== 'any') tryOne(t('Any day'), { ...s, day: 'any' });
  if (s.time && !s.now) tryOne(t('Any time of day'), { ...s, time: '' });
  if (s.program) tryOne(t('All programs'), { ...s, program: '' });
  if (s.attendance) tryOne(t('In person or online'), { ...s, attendance: '' });
  if (s.tags.length) tryOne(s.tags.length === 1 ? t('Without “{tag}”', { tag: labels.tag(s.tags[0]) }) : t('Without the attributes'), { ...s, tags: [] });
  if (s.q) tryOne(t('Without the words “{words}”', { words: s.q }), { ...s, q: '' });
  if (!s.closed) tryOne(t('Include temporarily closed groups'), { ...s, closed: true });
  return out.filter((w) => w.count).slice(0, 4);
}

export { DEFAULT_RADIUS };
