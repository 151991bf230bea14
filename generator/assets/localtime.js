/* Resource pages: when the visitor's time zone is not the group's, add the next
   meeting in the visitor's own time under each schedule line. The page already says
   everything in the group's zone; without JavaScript nothing is lost.

   Each line carries data-days="mon wed", data-start="19:00", data-end, data-zone,
   data-every ("week" | "2 weeks" | "month") and data-weeks ("1 3", -1 = last). */
(function () {
  "use strict";
  var lines = document.querySelectorAll(".dir-schedule li[data-zone][data-start]");
  if (!lines.length || !window.Intl) return;
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var DAY_MS = 86400000;

  // The zone's wall-clock fields at an instant, as a UTC timestamp of those fields.
  function wallClock(zone, instant) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit"
    }).formatToParts(new Date(instant)).forEach(function (p) { parts[p.type] = p.value; });
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute);
  }

  // The instant when the zone's clocks show the given wall time (a UTC-fields stamp).
  function instantOf(zone, wall) {
    var guess = wall - (wallClock(zone, wall) - wall);
    return wall - (wallClock(zone, guess) - guess);  // second pass settles DST edges
  }

  function meetsOn(day, li) {
    var every = li.getAttribute("data-every") || "week";
    if (every !== "month") return true;
    var weeks = (li.getAttribute("data-weeks") || "").split(" ").map(Number);
    var date = day.getUTCDate();
    var last = date + 7 > new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
    return weeks.indexOf(Math.floor((date - 1) / 7) + 1) !== -1 || (last && weeks.indexOf(-1) !== -1);
  }

  function nextStart(li, now) {
    var zone = li.getAttribute("data-zone");
    var days = (li.getAttribute("data-days") || "").split(" ");
    var hm = li.getAttribute("data-start").split(":").map(Number);
    var today = wallClock(zone, now);
    var midnight = today - (today % DAY_MS);
    for (var i = 0; i < 62; i++) {
      var day = new Date(midnight + i * DAY_MS);
      if (days.indexOf(DAYS[day.getUTCDay()]) === -1 || !meetsOn(day, li)) continue;
      var start = instantOf(zone, midnight + i * DAY_MS + (hm[0] * 60 + hm[1]) * 60000);
      if (start >= now) return start;
    }
    return null;
  }

  var now = Date.now();
  var format = new Intl.DateTimeFormat("en-US", {
    timeZone: viewerZone, weekday: "long", month: "long", day: "numeric",
    hour: "numeric", minute: "2-digit"
  });
  lines.forEach(function (li) {
    var zone = li.getAttribute("data-zone");
    // Fortnightly groups have no anchor week in the data: do not guess a date.
    if (zone === viewerZone || li.getAttribute("data-every") === "2 weeks") return;
    var start = nextStart(li, now);
    if (start === null || wallClock(zone, start) === wallClock(viewerZone, start)) return;
    var note = document.createElement("span");
    note.className = "dir-yourtime";
    note.textContent = "Next: " + format.format(new Date(start)).replace(" AM", " am")
      .replace(" PM", " pm") + " your time";
    li.appendChild(document.createElement("br"));
    li.appendChild(note);
  });
})();
