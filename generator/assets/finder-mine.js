/* My groups: the groups a visitor saved, kept in this browser only.
 *
 * No account and nothing sent: the list is a few ids in localStorage, written only when
 * the visitor saves a group (and the key removed when the last one is taken off), so a
 * visitor who never saves one leaves nothing behind. The finder lists them first, with
 * their next meeting; a group's page has a button to save it (mygroups-button.js).
 */
export const KEY = 'peer-directory:my-groups';
export const MAX = 50;
const ID = /^[a-z0-9-]{1,200}$/;

/* The saved ids, most recently saved first; [] when none or when storage is blocked. */
/** @returns {string[]} */
export function savedIds() {
  try {
    const raw = localStorage.getItem(KEY);
    const ids = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((x) => typeof x === 'string' && ID.test(x)).slice(0, MAX) : [];
  } catch (e) {
    return [];
  }
}

/* Saves or removes one id; returns the new list (unchanged when storage is blocked). */
/** @param {string} id @param {boolean} on @returns {string[]} */
export function setSaved(id, on) {
  const ids = savedIds().filter((x) => x !== id);
  if (on) ids.unshift(id);
  try {
    if (ids.length) localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX)));
    else localStorage.removeItem(KEY);
  } catch (e) {
    return savedIds();
  }
  window.dispatchEvent(new CustomEvent('mygroups:changed', { detail: { ids } }));
  return ids;
}
