// Adds a "Copy" button to every code block. Progressive enhancement: the markup has no button,
// so readers without JavaScript never meet one that cannot work. Success or failure is announced
// through one shared polite live region.
let liveRegion: HTMLElement | null = null;

function announce(message: string): void {
  if (!liveRegion) {
    liveRegion = document.createElement('div');
    liveRegion.className = 'sr-only';
    liveRegion.setAttribute('role', 'status');
    liveRegion.setAttribute('aria-live', 'polite');
    liveRegion.setAttribute('data-copy-status', '');
    document.body.append(liveRegion);
  }
  const region = liveRegion;
  region.textContent = '';
  // A fresh text node in a later task makes screen readers announce repeated messages too.
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy command refused');
}

export function initCopyButtons(root: ParentNode = document): void {
  for (const pre of root.querySelectorAll<HTMLPreElement>('pre.astro-code')) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.before(wrapper);
    wrapper.append(pre);

    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    const label = document.createElement('span');
    label.textContent = 'Copy';
    const hint = document.createElement('span');
    hint.className = 'sr-only';
    hint.textContent = ' code';
    button.append(label, hint);
    let timer = 0;
    button.addEventListener('click', async () => {
      const code = pre.querySelector('code') ?? pre;
      try {
        await writeClipboard((code.textContent ?? '').replace(/\n$/, ''));
        button.dataset.state = 'copied';
        label.textContent = 'Copied';
        announce('Copied');
      } catch {
        button.dataset.state = 'failed';
        label.textContent = 'Failed';
        announce('Copy failed: select the code and copy it by hand');
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        delete button.dataset.state;
        label.textContent = 'Copy';
      }, 2000);
    });
    wrapper.append(button);
  }
}
