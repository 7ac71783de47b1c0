// Uploads are read the same way in the browser as in the `explain` CLI: one preprocessing path
// (src/lib/data/model-input.ts) behind thin decoders. Each image is made here, written to a file
// for the CLI and uploaded to the page under the same name; the viewer's exported JSON must equal
// the CLI's within 1e-4, the `input` block included (true size, format, preprocessing label,
// steps, the 28×28 pixels).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { orientPixels } from '../src/lib/data/exif-orientation';
import { resize } from '../src/lib/data/resample';
import { exifSegment } from '../tools/lib/jpeg-exif';
import { handPng } from '../tools/lib/png-chunks';
import { photoOfDigit } from '../tools/lib/synthetic-photo';
import { ROOT } from './support/site';
import { cliReport, compareReports, exportedJson } from './support/widgets';

const dir = mkdtempSync(path.join(tmpdir(), 'upload-parity-'));
const testImages = readFileSync(path.join(ROOT, 'public/data/mnist-test-images.u8'));
/** MNIST test digit (white ink on black), 0..255. */
const digit = (index: number) => Uint8Array.from(testImages.subarray(index * 784, (index + 1) * 784));

function pngOf(width: number, height: number, rgba: Uint8Array, options: { colorType?: 0 | 2 | 4 | 6; gamma?: number } = {}): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  if (options.gamma) png.gamma = options.gamma; // pngjs then writes a gAMA chunk
  return PNG.sync.write(png, { colorType: options.colorType ?? 6 });
}

/** A smooth (bilinear) enlargement of an MNIST digit: fractional values, anti-aliased edges. */
function enlarged(index: number, size: number): Float32Array {
  return resize(digit(index), 28, 28, size, size);
}

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A white (slightly tinted) 7 on a transparent background: the colour lives only in alpha. */
function transparentPng(): Upload {
  const size = 112;
  const alpha = enlarged(0, size);
  const rgba = new Uint8Array(size * size * 4);
  alpha.forEach((a, p) => rgba.set([246, 250, 255, Math.round(Math.min(255, Math.max(0, a)))], p * 4));
  return { name: 'transparent-seven.png', mimeType: 'image/png', buffer: pngOf(size, size, rgba) };
}

/** A dark 2 on light paper, tagged with gAMA 1/2.2: a colour-managed read would change its grays. */
function gammaPng(): Upload {
  const size = 120;
  const ink = enlarged(1, size);
  const rgba = new Uint8Array(size * size * 4);
  ink.forEach((v, p) => {
    const g = Math.round(235 - (Math.min(255, Math.max(0, v)) * 180) / 255);
    rgba.set([g, g, g, 255], p * 4);
  });
  const buffer = pngOf(size, size, rgba, { colorType: 0, gamma: 0.45455 });
  expect(buffer.includes(Buffer.from('gAMA'))).toBe(true);
  return { name: 'gamma-two.png', mimeType: 'image/png', buffer };
}

/**
 * A 16-bit PNG of a 3 (test index 18): dark ink on light paper, the low bytes varied so that
 * rounding to 8 bits and keeping the high byte differ; with `alpha`, gray + alpha where the
 * paper fades out towards the right.
 */
function sixteenBitPng(alpha: boolean): Upload {
  const size = 96;
  const ink = enlarged(18, size);
  const channels = alpha ? 2 : 1;
  const raw = Buffer.alloc((size * 2 * channels + 1) * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = y * (size * 2 * channels + 1) + 1 + x * 2 * channels;
      const v = Math.min(255, Math.max(0, ink[y * size + x]));
      raw.writeUInt16BE(Math.round(60000 - (v * 50000) / 255) | 0xff, at);
      if (alpha) raw.writeUInt16BE(Math.round(65535 - (x * 40000) / size) | 0xff, at + 2);
    }
  }
  return {
    name: alpha ? 'sixteen-bit-alpha-three.png' : 'sixteen-bit-three.png',
    mimeType: 'image/png',
    buffer: handPng(size, size, 16, alpha ? 4 : 0, raw),
  };
}

