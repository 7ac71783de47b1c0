// 1,000 widget interactions in one page (100 on WebGL, which runs on SwiftShader here) — new samples, classes, colormaps, methods — leave
// tfjs's tensor count at its baseline and its memory bounded. ?debug=memory exposes tf.memory()
// of the page's own bundled tfjs as window.courseRuntime.
import { expect, test, type Page } from '@playwright/test';

interface Memory {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
}

async function memory(page: Page): Promise<Memory> {
  return page.evaluate(() => (window as unknown as { courseRuntime: { memory(): Memory } }).courseRuntime.memory());
}

// WebGL runs on SwiftShader here, ~10× slower: fewer interactions, the same checks.
for (const [backend, count] of [
  ['wasm', 1000],
  ['webgl', 100],
] as const) {
  test(`${count.toLocaleString('en')} interactions on ${backend} leave tf.memory() at its baseline`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto(`/lessons/grad-cam/?debug=memory&backend=${backend}`);
    for (const tag of ['digit-input', 'method-comparison']) {
      const widget = page.locator(tag);
      await widget.scrollIntoViewIfNeeded();
      await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    }
    const baseline = await memory(page);
    expect(baseline.numTensors).toBeGreaterThan(0); // the weights
    const interactions = await page.evaluate(async (count) => {
      const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
      const settle = async () => {
        for (let i = 0; i < 4; i++) await pause();
      };
      const panel = document.querySelector('digit-input')!;
      const compare = document.querySelector('method-comparison')!;
      const index = panel.querySelector<HTMLInputElement>('input[type=number]')!;
      const selects = [...compare.querySelectorAll('select')];
      const byLabel = (text: string) => selects.find((s) => s.labels?.[0]?.textContent === text)!;
      const classSelect = byLabel('Class');
      const method = byLabel('Another method');
      const model = byLabel('on network');
      const cmap = byLabel('Colormap');
      const res = byLabel('Resolution');
      const fast = ['none', 'gradcam', 'hirescam', 'gradcam++', 'xgradcam', 'layercam', 'saliency', 'contrastive'];
      const change = async (el: HTMLSelectElement | HTMLInputElement, value: string) => {
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
        await settle();
      };
      let n = 0;
      for (let i = 0; n < count; i++) {
        await change(index, String((i * 37) % 10000)); // a new test digit
        await change(classSelect, String(i % 10));
        await change(method, fast[i % fast.length]);
        await change(model, i % 2 ? 'attention' : 'traditional');
        await change(cmap, ['jet', 'viridis', 'cividis'][i % 3]);
        n += 5;
        if (i % 2) {
          await change(res, i % 4 === 1 ? 'native' : '28');
          n += 1;
        }
      }
      await change(method, 'none');
      return n;
    }, count);
    expect(interactions).toBeGreaterThanOrEqual(count);
    // The engine is async: the last computations may still be running (or being dropped as stale)
    // when the loop ends. Once they settle, every tensor must be gone.
    await expect
      .poll(async () => (await memory(page)).numTensors, { message: `tensors after ${interactions} interactions`, timeout: 120_000 })
      .toBe(baseline.numTensors);
    const after = await memory(page);
    expect(after.numBytes, 'bytes held by tensors').toBe(baseline.numBytes);
    if (after.numBytesInGPU !== undefined && baseline.numBytesInGPU !== undefined) {
      // WebGL keeps freed textures for reuse; what it holds must stay bounded.
      expect(after.numBytesInGPU).toBeLessThan(baseline.numBytesInGPU + 64 * 1024 * 1024);
    }
    await expect(page.locator('method-comparison').getByRole('alert')).toBeHidden();
  });
}
