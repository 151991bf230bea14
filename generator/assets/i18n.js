// The scripts' messages in the page's language. Written in English in each script, as
// t('Starts in {n} min', { n }) or tn('{n} group', '{n} groups', n, { n }); a page in
// another language carries their translations in JSON data blocks (generator/i18n/js.py),
// read once here. English pages carry none, and every message is its own text.

/** @typedef {Record<string, string | number>} Vars */

/** @type {Record<string, string | string[]>} */
const messages = {};
// none, or a stand-in, under Node's tests
const page = typeof document !== 'undefined' && typeof document.querySelectorAll === 'function' ? document : null;
for (const el of page ? page.querySelectorAll('script.dir-i18n[type="application/json"]') : []) {
  try { Object.assign(messages, JSON.parse(el.textContent || '{}')); } catch (e) { /* English */ }
}

/** The page's language ("en", "es"). */
export const lang = (page && page.documentElement && page.documentElement.lang) || 'en';

/** @param {string} text @param {Vars} [vars] */
function fill(text, vars) {
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
}

/** A message in the page's language, its {placeholders} filled.
 * @param {string} message @param {Vars} [vars] */
export function t(message, vars) {
  const found = messages[message];
  return fill(typeof found === 'string' && found ? found : message, vars);
}

/** A message with a number, in the form the number takes ("1 group", "2 groups").
 * @param {string} one @param {string} other @param {number} n @param {Vars} [vars] */
export function tn(one, other, n, vars) {
  const found = messages[one];
  const forms = Array.isArray(found) && found.length === 2 ? found : [one, other];
  return fill(n === 1 ? forms[0] : forms[1], vars);
}
