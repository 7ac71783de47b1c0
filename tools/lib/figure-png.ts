// PNG figures for instructors' slides: rows of panels (digit, maps, overlays), each enlarged
// with crisp nearest-neighbour pixels, captioned with a built-in bitmap font, on white.
// Node only (pngjs). Layout is computed separately from drawing so tests and callers can
// find where each panel and caption landed.
import { PNG } from 'pngjs';
import { colorbar, type ColormapName } from '../../src/lib/explain/colormap';
import { LINE_ADVANCE, renderText, textWidth } from './bitmap-font';

export interface FigurePanel {
  caption: string;
  /** Row-major RGBA, width × height × 4 bytes; alpha < 255 is composited over white. */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Optional colour bar under the panel, with labels for its two ends. */
  colorbar?: { colormap: ColormapName; minLabel?: string; maxLabel?: string };
}

export interface FigureRow {
  title?: string;
  panels: FigurePanel[];
}

export interface FigureOptions {
  /** Integer enlargement of every panel (28 px × 8 = 224 px). Default 8. */
  scale?: number;
  /** Integer scale of the 5×7 font (2 → 10×14 px glyphs). Default 2. */
  fontScale?: number;
  /** White border around the figure, and space between rows. Default 16. */
  margin?: number;
  /** Horizontal space between panels. Default 16. */
  gap?: number;
  /** Height of colour bars in pixels. Default 10. */
  colorbarHeight?: number;
}

export interface TextBlock {
  x: number;
  y: number;
  lines: string[];
  align: 'left' | 'center' | 'right';
  /** Width of the box the lines are aligned in. */
  width: number;
}

export interface PanelLayout {
  /** Top-left corner of the enlarged panel in the figure. */
  x: number;
  y: number;
  /** Enlarged size (source size × scale). */
  width: number;
  height: number;
  caption: TextBlock;
  colorbar?: { x: number; y: number; width: number; height: number; labels: TextBlock[] };
}

export interface FigureLayout {
  width: number;
  height: number;
  scale: number;
  fontScale: number;
  titles: TextBlock[];
  /** panels[row][column]. */
  panels: PanelLayout[][];
}

export const TEXT_RGB = [26, 26, 26] as const;

