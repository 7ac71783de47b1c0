// Wide tables and display equations scroll inside their own box on small screens. A box that
// actually overflows becomes a focusable, named region so keyboard users can scroll it too
// (WCAG 2.1.1); boxes that fit stay out of the tab order.
const SELECTOR = '.table-scroll, .katex-display';

function update(): void {
  for (const box of document.querySelectorAll<HTMLElement>(SELECTOR)) {
    const overflowing = box.scrollWidth > box.clientWidth + 1;
    if (overflowing && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', box.classList.contains('katex-display') ? 'Equation, scrolls sideways' : 'Table, scrolls sideways');
      box.dataset.scrollRegion = '';
    } else if (!overflowing && box.dataset.scrollRegion !== undefined) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
      delete box.dataset.scrollRegion;
    }
  }
}

export function initScrollRegions(): void {
  let frame = 0;
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  };
  schedule();
  // Widths change when the KaTeX fonts arrive and when the window or the text size changes.
  void document.fonts?.ready.then(schedule);
  window.addEventListener('load', schedule);
  window.addEventListener('resize', schedule);
  const content = document.querySelector('main');
  if (content && 'ResizeObserver' in window) new ResizeObserver(schedule).observe(content);
}
