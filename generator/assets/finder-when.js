/* The finder's clock: for each listed group, whether it is on now, when it next starts,
 * and the order "what can I get to" puts it in.
 *
 * Everything is reckoned in real instants: a slot's weekly times are read in the group's
 * own zone (partsIn), so an online group in London and one down the road compare by
 * when they actually start, and "today" is the viewer's date. The same week rules as the
 * filter (monthly weeks, fortnights with `from:`) decide which dates a slot meets on.
 *
 *   status   'in-progress' | 'upcoming' (starts later today) | 'ended' (met earlier
 *            today, not again today) | 'other-day'
 *   start    for a group in progress, the start of the meeting now running; else its
 *            next start (ms since 1970), NaN when it has no fixed time
 *   end      when the meeting now running ends (in progress), or when today's ended
 *
 * `arrange` turns the filter's lists into what the page shows: for today, in progress
 * first, then by start; what is over in an "Earlier today" list that is never above
 * what is still ahead; and tomorrow morning's groups when few remain today.
 */
import { DAYS, partsIn, slotsOf, viewerZone } from './finder-filter.js';
import { instantAt, meetsOn } from './schedule.js';

/** @typedef {import('./finder-filter.js').Index} Index */
/** @typedef {import('./finder-filter.js').Result} Result */
/** The clock of one render (clockOf).
 * @typedef {{base: number, viewer: import('./schedule.js').Parts, zones: Record<number, import('./schedule.js').Parts>}} Clock */
/** A group's timing (see above): status, start, end (ms; NaN when none).
 * @typedef {{status: string, start: number, end: number}} Timing */
/** How the lists are ordered and split (finder.js howOf).
 * @typedef {{mode: string, sort: string, day: number}} How */
/** One section's lists.
 * @typedef {{main: number[], earlier: number[], tomorrow: number[]}} Lists */

const WEEK = 10080; // minutes
const MINUTE = 60000;
const DAY = 864e5;
export const FEW = 5; // fewer still ahead today than this: tomorrow morning follows
export const MORNING_END = 12 * 60; // "tomorrow morning" is before noon, viewer's time
export const SOON = 60; // minutes: "in 20 min" up to this, a clock time after it

/* The clock's context for one render: the instant (to the minute), the viewer's date and
   offset, and each zone's current weekday and minute (filled as zones come up). `zone`
   is the viewer's. */
/** @param {Date} clock @param {string} [zone] @returns {Clock} */
export function clockOf(clock, zone = viewerZone) {
  const viewer = partsIn(zone, clock);
  return { base: Math.floor(clock.getTime() / MINUTE) * MINUTE, viewer, zones: {} };
}

