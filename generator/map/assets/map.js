/* The map, drawn by Leaflet over the site's own PMTiles basemap (protomaps-leaflet).
 * map-loader.js loads it, with both libraries as the globals L and protomapsL, when the
 * visitor presses "Show map"; mount() draws it into the box next to that button.
 *
 * On the finder it shows the in-person results: finder.js sends them in a
 * `finder:results` event on #finder ({entries: [{id, name, lat, lon}], origin, radius,
 * shown}) after every render while #finder has data-map="open" (set here), and at once
 * when asked with a `finder:map-open` event. Markers closer than CELL pixels are drawn as one
 * numbered cluster; pressing it zooms in, or lists the groups when they share a place.
 * Pressing a marker opens its popup and highlights its row in the list; pointing at a
 * row or moving the keyboard focus into it rings its marker. The list stays the primary
 * view: markers are not Tab stops (the map itself is one, with arrow keys and +/-).
 *
 * On a group page it shows the group's position.
 */
const CELL = 56; // px: markers nearer than this at the current zoom are clustered
const PLACE_ZOOM = 15;

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
}

function makeMap(box, config, siteRoot, onDrawn) {
  const L = window.L;
  const dark = document.body.getAttribute('data-md-color-scheme') === 'slate';
  const map = L.map(box, {
    minZoom: Math.max(0, config.minZoom || 0),
    maxZoom: Math.min(20, (config.maxZoom || 14) + 3), // deeper zooms enlarge the last level
    zoomSnap: 1,
  });
  map.attributionControl.setPrefix(false);
  const layer = window.protomapsL.leafletLayer({
    url: new URL(config.tiles, siteRoot).href,
    flavor: dark ? 'dark' : 'light',
    lang: (document.documentElement.lang || 'en').slice(0, 2),
    maxDataZoom: config.maxZoom,
    attribution: escapeHtml(config.attribution || ''),
  });
  layer.once('tileload', onDrawn); // the first tile painted
  layer.addTo(map);
  const [w, s, e, n] = config.bounds;
  const world = L.latLngBounds([s, w], [n, e]);
  return { L, map, world };
}

function pin(L) {
  return L.divIcon({ className: 'dm-pin', iconSize: [18, 18], html: '' });
}

// ------------------------------------------------------------------------- group page

function placeView(box, config, siteRoot, onDrawn) {
  const { L, map } = makeMap(box, config, siteRoot, onDrawn);
  const at = [+box.dataset.lat, +box.dataset.lon];
  map.setView(at, Math.min(PLACE_ZOOM, map.getMaxZoom()));
  L.marker(at, { icon: pin(L), keyboard: false, title: box.dataset.name }).addTo(map);
  if ('approximate' in box.dataset) {
    // The position is the town's, not the door's: say so on the map as on the page.
    L.circle(at, { radius: 1500, interactive: false, className: 'dm-approx' }).addTo(map);
  }
  return { show: () => map.invalidateSize(), hide: () => {} };
}

/* A marker's popup: its groups' names as links to their pages and, for one group with
   its row in the list, a button that moves there. */
function popupFor(group, resourceBase, row, close) {
  const box = document.createElement('div');
  box.className = 'dm-popup';
  const ul = box.appendChild(document.createElement('ul'));
  for (const e of group.slice(0, 12)) {
    const a = ul.appendChild(document.createElement('li')).appendChild(document.createElement('a'));
    a.href = new URL(encodeURIComponent(e.id) + '/', resourceBase).href;
    a.textContent = e.name;
  }
  if (group.length > 12) {
    box.appendChild(document.createElement('p')).textContent =
      'and ' + (group.length - 12) + ' more here: zoom in, or see the list.';
  }
  if (group.length === 1 && row) {
    const b = box.appendChild(document.createElement('button'));
    b.type = 'button';
    b.className = 'md-button dm-to-list';
    b.textContent = 'Show in the list';
    b.addEventListener('click', () => {
      close();
      row.scrollIntoView({ block: 'center' });
      const link = row.querySelector('a');
      if (link) link.focus();
    });
  }
  return box;
}

/* The entries in and near the map's view, grouped: one group per cell of a CELL-pixel
   grid at the current zoom, neighbouring groups that would overlap on screen merged
   (biggest first); at the deepest zoom, one group per exact place. */
function clusters(L, map, entries) {
  const z = map.getZoom(), view = map.getBounds().pad(0.3), deepest = z >= map.getMaxZoom();
  const cells = new Map();
  for (const e of entries) {
    if (!view.contains([e.lat, e.lon])) continue;
    let key;
    if (deepest) key = e.lat + ',' + e.lon;
    else {
      const p = map.project([e.lat, e.lon], z);
      key = Math.floor(p.x / CELL) + ':' + Math.floor(p.y / CELL);
    }
    const cell = cells.get(key);
    if (cell) cell.push(e); else cells.set(key, [e]);
  }
  const groups = [...cells.values()];
  if (deepest) return groups;
  const kept = [];
  groups.sort((a, b) => b.length - a.length);
  for (const g of groups) {
    const p = map.project(centre(L, g), z);
    const near = kept.find((k) => k.p.distanceTo(p) < CELL * 0.75);
    if (near) near.group.push(...g); else kept.push({ p, group: g });
  }
  return kept.map((k) => k.group);
}

function centre(L, group) {
  let lat = 0, lon = 0;
  for (const e of group) { lat += e.lat; lon += e.lon; }
  return L.latLng(lat / group.length, lon / group.length);
}

// ------------------------------------------------------------------------- finder

