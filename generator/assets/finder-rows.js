/* The finder's result rows and My groups: a row is built once per entry and reused,
 * and only what changed is written (finder.css keeps the rest out of the re-layout). */
import { ATT_HYBRID, ATT_ONLINE, F_APPROX, F_CLOSED, MAX_RADIUS, searchOf, viewerZone } from './finder-filter.js';
import { arrange, isoLocal } from './finder-when.js';
import { waysOut } from './finder-facets.js';
import { D } from './finder-data.js';
import {
  HANDOUT, PAGE, S, child, el, hooks, reconcile, root, setHidden, setText, showState, tagBoxes,
} from './finder-page.js';
import { dayLong, distanceText, groups, radiusText, statusText, whenText } from './finder-words.js';
import { t, t as tr } from './i18n.js';
import { DAYS } from './schedule.js';

/** @typedef {import('./finder-when.js').Timing} Timing */
/** @typedef {import('./finder-when.js').Clock} Clock */
/** @typedef {import('./finder-filter.js').Geo} Geo */
/** @typedef {ReturnType<typeof arrange>} Arranged */
/** One result row: its nodes, and what they show (written again only when it changes).
 * @typedef {{li: HTMLLIElement, dist: HTMLElement, when: HTMLElement, status: HTMLElement, save: HTMLButtonElement,
 *   whenKey: number | null, distance: string | null, timingKey: string | null}} Row */

/* One result row, built once per entry and reused; YAML text only ever as text. */
/** @param {number} i */
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
  const f = D.f[i], att = f & 3, bits = [tr(D.progs[D.prog[i]][1])];
  if (D.places[D.place[i]]) bits.push(D.places[D.place[i]]);
  if (D.towns[D.town[i]]) bits.push(D.towns[D.town[i]]);
  bits.push(att === ATT_HYBRID ? t('In person and online') : att === ATT_ONLINE ? t('Online or phone') : t('In person'));
  const kind = D.raw.kinds[(f >> 2) & 7];
  if (kind !== 'meeting') bits.push(tr(kind.charAt(0).toUpperCase() + kind.slice(1)));
  child(li, 'p', 'fd-where-text').textContent = bits.join(' · ');
  const actions = child(li, 'p', 'fd-add');
  const add = child(actions, 'a');
  add.setAttribute('href', HANDOUT + '?add=' + encodeURIComponent(D.ids[i]));
  add.textContent = t('Add to handout');
  add.setAttribute('aria-label', t('Add to handout: {name}', { name: D.names[i] }));
  const save = child(actions, 'button', 'fd-save');
  save.type = 'button';
  save.textContent = t('Save to My groups');
  save.setAttribute('aria-label', t('Save to My groups: {name}', { name: D.names[i] }));
  save.dataset.i = String(i);
  const tags = D.tagsets[D.tagset[i]];
  if (tags.length || f & F_CLOSED) {
    const t = child(li, 'p', 'fd-tags-text');
    if (f & F_CLOSED) {
      child(t, 'strong').textContent = tr('Temporarily closed');
      if (tags.length) t.append(' · ');
    }
    t.append(tags.map((ix) => tr(D.tagDefs[ix][1])).join(' · ')); // vocabulary labels
  }
  /** @type {Row} */
  const row = { li, dist, when, status, save, whenKey: null, distance: null, timingKey: null };
  return row;
}

/* data-status and data-next (the next start, or the start of the meeting now running,
   as local ISO 8601: online groups on the viewer's clock, others on their own), and the
   status line: on the group's own clock in the in-person list (`own`), as its schedule
   line is, else on the viewer's. */
