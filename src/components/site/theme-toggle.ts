// The toggle flips data-theme on <html> and remembers the choice; /theme-init.js applies the
// stored choice before first paint on the next page. Without a stored choice the page keeps
// following the system setting, live.
type Theme = 'light' | 'dark';
const KEY = 'theme';
const root = document.documentElement;

function current(): Theme {
  return root.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';
}

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function apply(theme: Theme): void {
  root.setAttribute('data-theme', theme);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  }
  document.dispatchEvent(new CustomEvent('themechange', { detail: { theme } }));
}

export function initThemeToggle(): void {
  apply(current());
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.addEventListener('click', () => {
      const next: Theme = current() === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(KEY, next);
      } catch {
        /* storage blocked: the choice lasts for this page only */
      }
      apply(next);
    });
  }
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', (event) => {
    if (!stored()) apply(event.matches ? 'dark' : 'light');
  });
}
