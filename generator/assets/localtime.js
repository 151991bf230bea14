/* Small enhancements of every page; without JavaScript nothing is lost.

   1. Resource pages, schedule lines: a meeting running now says so ("Now, until 8:30
      pm"); when the visitor's time zone is not the group's, the next meeting in the
      visitor's own time. Each line carries data-days="mon wed", data-start="19:00",
      data-end, data-zone, data-every ("week" | "2 weeks" | "month") and data-weeks
      ("1 3", -1 = last).
   2. Directions: the link opens OpenStreetMap; on Android it becomes the geo: URI that
      opens the phone's maps app, on iPhone and iPad the Apple Maps link. Only the link
      changes, with its words: nothing is requested until the visitor taps.
   3. The header search: a first line "Search groups for 'X'" that opens the finder
      with the typed text (names, places and towns), beside Material's guide results. */
/* The page's messages (a classic script: it cannot import i18n.js, whose reading of the
   page's JSON blocks this repeats): English text, or its translation on a page in
   another language. */
var dirLang = (typeof document !== "undefined" && document.documentElement && document.documentElement.lang) || "en";
var dirT = (function () {
  /** @type {Record<string, string>} */
  var messages = {};
  if (typeof document !== "undefined" && typeof document.querySelectorAll === "function") {
    document.querySelectorAll('script.dir-i18n[type="application/json"]').forEach(function (el) {
      try { Object.assign(messages, JSON.parse(el.textContent || "{}")); } catch (e) { /* English */ }
    });
  }
  /** @param {string} message @param {Record<string, string>} [vars] */
  return function (message, vars) {
    var text = typeof messages[message] === "string" && messages[message] ? messages[message] : message;
    return vars ? text.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; }) : text;
  };
})();