/** @param {Row} row @param {number} i @param {Timing | undefined} t @param {Clock} C @param {string} mode @param {boolean} own */
function showTiming(row, i, t, C, mode, own) {
  const zone = (D.f[i] & 3) === ATT_ONLINE ? viewerZone : D.zones[D.zone[i]];
  const words = own ? D.zones[D.zone[i]] : '';
  const key = t ? t.status + t.start + ':' + t.end + mode + C.base + words : '';
  if (row.timingKey === key) return;
  row.timingKey = key;
  if (!t) { delete row.li.dataset.status; delete row.li.dataset.next; setHidden(row.status, true); return; }
  row.li.dataset.status = t.status;
  if (Number.isNaN(t.start)) delete row.li.dataset.next;
  else row.li.dataset.next = isoLocal(t.start, zone);
  const text = statusText(t, C, mode, words);
  setText(row.status, text);
  row.status.dataset.status = t.status;
  setHidden(row.status, !text);
}

/** @param {number} i @param {number} day @param {Geo | null} geo @param {Arranged} A @param {string} mode @param {boolean} own */
function rowFor(i, day, geo, A, mode, own) {
  let row = S.rows.get(i);
  if (!row) { row = makeRow(i); S.rows.set(i, row); }
  if (row.whenKey !== day) { setText(row.when, whenText(D, i, day)); row.whenKey = day; }
  const distance = geo && (D.f[i] & 3) !== ATT_ONLINE ? geo.dist[i].toFixed(3) : null;
  if (row.distance !== distance) {
    row.distance = distance;
    if (distance === null) delete row.li.dataset.distance;
    else row.li.dataset.distance = distance;
    setText(row.dist, distance === null ? '' :
      distanceText(geo.dist[i]) + (D.f[i] & F_APPROX ? ' (approximate)' : ''));
  }
  showTiming(row, i, A.info.get(i), A.clock, mode, own);
  const saved = S.saved.has(D.ids[i]) ? 'true' : 'false';
  if (row.save.getAttribute('aria-pressed') !== saved) row.save.setAttribute('aria-pressed', saved);
  return row.li;
}

/** @param {HTMLElement} list @param {number[]} entries @param {number} limit @param {number} day @param {Geo | null} geo @param {Arranged} A @param {string} mode @param {boolean} own */
function fill(list, entries, limit, day, geo, A, mode, own) {
  const count = Math.min(limit, entries.length), nodes = new Array(count);
  for (let k = 0; k < count; k++) nodes[k] = rowFor(entries[k], day, geo, A, mode, own);
  reconcile(list, nodes);
}

/** @param {'near' | 'online'} name @param {import('./finder-when.js').Lists} lists @param {boolean} visible @param {import('./finder-filter.js').Result} result @param {Arranged} A @param {import('./finder-when.js').How} how */
export function renderSection(name, lists, visible, result, A, how) {
  const sec = el.sections[name];
  setHidden(sec.box, !visible);
  if (!visible) return;
  const list = lists.main, limit = S.limit[name];
  const day = result.day, geo = name === 'near' ? S.geo : null, own = name === 'near';
  fill(sec.list, list, limit, day, geo, A, how.mode, own);
  setHidden(sec.more, list.length <= limit);
  if (list.length > limit) {
    setText(sec.more, t('Show {n} more ({hidden} not shown)', { n: Math.min(PAGE, list.length - limit), hidden: list.length - limit }));
  }
  setHidden(sec.tomorrow, !lists.tomorrow.length);
  fill(sec.tomorrowList, lists.tomorrow, PAGE, -1, geo, A, how.mode, own);
  setText(sec.tomorrowTitle, t('Tomorrow morning, {day}', { day: dayLong[(result.today + 1) % 7] }));
  setHidden(sec.earlier, !lists.earlier.length);
  // Folded: its rows are built only when opened.
  fill(sec.earlierList, sec.earlier.open ? lists.earlier : [], PAGE, day, geo, A, how.mode, own);
  setText(sec.earlierTitle, t('Earlier today: {groups} already over', { groups: groups(lists.earlier.length) }));
  if (!sec.empty) {
    sec.empty = document.createElement('div');
    sec.empty.className = 'fd-empty';
    sec.more.after(sec.empty);
  }
  if (name === 'online' && D.onlinePending && !(list.length > 0)) {
    setHidden(sec.empty, false);
    setText(sec.empty, t('Loading the online groups…'));
  } else showEmpty(sec, name, list.length > 0, lists, geo);
}

