/* The finder's wording, in the visitor's language (navigator.language) where Intl has it:
 * clock times, weekdays, distances (miles or km), zone names, a row's schedule and its
 * status line. No DOM and no state: finder.js and finder-rows.js word what they show here. */
import { ATT_ONLINE, DAYS, slotsOf } from './finder-filter.js';
import { SOON, viewerDay } from './finder-when.js';
import { partsIn } from './schedule.js';

import { lang as pageLang, t, tn } from './i18n.js';

const viewer = (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
/* The page's language, in the viewer's region where it has one ("es-US": miles, and the
   clock the US writes in Spanish); on English pages the viewer's own language, as always. */
export const lang = localeFor(pageLang, viewer);
/** @param {string} page @param {string} viewerTag */
export function localeFor(page, viewerTag) {
  if (page === 'en' || viewerTag.split('-')[0] === page) return viewerTag;
  try {
    const region = new Intl.Locale(viewerTag).maximize().region;
    return region ? page + '-' + region : page;
  } catch (e) { return page; }
}
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
  return miles ? tn('{n} mile', '{n} miles', n === number1.format(1) ? 1 : 2, { n }) : t('{n} km', { n });
}
/** @param {number} mi */
export function radiusText(mi) {
  if (miles) return tn('{n} mile', '{n} miles', mi, { n: number1.format(mi) });
  return t('{n} km', { n: number0.format(mi * KM_PER_MILE) });
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
/** "3 groups" in the page's language. @param {number} n */
export const groups = (n) => tn('{n} group', '{n} groups', n, { n });

/** @param {import('./schedule.js').Slot} sl */
export function everyText(sl) {
  if (sl[3] === 1) return t('every other week');
  if (sl[3] !== 2) return '';
  const w = sl[4] || 0;
  const ordinals = [t('1st'), t('2nd'), t('3rd'), t('4th'), t('last')];
  return t('{weeks} of the month', { weeks: ordinals.filter((_, ix) => w & (1 << ix)).join(' & ') });
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
    const label = days.length === 7 ? t('Daily') : days.map((d) => dayShort[d]).join(', ');
    const extra = everyText(sl);
    out.push(label + ' ' + rangeText(start, sl[2]) + (extra ? ' (' + extra + ')' : ''));
  }
  return out;
}
/* Online meetings in the viewer's time and their own; others in their own time, with
   their zone when it differs from the viewer's. */
/** @param {import('./finder-filter.js').Index} D @param {number} i @param {number} day */
export function whenText(D, i, day) {
  if (D.schedIx[i] === 0) return t('No fixed schedule: see the details');
  const z = D.zone[i], sh = D.shift[z];
  if (!sh) return slotTexts(D, i, day, 0).join('; ');
  if ((D.f[i] & 3) === ATT_ONLINE) {
    return t('{mine} your time ({theirs} {zone})', {
      mine: slotTexts(D, i, day, sh).join('; '), theirs: slotTexts(D, i, -1, 0).join('; '),
      zone: zoneName(D.zones[z]) });
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
/** @param {import('./finder-when.js').Timing | undefined} timing @param {import('./finder-when.js').Clock} C @param {string} mode @param {string} [zone] */
export function statusText(timing, C, mode, zone = '') {
  const tm = timing;
  // A chosen weekday says only what is on now or later today (when it is today).
  if (!tm || (mode === 'weekday' && tm.status !== 'in-progress' && tm.status !== 'upcoming')) return '';
  const f = formatsOf(zone);
  if (tm.status === 'in-progress') return t('In progress, until {time}', { time: f.time.format(tm.end) });
  if (tm.status === 'ended' && mode === 'today') return t('Ended at {time}', { time: f.time.format(tm.end) });
  if (Number.isNaN(tm.start)) return '';
  if (tm.status === 'upcoming') {
    const m = Math.round((tm.start - C.base) / 60000);
    if (m <= 0) return t('Starting now');
    return m <= SOON ? t('Starts in {n} min', { n: m }) : t('Starts at {time}', { time: f.time.format(tm.start) });
  }
  const tomorrow = zone
    ? partsIn(zone, new Date(tm.start)).days === partsIn(zone, new Date(C.base)).days + 1
    : viewerDay(C, tm.start) === C.viewer.days + 1;
  if (tomorrow) return t('Tomorrow {time}', { time: f.time.format(tm.start) });
  return t('Next: {time}', { time: f.dayTime.format(tm.start) });
}