function finderView(box, config, siteRoot, onDrawn) {
  const { L, map, world } = makeMap(box, config, siteRoot, onDrawn);
  const root = document.getElementById('finder');
  const list = document.getElementById('fd-near-list');
  const resourceBase = new URL(root.getAttribute('data-resource'), document.baseURI);
  const markers = L.layerGroup().addTo(map);
  const around = L.layerGroup().addTo(map);
  let entries = [], byId = new Map(), fitted = null, ring = null, selected = null;
  let lastDetail = null;

  function rowOf(id) {
    return list.querySelector('li[data-id="' + CSS.escape(id) + '"]');
  }
  function markSelected(id) {
    if (selected) {
      const old = rowOf(selected);
      if (old) { old.classList.remove('dm-selected'); old.removeAttribute('aria-current'); }
    }
    selected = id;
    const row = id && rowOf(id);
    if (row) { row.classList.add('dm-selected'); row.setAttribute('aria-current', 'true'); }
    return row;
  }

  function choose(group, at) {
    markSelected(group.length === 1 ? group[0].id : null);
    L.popup({ maxWidth: 260, autoPanPadding: [16, 16] }).setLatLng(at)
      .setContent(popupFor(group, resourceBase, rowOf(group[0].id), () => map.closePopup()))
      .openOn(map);
  }

  function marker(group) {
    const at = centre(L, group);
    const one = group.length === 1;
    const icon = one ? pin(L) : L.divIcon({
      className: 'dm-cluster', iconSize: [34, 34], html: '<span>' + group.length + '</span>',
    });
    const m = L.marker(at, { icon, keyboard: false, riseOnHover: true,
      title: one ? group[0].name : group.length + ' groups' });
    m.on('click', () => {
      const bounds = L.latLngBounds(group.map((e) => [e.lat, e.lon]));
      const samePlace = bounds.getNorthEast().equals(bounds.getSouthWest());
      if (one || samePlace || map.getZoom() >= map.getMaxZoom()) choose(group, at);
      else map.fitBounds(bounds.pad(0.2), { maxZoom: map.getMaxZoom() });
    });
    m.on('add', () => {
      const node = m.getElement();
      node.dataset.count = String(group.length);
      if (one) node.dataset.id = group[0].id;
    });
    return m;
  }

  function draw() {
    markers.clearLayers();
    for (const group of clusters(L, map, entries)) markers.addLayer(marker(group));
    if (ring && !byId.has(ring.id)) showRing(null);
  }

  function showRing(id, pan) {
    if (ring) { map.removeLayer(ring.layer); ring = null; }
    const e = id && byId.get(id);
    if (!e) return;
    ring = { id, layer: L.circleMarker([e.lat, e.lon], { radius: 16, weight: 4,
      className: 'dm-ring', interactive: false }).addTo(map) };
    if (pan && !map.getBounds().contains([e.lat, e.lon])) map.panTo([e.lat, e.lon]);
  }

  function fit(detail) {
    const o = detail.origin;
    const key = o ? o.lat + ',' + o.lon + ',' + detail.radius : 'all';
    if (key === fitted) return;
    fitted = key;
    if (o) {
      map.fitBounds(L.latLng(o.lat, o.lon).toBounds(detail.radius * 1609.344 * 2));
    } else if (entries.length) {
      map.fitBounds(L.latLngBounds(entries.map((e) => [e.lat, e.lon])).pad(0.1), { maxZoom: 13 });
    } else map.fitBounds(world);
  }

  function showOrigin(detail) {
    around.clearLayers();
    const o = detail.origin;
    if (!o) return;
    L.circle([o.lat, o.lon], { radius: detail.radius * 1609.344, interactive: false,
      className: 'dm-radius' }).addTo(around);
    L.circleMarker([o.lat, o.lon], { radius: 6, interactive: false, className: 'dm-origin' })
      .addTo(around);
  }

  function onResults(event) {
    const t0 = performance.now(), detail = lastDetail = event.detail;
    entries = detail.entries;
    byId = new Map(entries.map((e) => [e.id, e]));
    if (selected && !byId.has(selected)) { markSelected(null); map.closePopup(); }
    else if (selected) markSelected(selected); // its row may be a new node now
    showOrigin(detail);
    fit(detail);
    draw();
    if (window.__mapTimings) window.__mapTimings.updates.push(performance.now() - t0);
  }

  function pointed(event) {
    const row = event.target.closest && event.target.closest('li[data-id]');
    if (row) showRing(row.dataset.id, event.type === 'focusin');
  }

  map.on('moveend', draw); // after every pan and zoom
  // The box sits in the in-person section, which the finder hides until its first
  // results (and for online-only searches): a map opened then has no size, so it is
  // measured again, and fitted again, when it gets one.
  new ResizeObserver(() => {
    const before = map.getSize();
    map.invalidateSize({ pan: false });
    if ((!before.x || !before.y) && lastDetail) { fitted = null; fit(lastDetail); draw(); }
  }).observe(box);
  root.addEventListener('finder:results', onResults);
  list.addEventListener('focusin', pointed);
  list.addEventListener('mouseover', pointed);
  const ask = () => {
    root.dataset.map = 'open';
    root.dispatchEvent(new CustomEvent('finder:map-open')); // answered at once when listed
  };
  ask();
  if (fitted === null) map.fitBounds(world); // the list is still loading
  return {
    show() { map.invalidateSize(); ask(); },
    hide() { root.dataset.map = 'closed'; markSelected(null); },
  };
}

/* Draws the map into `box`: a group's position when the box has data-lat, else the
   finder's results. Returns {show, hide} for the button that opens and closes it. */
export function mount(box, config, siteRoot, onDrawn) {
  box.textContent = '';
  return 'lat' in box.dataset
    ? placeView(box, config, siteRoot, onDrawn)
    : finderView(box, config, siteRoot, onDrawn);
}
