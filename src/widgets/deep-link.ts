// A link to a widget (#four-panel-viewer) must land on it, and so must a "Show me" jump. The
// browser scrolls to the target before the widgets above it have grown (the input panel, the
// figures that replace static ones, a widget that starts because it came near), which would
// leave the reader far above the target. Until the target has drawn, and as long as the reader
// has not scrolled on their own, the target is put back at the top whenever the page changes size.
const QUIET_MS = 1200;
const GIVE_UP_MS = 60_000;

let hashHandled = false;
let stopCurrent: (() => void) | null = null;

/** Scrolls `target` to the top of the window and keeps it there while the page settles. */
export function keepTargetInView(target: HTMLElement): void {
  stopCurrent?.();
  target.scrollIntoView({ block: 'start' });
  if (typeof ResizeObserver === 'undefined') return;

  const userEvents = ['wheel', 'touchmove', 'keydown', 'mousedown'] as const;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    resize.disconnect();
    state.disconnect();
    clearTimeout(quiet);
    clearTimeout(giveUp);
    for (const e of userEvents) removeEventListener(e, stop);
    if (stopCurrent === stop) stopCurrent = null;
  };
  const settled = () => /^(ready|error)$/.test(target.getAttribute('data-state') ?? '');
  const realign = () => {
    target.scrollIntoView({ block: 'start' });
    // Once the target has drawn, stop after the page has kept its size for a moment.
    if (settled()) {
      clearTimeout(quiet);
      quiet = setTimeout(stop, QUIET_MS);
    }
  };
  const resize = new ResizeObserver(realign);
  resize.observe(document.body);
  const state = new MutationObserver(realign);
  state.observe(target, { attributes: true, attributeFilter: ['data-state'] });
  const giveUp = setTimeout(stop, GIVE_UP_MS);
  for (const e of userEvents) addEventListener(e, stop, { passive: true });
  stopCurrent = stop;
}

/** The page's #hash target, once per page. */
export function keepHashTargetInView(): void {
  if (hashHandled) return;
  hashHandled = true;
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target) keepTargetInView(target);
}
