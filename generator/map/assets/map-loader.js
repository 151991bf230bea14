/* Offers the map where a page has one, and loads it only when the visitor asks.
 *
 * generator/map/publish.py puts a hidden button (.dm-open, aria-controls = the map's box)
 * on the finder and on in-person group pages, only on sites that publish a basemap. This
 * module shows the buttons; the first press loads Leaflet, protomaps-leaflet, map.js and
 * /map/config.json, all from this site, then draws the map into the box. Nothing else
 * is fetched before that press, and nothing about the visitor is sent anywhere: the
 * basemap is a file of this site, read in byte ranges.
 *
 * On the finder, an open map adds #map to the address, so a shared or reloaded link
 * opens it again.
 *
 * window.__mapTimings (for benchmarks/map_bench.py), in ms since navigation start:
 * opened (the press), loaded (scripts, styles and config in), drawn (the map's first
 * tile painted); and per finder result change the time map.js took to redraw its
 * markers (updates).
 */
const here = new URL('./', import.meta.url);
const siteRoot = new URL('../../../', import.meta.url);
const timings = window.__mapTimings = { opened: null, loaded: null, drawn: null, updates: [] };
let loading = null;

function add(tag, attrs) {
  return new Promise((resolve, reject) => {
    const node = Object.assign(document.createElement(tag), attrs);
    node.onload = resolve;
    node.onerror = () => reject(new Error('could not load ' + (attrs.src || attrs.href)));
    document.head.append(node);
  });
}
const style = (name) => add('link', { rel: 'stylesheet', href: here + name });
const script = (name) => add('script', { src: here + name, async: false });

function load() {
  if (!loading) {
    loading = Promise.all([
      style('vendor/leaflet.css'),
      // protomaps-leaflet extends the global L that Leaflet defines.
      script('vendor/leaflet.js').then(() => script('vendor/protomaps-leaflet.js')),
      fetch(new URL('map/config.json', siteRoot)).then((r) => {
        if (!r.ok) throw new Error('map config ' + r.status);
        return r.json();
      }),
      import('./map.js'),
    ]).then(([, , config, module]) => {
      timings.loaded = performance.now();
      return { config, module };
    });
    loading.catch(() => { loading = null; }); // a later press tries again
  }
  return loading;
}

function setHash(open) {
  const hash = open ? '#map' : '';
  if (location.hash === hash || (!open && location.hash !== '#map')) return;
  history.replaceState(history.state, '', location.pathname + location.search + hash);
}

function offer(button) {
  const box = document.getElementById(button.getAttribute('aria-controls'));
  if (!box) return;
  const finder = box.id === 'fd-map';
  const labels = finder ? ['Show map', 'Hide map'] : ['Show on a map', 'Hide the map'];
  let view = null;
  const status = document.createElement('p');
  status.className = 'dm-status';
  status.setAttribute('role', 'status');
  box.before(status);

  async function open() {
    button.setAttribute('aria-expanded', 'true');
    button.textContent = labels[1];
    box.hidden = false;
    if (finder) setHash(true);
    if (view) { view.show(); return; }
    timings.opened = timings.opened || performance.now();
    status.textContent = 'Loading the map…';
    try {
      const { config, module } = await load();
      if (button.getAttribute('aria-expanded') !== 'true') return; // closed meanwhile
      view = module.mount(box, config, siteRoot.href, () => {
        timings.drawn = timings.drawn || performance.now();
      });
      status.textContent = '';
    } catch (err) {
      status.textContent = 'The map could not be loaded. The list has every group.';
      close();
      console.error(err);
    }
  }
  function close() {
    button.setAttribute('aria-expanded', 'false');
    button.textContent = labels[0];
    box.hidden = true;
    if (finder) setHash(false);
    if (view) view.hide();
  }
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-expanded') === 'true') close(); else open();
  });
  button.hidden = false;
  if (finder && location.hash === '#map') open();
}

style('map.css').finally(() => document.querySelectorAll('button.dm-open').forEach(offer));