/** Space between a panel and what is written under it, and between a title and its row. */
const PAD = 6;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`renderFigurePng: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** Greedy word wrap to `maxWidth` pixels; '\n' forces a break; an over-long word keeps its own line. */
function wrap(text: string, maxWidth: number, fontScale: number): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && textWidth(candidate, fontScale) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    return [...lines, line];
  });
}

function longestWordWidth(text: string, fontScale: number): number {
  return Math.max(0, ...text.split(/\s+/).map((word) => textWidth(word, fontScale)));
}

/** Where everything goes. Pure; renderFigure draws exactly this. */
export function layoutFigure(rows: readonly FigureRow[], options: FigureOptions = {}): FigureLayout {
  const scale = positiveInteger(options.scale ?? 8, 'scale');
  const fontScale = positiveInteger(options.fontScale ?? 2, 'fontScale');
  const margin = options.margin ?? 16;
  const gap = options.gap ?? 16;
  const barHeight = positiveInteger(options.colorbarHeight ?? 10, 'colorbarHeight');
  if (rows.every((row) => row.panels.length === 0)) throw new RangeError('renderFigurePng: no panels to draw');
  const lineHeight = LINE_ADVANCE * fontScale;

  const titles: TextBlock[] = [];
  const panels: PanelLayout[][] = [];
  let y = margin;
  let figureWidth = 0;

  for (const [r, row] of rows.entries()) {
    if (row.title) {
      const lines = row.title.split('\n');
      const width = Math.max(...lines.map((line) => textWidth(line, fontScale)));
      titles.push({ x: margin, y, lines, align: 'left', width });
      figureWidth = Math.max(figureWidth, margin + width + margin);
      y += lines.length * lineHeight + PAD;
    }
    row.panels.forEach((panel, c) => {
      positiveInteger(panel.width, `panel ${r}.${c} width`);
      positiveInteger(panel.height, `panel ${r}.${c} height`);
      if (panel.rgba.length !== panel.width * panel.height * 4) {
        throw new RangeError(
          `renderFigurePng: panel ${r}.${c} is ${panel.width}×${panel.height} but has ${panel.rgba.length} bytes (need ${panel.width * panel.height * 4})`,
        );
      }
    });
    const panelsHeight = Math.max(0, ...row.panels.map((p) => p.height * scale));
    const hasBar = row.panels.some((p) => p.colorbar);
    const captionY = y + panelsHeight + PAD + (hasBar ? barHeight + 2 + lineHeight + PAD : 0);

    let x = margin;
    let captionLines = 0;
    const rowLayout = row.panels.map((panel): PanelLayout => {
      const width = panel.width * scale;
      const height = panel.height * scale;
      // A caption wraps to the panel's width, but a cell is never narrower than its longest word.
      const cellWidth = Math.max(width, longestWordWidth(panel.caption, fontScale));
      const lines = wrap(panel.caption, cellWidth, fontScale);
      captionLines = Math.max(captionLines, lines.length);
      const panelX = x + Math.floor((cellWidth - width) / 2);
      const layout: PanelLayout = {
        x: panelX,
        y,
        width,
        height,
        caption: { x, y: captionY, lines, align: 'center', width: cellWidth },
      };
      if (panel.colorbar) {
        const barY = y + panelsHeight + PAD;
        const labelY = barY + barHeight + 2;
        layout.colorbar = {
          x: panelX,
          y: barY,
          width,
          height: barHeight,
          labels: [
            { x: panelX, y: labelY, lines: [panel.colorbar.minLabel ?? ''], align: 'left', width },
            { x: panelX, y: labelY, lines: [panel.colorbar.maxLabel ?? ''], align: 'right', width },
          ],
        };
      }
      x += cellWidth + gap;
      return layout;
    });
    panels.push(rowLayout);
    if (row.panels.length > 0) {
      figureWidth = Math.max(figureWidth, x - gap + margin);
      y = captionY + captionLines * lineHeight + margin;
    }
  }
  return { width: figureWidth, height: y, scale, fontScale, titles, panels };
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

function drawTextBlock(image: RgbaImage, block: TextBlock, fontScale: number): void {
  block.lines.forEach((line, k) => {
    const mask = renderText(line, fontScale);
    const offset =
      block.align === 'left' ? 0 : block.align === 'right' ? block.width - mask.width : Math.floor((block.width - mask.width) / 2);
    const top = block.y + k * LINE_ADVANCE * fontScale;
    for (let my = 0; my < mask.height; my++) {
      for (let mx = 0; mx < mask.width; mx++) {
        if (!mask.ink[my * mask.width + mx]) continue;
        const px = block.x + offset + mx;
        const py = top + my;
        if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
        image.data.set(TEXT_RGB, (py * image.width + px) * 4);
      }
    }
  });
}

/** Copies `rgba` enlarged by `scale` (nearest neighbour) to (x, y), compositing alpha over white. */
function drawScaled(image: RgbaImage, rgba: Uint8ClampedArray, width: number, height: number, x: number, y: number, scale: number): void {
  for (let sy = 0; sy < height; sy++) {
    for (let sx = 0; sx < width; sx++) {
      const i = (sy * width + sx) * 4;
      const alpha = rgba[i + 3] / 255;
      const colour = [0, 1, 2].map((c) => Math.round(alpha * rgba[i + c] + (1 - alpha) * 255));
      for (let dy = 0; dy < scale; dy++) {
        const rowStart = ((y + sy * scale + dy) * image.width + x + sx * scale) * 4;
        for (let dx = 0; dx < scale; dx++) image.data.set(colour, rowStart + dx * 4);
      }
    }
  }
}

/** The figure as RGBA pixels (opaque, white background). */
export function renderFigure(rows: readonly FigureRow[], options: FigureOptions = {}): RgbaImage & { layout: FigureLayout } {
  const layout = layoutFigure(rows, options);
  const image: RgbaImage = {
    width: layout.width,
    height: layout.height,
    data: new Uint8ClampedArray(layout.width * layout.height * 4).fill(255),
  };
  for (const title of layout.titles) drawTextBlock(image, title, layout.fontScale);
  rows.forEach((row, r) =>
    row.panels.forEach((panel, c) => {
      const place = layout.panels[r][c];
      drawScaled(image, panel.rgba, panel.width, panel.height, place.x, place.y, layout.scale);
      drawTextBlock(image, place.caption, layout.fontScale);
      if (panel.colorbar && place.colorbar) {
        const bar = place.colorbar;
        drawScaled(image, colorbar(panel.colorbar.colormap, bar.width, bar.height), bar.width, bar.height, bar.x, bar.y, 1);
        for (const label of bar.labels) drawTextBlock(image, label, layout.fontScale);
      }
    }),
  );
  return { ...image, layout };
}

/** The figure encoded as an RGBA PNG file's bytes. */
export function renderFigurePng(rows: readonly FigureRow[], options: FigureOptions = {}): Buffer {
  const { width, height, data } = renderFigure(rows, options);
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png);
}
