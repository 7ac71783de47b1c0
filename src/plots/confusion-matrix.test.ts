// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cellFill, contrastRatio, logShade, renderConfusionMatrix, textColourOn } from './confusion-matrix';

/** A 10×10 matrix like an MNIST test run: ~1000 on the diagonal, a few confusions. */
function mnistLike(): number[][] {
  const m = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 970 + t * 10 : 0)));
  m[4][9] = 12;
  m[9][4] = 7;
  m[7][2] = 1;
  m[3][5] = 250;
  return m;
}

describe('colour helpers', () => {
  it('shades by log(1 + count), so small counts stay visible next to large ones', () => {
    expect(logShade(0, 1000)).toBe(0);
    expect(logShade(1000, 1000)).toBe(1);
    expect(logShade(1, 1000)).toBeCloseTo(Math.log(2) / Math.log(1001), 12);
    expect(logShade(1, 1000)).toBeGreaterThan(0.09); // linear would give 0.001
    expect(logShade(5, 0)).toBe(0);
  });

  it('leaves zero cells unfilled and darkens with the count', () => {
    expect(cellFill(0, 100)).toBeNull();
    const lum = (c: string) => contrastRatio(c, '#000000');
    expect(lum(cellFill(1, 100)!)).toBeGreaterThan(lum(cellFill(100, 100)!));
  });

  it('picks black or white text by contrast, and every shade reaches 4.5:1', () => {
    expect(textColourOn('#08306b')).toBe('#ffffff');
    expect(textColourOn('#f7fbff')).toBe('#000000');
    for (let c = 1; c <= 1000; c += 7) {
      const fill = cellFill(c, 1000)!;
      expect(contrastRatio(fill, textColourOn(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
});

describe('renderConfusionMatrix', () => {
  let target: HTMLDivElement;
  beforeEach(() => {
    document.body.replaceChildren();
    target = document.createElement('div');
    document.body.append(target);
  });

  it('draws 100 cells with their counts, axes titles and a summary', () => {
    const svg = renderConfusionMatrix(target, mnistLike(), { label: 'Confusion matrix of the attention CNN' });
    const cells = svg.querySelectorAll('.plot-cell');
    expect(cells).toHaveLength(100);
    const cell = (t: number, p: number) => svg.querySelector(`.plot-cell[data-true="${t}"][data-predicted="${p}"]`)!;
    expect(cell(3, 5).querySelector('text')!.textContent).toBe('250');
    expect(cell(9, 9).querySelector('text')!.textContent).toBe('1,060');
    expect(cell(0, 1).querySelector('text')!.textContent).toBe('0');
    expect(cell(3, 5).querySelector('title')!.textContent).toBe('true 3, predicted 5: 250 images');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('[role="button"]')).toBeNull();
    const titles = svg.querySelector('.plot-axis-titles')!.textContent;
    expect(titles).toContain('predicted');
    expect(titles).toContain('true label');
    expect(svg.querySelector('desc')!.textContent).toContain('10,150 of 10,420 images on the diagonal');
    // the diagonal's dark fill gets white text, the single confusion light fill black text
    expect((cell(9, 9).querySelector('text') as SVGTextElement).style.fill).toBe('#ffffff');
    expect((cell(7, 2).querySelector('text') as SVGTextElement).style.fill).toBe('#000000');
  });

  it('makes exactly the non-zero off-diagonal cells buttons, operable by click, Enter and Space', () => {
    const onCellClick = vi.fn();
    const svg = renderConfusionMatrix(target, mnistLike(), { label: 'l', onCellClick, selected: [4, 9] });
    expect(svg.getAttribute('role')).toBe('group');
    const buttons = svg.querySelectorAll<SVGGElement>('[role="button"]');
    expect(Array.from(buttons, (b) => `${b.dataset.true}-${b.dataset.predicted}`)).toEqual(['3-5', '4-9', '7-2', '9-4']);
    for (const b of buttons) {
      expect(b.getAttribute('tabindex')).toBe('0');
      expect(b.classList.contains('plot-focus')).toBe(true);
    }
    expect(buttons[1].getAttribute('aria-label')).toBe('true 4, predicted 9: 12 images');
    expect(buttons[1].getAttribute('aria-pressed')).toBe('true');
    expect(buttons[0].getAttribute('aria-pressed')).toBe('false');
    expect(svg.querySelectorAll('.plot-selected-ring')).toHaveLength(1);

    buttons[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onCellClick).toHaveBeenLastCalledWith(3, 5);
    buttons[3].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onCellClick).toHaveBeenLastCalledWith(9, 4);
    buttons[2].dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(onCellClick).toHaveBeenLastCalledWith(7, 2);
    buttons[2].dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(onCellClick).toHaveBeenCalledTimes(3);
  });

  it('shows a focus ring without any CSS and keeps focus on the same cell across re-renders', () => {
    const matrix = mnistLike();
    const options = {
      label: 'l',
      selected: undefined as [number, number] | undefined,
      onCellClick: (t: number, p: number) => {
        options.selected = [t, p];
        renderConfusionMatrix(target, matrix, options);
      },
    };
    renderConfusionMatrix(target, matrix, options);
    const button = target.querySelector<SVGGElement>('[data-true="9"][data-predicted="4"]')!;
    button.focus();
    expect(button.querySelector<SVGRectElement>('.plot-focus-ring')!.style.stroke).not.toBe('');
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(target.querySelectorAll('svg')).toHaveLength(1);
    const again = target.querySelector<SVGGElement>('[data-true="9"][data-predicted="4"]')!;
    expect(again).not.toBe(button);
    expect(document.activeElement).toBe(again);
    expect(again.getAttribute('aria-pressed')).toBe('true');
  });

  it('refuses matrices that are not square or hold bad counts', () => {
    expect(() => renderConfusionMatrix(target, [[1, 2]], { label: 'l' })).toThrow(RangeError);
    expect(() => renderConfusionMatrix(target, [], { label: 'l' })).toThrow(RangeError);
    expect(() =>
      renderConfusionMatrix(
        target,
        [
          [1, -1],
          [0, 2],
        ],
        { label: 'l' },
      ),
    ).toThrow(RangeError);
  });
});
