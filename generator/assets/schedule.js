/* The schedule rules the browser applies, without any page: a zone's calendar parts of an
 * instant, the week of the month (`weeks`) and the fortnight parity. The same rules as
 * generator/format/schedule.py, checked against it on one table of cases
 * (tests/fixtures/schedule_cases.json, tests/js/schedule.test.mjs and tests/test_schedule_cases.py). */

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A slot as the finder index has it (generator/finder/index.py slot_code): days (bit 0 =
 * Sunday), start (minute of the day), length (minutes, 0 = unknown), every (0 week, 1 two
 * weeks, 2 month), weeks (monthly: bits 1st..4th, last; fortnightly: 1 or 2, 0 unknown);
 * trailing zeros dropped.
 * @typedef {number[]} Slot */
/** @typedef {{dow: number, minute: number, dom: number, dim: number, offset: number, days: number}} Parts */

export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** @type {Record<string, Intl.DateTimeFormat>} */
const zoneFormats = {};
/* Weekday (0 = Sunday), minute of the day, day of month, days in month, UTC offset
   (minutes) and day number (days since 1970-01-01) of `date` in `zone`. */
/** @param {string} zone @param {Date} date @returns {Parts} */
export function partsIn(zone, date) {
  let fmt = zoneFormats[zone];
  if (!fmt) {
    /** @type {Intl.DateTimeFormatOptions} */
    const options = { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', weekday: 'short' };
    try {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone || viewerZone });
    } catch (e) {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: viewerZone });
    }
    zoneFormats[zone] = fmt;
  }
  /** @type {Record<string, string>} */
  const out = {};
  for (const p of fmt.formatToParts(date)) out[p.type] = p.value;
  const y = +out.year, m = +out.month, d = +out.day, h = +out.hour % 24, mi = +out.minute;
  return {
    dow: DAYS.indexOf(out.weekday.slice(0, 3).toLowerCase()), minute: h * 60 + mi,
    dom: d, dim: new Date(Date.UTC(y, m, 0)).getUTCDate(),
    offset: Math.round((Date.UTC(y, m - 1, d, h, mi) - date.getTime()) / 60000),
    days: Math.floor(Date.UTC(y, m - 1, d) / 864e5),
  };
}

/* 1 or 2: the parity of the Monday-to-Sunday week of day number `days`, as a slot's
   fortnight field stores it (generator/format/schedule.py fortnight_week). */
/** @param {number} days */
export const fortnightOf = (days) => ((Math.floor((days + 3) / 7) % 2) + 2) % 2 + 1;

/** Whether the day `dayOffset` days from `now` is in `weeks` (a slot's bits 1st..4th, last).
    @param {number} weeks @param {{dom: number, dim: number}} now @param {number} dayOffset */
export function inWeeks(weeks, now, dayOffset) {
  const dom = now.dom + dayOffset;
  if (dom < 1 || dom > now.dim) return true; // across a month's edge: let it through
  const nth = Math.ceil(dom / 7);
  return !!((nth <= 4 && weeks & (1 << (nth - 1))) || (weeks & 16 && dom + 7 > now.dim));
}

/* Whether a slot of the finder index ([days, start, length, every, weeks], every 1 = two
   weeks, 2 = month) meets on the date `days` (days since 1970-01-01, in its own zone)
   by its weeks: the weekday is the caller's to check. */
/** @param {Slot} sl @param {number} days */
export function meetsOn(sl, days) {
  if (sl[3] === 1 && sl[4]) return fortnightOf(days) === sl[4];
  if (sl[3] === 2) {
    const date = new Date(days * 864e5);
    const dim = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    return inWeeks(sl[4] || 0, { dom: date.getUTCDate(), dim }, 0);
  }
  return true;
}

/* The instant (ms) at which `zone`'s clocks show `wall` (minutes since 1970-01-01 00:00 on
   that clock), as Python's zoneinfo reads a local time (fold=0): in the hour repeated
   when clocks go back, the first; in the hour skipped when they go forward, the time
   the clocks would show without the change. Each zone's days' offsets are kept (in
   `cache`, by default one object per zone for the page's life), so most calls need no
   Intl work. */
/** @type {Record<string, Record<number, number | null>>} */
const dayOffsets = {};
/** @param {string} zone @param {number} wall @param {Record<number, number | null>} [cache] */
export function instantAt(zone, wall, cache = dayOffsets[zone] || (dayOffsets[zone] = {})) {
  const day = Math.floor(wall / 1440);
  let off = cache[day];
  if (off === undefined) {
    // The offsets about the start and the end of that day: the same unless it has a change.
    const guess = partsIn(zone, new Date(wall * 60000)).offset;
    const a = partsIn(zone, new Date((day * 1440 - guess - 120) * 60000)).offset;
    const b = partsIn(zone, new Date(((day + 1) * 1440 - guess + 120) * 60000)).offset;
    off = cache[day] = a === b ? a : null;
  }
  if (off !== null) return (wall - off) * 60000;
  const before = partsIn(zone, new Date((wall - 1440) * 60000)).offset; // a day earlier
  const t = (wall - before) * 60000, after = partsIn(zone, new Date(t)).offset;
  if (after === before) return t;
  const t2 = (wall - after) * 60000;
  return partsIn(zone, new Date(t2)).offset === after ? t2 : t;
}
