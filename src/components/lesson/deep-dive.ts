// A link to an id inside a closed <details> (a deep dive, an answer) must show its target: open
// every closed ancestor, then scroll to it. Printing opens every deep dive and restores them after.

function revealHash(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  let opened = false;
  for (let el: Element | null = target; el; el = el.parentElement) {
    if (el instanceof HTMLDetailsElement && !el.open) {
      el.open = true;
      opened = true;
    }
  }
  if (opened) target.scrollIntoView();
}

let initialised = false;
export function initDeepDives(): void {
  if (initialised) return;
  initialised = true;
  revealHash();
  window.addEventListener('hashchange', revealHash);
  // A click on a link to the current hash fires no hashchange, but its target may be closed again.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
    if (link && link.getAttribute('href') === location.hash) requestAnimationFrame(revealHash);
  });
  let closedForPrint: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    closedForPrint = [...document.querySelectorAll<HTMLDetailsElement>('details.deep-dive:not([open])')];
    for (const d of closedForPrint) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of closedForPrint) d.open = false;
    closedForPrint = [];
  });
}
