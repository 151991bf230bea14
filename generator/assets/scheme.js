// The colour scheme of generated pages (a group, a place, a program), which run none of
// Material's scripts: the visitor's own choice made with the toggle on a guide page
// (Material keeps it in localStorage under the site's path), else the device's. Loaded
// at the top of <body>, so the page paints once, in the right colours. An external file
// rather than an inline script: cached once instead of 330 bytes on every page.
(function () {
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  var root = new URL("../../", script.src).pathname;
  var color = null;
  try {
    color = JSON.parse(localStorage.getItem(root + ".__palette") || "null").color;
  } catch (e) { /* nothing kept, or storage refused */ }
  document.body.setAttribute("data-md-color-scheme", (color && color.scheme) ||
    (matchMedia("(prefers-color-scheme: dark)").matches ? "slate" : "default"));
})();
