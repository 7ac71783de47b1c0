// Narrow screens: the lesson list folds behind a "Lessons" button (the CSS hides the list while
// aria-expanded is false; on wide screens the button is not shown and the list always is).
export function initNavToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-nav-toggle]')) {
    const list = document.getElementById(button.getAttribute('aria-controls') ?? '');
    if (!list) continue;
    button.addEventListener('click', () => {
      button.setAttribute('aria-expanded', String(button.getAttribute('aria-expanded') !== 'true'));
    });
    button.closest('nav')?.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true' && button.offsetParent !== null) {
        button.setAttribute('aria-expanded', 'false');
        button.focus();
      }
    });
  }
}
