/* The finder's wording, in the visitor's language (navigator.language) where Intl has it:
 * clock times, weekdays, distances (miles or km), zone names, a row's schedule and its
 * status line. No DOM and no state: finder.js and finder-rows.js word what they show here. */
import { ATT_ONLINE, DAYS, slotsOf } from './finder-filter.js';
import { SOON, viewerDay } from './finder-when.js';
import { partsIn } from './schedule.js';

export const lang = (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
export const KM_PER_MILE = 1.609344;
export const miles = usesMiles(lang);

/** @param {string} tag */
export function usesMiles(tag) {
  try {
    return ['US', 'GB', 'LR', 'MM'].includes(new Intl.Locale(tag).maximize().region);
  } catch (e) { return true; }
}


const clockFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
/** @type {Record<number, string>} */
const clockCache = {};
/** @param {number} minutes  of the day (any integer: taken modulo a day) */
export function clock(minutes) {
  minutes = ((minutes % 1440) + 1440) % 1440;
  return clockCache[minutes] || (clockCache[minutes] =
    clockFormat.format(new Date(Date.UTC(2000, 0, 2, 0, minutes))));
}
// 2000-01-02 was a Sunday, matching DAYS[0].
/** @param {'short' | 'long'} style */
const dayName = (style) => DAYS.map((_, d) => new Intl.DateTimeFormat(lang,
  { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 2 + d))));
export const dayShort = dayName('short'), dayLong = dayName('long');
const number1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const number0 = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

/** @param {number} mi */
export function distanceText(mi) {
  const v = miles ? mi : mi * KM_PER_MILE;
  const n = (v < 10 ? number1 : number0).format(v);
  return miles ? n + (n === number1.format(1) ? ' mile' : ' miles') : n + ' km';
}
/** @param {number} mi */
export function radiusText(mi) {
  if (miles) return number1.format(mi) + (mi === 1 ? ' mile' : ' miles');
  return number0.format(mi * KM_PER_MILE) + ' km';
}

/** @type {Record<string, string>} */
const zoneNames = {};
/** @param {string} zone */
export function zoneName(zone) {
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
/** @param {number} n @param {string} one @param {string} many */
export const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

/** @param {import('./schedule.js').Slot} sl */
export function everyText(sl) {
  if (sl[3] === 1) return 'every other week';
  if (sl[3] !== 2) return '';
  const w = sl[4] || 0;
  return ['1st', '2nd', '3rd', '4th', 'last'].filter((_, ix) => w & (1 << ix)).join(' & ') + ' of the month';
}
/** @param {number} start @param {number} length */
export function rangeText(start, length) {
  return length ? clock(start) + '–' + clock(start + length) : clock(start);
}
/* "Tue 7:00 PM–8:00 PM", in the entry's own clock moved by `shift` minutes. */
/** @param {import('./finder-filter.js').Index} D @param {number} i @param {number} day @param {number} shift */
export function slotTexts(D, i, day, shift) {
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
/** @param {import('./finder-filter.js').Index} D @param {number} i @param {number} day */
export function whenText(D, i, day) {
  if (D.schedIx[i] === 0) return 'No fixed schedule: see the details';
  const z = D.zone[i], sh = D.shift[z];
  if (!sh) return slotTexts(D, i, day, 0).join('; ');
  if ((D.f[i] & 3) === ATT_ONLINE) {
    return slotTexts(D, i, day, sh).join('; ') + ' your time (' +
      slotTexts(D, i, -1, 0).join('; ') + ' ' + zoneName(D.zones[z]) + ')';
  }
  return slotTexts(D, i, day, 0).join('; ') + ' ' + zoneName(D.zones[z]);
}

export const timeFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
export const dayTimeFormat = new Intl.DateTimeFormat(lang, { weekday: 'short', hour: 'numeric', minute: '2-digit' });

/** @type {Record<string, {time: Intl.DateTimeFormat, dayTime: Intl.DateTimeFormat}>} */
const zoneFormats = {};
/* The clock and weekday formats of `zone` ('' for the viewer's own). */
/** @param {string} zone */
function formatsOf(zone) {
  let f = zoneFormats[zone];
  if (!f) {
    try {
      f = zone ? {
        time: new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: zone }),
        dayTime: new Intl.DateTimeFormat(lang, { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone: zone }),
      } : { time: timeFormat, dayTime: dayTimeFormat };
    } catch (e) {
      f = { time: timeFormat, dayTime: dayTimeFormat }; // a zone this browser does not know
    }
    zoneFormats[zone] = f;
  }
  return f;
}

/* "In progress, until 8:30 PM", "Starts in 20 min", "Starts at 9:30 PM", "Tomorrow
   7:00 AM", "Next: Sat 7:00 PM": on the clock of `zone` (a group's own, as its schedule
   line words it), or on the viewer's when `zone` is '' (online groups). */
/** @param {import('./finder-when.js').Timing | undefined} t @param {import('./finder-when.js').Clock} C @param {string} mode @param {string} [zone] */
export function statusText(t, C, mode, zone = '') {
  // A chosen weekday says only what is on now or later today (when it is today).
  if (!t || (mode === 'weekday' && t.status !== 'in-progress' && t.status !== 'upcoming')) return '';
  const f = formatsOf(zone);
  if (t.status === 'in-progress') return 'In progress, until ' + f.time.format(t.end);
  if (t.status === 'ended' && mode === 'today') return 'Ended at ' + f.time.format(t.end);
  if (Number.isNaN(t.start)) return '';
  if (t.status === 'upcoming') {
    const m = Math.round((t.start - C.base) / 60000);
    if (m <= 0) return 'Starting now';
    return m <= SOON ? 'Starts in ' + m + ' min' : 'Starts at ' + f.time.format(t.start);
  }
  const tomorrow = zone
    ? partsIn(zone, new Date(t.start)).days === partsIn(zone, new Date(C.base)).days + 1
    : viewerDay(C, t.start) === C.viewer.days + 1;
  if (tomorrow) return 'Tomorrow ' + f.time.format(t.start);
  return 'Next: ' + f.dayTime.format(t.start);
}
