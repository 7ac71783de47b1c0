// The only JavaScript every page loads (besides the blocking /theme-init.js): small on purpose.
import { initCopyButtons } from './copy-code';
import { initNavToggle } from './nav-toggle';
import { initScrollRegions } from './scroll-regions';
import { initThemeToggle } from './theme-toggle';

initThemeToggle();
initNavToggle();
initCopyButtons();
initScrollRegions();
