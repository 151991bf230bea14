/* Registers the site's service worker (/sw.js, generator/render/offline.py) on every page, then
 * gives it the site files this page has loaded, so the page works offline next time.
 * A browser without service workers, or a page opened from a file, is left as it is. */
(function () {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  var root = new URL('../../', script ? script.src : location.href);
  function used() {
    var urls = [location.href.split('#')[0]];
    performance.getEntriesByType('resource').forEach(function (e) {
      if (e.name.indexOf(root.href) === 0) urls.push(e.name);
    });
    return urls;
  }
  // For tests and the curious: how many files the worker has confirmed it keeps.
  navigator.serviceWorker.addEventListener('message', function (e) {
    if (e.data && e.data.type === 'kept') /** @type {any} */ (window).__offlineKept = e.data.count;
  });
  window.addEventListener('load', function () {
    navigator.serviceWorker.register(new URL('sw.js', root).href, { scope: root.pathname })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) {
        var sent = 0;
        var send = function () {
          var urls = used();
          if (urls.length === sent || !reg.active) return;
          sent = urls.length;
          reg.active.postMessage({ type: 'keep', urls: urls });
        };
        send();
        // Files a page loads later (the finder's tiles for the next place typed) too.
        document.addEventListener('visibilitychange', function () { if (document.hidden) send(); });
        var finder = document.getElementById('finder');
        if (finder) finder.addEventListener('finder:rendered', function () { setTimeout(send, 500); });
      })
      .catch(function () { /* the site works online without it */ });
  });
})();
