/* The schedule rules the browser applies, without any page: a zone's calendar parts of an
 * instant, the week of the month (`weeks`) and the fortnight parity. The same rules as
 * generator/format/schedule.py, checked against it on one table of cases
 * (tests/fixtures/schedule_cases.json, tests/js/schedule.test.mjs and tests/test_schedule_cases.py). */

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const zoneFormats = {};
/* Weekday (0 = Sunday), minute of the day, day of month, days in month, UTC offset
   (minutes) and day number (days since 1970-01-01) of `date` in `zone`. */
export function partsIn(zone, date) {
  let fmt = zoneFormats[zone];
  if (!fmt) {
    const options = { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', weekday: 'short' };
    try {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone || viewerZone });
    } catch (e) {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: viewerZone });
    }
    zoneFormats[zone] = fmt;
  }
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
export const fortnightOf = (days) => ((Math.floor((days + 3) / 7) % 2) + 2) % 2 + 1;

export function inWeeks(weeks, now, dayOffset) {
  const dom = now.dom + dayOffset;
  if (dom < 1 || dom > now.dim) return true; // across a month's edge: let it through
  const nth = Math.ceil(dom / 7);
  return !!((nth <= 4 && weeks & (1 << (nth - 1))) || (weeks & 16 && dom + 7 > now.dim));
}
