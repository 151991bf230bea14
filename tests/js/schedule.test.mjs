// The browser's schedule rules on the shared table (tests/fixtures/schedule_cases.json),
// which tests/test_schedule_cases.py runs against generator/format/schedule.py:
// generator/assets/schedule.js (weeks of the month, fortnights), finder-when.js (the
// finder's in progress / upcoming / ended, next start), finder-filter.js (the "now" filter)
// and localtime.js (group pages).
// Run with `node --test tests/js/` (tests/test_js.py does, so `make test` does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

import { fortnightOf, meetsOn } from '../../generator/assets/schedule.js';
import { clockOf, timing } from '../../generator/assets/finder-when.js';
import { isNow } from '../../generator/assets/finder-filter.js';

const here = new URL('.', import.meta.url);
const table = JSON.parse(readFileSync(new URL('../fixtures/schedule_cases.json', here), 'utf8'));
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/* localtime.js is a classic script: run it with a `module` to export its rules (and a
   page with nothing on it for its other parts). */
function loadLocaltime() {
  const source = readFileSync(new URL('../../generator/assets/localtime.js', here), 'utf8');
  const document = { querySelector: () => null, querySelectorAll: () => [] };
  const sandbox = { module: { exports: {} }, Intl, Date, document, navigator: {}, window: {} };
  vm.runInNewContext(source, sandbox, { filename: 'localtime.js' });
  return sandbox.module.exports;
}
const localtime = loadLocaltime();

const ms = (iso) => (iso === null ? null : Date.parse(iso));
const dayNumber = (iso) => Math.floor(Date.parse(iso + 'T00:00:00Z') / 864e5);
/* A finder index of one entry with this schedule, in this zone. */
const indexOf = (c) => ({ zone: [0], zones: [c.zone], sched: [[], [c.code]], schedIx: [1] });
const isoUTC = (t) => (Number.isNaN(t) ? null : new Date(t).toISOString());

test('the table has cases', () => {
  assert.ok(table.cases.length >= 20);
});

for (const c of table.cases) {
  test(c.name, async (t) => {
    const now = new Date(Date.parse(c.now));

    await t.test('schedule.js: the dates it meets on', () => {
      for (const [date, meets] of Object.entries(c.meets)) {
        const days = dayNumber(date), weekday = new Date(days * 864e5).getUTCDay();
        const got = !!(c.code[0] & (1 << weekday)) && meetsOn(c.code, days);
        assert.equal(got, meets, date);
      }
      if (c.slot.from) {
        assert.equal(c.code[4], fortnightOf(dayNumber(c.slot.from)), 'fortnight parity');
      }
    });

    await t.test('finder-when.js: status and times', () => {
      const C = clockOf(now, c.viewer);
      const got = timing(indexOf(c), 0, C);
      assert.equal(got.status, c.status);
      if (c.status === 'in-progress') {
        assert.equal(isoUTC(got.start), isoUTC(ms(c.running.start)));
        assert.equal(isoUTC(got.end), isoUTC(ms(c.running.end)));
      } else {
        assert.equal(isoUTC(got.start), c.next === null ? null : isoUTC(ms(c.next)));
        if (c.status === 'ended') assert.equal(isoUTC(got.end), isoUTC(ms(c.ended)));
      }
    });

    await t.test('finder-filter.js: "starting within an hour or in progress" (now=1)', () => {
      const soon = c.next !== null && ms(c.next) - now.getTime() <= 3600e3;
      assert.equal(isNow(indexOf(c), 0, now), c.running !== null || soon);
    });

    // Group pages carry no fortnight's week (data-every="2 weeks" lines are left alone).
    if (c.slot.every !== '2 weeks') {
      await t.test('localtime.js: running now and the next start', () => {
        const slot = { zone: c.zone, days: c.slot.days, start: c.slot.start, end: c.slot.end || '',
          every: c.slot.every || 'week', weeks: c.slot.weeks || [] };
        const run = localtime.running(slot, now.getTime());
        assert.deepEqual(run && { start: isoUTC(run.start), end: isoUTC(run.end) },
          c.running && { start: isoUTC(ms(c.running.start)), end: isoUTC(ms(c.running.end)) });
        const next = localtime.next(slot, now.getTime());
        assert.equal(next && isoUTC(next.start), c.next === null ? null : isoUTC(ms(c.next)));
        for (const [date, meets] of Object.entries(c.meets)) {
          const day = new Date(date + 'T00:00:00Z');
          assert.equal(c.slot.days.includes(DAYS[day.getUTCDay()]) && localtime.meetsOn(day, slot), meets, date);
        }
      });
    }
  });
}