/** A 3000×3000 photo of a 5 (MNIST test index 8): shadow gradient, paper grain, gray PNG. */
function photoPng(): Upload {
  const side = 3000;
  const rgba = photoOfDigit(digit(8), { width: side, height: side, digit: { x: 700, y: 500, size: 1900 }, noise: 3, seed: 8 });
  const buffer = pngOf(side, side, rgba, { colorType: 0 });
  expect(buffer.length).toBeLessThan(10 * 1024 * 1024); // the page's upload limit
  return { name: 'photo-five-3000.png', mimeType: 'image/png', buffer };
}

/** A 640×480 JPEG photo of a 4 (MNIST test index 4), encoded by jpeg-js. */
function photoJpeg(): Upload {
  const rgba = photoOfDigit(digit(4), { width: 640, height: 480, digit: { x: 180, y: 60, size: 360 }, seed: 4 });
  return { name: 'photo-four.jpg', mimeType: 'image/jpeg', buffer: jpeg.encode({ data: rgba, width: 640, height: 480 }, 90).data };
}

/** The input panel, started (widgets start when they come near the viewport). */
async function inputPanel(page: Page) {
  const panel = page.locator('digit-input');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return panel;
}

/** A portrait phone photo of a 9 (test index 7): stored sideways with EXIF orientation 6. */
function portraitJpeg(): Upload {
  const upright = photoOfDigit(digit(7), { width: 480, height: 640, digit: { x: 60, y: 140, size: 360 }, seed: 7 });
  const stored = orientPixels({ width: 480, height: 640, channels: 4, data: upright }, 8); // the inverse of 6
  const plain = jpeg.encode({ data: stored.data, width: stored.width, height: stored.height }, 90).data;
  return {
    name: 'portrait-nine.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.concat([plain.subarray(0, 2), Buffer.from(exifSegment(6, true)), plain.subarray(2)]),
  };
}

async function upload(page: Page, file: Upload) {
  const panel = await inputPanel(page);
  await panel.getByLabel(/PNG, JPEG or WebP/).setInputFiles(file);
  await expect(panel).toContainText(`Your upload (${file.name})`, { timeout: 30_000 });
  return panel;
}

async function viewerExport(page: Page, name: string) {
  const viewer = page.locator('attention-viewer');
  await viewer.scrollIntoViewIfNeeded();
  await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(viewer.getByRole('figure').filter({ hasText: 'Input digit' })).toContainText(`upload:${name}`, { timeout: 60_000 });
  return exportedJson(page, viewer);
}

test.describe('uploads equal the CLI', () => {
  const cases: [string, () => Upload, Record<string, unknown>][] = [
    ['a white digit on a transparent PNG', transparentPng, { width: 112, height: 112, format: 'png', preprocessing: 'mnist-style' }],
    ['a gamma-tagged PNG (gAMA ignored on both sides)', gammaPng, { width: 120, height: 120, format: 'png', preprocessing: 'mnist-style' }],
    [
      'a 16-bit gray PNG (high byte, as Chromium)',
      () => sixteenBitPng(false),
      { width: 96, height: 96, format: 'png', preprocessing: 'mnist-style' },
    ],
    ['a 16-bit gray + alpha PNG', () => sixteenBitPng(true), { width: 96, height: 96, format: 'png', preprocessing: 'mnist-style' }],
    [
      'a 3000×3000 photo-like PNG (shrunk in our code, background cleaned)',
      photoPng,
      { width: 3000, height: 3000, format: 'png', preprocessing: 'mnist-style' },
    ],
    ['a JPEG photo (jpeg-js on both sides)', photoJpeg, { width: 640, height: 480, format: 'jpeg', preprocessing: 'mnist-style' }],
    [
      'a portrait JPEG turned upright by its EXIF orientation',
      portraitJpeg,
      { width: 480, height: 640, format: 'jpeg', preprocessing: 'mnist-style' },
    ],
  ];
  for (const [title, make, expectedInput] of cases) {
    test(title, async ({ page }) => {
      test.slow();
      const file = make();
      const onDisk = path.join(dir, file.name);
      writeFileSync(onDisk, file.buffer);
      const cli = cliReport(onDisk);
      expect(cli.input).toMatchObject(expectedInput);
      await page.goto('/lessons/attention-cam/');
      await upload(page, file);
      const json = await viewerExport(page, file.name);
      expect(json.input).toMatchObject(expectedInput);
      expect(compareReports(json, cli)).toEqual([]);
    });
  }
});

