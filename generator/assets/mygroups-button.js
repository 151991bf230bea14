/* A group page's "Save to My groups" button (generator/render/resource.py). The button
 * is hidden in the page and shown here, so without JavaScript nothing offers what
 * cannot work; the list is written only when the visitor presses it (finder-mine.js). */
import { savedIds, setSaved } from './finder-mine.js';
import { t } from './i18n.js';

const box = /** @type {HTMLElement | null} */ (document.querySelector('.dir-save'));
if (box) {
  const button = box.querySelector('button');
  const note = box.querySelector('.dir-save-note');
  const id = button.dataset.id;
  const show = () => {
    const on = savedIds().includes(id);
    button.setAttribute('aria-pressed', String(on));
    note.textContent = on ? t('Saved on this device: the finder lists it first, with its next meeting.')
      : t('Keeps it on this device only (nothing is sent anywhere); the finder then lists it first.');
  };
  button.addEventListener('click', () => {
    setSaved(id, button.getAttribute('aria-pressed') !== 'true');
    show();
  });
  show();
  box.hidden = false;
}
