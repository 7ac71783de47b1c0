// Below NARROW the table of contents starts collapsed; it is opened again when the window widens.
export const NARROW = '(max-width: 44rem)';

export function initTocCollapse(): void {
  const box = document.querySelector<HTMLDetailsElement>('details.toc-collapse');
  if (!box) return;
  const narrow = window.matchMedia(NARROW);
  const apply = () => {
    box.open = !narrow.matches;
  };
  apply();
  narrow.addEventListener('change', apply);
  // A choice of entry closes it again on a phone, so the section is what the reader sees.
  box.addEventListener('click', (event) => {
    if (narrow.matches && (event.target as Element).closest('a')) box.open = false;
  });
}
