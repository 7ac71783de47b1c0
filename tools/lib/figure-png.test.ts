import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { colormapLut } from '../../src/lib/explain/colormap';
import { GLYPH_HEIGHT, glyphRows, renderText, TEXT_HEIGHT, textWidth } from './bitmap-font';
import { layoutFigure, renderFigurePng, TEXT_RGB, type FigurePanel } from './figure-png';

/** A w×h panel whose pixel (x, y) is (9·x, 9·y, 200), opaque. */
function gradientPanel(caption: string, width = 28, height = 28): FigurePanel {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([9 * x, 9 * y, 200, 255], (y * width + x) * 4);
  }
  return { caption, rgba, width, height };
}

const at = (png: PNG, x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));

describe('bitmap font', () => {
  it('covers printable ASCII with 5-pixel-wide glyphs and falls back to ?', () => {
    for (let code = 32; code <= 126; code++) {
      const rows = glyphRows(String.fromCharCode(code));
      expect(rows).toHaveLength(GLYPH_HEIGHT);
      expect(rows.every((r) => r >= 0 && r < 32)).toBe(true);
    }
    expect(glyphRows('ä')).toEqual(glyphRows('?'));
    expect(glyphRows('×')).toEqual(glyphRows('x'));
    expect(glyphRows(' ').every((r) => r === 0)).toBe(true);
    // 'I' is a top bar, a stem in the middle column and a bottom bar.
    expect(glyphRows('I')).toEqual([0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e]);
  });

  it('renders at an integer scale', () => {
    expect(textWidth('AB', 2)).toBe((2 * 6 - 1) * 2);
    const mask = renderText('I', 3);
    expect([mask.width, mask.height]).toEqual([15, 27]); // 7 glyph rows + 2 descender rows
    // Middle column of the stem (glyph x = 2 → pixels 6..8) is inked on every row.
    for (let y = 0; y < 21; y++) expect(mask.ink[y * 15 + 7]).toBe(1);
    expect(mask.ink[10 * 15 + 0]).toBe(0);
    expect(mask.ink[22 * 15 + 7]).toBe(0); // nothing below the baseline for 'I'
    // 'p' hangs below the baseline: its stem reaches the last row.
    const p = renderText('p');
    expect(p.ink[(TEXT_HEIGHT - 1) * p.width]).toBe(1);
  });
});

describe('renderFigurePng', () => {
  const rows = [
    { title: 'Attention CNN', panels: [gradientPanel('input'), gradientPanel('attention map 7x7 -> 28x28')] },
    { panels: [{ ...gradientPanel('Grad-CAM', 4, 2), colorbar: { colormap: 'jet' as const, minLabel: '0', maxLabel: '1' } }] },
  ];

  it('writes a valid PNG of the laid-out size', () => {
    const layout = layoutFigure(rows, { scale: 8, fontScale: 2 });
    const png = PNG.sync.read(renderFigurePng(rows, { scale: 8, fontScale: 2 }));
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    // Two 224-px panels, a 16-px gap and 16-px margins; the long caption wraps instead of widening its cell.
    expect(layout.width).toBe(16 + 224 + 16 + 224 + 16);
    expect(layout.panels[0][1].caption.lines.length).toBeGreaterThan(1);
    expect(layout.panels[0][1].caption.lines.join(' ')).toBe('attention map 7x7 -> 28x28');
    expect(at(png, 0, 0)).toEqual([255, 255, 255, 255]);
  });

  it('places panels enlarged by nearest neighbour at their offsets', () => {
    const layout = layoutFigure(rows);
    const png = PNG.sync.read(renderFigurePng(rows));
    for (const place of [layout.panels[0][0], layout.panels[0][1]]) {
      expect(place.width).toBe(224);
      for (const [sx, sy] of [
        [0, 0],
        [3, 5],
        [27, 27],
      ]) {
        // Every pixel of the 8×8 block of source pixel (sx, sy) has its colour.
        for (const [dx, dy] of [
          [0, 0],
          [7, 7],
          [3, 6],
        ]) {
          expect(at(png, place.x + sx * 8 + dx, place.y + sy * 8 + dy)).toEqual([9 * sx, 9 * sy, 200, 255]);
        }
      }
      expect(at(png, place.x - 1, place.y)).toEqual([255, 255, 255, 255]);
      expect(at(png, place.x + 224, place.y + 10)).toEqual([255, 255, 255, 255]);
    }
    // Second row starts below the first row's captions.
    const second = layout.panels[1][0];
    expect(second.y).toBeGreaterThan(layout.panels[0][1].caption.y);
    expect(at(png, second.x + 31, second.y + 15)).toEqual([27, 9, 200, 255]);
  });

  it('draws captions in dark pixels exactly where the font has ink', () => {
    const single = [{ panels: [gradientPanel('Hi')] }];
    const layout = layoutFigure(single, { fontScale: 2 });
    const png = PNG.sync.read(renderFigurePng(single, { fontScale: 2 }));
    const caption = layout.panels[0][0].caption;
    const mask = renderText('Hi', 2);
    const left = caption.x + Math.floor((caption.width - mask.width) / 2);
    let inked = 0;
    for (let y = 0; y < mask.height; y++) {
      for (let x = 0; x < mask.width; x++) {
        const expected = mask.ink[y * mask.width + x] ? [...TEXT_RGB, 255] : [255, 255, 255, 255];
        expect(at(png, left + x, caption.y + y)).toEqual(expected);
        inked += mask.ink[y * mask.width + x];
      }
    }
    expect(inked).toBeGreaterThan(20);
  });

  it('draws a colour bar under a panel when asked', () => {
    const layout = layoutFigure(rows);
    const png = PNG.sync.read(renderFigurePng(rows));
    const bar = layout.panels[1][0].colorbar!;
    const jet = colormapLut('jet');
    expect(at(png, bar.x, bar.y + 1)).toEqual([...jet.subarray(0, 3), 255]);
    expect(at(png, bar.x + bar.width - 1, bar.y + bar.height - 1)).toEqual([...jet.subarray(255 * 3), 255]);
  });

  it('composites translucent panels over white, checks sizes, leaves inputs alone', () => {
    const panel: FigurePanel = { caption: '', rgba: new Uint8ClampedArray([0, 0, 0, 0, 0, 0, 0, 128]), width: 2, height: 1 };
    const png = PNG.sync.read(renderFigurePng([{ panels: [panel] }], { scale: 2 }));
    const place = layoutFigure([{ panels: [panel] }], { scale: 2 }).panels[0][0];
    expect(at(png, place.x, place.y)).toEqual([255, 255, 255, 255]);
    expect(at(png, place.x + 2, place.y)).toEqual([127, 127, 127, 255]);
    expect(Array.from(panel.rgba)).toEqual([0, 0, 0, 0, 0, 0, 0, 128]);
    expect(() => renderFigurePng([{ panels: [{ ...panel, width: 3 }] }])).toThrow(/has 8 bytes \(need 12\)/);
    expect(() => renderFigurePng([{ panels: [] }])).toThrow(RangeError);
    expect(() => renderFigurePng([{ panels: [panel] }], { scale: 1.5 })).toThrow(RangeError);
  });
});
