// Issue 13's stress test: hundreds of random interactions with random delays (new digits,
// classes, methods, networks, colormaps, resolutions) on one page, seeded so a failure replays.
// After every settle each widget must show what its controls and the input panel say — the
// digit, class, method, network and weights in its data-showing record — and at the end
// tf.memory() is back at its baseline.
import { expect, test, type Page } from '@playwright/test';

const SEED = Number(process.env.STRESS_SEED ?? 20261130);
const INTERACTIONS = 500;

interface Memory {
  numTensors: number;
  numBytes: number;
}

async function memory(page: Page): Promise<Memory> {
  return page.evaluate(() => (window as unknown as { courseRuntime: { memory(): Memory } }).courseRuntime.memory());
}

test(`${INTERACTIONS} seeded random interactions (seed ${SEED}): every widget shows what its controls say, and no tensor leaks`, async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/lessons/grad-cam/?debug=memory&backend=wasm');
  for (const tag of ['digit-input', 'method-comparison']) {
    const widget = page.locator(tag);
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  }
  const baseline = await memory(page);
  const result = await page.evaluate(
    async ({ seed, count }) => {
      // mulberry32: small, seedable, good enough to pick actions.
      let state = seed >>> 0;
      const rng = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const panel = document.querySelector('digit-input')!;
      const compare = document.querySelector<HTMLElement>('method-comparison')!;
      const index = panel.querySelector<HTMLInputElement>('input[type=number]')!;
      const selects = [...compare.querySelectorAll('select')];
      const byLabel = (text: string) => selects.find((s) => s.labels?.[0]?.textContent === text)!;
      const controls = {
        class: byLabel('Class'),
        method: byLabel('Another method'),
        model: byLabel('on network'),
        cmap: byLabel('Colormap'),
        res: byLabel('Resolution'),
        scale: byLabel('Colour scale'),
      };
      const methods = ['none', 'gradcam', 'hirescam', 'gradcam++', 'xgradcam', 'layercam', 'saliency', 'contrastive'];
      const set = (el: HTMLSelectElement | HTMLInputElement, value: string) => {
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      };
      const actions = [
        () => set(index, String(Math.floor(rng() * 10000))),
        () => set(controls.class, pick(['predicted', ...Array.from({ length: 10 }, (_, d) => String(d))])),
        () => set(controls.method, pick(methods)),
        () => set(controls.model, pick(['traditional', 'attention'])),
        () => set(controls.cmap, pick(['viridis', 'cividis', 'jet'])),
        () => set(controls.res, pick(['28', 'native'])),
        () => set(controls.scale, pick(['unit', 'own'])),
      ];
      /** What the comparison must show now, from its controls and the input panel. */
      const expected = () => {
        const method = controls.method.value;
        return {
          digit: `mnist-test:${index.value}`,
          class: controls.class.value === 'predicted' ? null : Number(controls.class.value),
          method,
          model: method === 'none' ? null : controls.model.value,
          weights: 0,
        };
      };
      const mismatches: string[] = [];
      const settle = async (step: number) => {
        const want = expected();
        const started = performance.now();
        for (;;) {
          const shown = JSON.parse(compare.getAttribute('data-showing') ?? '{}') as Record<string, unknown>;
          const ok =
            shown.digit === want.digit &&
            (want.class === null || shown.class === want.class) &&
            shown.method === want.method &&
            shown.model === want.model &&
            shown.weights === want.weights;
          const titles = [...compare.querySelectorAll('.map-row .map-view:not([hidden]) .map-view__title')].length;
          if (ok && titles === (want.method === 'none' ? 3 : 4) && !compare.querySelector('.widget-error:not([hidden])')) return;
          if (performance.now() - started > 20_000) {
            mismatches.push(`after step ${step}: want ${JSON.stringify(want)}, shows ${JSON.stringify(shown)} (${titles} panels)`);
            return;
          }
          await sleep(25);
        }
      };
      let settles = 0;
      for (let step = 1; step <= count; step++) {
        pick(actions)();
        // Random delays: often none (a burst), sometimes long enough for a computation to finish.
        const r = rng();
        if (r < 0.4) await sleep(0);
        else if (r < 0.8) await sleep(Math.floor(rng() * 30));
        else await sleep(Math.floor(rng() * 250));
        if (rng() < 0.2 || step === count) {
          await settle(step);
          settles += 1;
          if (mismatches.length >= 5) break;
        }
      }
      set(controls.method, 'none');
      await settle(count + 1);
      return { mismatches, settles };
    },
    { seed: SEED, count: INTERACTIONS },
  );
  expect(result.mismatches).toEqual([]);
  expect(result.settles).toBeGreaterThan(50);
  await page.waitForTimeout(500);
  const after = await memory(page);
  expect(after.numTensors, 'tensors after the stress run').toBe(baseline.numTensors);
  expect(after.numBytes).toBe(baseline.numBytes);
});