/* The viewer's day number and weekday (0 = Sunday) of an instant. */
/** @param {Clock} C @param {number} t */
export const viewerDay = (C, t) => Math.floor((t + C.viewer.offset * MINUTE) / DAY);
/** @param {number} days */
const weekdayOf = (days) => ((days + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday

/* Entry i's timing at the clock C; with `target` (a weekday, 0 = Sunday) only meetings
   that fall on that weekday of the viewer's count. */
/** @param {Index} D @param {number} i @param {Clock} C @param {number} [target] @returns {Timing} */
export function timing(D, i, C, target = -1) {
  const z = D.zone[i], zone = D.zones[z];
  const now = C.zones[z] || (C.zones[z] = partsIn(zone, new Date(C.base)));
  // Weekly times are wall-clock times: minutes on the group's clock, made instants one
  // by one (instantAt), so a change of clocks between now and a meeting moves nothing.
  const nowWall = now.days * 1440 + now.minute, nowW = now.dow * 1440 + now.minute;
  const today = C.viewer.days;
  /** @param {number} t */
  const ok = (t) => target < 0 || weekdayOf(viewerDay(C, t)) === target;
  let start = Infinity, runStart = NaN, runEnd = -Infinity, ended = -Infinity;
  for (const sl of slotsOf(D, i)) {
    const length = (sl[2] || 60) * MINUTE;
    for (let d = 0; d < 7; d++) {
      if (!(sl[0] & (1 << d))) continue;
      const w = d * 1440 + sl[1];
      const lastWall = nowWall - ((nowW - w) % WEEK + WEEK) % WEEK;
      const last = instantAt(zone, lastWall);
      if (meetsOn(sl, Math.floor(lastWall / 1440)) && ok(last)) {
        if (last <= C.base && C.base < last + length) {
          if (last + length > runEnd) { runStart = last; runEnd = last + length; }
        } else if (viewerDay(C, last) === today) ended = Math.max(ended, last + length);
      }
      const ahead = ((w - nowW) % WEEK + WEEK) % WEEK || WEEK;
      for (let k = 0; k < 6; k++) {
        const wall = nowWall + ahead + k * WEEK, t = instantAt(zone, wall);
        if (t >= start) break;
        if (meetsOn(sl, Math.floor(wall / 1440)) && ok(t)) { start = t; break; }
      }
    }
  }
  if (runEnd > -Infinity) return { status: 'in-progress', start: runStart, end: runEnd };
  const over = ended > -Infinity;
  if (start === Infinity) return { status: over ? 'ended' : 'other-day', start: NaN, end: over ? ended : NaN };
  const status = viewerDay(C, start) === today ? 'upcoming' : over ? 'ended' : 'other-day';
  return { status, start, end: status === 'ended' ? ended : NaN };
}

/* "2026-12-03T20:00-05:00": the instant on the clock of a zone (its offset then). */
/** @param {number} t @param {string} zone */
export function isoLocal(t, zone) {
  const offset = partsIn(zone, new Date(t)).offset;
  const wall = new Date(t + offset * MINUTE).toISOString().slice(0, 16);
  const sign = offset < 0 ? '-' : '+', abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0'), mm = String(abs % 60).padStart(2, '0');
  return wall + sign + hh + ':' + mm;
}

const RANK = { 'in-progress': 0, upcoming: 1, 'other-day': 2, ended: 3 };

/* Sorts `list` (entry numbers) by start, in progress first, groups with no fixed time
   last; ties keep the list's order (distance or name). */
/** @param {number[]} list @param {Map<number, Timing>} info */
function byTime(list, info) {
  const pos = new Map(list.map((i, k) => [i, k]));
  return list.slice().sort((a, b) => {
    const x = info.get(a), y = info.get(b);
    const rx = x.status === 'in-progress' ? 0 : 1, ry = y.status === 'in-progress' ? 0 : 1;
    if (rx !== ry) return rx - ry;
    const sx = Number.isNaN(x.start) ? Infinity : x.start, sy = Number.isNaN(y.start) ? Infinity : y.start;
    return sx - sy || pos.get(a) - pos.get(b);
  });
}

/* One section's lists: `main` (what the page lists first), `earlier` (over today: only
   in today's view) and `tomorrow` (tomorrow morning, when few remain today). */
/** @param {Index} D @param {number[]} list @param {Clock} C @param {How} how @param {Map<number, Timing>} info @param {(() => number[]) | null} tomorrowList */
function arrangeSection(D, list, C, how, info, tomorrowList) {
  /** @type {Lists} */
  const out = { main: list, earlier: [], tomorrow: [] };
  if (how.mode === 'weekday') {
    for (const i of list) info.set(i, timing(D, i, C, how.day));
    if (how.sort === 'time') out.main = byTime(list, info);
    return out;
  }
  for (const i of list) info.set(i, timing(D, i, C));
  if (how.mode === 'today') {
    out.main = list.filter((i) => info.get(i).status !== 'ended');
    // Over today: in the order they met.
    out.earlier = list.filter((i) => info.get(i).status === 'ended')
      .sort((a, b) => info.get(a).end - info.get(b).end);
  }
  if (how.sort === 'time') out.main = byTime(out.main, info);
  const ahead = out.main.filter((i) => !Number.isNaN(info.get(i).start)).length;
  if (how.mode === 'today' && tomorrowList && ahead < FEW) {
    const tomorrow = C.viewer.days + 1, dow = weekdayOf(tomorrow);
    const morning = [];
    for (const i of tomorrowList()) {
      const t = timing(D, i, C, dow);
      if (viewerDay(C, t.start) !== tomorrow) continue;
      const minute = Math.floor((t.start + C.viewer.offset * MINUTE - tomorrow * DAY) / MINUTE);
      if (minute < MORNING_END) { info.set(i, t); morning.push(i); }
    }
    out.tomorrow = byTime(morning, info);
  }
  return out;
}

/* The page's lists for a filter result. `how`: {mode: 'today' | 'any' | 'weekday', day,
   sort: 'time' | 'distance'}; `tomorrow` returns the filter's result for tomorrow's
   weekday, called only when few remain today (null when it is not wanted). Returns
   {near, online, info} with info mapping each listed entry to its timing. */
/** @param {Index} D @param {{near: number[], online: number[]}} result @param {Date} clock @param {How} how @param {(() => Result) | null} [tomorrow] @returns {{near: Lists, online: Lists, info: Map<number, Timing>, clock: Clock}} */
export function arrange(D, result, clock, how, tomorrow = null) {
  const C = clockOf(clock), info = new Map();
  const near = arrangeSection(D, result.near, C, how, info, tomorrow && (() => tomorrow().near));
  // Online and phone groups have no distance: always by time.
  const online = arrangeSection(D, result.online, C, { ...how, sort: 'time' }, info,
    tomorrow && (() => tomorrow().online));
  return { near, online, info, clock: C };
}

export { DAYS, RANK };