test('the photo upload shows the cleaning step, the ink box and the 20×20 fit', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const panel = await upload(page, photoJpeg());
  const steps = panel.getByRole('list').filter({ hasText: 'Ink box' });
  await expect(steps).toContainText('Background normalised');
  await expect(panel.getByRole('img', { name: /^Your image and its ink box: 512×384 px; ink box \d+×\d+ at/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /^Background normalised:/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /^Scaled to fit 20×20 \(aspect kept\): \d+×20 inside the 20×20 box/ })).toBeVisible();
  await expect(page.locator('attention-viewer .widget-summary')).toContainText('predicts 4');
});

test('a 28×28 dark-background upload is used as is, and labelled so in the export', async ({ page }) => {
  test.slow();
  const rgba = new Uint8Array(28 * 28 * 4);
  digit(3).forEach((v, p) => rgba.set([v, v, v, 255], p * 4));
  const file = { name: 'mnist-like.png', mimeType: 'image/png', buffer: pngOf(28, 28, rgba, { colorType: 0 }) };
  writeFileSync(path.join(dir, file.name), file.buffer);
  await page.goto('/lessons/attention-cam/');
  await upload(page, file);
  const json = await viewerExport(page, file.name);
  expect(json.input).toMatchObject({ width: 28, height: 28, preprocessing: 'as-is' });
  expect(compareReports(json, cliReport(path.join(dir, file.name)))).toEqual([]);
});

test('WebP is accepted in the browser', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  // Chromium's own WebP encoder makes the file: a dark 7 (test digit 0) on white.
  const bytes = await page.evaluate(
    async (pixels) => {
      const canvas = new OffscreenCanvas(112, 112);
      const small = new OffscreenCanvas(28, 28);
      const data = new ImageData(28, 28);
      pixels.forEach((v, p) => data.data.set([255 - v, 255 - v, 255 - v, 255], p * 4));
      small.getContext('2d')!.putImageData(data, 0, 0);
      canvas.getContext('2d')!.drawImage(small, 0, 0, 112, 112);
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 1 });
      return blob.type === 'image/webp' ? Array.from(new Uint8Array(await blob.arrayBuffer())) : null;
    },
    Array.from(digit(0)),
  );
  expect(bytes).not.toBeNull();
  const panel = await upload(page, { name: 'seven.webp', mimeType: 'image/webp', buffer: Buffer.from(bytes!) });
  await expect(panel.getByRole('list').filter({ hasText: 'Ink box' })).toContainText('Light background: inverted');
  await expect(page.locator('attention-viewer .widget-summary')).toContainText('predicts 7');
});

test('images over the pixel budget are refused from their header, before decoding', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const panel = await inputPanel(page);
  // Just the signature and IHDR of a 40000×40000 PNG: a decoder would fail, the budget answers first.
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(40000, 8);
  ihdr.writeUInt32BE(40000, 12);
  ihdr.set([8, 0, 0, 0, 0], 16);
  const buffer = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
  await panel.getByLabel(/PNG, JPEG or WebP/).setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer });
  await expect(panel.getByRole('alert')).toHaveText(
    'huge.png is 40000×40000 (1600 megapixels); images up to 50 megapixels are accepted: scale it down first',
  );
});