/* An empty list says why, and offers each change that would list something. */
/** @param {typeof el.sections.near} sec @param {string} name @param {boolean} any @param {import('./finder-when.js').Lists} lists @param {Geo | null} geo */
function showEmpty(sec, name, any, lists, geo) {
  const s = S.state;
  const key = any ? '' : [name, searchOf(s), lists.earlier.length, lists.tomorrow.length, S.originKey, !!D.notes].join('|');
  setHidden(sec.empty, any);
  if (sec.empty.__key === key) return;
  sec.empty.__key = key;
  sec.empty.textContent = '';
  if (any) return;
  const where = geo ? ' ' + t('within {radius} of {place}', { radius: radiusText(s.radius), place: S.origin.label }) : '';
  const when = s.now ? ' ' + t('starting within an hour') : !s.day ? ' ' + t('still to come today')
    : s.day === 'any' ? '' : ' ' + t('on {day}', { day: dayLong[DAYS.indexOf(s.day)] });
  const p = child(sec.empty, 'p');
  const filtered = !!(s.program || s.time || s.attendance || s.tags.length || s.q);
  let text = (name === 'near'
    ? (filtered ? t('No in-person group{where}{when} matches these filters.', { where, when })
      : t('No in-person group{where}{when} matches.', { where, when }))
    : (filtered ? t('No online group{where}{when} matches these filters.', { where, when })
      : t('No online group{where}{when} matches.', { where, when })));
  if (lists.earlier.length) text += ' ' + t('{groups} met earlier today (below).', { groups: groups(lists.earlier.length) });
  if (lists.tomorrow.length) text += ' ' + t('Tomorrow morning’s are listed below.');
  p.textContent = text;
  const ways = waysOut(D, s, name, { geo, clock: S.clock, labels: wayLabels });
  if (!ways.length) return;
  child(sec.empty, 'p').textContent = t('These would list some:');
  const group = child(sec.empty, 'div', 'fd-choices');
  for (const way of ways) {
    const b = child(group, 'button', 'md-button');
    b.type = 'button';
    b.textContent = way.label + ' (' + way.count + ')';
    b.addEventListener('click', () => { showState(way.state); hooks.update(way.state, 'push'); });
  }
}

/** @type {Parameters<typeof waysOut>[3]['labels']} */
const wayLabels = {
  radiusFor: (mi) => {
    const options = [...el.radius.options].map((o) => +o.value).filter((v) => v >= mi);
    return options.length ? Math.min(...options) : MAX_RADIUS;
  },
  within: (radius, nearest) => t('Within {radius}: the nearest is {distance} away', { radius: radiusText(radius), distance: distanceText(nearest) }),
  tag: (key) => { const b = tagBoxes.find((x) => x.value === key); return b ? b.parentNode.firstChild.nextSibling.textContent.trim() : key; },
};

// ------------------------------------------------------------------------- my groups

/* Saved groups first, each with its next meeting, whatever the filters. */
/** @param {Clock} C */
export function renderMine(C) {
  const ids = [...S.saved].filter((id) => D.idIndex.has(id));
  const rows = ids.map((id) => {
    const i = D.idIndex.get(id), t = arrange(D, { near: [i], online: [] }, S.clock, { mode: 'any', sort: 'time', day: -1 }).info.get(i);
    const own = (D.f[i] & 3) === ATT_ONLINE ? '' : D.zones[D.zone[i]];
    return { id, i, t, text: statusText(t, C, 'any', own) || whenText(D, i, -1) };
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
    remove.textContent = t('Remove');
    remove.setAttribute('aria-label', t('Remove from My groups: {name}', { name: D.names[r.i] }));
    remove.dataset.i = String(r.i);
    const st = child(li, 'p', 'fd-status');
    st.dataset.status = r.t.status;
    st.textContent = r.text;
  }
}
