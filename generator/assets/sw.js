/* The site's service worker, published as /sw.js by generator/render/offline.py, which fills in
 * VERSION (one per build) and SHELL (pages and files kept at install).
 *
 * Offline after one visit: every same-origin GET is answered from this build's cache
 * when it is there and refreshed from the network behind it (stale-while-revalidate);
 * what is not cached yet goes to the network and is kept. Pages also load the files they
 * used before this worker ran (offline.js posts their addresses), so the finder's tiles
 * and gazetteer shard for a place already looked up are there offline. Other origins
 * are never touched (the site asks none), and nothing but the site's own files is kept.
 */
const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const VERSION = "__VERSION__";
const SHELL = ["__SHELL__"];
const PREFIX = 'peer-directory-';
const CACHE = PREFIX + VERSION;
const ROOT = new URL('./', worker.location.href).href;

worker.addEventListener('install', (event) => {
  // Each file on its own: one missing (a site without a handout page) must not stop the rest.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(
    SHELL.map((path) => cache.add(new Request(ROOT + path, { cache: 'reload' })).catch(() => {})),
  )).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
  )).then(() => worker.clients.claim()));
});

/** @param {string} url */
function ours(url) {
  return url.startsWith(ROOT);
}

/** @param {Cache} cache @param {RequestInfo} request @param {Response} response @returns {Promise<Response>} */
function keep(cache, request, response) {
  if (response && response.ok && response.type === 'basic') {
    return cache.put(request, response.clone()).then(() => response);
  }
  return Promise.resolve(response);
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !ours(request.url) || request.headers.has('range')) return;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request, { ignoreVary: true })
    .then((cached) => {
      const fresh = fetch(request).then((r) => keep(cache, request, r));
      if (cached) {
        event.waitUntil(fresh.catch(() => {}));
        return cached;
      }
      // Offline, a page opened with other filters is the same page: its script reads them.
      return fresh.catch(() => (request.mode === 'navigate'
        ? cache.match(request, { ignoreSearch: true, ignoreVary: true })
          .then((page) => page || cache.match(ROOT + '404.html'))
          .then((page) => page || Response.error())
        : Response.error()));
    })));
});

// A page's own list of the site files it loaded before this worker controlled it.
worker.addEventListener('message', (event) => {
  /** @type {string[]} */
  const urls = event.data && event.data.type === 'keep' && Array.isArray(event.data.urls)
    ? event.data.urls.filter((/** @type {unknown} */ u) => typeof u === 'string' && ours(u)) : [];
  if (!urls.length) return;
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) =>
    cache.match(url).then((hit) => hit || fetch(url).then((r) => keep(cache, url, r)))
      .catch(() => {}))))
    .then(() => { if (event.source) event.source.postMessage({ type: 'kept', count: urls.length }); }));
});