(function () {
  "use strict";
  var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var DAY_MS = 86400000;

  /** A schedule line of a group page (its data-* attributes).
   * @typedef {{zone: string, days: string[], start: string, end: string, every: string, weeks: number[]}} Slot */
  /** @typedef {{start: number, end: number}} Meeting */

  // The zone's wall-clock fields at an instant, as a UTC timestamp of those fields.
  /** @param {string} zone @param {number} instant @returns {number} */
  function wallClock(zone, instant) {
    /** @type {Record<string, string>} */
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit"
    }).formatToParts(new Date(instant)).forEach(function (p) { parts[p.type] = p.value; });
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute);
  }

  // The instant when the zone's clocks show the given wall time (a UTC-fields stamp).
  /** @param {string} zone @param {number} wall */
  function instantOf(zone, wall) {
    var guess = wall - (wallClock(zone, wall) - wall);
    return wall - (wallClock(zone, guess) - guess);  // second pass settles DST edges
  }

  // Whether a slot meets on `day` (a Date at UTC midnight of a date on the group's clock)
  // by its weeks of the month; its weekday is the caller's to check.
  /** @param {Date} day @param {Slot} slot */
  function meetsOn(day, slot) {
    if (slot.every !== "month") return true;
    var date = day.getUTCDate();
    var last = date + 7 > new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
    return slot.weeks.indexOf(Math.floor((date - 1) / 7) + 1) !== -1 || (last && slot.weeks.indexOf(-1) !== -1);
  }

  /** @param {string} text */
  function minutesOf(text) {
    var hm = text.split(":").map(Number);
    return hm[0] * 60 + hm[1];
  }

  // Each meeting of a slot ({zone, days: ["mon"], start: "19:00", end: "20:00" or "",
  // every, weeks: [1, -1]}) from `from` days after today on (in the group's zone), as
  // {start, end} instants, until `wanted` accepts one. A slot without an end time is
  // taken to last an hour, as most meetings do.
  /** @param {Slot} slot @param {number} now @param {number} from @param {number} to @param {(m: Meeting) => boolean} wanted @returns {Meeting | null} */
  function find(slot, now, from, to, wanted) {
    var startMin = minutesOf(slot.start);
    var endMin = slot.end ? minutesOf(slot.end) : startMin + 60;
    if (endMin <= startMin) endMin += 1440;  // ends after midnight
    var today = wallClock(slot.zone, now);
    var midnight = today - (today % DAY_MS);
    for (var i = from; i < to; i++) {
      var base = midnight + i * DAY_MS;
      var day = new Date(base);
      if (slot.days.indexOf(DAYS[day.getUTCDay()]) === -1 || !meetsOn(day, slot)) continue;
      var found = { start: instantOf(slot.zone, base + startMin * 60000),
                    end: instantOf(slot.zone, base + endMin * 60000) };
      if (wanted(found)) return found;
    }
    return null;
  }

  // The meeting running at `now` (it may have started yesterday evening), and the next
  // start at or after it within two months: null when there is none.
  /** @param {Slot} slot @param {number} now */
  function running(slot, now) {
    return find(slot, now, -1, 1, function (m) { return m.start <= now && now < m.end; });
  }
  /** @param {Slot} slot @param {number} now */
  function next(slot, now) {
    return find(slot, now, 0, 62, function (m) { return m.start >= now; });
  }

  // Pure rules for Node's tests (tests/js/), checked against generator/format/schedule.py.
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { wallClock: wallClock, instantOf: instantOf, meetsOn: meetsOn, running: running, next: next };
    return;
  }

  var lines = document.querySelectorAll(".dir-schedule li[data-zone][data-start]");
  if (!lines.length || !window.Intl) return;
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  /** @param {Element} li @returns {Slot} */
  function slotOf(li) {
    return {
      zone: li.getAttribute("data-zone"),
      days: (li.getAttribute("data-days") || "").split(" "),
      start: li.getAttribute("data-start"),
      end: li.getAttribute("data-end") || "",
      every: li.getAttribute("data-every") || "week",
      weeks: (li.getAttribute("data-weeks") || "").split(" ").map(Number)
    };
  }

  /** @param {number} instant */
  function clock(instant) {
    return new Intl.DateTimeFormat(dirLang === "en" ? "en-US" : dirLang, { timeZone: viewerZone, hour: "numeric",
      minute: "2-digit" }).format(new Date(instant)).replace(" AM", " am").replace(" PM", " pm");
  }

  /** @param {Element} li @param {string} className @param {string} text */
  function note(li, className, text) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    li.appendChild(document.createElement("br"));
    li.appendChild(span);
  }

  var now = Date.now();
  var format = new Intl.DateTimeFormat(dirLang === "en" ? "en-US" : dirLang, {
    timeZone: viewerZone, weekday: "long", month: "long", day: "numeric",
    hour: "numeric", minute: "2-digit"
  });
  lines.forEach(function (li) {
    var slot = slotOf(li), zone = slot.zone;
    // Fortnightly groups have no anchor week in the data: do not guess a date.
    if (slot.every === "2 weeks") return;
    var yours = zone === viewerZone ? "" : " " + dirT("your time");
    // Running now (it may have started yesterday evening): say so, not next week's date.
    var run = running(slot, now);
    if (run) {
      li.setAttribute("data-status", "in-progress");
      note(li, "dir-now", dirT("Now, until {time}", { time: clock(run.end) }) + yours);
      return;
    }
    var upcoming = next(slot, now);
    if (upcoming === null || !yours || wallClock(zone, upcoming.start) === wallClock(viewerZone, upcoming.start)) return;
    note(li, "dir-yourtime", dirT("Next: {time}", { time: format.format(new Date(upcoming.start))
      .replace(" AM", " am").replace(" PM", " pm") }) + yours);
  });
})();

(function () {
  "use strict";
  var links = /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a.dir-directions[data-geo]"));
  if (!links.length) return;
  var ua = navigator.userAgent || "";
  // iPadOS asks for desktop pages as a Mac: a Mac with a touch screen is an iPad.
  var apple = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  var android = /Android/.test(ua);
  if (!apple && !android) return;
  links.forEach(function (a) {
    a.href = a.getAttribute(apple ? "data-apple" : "data-geo");
    a.textContent = apple ? dirT("Get directions in Apple Maps") : dirT("Get directions in your maps app");
    a.removeAttribute("target");
  });
})();

(function () {
  "use strict";
  var input = /** @type {HTMLInputElement | null} */ (document.querySelector(".md-search__input"));
  var link = /** @type {HTMLAnchorElement | null} */ (document.querySelector("a.dir-search-groups"));
  if (!input || !link) return;
  var finder = link.getAttribute("href");
  function update() {
    var text = input.value.trim().slice(0, 200);
    link.hidden = !text;
    link.href = finder + (text ? "?q=" + encodeURIComponent(text) : "");
    link.querySelector(".dir-search-query").textContent = text;
  }
  input.addEventListener("input", update);
  input.addEventListener("search", update);
  update();
})();
