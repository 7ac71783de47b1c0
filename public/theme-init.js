// Runs in <head> as a classic blocking script, before the first paint, so the page never flashes
// the wrong theme. Stored choice ("light" | "dark") wins; otherwise follow the system setting.
// data-js tells the CSS that JavaScript runs (the lesson menu may fold, the theme toggle shows).
(function () {
  var root = document.documentElement;
  var theme = null;
  try {
    theme = localStorage.getItem('theme');
  } catch (e) {
    /* storage blocked: fall back to the system setting */
  }
  if (theme !== 'light' && theme !== 'dark') {
    theme = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  root.setAttribute('data-theme', theme);
  root.setAttribute('data-js', '');
})();
