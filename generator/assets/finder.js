/* The finder on /find/: filters the directory in the browser, privately and within a frame.
 *
 * Data: the compact index (resources.json, format in generator/finder/index.py) loads once;
 * the search notes (resources-notes.json) load on the first text query; the gazetteer
 * (gazetteer/*.json, generator/finder/gazetteer.py) loads only when a place is typed, and
 * then only the shard that place needs.
 * Nothing typed leaves the device: places are resolved against the gazetteer here, and
 * "Near me" asks the browser's geolocation only when pressed.
 *
 * Speed: everything a filter needs is decoded once into typed arrays (tag bitmasks, a
 * day×time-band bitmask per entry, distances when a place is set, in distance order), so
 * a filter change is one pass over 10,000 small integers, and only the first rows of each
 * section are put in the page, reusing their DOM nodes.
 *
 * State: every filter lives in the query string (names fixed in DESIGN.md); discrete
 * changes push a history entry, typing replaces it, back/forward re-apply it.
 *
 * window.__finderTimings (for benchmarks/finder_bench.py): indexLoaded and firstResults in
 * ms since navigation start, and per filter change the synchronous time to filter, render
 * and lay out (filters) and the time to the next frame (frames).
 */
(function () {
  'use strict';

  var root = document.getElementById('finder');
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var timings = window.__finderTimings = {
    indexLoaded: null, firstResults: null, filters: [], frames: [], notesLoaded: null,
    gazetteerLoaded: null
  };
  var DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  var ATTENDANCE = ['in-person', 'online', 'hybrid'];
  var DEFAULT_RADIUS = 10;
  var MAX_RADIUS = 100;
  var PAGE = 50;
  var EARTH_MILES = 6371.009 / 1.609344; // geopy's great_circle radius
  var KM_PER_MILE = 1.609344;
  var F_CLOSED = 32, F_APPROX = 64, F_COORDS = 128;
  var ATT_IN_PERSON = 0, ATT_ONLINE = 1, ATT_HYBRID = 2;

  var $ = function (id) { return document.getElementById(id); };
  var form = $('fd-form');
  var el = {
    near: $('fd-near'), locate: $('fd-locate'), radius: $('fd-radius'), day: $('fd-day'),
    time: $('fd-time'), program: $('fd-program'), attendance: $('fd-attendance'),
    q: $('fd-q'), now: $('fd-now'), closed: $('fd-closed'), copy: $('fd-copy'),
    reset: $('fd-reset'), count: $('fd-count'), place: $('fd-place'), active: $('fd-active'),
    sections: {
      near: { box: $('fd-near-section'), title: $('fd-near-title'), list: $('fd-near-list'),
              more: $('fd-near-more'), empty: null },
      online: { box: $('fd-online-section'), title: $('fd-online-title'),
                list: $('fd-online-list'), more: $('fd-online-more'), empty: null }
    }
  };
  var tagBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="tag"]'));
  var url = function (attr) { return new URL(root.getAttribute(attr), document.baseURI).href; };

  // ------------------------------------------------------------------ locale and text

  var lang = navigator.language || 'en-US';
  var miles = usesMiles(lang);
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  function usesMiles(tag) {
    try {
      var region = new Intl.Locale(tag).maximize().region;
      return ['US', 'GB', 'LR', 'MM'].indexOf(region) >= 0;
    } catch (e) { return true; }
  }

  /* Same as generator/finder/text.py fold(): accents and case do not matter. */
  var ASCII = /^[\x00-\x7f]*$/;
  function fold(s) {
    // Most text is plain ASCII: skip the Unicode decomposition for it.
    if (!ASCII.test(s)) s = s.normalize('NFKD').replace(/\p{M}/gu, '');
    return s.toLowerCase().replace(/\s+/g, ' ').trim();
  }

  var PLACE_WORDS = { st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort', pt: 'point' };
  /* Town names compare without punctuation, and "St. Louis" finds "Saint Louis". */
  function placeKey(s) {
    return fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ')
      .map(function (w) { return PLACE_WORDS[w] || w; }).join(' ');
  }

  var clockFormat = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  var clockCache = {};
  function clock(minutes) {
    minutes = ((minutes % 1440) + 1440) % 1440;
    return clockCache[minutes] || (clockCache[minutes] =
      clockFormat.format(new Date(Date.UTC(2000, 0, 2, 0, minutes))));
  }
  var dayFormat = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  var longDayFormat = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
  // 2000-01-02 was a Sunday, matching DAYS[0].
  var dayShort = DAYS.map(function (_, d) { return dayFormat.format(new Date(Date.UTC(2000, 0, 2 + d))); });
  var dayLong = DAYS.map(function (_, d) { return longDayFormat.format(new Date(Date.UTC(2000, 0, 2 + d))); });
  var numberFormat1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var numberFormat0 = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

  function distanceText(mi) {
    var v = miles ? mi : mi * KM_PER_MILE;
    var n = (v < 10 ? numberFormat1 : numberFormat0).format(v);
    return miles ? n + (v === 1 ? ' mile' : ' miles') : n + ' km';
  }
  function radiusText(mi) {
    if (miles) return numberFormat1.format(mi) + (mi === 1 ? ' mile' : ' miles');
    return numberFormat0.format(mi * KM_PER_MILE) + ' km';
  }

  // ------------------------------------------------------------------ time zones

  var zoneParts = {};
  function partsIn(zone, date) {
    var fmt = zoneParts[zone];
    if (!fmt) {
      try {
        fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone || viewerZone, hourCycle: 'h23',
          year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
          weekday: 'short' });
      } catch (e) {
        fmt = new Intl.DateTimeFormat('en-US', { timeZone: viewerZone, hourCycle: 'h23',
          year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
          weekday: 'short' });
      }
      zoneParts[zone] = fmt;
    }
    var out = {};
    fmt.formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    var y = +out.year, m = +out.month, d = +out.day, h = +out.hour % 24, mi = +out.minute;
    return {
      dow: DAYS.indexOf(out.weekday.slice(0, 3).toLowerCase()), minute: h * 60 + mi,
      dom: d, dim: new Date(Date.UTC(y, m, 0)).getUTCDate(),
      offset: Math.round((Date.UTC(y, m - 1, d, h, mi) - date.getTime()) / 60000)
    };
  }
  var zoneNames = {};
  function zoneName(zone) {
    if (!(zone in zoneNames)) {
      var name = zone;
      try {
        new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: 'short' })
          .formatToParts(new Date()).forEach(function (p) { if (p.type === 'timeZoneName') name = p.value; });
      } catch (e) { /* keep the IANA name */ }
      zoneNames[zone] = name;
    }
    return zoneNames[zone];
  }

  // ------------------------------------------------------------------ the index

  var D = null; // decoded index
  var S = { state: null, origin: null, originKey: '', place: null, limit: { near: PAGE, online: PAGE },
            notes: null, notesLoading: false, rows: new Map(), rendered: false, seq: 0,
            orderNear: null, dist: null };

  function bandOf(minute) {
    var m = minute < D.bands[0][1] ? minute + 1440 : minute;
    for (var b = 0; b < D.bands.length; b++) if (m >= D.bands[b][1] && m < D.bands[b][2]) return b;
    return 0;
  }

  /* Day × band bits (bit day*4+band) of a schedule, its times moved by `shift` minutes. */
  function dayBandMask(slots, shift) {
    var mask = 0;
    for (var k = 0; k < slots.length; k++) {
      var sl = slots[k], start = sl[1] + shift;
      var carry = Math.floor(start / 1440), band = bandOf(((start % 1440) + 1440) % 1440);
      for (var d = 0; d < 7; d++) {
        if (sl[0] & (1 << d)) mask |= 1 << ((((d + carry) % 7 + 7) % 7) * 4 + band);
      }
    }
    return mask >>> 0;
  }

  function decode(x) {
    var n = x.n, i, k;
    var d = {
      n: n, raw: x, ids: x.id, names: x.nm, towns: x.towns, places: x.places, zones: x.zones,
      progs: x.progs, tagDefs: x.tags, sched: x.sched, tagsets: x.tagsets, hash: x.h,
      bands: x.bands, f: Uint8Array.from(x.f), prog: Uint8Array.from(x.p),
      zone: Uint16Array.from(x.z), town: Uint32Array.from(x.tw), place: Uint32Array.from(x.pl),
      tagset: Uint32Array.from(x.t), schedIx: Uint32Array.from(x.s),
      lat: new Float64Array(n), lon: new Float64Array(n), mask: new Uint32Array(n),
      progIndex: {}, tagIndex: {}, words: Math.max(1, Math.ceil(x.tags.length / 32))
    };
    var scale = x.cs, la = 0, lo = 0, j = 0;
    for (i = 0; i < n; i++) {
      if (d.f[i] & F_COORDS) {
        la += x.la[j]; lo += x.lo[j]; j++;
        d.lat[i] = la / scale; d.lon[i] = lo / scale;
      } else { d.lat[i] = NaN; d.lon[i] = NaN; }
    }
    x.progs.forEach(function (p, ix) { d.progIndex[p[0]] = ix; });
    x.tags.forEach(function (t, ix) { d.tagIndex[t[0]] = ix; });
    // Tags as bitmasks of `words` 32-bit words per entry: "has all of these" is an AND.
    var W = d.words, setBits = new Uint32Array(x.tagsets.length * W), used = {};
    x.tagsets.forEach(function (set, ix) {
      set.forEach(function (t) { setBits[ix * W + (t >> 5)] |= 1 << (t & 31); used[x.tags[t][0]] = true; });
    });
    d.tagBits = new Uint32Array(n * W);
    D = d;
    // A viewer far from a meeting's zone sees online meetings at their own clock time.
    var now = new Date(), viewer = partsIn(viewerZone, now).offset;
    d.shift = x.zones.map(function (z) { return viewer - partsIn(z, now).offset; });
    var local = x.sched.map(function (slots) { return dayBandMask(slots, 0); });
    var shifted = {};
    for (i = 0; i < n; i++) {
      for (k = 0; k < W; k++) d.tagBits[i * W + k] = setBits[d.tagset[i] * W + k];
      var s = d.schedIx[i], sh = d.shift[d.zone[i]];
      if ((d.f[i] & 3) === ATT_ONLINE && sh !== 0) {
        k = s + ':' + sh;
        if (!(k in shifted)) shifted[k] = dayBandMask(x.sched[s], sh);
        d.mask[i] = shifted[k];
      } else d.mask[i] = local[s];
    }
    // Name order, for lists without a place or a day to sort by.
    // The index lists entries by name already (generator/finder/index.py: listed).
    d.nameOrder = d.nameRank = Int32Array.from({ length: n }, function (_, ix) { return ix; });
    d.hay = null; // folded name, place and town: built on the first text query
    // Offer only the attributes some listed group has (the list is folded away, so
    // hiding the others moves nothing on screen).
    tagBoxes.forEach(function (b) { b.parentNode.hidden = !used[b.value] && !b.checked; });
    return d;
  }

  /* Folded name, place and town (and notes, once loaded) of entries [built, upTo). */
  function buildHay(upTo) {
    if (!D.hay) { D.hay = new Array(D.n); D.hayBuilt = 0; }
    for (var i = D.hayBuilt; i < upTo; i++) {
      D.hay[i] = fold(D.names[i] + ' ' + D.places[D.place[i]] + ' ' + D.towns[D.town[i]]);
      if (S.notes && S.notes[i]) D.hay[i] += ' ' + S.notes[i];
    }
    D.hayBuilt = Math.max(D.hayBuilt, upTo);
  }
  function haystacks() {
    if (!D.hay || D.hayBuilt < D.n) buildHay(D.n);
    return D.hay;
  }
  /* Builds the search text in idle slices, so neither the first results nor the first
     typed word wait for it. */
  function buildHayWhenIdle() {
    var later = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
    later(function step(deadline) {
      while ((!D.hay || D.hayBuilt < D.n) && (!deadline || deadline.timeRemaining() > 3)) {
        buildHay(Math.min(D.n, (D.hayBuilt || 0) + 500));
        if (!deadline) break;
      }
      if (D.hayBuilt < D.n) later(step);
    });
  }
  function addNotes(notes) {
    for (var i = 0; i < D.hayBuilt; i++) if (notes[i]) D.hay[i] += ' ' + notes[i];
  }
  function loadNotes() {
    if (S.notes || S.notesLoading) return;
    S.notesLoading = true;
    fetch(url('data-notes')).then(function (r) { return r.ok ? r.json() : null; }).then(function (x) {
      if (!x || x.h !== D.hash || x.x.length !== D.n) return;
      S.notes = x.x;
      timings.notesLoaded = performance.now();
      if (D.hay) addNotes(S.notes);
      if (S.state.q) render();
    }).catch(function () { /* search keeps to names, places and towns */ });
  }

  // ------------------------------------------------------------------ URL state

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return true;
    return false;
  }
  function readState(search) {
    var p = new URLSearchParams(search);
    var num = function (v) { var x = parseFloat(v); return isFinite(x) ? x : null; };
    var lat = num(p.get('lat')), lon = num(p.get('lon'));
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) lat = lon = null;
    var radius = num(p.get('radius'));
    radius = radius === null ? DEFAULT_RADIUS : Math.min(MAX_RADIUS, Math.max(1, radius));
    var pick = function (name, select) {
      var v = p.get(name) || '';
      return hasOption(select, v) ? v : '';
    };
    var known = tagBoxes.map(function (b) { return b.value; });
    var tags = p.getAll('tag').filter(function (t, ix, all) {
      return known.indexOf(t) >= 0 && all.indexOf(t) === ix;
    });
    return {
      near: lat === null ? (p.get('near') || '').trim().slice(0, 100) : '', lat: lat, lon: lon,
      radius: radius, day: pick('day', el.day), time: pick('time', el.time),
      program: pick('program', el.program), attendance: pick('attendance', el.attendance),
      tags: tags, q: (p.get('q') || '').slice(0, 200), now: p.get('now') === '1',
      closed: p.get('closed') === '1'
    };
  }
  function round(v, places) { var m = Math.pow(10, places); return Math.round(v * m) / m; }
  function searchOf(s) {
    var p = new URLSearchParams();
    if (s.lat !== null) { p.set('lat', String(s.lat)); p.set('lon', String(s.lon)); }
    else if (s.near) p.set('near', s.near);
    if (s.radius !== DEFAULT_RADIUS) p.set('radius', String(round(s.radius, 2)));
    if (s.day) p.set('day', s.day);
    if (s.time) p.set('time', s.time);
    if (s.program) p.set('program', s.program);
    if (s.attendance) p.set('attendance', s.attendance);
    s.tags.forEach(function (t) { p.append('tag', t); });
    if (s.q) p.set('q', s.q);
    if (s.now) p.set('now', '1');
    if (s.closed) p.set('closed', '1');
    var q = p.toString();
    return q ? '?' + q : '';
  }
  function writeUrl(how) {
    var target = location.pathname + searchOf(S.state) + location.hash;
    if (target === location.pathname + location.search + location.hash) return;
    history[how === 'push' ? 'pushState' : 'replaceState'](null, '', target);
  }

  function radiusOption(mi) {
    var value = String(round(mi, 2));
    if (!hasOption(el.radius, value)) {
      var opt = new Option(radiusText(mi), value);
      var after = Array.prototype.find.call(el.radius.options, function (o) { return +o.value > mi; });
      el.radius.add(opt, after || null);
    }
    return value;
  }
  /* Kilometre locales get round kilometre choices; the URL keeps miles (DESIGN.md). */
  function localizeRadius() {
    if (miles) return;
    var selected = +el.radius.value;
    while (el.radius.options.length) el.radius.remove(0);
    [2, 5, 10, 15, 25, 50, 100, 160].forEach(function (km) {
      el.radius.add(new Option(km + ' km', String(round(km / KM_PER_MILE, 2))));
    });
    el.radius.value = radiusOption(selected);
  }

  function showState(s) {
    el.near.value = s.lat !== null ? '' : s.near;
    el.radius.value = radiusOption(s.radius);
    el.day.value = s.day; el.time.value = s.time; el.program.value = s.program;
    el.attendance.value = s.attendance; el.q.value = s.q;
    el.now.checked = s.now; el.closed.checked = s.closed;
    tagBoxes.forEach(function (b) { b.checked = s.tags.indexOf(b.value) >= 0; });
  }
  /* How many of the folded-away filters are on, in their summary. */
  function showActive() {
    var s = S.state, n = s.tags.length + (s.time ? 1 : 0) + (s.program ? 1 : 0) +
      (s.attendance ? 1 : 0) + (s.closed ? 1 : 0);
    if (el.active) setText(el.active, n ? ' (' + n + ' on)' : '');
  }
  function showPoint() {
    el.near.placeholder = S.state.lat !== null ? 'Using ' + (S.pointLabel || 'the chosen location') : '';
  }
  function formState() {
    var prev = S.state, near = el.near.value.trim().slice(0, 100);
    var keepPoint = prev.lat !== null && near === '';
    return {
      near: keepPoint ? '' : near, lat: keepPoint ? prev.lat : null, lon: keepPoint ? prev.lon : null,
      radius: Math.min(MAX_RADIUS, Math.max(1, parseFloat(el.radius.value) || DEFAULT_RADIUS)),
      day: el.day.value, time: el.time.value, program: el.program.value,
      attendance: el.attendance.value, q: el.q.value.slice(0, 200),
      tags: tagBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
      now: el.now.checked, closed: el.closed.checked
    };
  }

  // ------------------------------------------------------------------ where

  function setOrigin(origin) {
    var key = origin ? origin.lat + ',' + origin.lon : '';
    S.origin = origin;
    if (key === S.originKey) return;
    S.originKey = key;
    S.orderNear = null; S.dist = null;
    if (!origin) return;
    var n = D.n, dist = new Float64Array(n), within = [];
    var p1 = origin.lat * Math.PI / 180, l1 = origin.lon * Math.PI / 180, c1 = Math.cos(p1);
    for (var i = 0; i < n; i++) {
      if (!(D.f[i] & F_COORDS)) { dist[i] = NaN; continue; }
      var p2 = D.lat[i] * Math.PI / 180, dp = p2 - p1, dl = D.lon[i] * Math.PI / 180 - l1;
      var a = Math.sin(dp / 2) * Math.sin(dp / 2) + c1 * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
      dist[i] = 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
      if (dist[i] <= MAX_RADIUS && (D.f[i] & 3) !== ATT_ONLINE) within.push(i);
    }
    within.sort(function (a, b) { return dist[a] - dist[b] || D.nameRank[a] - D.nameRank[b]; });
    S.dist = dist;
    S.orderNear = Int32Array.from(within);
  }

  // The gazetteer comes in shards (generator/finder/gazetteer.py): a typed place loads
  // only the one it needs, a few KB.
  var ZIP = /^(\d{5})(?:\s*-?\s*\d{4})?$/;
  var shards = {}, shardLoads = {};
  /* The shards that may know a typed place, in the order to ask them. */
  function shardsFor(text) {
    var t = text.trim(), m = ZIP.exec(t);
    if (m) return ['zip-' + m[1].slice(0, 2)];
    var first = placeKey(t.split(',')[0]).charAt(0);
    var town = 'towns-' + (first >= 'a' && first <= 'z' ? first : '_');
    return /\d/.test(t) ? ['other', town] : [town];
  }
  function loadShards(names) {
    return Promise.all(names.map(function (name) {
      if (!shardLoads[name]) {
        shardLoads[name] = fetch(new URL(name + '.json', url('data-gazetteer')).href).then(function (r) {
          if (!r.ok) throw new Error(name + ' ' + r.status);
          return r.json();
        }).then(function (x) {
          shards[name] = decodeShard(name, x);
          timings.gazetteerLoaded = performance.now();
        });
        shardLoads[name].catch(function () { delete shardLoads[name]; });
      }
      return shardLoads[name];
    }));
  }
  function decodeShard(name, x) {
    var i, la = 0, lo = 0, scale = x.cs;
    if (name.indexOf('zip-') === 0) {
      var zips = new Map(), codes = [], code = 0, t = 0;
      for (i = 0; i < x.c.length; i++) {
        code += x.c[i]; t += x.t[i]; la += x.la[i]; lo += x.lo[i];
        var zip = String(code).padStart(5, '0');
        zips.set(zip, { lat: la / scale, lon: lo / scale, label: zip + ' (' + x.tn[t] + ')' });
        codes.push(code);
      }
      return { zips: zips, codes: codes };
    }
    if (name === 'other') {
      var other = new Map();
      x.pc.forEach(function (row) {
        other.set(row[0].replace(/\s+/g, '').toUpperCase(),
          { code: row[0], country: row[1], lat: row[2] / scale, lon: row[3] / scale });
      });
      return { other: other };
    }
    var byKey = new Map();
    for (i = 0; i < x.n.length; i++) {
      la += x.la[i]; lo += x.lo[i];
      var region = x.rg[x.g[i]], country = x.co[x.o[i]];
      var town = { name: x.n[i], region: region, country: country, lat: la / scale, lon: lo / scale,
                   count: x.k[i] };
      town.label = [town.name, region, country !== x.home ? country : ''].filter(Boolean).join(', ');
      var key = placeKey(town.name);
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(town);
    }
    return { byKey: byKey };
  }

  /* A typed place, its shards loaded -> {kind: 'ok', lat, lon, label} |
     {kind: 'choices', options} | {kind: 'unknown', suggestions, message}. */
  function resolve(text) {
    var t = text.trim(), m = ZIP.exec(t), names = shardsFor(t);
    if (m) {
      var zs = shards[names[0]], zip = zs.zips.get(m[1]);
      if (zip) return { kind: 'ok', lat: zip.lat, lon: zip.lon, label: zip.label };
      return { kind: 'unknown', suggestions: nearbyCodes(zs.codes, +m[1]),
               message: 'Postal code ' + m[1] + ' is not near any group listed here.' };
    }
    if (names[0] === 'other') {
      var other = shards.other.other.get(t.replace(/\s+/g, '').toUpperCase());
      if (other) return { kind: 'ok', lat: other.lat, lon: other.lon, label: other.code };
    }
    var byKey = shards[names[names.length - 1]].byKey;
    var parts = t.split(','), name = placeKey(parts[0]), qualifier = parts.slice(1).map(placeKey).filter(Boolean);
    var found = byKey.get(name) || [];
    if (!found.length && !qualifier.length) {
      // "Springfield IL": the last word may be the region or the country.
      var words = name.split(' ');
      if (words.length > 1) {
        var rest = words.slice(0, -1).join(' ');
        if (byKey.has(rest)) { found = byKey.get(rest); qualifier = [words[words.length - 1]]; }
      }
    }
    if (qualifier.length) {
      found = found.filter(function (town) {
        return qualifier.every(function (q) {
          return placeKey(town.region) === q || placeKey(town.country) === q;
        });
      });
    }
    if (found.length === 1) return { kind: 'ok', lat: found[0].lat, lon: found[0].lon, label: found[0].label };
    if (found.length > 1) {
      return { kind: 'choices', options: found.slice().sort(function (a, b) {
        return b.count - a.count || a.label.localeCompare(b.label);
      }).map(function (town) { return town.label; }) };
    }
    return { kind: 'unknown', suggestions: similarTowns(byKey, name),
             message: '“' + t + '” is not a town or postal code near any group listed here.' };
  }

  function nearbyCodes(list, code) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < code) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var k = Math.max(0, lo - 2); k < Math.min(list.length, lo + 2); k++) {
      // Only codes that share the first three digits are near each other.
      if (Math.floor(list[k] / 100) === Math.floor(code / 100)) out.push(String(list[k]).padStart(5, '0'));
    }
    return out;
  }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  /* Towns spelled like `key` (in its shard: the first letter is rarely the typo). */
  function similarTowns(byKey, key) {
    if (!key) return [];
    var limit = key.length < 5 ? 1 : key.length < 9 ? 2 : 3, scored = [];
    byKey.forEach(function (towns, k) {
      var d = k.indexOf(key) === 0 && key.length >= 3 ? 0.5 : editDistance(key, k, limit);
      if (d <= limit) towns.forEach(function (town) { scored.push([d, -town.count, town.label]); });
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]); });
    return scored.slice(0, 6).map(function (s) { return s[2]; });
  }

  /* Works out the origin for the current state; calls back when it changed later. */
  function locate(done) {
    var s = S.state, seq = ++S.seq;
    if (s.lat !== null) {
      S.place = { kind: 'point' };
      setOrigin({ lat: s.lat, lon: s.lon, label: S.pointLabel || 'the chosen location' });
      return true;
    }
    if (!s.near) { S.place = null; setOrigin(null); return true; }
    var needed = shardsFor(s.near);
    if (needed.every(function (name) { return shards[name]; })) { applyPlace(resolve(s.near)); return true; }
    S.place = { kind: 'loading' };
    loadShards(needed).then(function () {
      if (seq !== S.seq) return;
      applyPlace(resolve(S.state.near));
      done();
    }, function () {
      if (seq !== S.seq) return;
      S.place = { kind: 'unknown', suggestions: [], message: 'The list of places could not be loaded.' };
      setOrigin(null);
      done();
    });
    return false;
  }
  function applyPlace(result) {
    S.place = result;
    setOrigin(result.kind === 'ok' ? { lat: result.lat, lon: result.lon, label: result.label } : null);
  }

  function showPlace() {
    var box = el.place, p = S.place;
    var shown = !p || p.kind === 'ok' || p.kind === 'point' ? '' : [p.kind, S.state.near,
      p.message || ''].concat(p.options || p.suggestions || []).join('|');
    if (shown === S.placeShown) return; // unchanged: keep the nodes, and the focus in them
    S.placeShown = shown;
    box.textContent = '';
    if (!shown) return;
    // A question about what was just typed belongs in view (it sits above the results).
    if (S.userAction && p.kind !== 'loading') requestAnimationFrame(function () { box.scrollIntoView({ block: 'nearest' }); });
    var text = document.createElement('p');
    if (p.kind === 'loading') { text.textContent = 'Looking up “' + S.state.near + '” on this device…'; box.append(text); return; }
    var options = p.kind === 'choices' ? p.options : p.suggestions;
    text.id = 'fd-place-text';
    text.textContent = p.kind === 'choices'
      ? 'More than one place is called “' + S.state.near + '”. Which one do you mean?'
      : p.message + (options.length ? ' Did you mean one of these?' : ' Check the spelling, or try a postal code.');
    box.append(text);
    if (!options.length) return;
    var group = document.createElement('div');
    group.className = 'fd-choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-labelledby', 'fd-place-text');
    options.forEach(function (label) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'md-button'; b.textContent = label;
      b.addEventListener('click', function () {
        el.near.value = label;
        update(formState(), 'push');
        el.near.focus();
      });
      group.append(b);
    });
    box.append(group);
  }

  // ------------------------------------------------------------------ filtering

  function slotsOf(i) { return D.sched[D.schedIx[i]]; }
  function shiftOf(i) { return (D.f[i] & 3) === ATT_ONLINE ? D.shift[D.zone[i]] : 0; }

  /* Earliest start on day d (0 = Sunday) in the entry's listed clock, or 1e4 if none. */
  function startOn(i, d) {
    var slots = slotsOf(i), sh = shiftOf(i), best = 1e4;
    for (var k = 0; k < slots.length; k++) {
      var start = slots[k][1] + sh, carry = Math.floor(start / 1440);
      var local = ((d - carry) % 7 + 7) % 7;
      if (slots[k][0] & (1 << local)) best = Math.min(best, ((start % 1440) + 1440) % 1440);
    }
    return best;
  }

  /* In progress, or starting within the hour, in the meeting's own zone right now. */
  function isNow(i, nowByZone) {
    var z = D.zone[i], now = nowByZone[z];
    if (!now) now = nowByZone[z] = partsIn(D.zones[z], S.clock);
    var slots = slotsOf(i), nowW = now.dow * 1440 + now.minute;
    for (var k = 0; k < slots.length; k++) {
      var sl = slots[k], length = sl[2] || 60;
      for (var d = 0; d < 7; d++) {
        if (!(sl[0] & (1 << d))) continue;
        var w = d * 1440 + sl[1];
        var ahead = ((w - nowW) % 10080 + 10080) % 10080, since = ((nowW - w) % 10080 + 10080) % 10080;
        if (!(ahead <= 60 || since < length)) continue;
        if (sl[3] === 2 && !inWeeks(sl[4] || 0, now, ahead <= 60 ? Math.floor((now.minute + ahead) / 1440)
          : -Math.floor((since - now.minute + 1439) / 1440))) continue;
        return true;
      }
    }
    return false;
  }
  function inWeeks(weeks, now, dayOffset) {
    var dom = now.dom + dayOffset;
    if (dom < 1 || dom > now.dim) return true; // across a month's edge: let it through
    var nth = Math.ceil(dom / 7);
    return !!((nth <= 4 && weeks & (1 << (nth - 1))) || (weeks & 16 && dom + 7 > now.dim));
  }

  function compute() {
    var s = S.state, n = D.n, i, k;
    var today = new Date(S.clock).getDay();
    var day = s.now || s.day === 'any' ? -1 : s.day ? DAYS.indexOf(s.day) : today;
    var band = s.now || !s.time ? -1 : D.bands.findIndex(function (b) { return b[0] === s.time; });
    var want = 0xFFFFFFF;
    if (day >= 0) want &= 0xF << (day * 4);
    if (band >= 0) { var b = 0; for (k = 0; k < 7; k++) b |= 1 << (k * 4 + band); want &= b; }
    var prog = s.program ? D.progIndex[s.program] : -1;
    var W = D.words, wantTags = new Uint32Array(W), anyTag = false;
    s.tags.forEach(function (t) {
      var ix = D.tagIndex[t];
      if (ix !== undefined) { wantTags[ix >> 5] |= 1 << (ix & 31); anyTag = true; }
    });
    var terms = fold(s.q).split(' ').filter(Boolean), hay = terms.length ? haystacks() : null;
    if (terms.length) loadNotes();
    var nowByZone = {};
    var att = s.attendance, showNear = att !== 'online', showOnline = att === '' || att === 'online';

    function passes(i) {
      var f = D.f[i];
      if ((f & F_CLOSED) && !s.closed) return false;
      if (prog >= 0 && D.prog[i] !== prog) return false;
      if (att === 'hybrid' && (f & 3) !== ATT_HYBRID) return false;
      if (anyTag) {
        for (var w = 0, base = i * W; w < W; w++) {
          if (((D.tagBits[base + w] & wantTags[w]) >>> 0) !== wantTags[w]) return false;
        }
      }
      if (D.schedIx[i] !== 0) { if (!(D.mask[i] & want)) return false; }
      else if (s.now) return false;
      if (s.now && !isNow(i, nowByZone)) return false;
      if (hay) { var h = hay[i]; for (var t = 0; t < terms.length; t++) if (h.indexOf(terms[t]) < 0) return false; }
      return true;
    }

    var near = [], online = [];
    if (showNear) {
      if (S.origin) {
        var order = S.orderNear;
        for (k = 0; k < order.length; k++) {
          i = order[k];
          if (S.dist[i] > s.radius) break;
          if (passes(i)) near.push(i);
        }
      } else {
        for (k = 0; k < n; k++) {
          i = D.nameOrder[k];
          if ((D.f[i] & 3) !== ATT_ONLINE && passes(i)) near.push(i);
        }
        if (day >= 0) near = byStart(near, day);
      }
    }
    if (showOnline) {
      for (k = 0; k < n; k++) {
        i = D.nameOrder[k];
        var a = D.f[i] & 3;
        if ((a === ATT_ONLINE || (att === 'online' && a === ATT_HYBRID)) && passes(i)) online.push(i);
      }
      if (day >= 0) online = byStart(online, day);
    }
    return { near: near, online: online, showNear: showNear, showOnline: showOnline, day: day, today: today };
  }

  /* Sort by start time on day d, then by name, with one numeric sort of packed keys. */
  function byStart(list, d) {
    var n = D.n, keys = new Float64Array(list.length);
    for (var k = 0; k < list.length; k++) keys[k] = startOn(list[k], d) * n + D.nameRank[list[k]];
    keys.sort();
    var out = new Array(list.length);
    for (k = 0; k < list.length; k++) out[k] = D.nameOrder[keys[k] % n];
    return out;
  }

  // ------------------------------------------------------------------ rendering

  function everyText(sl) {
    if (sl[3] === 1) return 'every other week';
    if (sl[3] !== 2) return '';
    var w = sl[4] || 0, words = [];
    ['1st', '2nd', '3rd', '4th', 'last'].forEach(function (word, ix) { if (w & (1 << ix)) words.push(word); });
    return words.join(' & ') + ' of the month';
  }
  function rangeText(start, length) {
    return length ? clock(start) + '–' + clock(start + length) : clock(start);
  }
  /* "Tue 7:00 PM–8:00 PM", in the entry's own clock moved by `shift` minutes. */
  function slotTexts(i, day, shift) {
    var slots = slotsOf(i), out = [];
    for (var k = 0; k < slots.length; k++) {
      var sl = slots[k], start = sl[1] + shift, carry = Math.floor(start / 1440), days = [];
      for (var d = 0; d < 7; d++) {
        if (sl[0] & (1 << d)) days.push((((d + carry) % 7) + 7) % 7);
      }
      days.sort();
      if (day >= 0) { if (days.indexOf(day) < 0) continue; days = [day]; }
      var label = days.length === 7 ? 'Daily' : days.map(function (d) { return dayShort[d]; }).join(', ');
      var extra = everyText(sl);
      out.push(label + ' ' + rangeText(start, sl[2]) + (extra ? ' (' + extra + ')' : ''));
    }
    return out;
  }
  function whenText(i, day) {
    if (D.schedIx[i] === 0) return 'No fixed schedule: see the details';
    var z = D.zone[i], sh = D.shift[z];
    if (!sh) return slotTexts(i, day, 0).join('; ');
    if ((D.f[i] & 3) === ATT_ONLINE) {
      return slotTexts(i, day, sh).join('; ') + ' your time (' +
        slotTexts(i, -1, 0).join('; ') + ' ' + zoneName(D.zones[z]) + ')';
    }
    return slotTexts(i, day, 0).join('; ') + ' ' + zoneName(D.zones[z]);
  }

  function makeRow(i) {
    var li = document.createElement('li'), x = D.raw;
    li.className = 'fd-item';
    li.dataset.id = D.ids[i];
    var head = li.appendChild(document.createElement('p'));
    head.className = 'fd-item-head';
    var a = head.appendChild(document.createElement('a'));
    a.setAttribute('href', root.getAttribute('data-resource') + encodeURIComponent(D.ids[i]) + '/');
    a.textContent = D.names[i];
    var dist = head.appendChild(document.createElement('span'));
    dist.className = 'fd-dist';
    var when = li.appendChild(document.createElement('p'));
    when.className = 'fd-when';
    var f = D.f[i], bits = [D.progs[D.prog[i]][1]];
    if (D.places[D.place[i]]) bits.push(D.places[D.place[i]]);
    if (D.towns[D.town[i]]) bits.push(D.towns[D.town[i]]);
    var att = f & 3;
    bits.push(att === ATT_HYBRID ? 'In person and online' : att === ATT_ONLINE ? 'Online or phone' : 'In person');
    var kind = x.kinds[(f >> 2) & 7];
    if (kind !== 'meeting') bits.push(kind.charAt(0).toUpperCase() + kind.slice(1));
    var where = li.appendChild(document.createElement('p'));
    where.className = 'fd-where-text';
    where.textContent = bits.join(' · ');
    var tags = D.tagsets[D.tagset[i]];
    if (tags.length || f & F_CLOSED) {
      var t = li.appendChild(document.createElement('p'));
      t.className = 'fd-tags-text';
      if (f & F_CLOSED) {
        var closed = t.appendChild(document.createElement('strong'));
        closed.textContent = 'Temporarily closed';
        if (tags.length) t.append(' · ');
      }
      t.append(tags.map(function (ix) { return D.tagDefs[ix][1]; }).join(' · '));
    }
    return { li: li, dist: dist, when: when, whenKey: null, distance: null };
  }

  /* DOM writes only when something changed: an unchanged node costs no style or layout. */
  function setText(node, text) { if (node.__text !== text) { node.textContent = text; node.__text = text; } }
  function setHidden(node, hidden) { if (node.hidden !== hidden) node.hidden = hidden; }
  /* Makes `list`'s children exactly `nodes`, moving only what is out of place. */
  function reconcile(list, nodes) {
    var cur = list.firstChild;
    for (var k = 0; k < nodes.length; k++) {
      if (cur === nodes[k]) { cur = cur.nextSibling; continue; }
      list.insertBefore(nodes[k], cur);
    }
    while (cur) { var next = cur.nextSibling; list.removeChild(cur); cur = next; }
  }

  function renderSection(name, list, visible, result) {
    var sec = el.sections[name];
    setHidden(sec.box, !visible);
    if (!visible) return;
    var limit = S.limit[name], count = Math.min(limit, list.length), nodes = new Array(count);
    var day = result.day, origin = S.origin && name === 'near';
    for (var k = 0; k < count; k++) {
      var i = list[k], row = S.rows.get(i);
      if (!row) { row = makeRow(i); S.rows.set(i, row); }
      if (row.whenKey !== day) { setText(row.when, whenText(i, day)); row.whenKey = day; }
      var distance = origin ? S.dist[i].toFixed(3) : null;
      if (row.distance !== distance) {
        row.distance = distance;
        if (distance === null) delete row.li.dataset.distance;
        else row.li.dataset.distance = distance;
        setText(row.dist, distance === null ? '' :
          distanceText(S.dist[i]) + (D.f[i] & F_APPROX ? ' (approximate)' : ''));
      }
      nodes[k] = row.li;
    }
    reconcile(sec.list, nodes);
    setHidden(sec.more, list.length <= limit);
    if (list.length > limit) {
      var next = Math.min(PAGE, list.length - limit);
      setText(sec.more, 'Show ' + next + ' more (' + (list.length - limit) + ' not shown)');
    }
    if (!sec.empty) {
      sec.empty = document.createElement('p');
      sec.empty.className = 'fd-empty';
      sec.list.after(sec.empty);
    }
    setHidden(sec.empty, list.length > 0);
    setText(sec.empty, list.length ? '' : name === 'near' && S.origin
      ? 'No group here matches within ' + radiusText(S.state.radius) + '. Try a wider distance, another day or fewer filters.'
      : 'No group here matches. Try another day or fewer filters.');
  }

  function dayPhrase(result) {
    if (S.state.now) return 'starting within an hour or in progress';
    if (result.day < 0) return 'any day';
    return result.day === result.today && !S.state.day ? 'today, ' + dayLong[result.day] : 'on ' + dayLong[result.day];
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function render() {
    var t0 = performance.now();
    S.clock = new Date();
    var result = compute();
    var origin = S.origin, s = S.state, parts = [];
    setText(el.sections.near.title, origin
      ? 'In person within ' + radiusText(s.radius) + ' of ' + origin.label
      : s.attendance === 'hybrid' ? 'Hybrid: in person and online' : 'In person');
    setText(el.sections.online.title, s.attendance === 'online' ? 'Online, by phone and hybrid' : 'Online and by phone');
    renderSection('near', result.near, result.showNear, result);
    renderSection('online', result.online, result.showOnline, result);
    if (result.showNear) parts.push(plural(result.near.length, 'group', 'groups') + ' in person' + (origin ? ' within ' + radiusText(s.radius) : ''));
    if (result.showOnline) parts.push(plural(result.online.length, 'group', 'groups') + ' online or by phone');
    var text = parts.join(' and ') + ', ' + dayPhrase(result) + '.';
    if (!origin && result.showNear && !(S.place && S.place.kind !== 'ok')) text += ' Type a place or use “Near me” to see distances.';
    if (s.q && !S.notes) text += ' Searching names, places and towns; notes are loading.';
    setText(el.count, text);
    showPlace();
    void el.sections.near.list.offsetHeight; // lay out now, so the timing includes it
    var spent = performance.now() - t0;
    if (S.rendered) {
      timings.filters.push(spent);
      requestAnimationFrame(function () { setTimeout(function () { timings.frames.push(performance.now() - t0); }, 0); });
    } else if (S.place === null || S.place.kind !== 'loading') {
      S.rendered = true;
      timings.firstResults = performance.now();
    }
    root.dispatchEvent(new CustomEvent('finder:rendered', { detail: {
      near: result.near.slice(0, S.limit.near).map(function (i) { return D.ids[i]; }),
      online: result.online.slice(0, S.limit.online).map(function (i) { return D.ids[i]; })
    } }));
  }

  // ------------------------------------------------------------------ events

  function update(next, how) {
    S.state = next;
    S.userAction = !!how;
    showPoint();
    showActive();
    S.limit = { near: PAGE, online: PAGE };
    if (how) writeUrl(how);
    if (!D) return;
    locate(render);
    render();
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    update(formState(), 'push');
  });
  form.addEventListener('change', function (e) {
    if (e.target === el.q) return; // typed text updates on input
    update(formState(), 'push');
  });
  var typing = false;
  el.q.addEventListener('input', function () {
    update(formState(), typing ? 'replace' : 'push');
    typing = true;
  });
  form.addEventListener('focusout', function (e) { if (e.target === el.q) typing = false; });
  // Fetch the shard a place needs while it is being typed (from the device's own site).
  el.near.addEventListener('input', function () {
    var t = el.near.value.trim(), digits = /^\d{2}/.test(t);
    if (digits || /^\D/.test(t)) loadShards(digits ? ['zip-' + t.slice(0, 2)] : shardsFor(t)).catch(function () {});
  });

  el.locate.addEventListener('click', function () {
    if (!navigator.geolocation) {
      setText(el.count, 'This browser cannot share your location. Type a postal code or town instead.');
      return;
    }
    setText(el.count, 'Asking your browser for your location…');
    navigator.geolocation.getCurrentPosition(function (pos) {
      var next = formState();
      // Rounded to about 100 m: enough to sort by distance, less exact in a shared link.
      next.lat = round(pos.coords.latitude, 3); next.lon = round(pos.coords.longitude, 3);
      next.near = '';
      el.near.value = '';
      S.pointLabel = 'your location';
      update(next, 'push');
    }, function (err) {
      setText(el.count, (err.code === 1 ? 'Location permission was not given.' : 'Your location is not available right now.') +
        ' Type a postal code or town instead.');
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });

  ['near', 'online'].forEach(function (name) {
    var sec = el.sections[name];
    sec.more.addEventListener('click', function () {
      var first = S.limit[name];
      S.limit[name] += PAGE;
      render();
      var link = sec.list.children[first] && sec.list.children[first].querySelector('a');
      if (link) link.focus();
    });
  });

  el.copy.addEventListener('click', function () {
    var done = function () { setText(el.count, 'Link to this view copied.'); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(location.href).then(done, function () {
        setText(el.count, 'Copy the address from the address bar to share this view.');
      });
    } else setText(el.count, 'Copy the address from the address bar to share this view.');
  });
  el.reset.addEventListener('click', function (e) {
    e.preventDefault();
    var next = readState('');
    showState(next);
    update(next, 'push');
  });

  window.addEventListener('popstate', function () {
    var next = readState(location.search);
    showState(next);
    update(next, null);
  });

  // ------------------------------------------------------------------ start

  localizeRadius();
  // The home page's "Groups near me" lands here: the button is ready, but only a press of
  // it asks for the location.
  if (location.hash === '#fd-locate') el.locate.focus();
  S.state = readState(location.search);
  showState(S.state);
  showPoint();
  showActive();
  if (S.state.near && S.state.lat === null) loadShards(shardsFor(S.state.near)).catch(function () {});
  setText(el.count, 'Loading the list of groups…');
  timings.scriptStart = performance.now();
  fetch(url('data-index')).then(function (r) {
    if (!r.ok) throw new Error('index ' + r.status);
    timings.indexResponse = performance.now();
    return r.json();
  }).then(function (x) {
    timings.indexParsed = performance.now();
    decode(x);
    timings.indexLoaded = performance.now();
    if (S.state.q) loadNotes();
    // Fold the searchable text while the visitor reads, so the first typed word is fast.
    buildHayWhenIdle();
    if (!locate(render)) { setText(el.count, 'Looking up “' + S.state.near + '” on this device…'); return; }
    render();
  }).catch(function (err) {
    setText(el.count, 'The list of groups could not be loaded. Reload the page, or browse groups by place, program or online.');
    if (window.console) console.error(err);
  });

  window.__finder = { resolve: function (t) { return loadShards(shardsFor(t)).then(function () { return resolve(t); }); } };
})();
