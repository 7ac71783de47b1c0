// Where the page says which URL values it could not use: a small notice fixed to the bottom of
// the window (visible wherever the reader is, and it does not move the page under a deep link).
import { onUrlNotice } from '../runtime/url-state';
import { button, h } from './dom';

let area: HTMLElement | null = null;

export function showUrlNotices(): void {
  if (area) return;
  const list = h('ul', { class: 'url-notices__list' });
  const close = button('Dismiss', { 'aria-label': 'Dismiss the notices about the link' });
  area = h(
    'div',
    { class: 'url-notices', role: 'status', 'aria-live': 'polite', hidden: true },
    h('p', { class: 'url-notices__title', text: 'This link had values the page could not use:' }),
    list,
    close,
  );
  close.addEventListener('click', () => {
    area!.hidden = true;
    list.replaceChildren();
  });
  document.body.append(area);
  onUrlNotice((n) => {
    list.append(h('li', { text: `${n.param}=${n.value} is not valid; using ${n.usedInstead} instead (removed from the address).` }));
    area!.hidden = false;
  });
}
