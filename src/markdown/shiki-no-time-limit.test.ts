// Highlighting must not depend on how busy the machine is. A clock that jumps 600 ms per reading
// stands in for a slow build: with Shiki's default 500 ms per-line limit the tokens change; with
// shikiNoTimeLimit they are exactly those of an idle machine.
import { codeToHast } from 'shiki';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shikiNoTimeLimit } from './shiki-no-time-limit';

const CODE = [
  'import cv2',
  'import torch.nn.functional as F',
  'def upsample(grid, size=28):',
  '    """Bilinear, like the lesson."""',
  '    return F.interpolate(grid[None, None], size=(size, size), mode="bilinear").cpu().numpy()',
].join('\n');

const render = async (transformers: Array<typeof shikiNoTimeLimit>) =>
  JSON.stringify(
    await codeToHast(CODE, { lang: 'python', themes: { light: 'github-light-default', dark: 'github-dark-default' }, transformers }),
  );

function slowClock(): void {
  let now = 0;
  vi.spyOn(Date, 'now').mockImplementation(() => (now += 600));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shikiNoTimeLimit', () => {
  it('gives the same highlighting on a slow machine as on an idle one', async () => {
    const idle = await render([shikiNoTimeLimit]);
    slowClock();
    expect(await render([shikiNoTimeLimit])).toBe(idle);
  });

  it('is needed: without it, a slow machine changes the highlighting', async () => {
    const idle = await render([]);
    slowClock();
    expect(await render([])).not.toBe(idle);
  });
});
