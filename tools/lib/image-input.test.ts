import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeInputImage, ImageInputError, readInputImage, toModelInput } from './image-input';
import { exifSegment } from './jpeg-exif';
import { handPng, pngChunk } from './png-chunks';

const dir = mkdtempSync(join(tmpdir(), 'image-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** PNG through pngjs from RGBA data, stored with the given colour type (0, 2, 4 or 6). */
function pngjsFile(name: string, width: number, height: number, rgba: number[], colorType: 0 | 2 | 4 | 6): string {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return file(name, PNG.sync.write(png, { colorType }));
}

// pngjs cannot write palette or 16-bit images, so those are assembled by hand (png-chunks.ts).
const chunk = pngChunk;

const gray = (v: number) => [v, v, v, 255];

describe('readInputImage: PNG', () => {
  it('reads 8-bit gray, RGB (BT.601 luma) and RGBA', () => {
    const grayImg = readInputImage(pngjsFile('g.png', 2, 1, [...gray(0), ...gray(200)], 0));
    expect(grayImg).toMatchObject({ width: 2, height: 1, format: 'png' });
    expect(Array.from(grayImg.gray)).toEqual([0, 200]);
    expect(grayImg.compositedOver).toBeUndefined();

    const rgb = readInputImage(pngjsFile('rgb.png', 3, 1, [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255], 2));
    expect(Array.from(rgb.gray)).toEqual([76, 150, 29]); // 0.299·255, 0.587·255, 0.114·255
  });

  it('composites dark strokes on transparency over white', () => {
    // Two opaque black stroke pixels, two fully transparent, one half-transparent black.
    const rgba = [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 9, 9, 9, 0, 0, 0, 0, 128];
    const image = readInputImage(pngjsFile('ga.png', 5, 1, rgba, 6));
    expect(image.compositedOver).toBe('white');
    expect(Array.from(image.gray)).toEqual([0, 0, 255, 255, Math.round(255 * (1 - 128 / 255))]);
    // The same through gray+alpha storage.
    expect(readInputImage(pngjsFile('ga4.png', 5, 1, rgba, 4)).gray).toEqual(image.gray);
  });

  it('composites light strokes on transparency over black, so they do not vanish', () => {
    const image = readInputImage(pngjsFile('white-ink.png', 3, 1, [255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0], 6));
    expect(image.compositedOver).toBe('black');
    expect(Array.from(image.gray)).toEqual([255, 0, 0]);
  });

  it('reads palette images (with tRNS) and 16-bit gray', () => {
    const plte = chunk('PLTE', new Uint8Array([0, 0, 0, 255, 255, 255, 255, 0, 0]));
    const trns = chunk('tRNS', new Uint8Array([255, 255, 0])); // entry 2 fully transparent
    const palette = readInputImage(file('p.png', handPng(3, 1, 8, 3, [[0, 1, 2]], [plte, trns])));
    expect(Array.from(palette.gray)).toEqual([0, 255, 255]);
    expect(palette.compositedOver).toBe('white');

    // 16-bit samples keep their high byte, as Chromium reads them (0x7fff → 127, not 128).
    const deep = readInputImage(file('g16.png', handPng(4, 1, 16, 0, [[0x00, 0x00, 0x80, 0x00, 0x7f, 0xff, 0xff, 0xff]])));
    expect(Array.from(deep.gray)).toEqual([0, 128, 127, 255]);
  });
});

describe('readInputImage: raw samples, JPEG, WebP', () => {
  it('ignores a gAMA chunk: the raw samples, as the browser reads them without colour management', () => {
    const plain = handPng(3, 1, 8, 0, [[0, 100, 200]]);
    const gama = chunk('gAMA', new Uint8Array([0, 1, 0x86, 0xa0])); // gamma 1.0 (100000)
    const tagged = handPng(3, 1, 8, 0, [[0, 100, 200]], [gama]);
    expect(Array.from(readInputImage(file('gamma.png', tagged)).gray)).toEqual([0, 100, 200]);
    expect(readInputImage(file('plain.png', plain)).gray).toEqual(readInputImage(file('gamma.png', tagged)).gray);
  });

  it('reads JPEG through jpeg-js (BT.601 luma of its RGB)', () => {
    const width = 16;
    const height = 8;
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set(i % width < 8 ? [20, 20, 20, 255] : [230, 230, 230, 255], i * 4);
    const path = file('two.jpg', jpeg.encode({ data: rgba, width, height }, 95).data);
    const image = readInputImage(path);
    expect(image).toMatchObject({ width, height, format: 'jpeg' });
    const decoded = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true });
    const expected = Array.from({ length: width * height }, (_, p) =>
      Math.round(0.299 * decoded.data[p * 4] + 0.587 * decoded.data[p * 4 + 1] + 0.114 * decoded.data[p * 4 + 2]),
    );
    expect(Array.from(image.gray)).toEqual(expected);
    expect(Math.abs(image.gray[0] - 20)).toBeLessThanOrEqual(3);
    expect(Math.abs(image.gray[width - 1] - 230)).toBeLessThanOrEqual(3);
  });

  it('turns a JPEG upright by its EXIF orientation (6: a quarter turn clockwise)', () => {
    const width = 24;
    const height = 16;
    const rgba = Buffer.alloc(width * height * 4);
    for (let p = 0; p < width * height; p++)
      rgba.set(p % width < 6 && Math.floor(p / width) < 4 ? [0, 0, 0, 255] : [255, 255, 255, 255], p * 4);
    const plain = jpeg.encode({ data: rgba, width, height }, 95).data;
    const upright = readInputImage(file('plain.jpg', plain));
    const tagged = Buffer.concat([plain.subarray(0, 2), Buffer.from(exifSegment(6, false)), plain.subarray(2)]);
    const turned = readInputImage(file('portrait.jpg', tagged));
    expect(turned).toMatchObject({ width: height, height: width });
    for (let y = 0; y < width; y++)
      for (let x = 0; x < height; x++) expect(turned.gray[y * height + x]).toBe(upright.gray[(height - 1 - x) * width + y]);
  });

  it('says that the CLI does not read WebP', () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8L'), Buffer.alloc(20)]);
    expect(() => readInputImage(file('phone.webp', webp))).toThrow(/phone\.webp is a WebP image; the CLI reads PNG, JPEG and PGM/);
  });
});

describe('readInputImage: pixel budget', () => {
  it('refuses images above 50 megapixels from the header alone, in one line', () => {
    // Only a header: nothing beyond it is read, so the refusal cannot come from the decoder.
    const png = handPng(40000, 40000, 8, 0, []).subarray(0, 33);
    expect(() => readInputImage(file('huge.png', png))).toThrow(
      /huge\.png is 40000×40000 \(1600 megapixels\); images up to 50 megapixels are accepted: scale it down first$/,
    );
    const sof = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x9c, 0x40, 0x9c, 0x40, 1, 1, 0x11, 0]);
    expect(() => readInputImage(file('huge.jpg', sof))).toThrow(/huge\.jpg is 40000×40000 \(1600 megapixels\)/);
    expect(() => readInputImage(file('huge.pgm', 'P5 40000 40000 255\n'))).toThrow(/huge\.pgm is 40000×40000/);
    // 7072×7072 is just over 50 MP; 7000×7000 would pass the budget.
    expect(() => readInputImage(file('over.png', handPng(7072, 7072, 8, 0, []).subarray(0, 33)))).toThrow(/50 megapixels/);
  });
});

describe('readInputImage: PGM', () => {
  it('reads ASCII P2 with comments and scales maxval to 255', () => {
    const image = readInputImage(file('a.pgm', 'P2\n# made by hand\n3 2 # width height\n15\n0 15 5\n10 # mid-row comment\n 3 15\n'));
    expect(image).toMatchObject({ width: 3, height: 2, format: 'pgm' });
    expect(Array.from(image.gray)).toEqual([0, 255, 85, 170, 51, 255]);
  });

  it('reads binary P5, 8-bit and 16-bit big-endian', () => {
    const eight = Buffer.concat([Buffer.from('P5 2 2 255\n'), Buffer.from([0, 64, 128, 255])]);
    expect(Array.from(readInputImage(file('b.pgm', eight)).gray)).toEqual([0, 64, 128, 255]);
    // A sample equal to '\n' right after the header must not be mistaken for whitespace.
    const newlineFirst = Buffer.concat([Buffer.from('P5\n1 1\n255\n'), Buffer.from([10])]);
    expect(Array.from(readInputImage(file('nl.pgm', newlineFirst)).gray)).toEqual([10]);
    const sixteen = Buffer.concat([Buffer.from('P5\n3 1\n65535\n'), Buffer.from([0, 0, 0x80, 0x00, 0xff, 0xff])]);
    expect(Array.from(readInputImage(file('c.pgm', sixteen)).gray)).toEqual([0, 128, 255]);
  });
});

describe('readInputImage: errors', () => {
  const message = (path: string) => {
    try {
      readInputImage(path);
    } catch (error) {
      expect(error).toBeInstanceOf(ImageInputError);
      return (error as Error).message;
    }
    throw new Error('expected an ImageInputError');
  };

  it('gives clear one-line messages', () => {
    const missing = join(dir, 'nope.png');
    expect(message(missing)).toBe(`input file not found: ${missing}`);
    const text = file('notes.txt', 'hello');
    expect(message(text)).toBe(`${text} is not a PNG, JPEG or PGM image`);
    const empty = file('empty.png', '');
    expect(message(empty)).toBe(`${empty} is not a PNG, JPEG or PGM image`);
    expect(message(dir)).toMatch(/is not a file$/);
    expect(message(file('c.ppm', 'P6 1 1 255\n\0\0\0'))).toMatch(/Netpbm P6 image; only PNG, JPEG and grayscale PGM/);

    const good = PNG.sync.write(Object.assign(new PNG({ width: 2, height: 2 }), { data: Buffer.alloc(16, 255) }));
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 20] ^= 0xff; // break the IDAT checksum
    expect(message(file('corrupt.png', corrupt))).toMatch(/corrupt\.png: corrupt PNG \(.+\)$/);
    expect(message(file('cut.png', good.subarray(0, 30)))).toMatch(/corrupt PNG/);

    expect(message(file('h1.pgm', 'P2\n3\n'))).toMatch(/bad PGM header \(missing height\)$/);
    expect(message(file('h2.pgm', 'P2 3 x 255\n'))).toMatch(/bad PGM header \(height "x" is not a whole number\)/);
    expect(message(file('h3.pgm', 'P5 1 1 70000\n\0\0'))).toMatch(/maxval 70000 is outside 1\.\.65535/);
    expect(message(file('z.pgm', 'P2 0 5 255\n'))).toMatch(/z\.pgm: image has zero size \(0×5\)$/);
    expect(message(file('t.pgm', Buffer.concat([Buffer.from('P5 3 3 255\n'), Buffer.alloc(4)])))).toMatch(/PGM data truncated/);
    expect(message(file('big.pgm', 'P2 5000 5000 255\n0'))).toMatch(/PGM data truncated/);
    expect(message(file('v.pgm', 'P2 2 1 7\n3 9\n'))).toMatch(/sample 1 is 9, above maxval 7/);
    expect(message(file('zero.png', handPng(0, 1, 8, 0, [[]])))).toMatch(/zero size|corrupt PNG/);
  });

  it('decodeInputImage works on bytes in memory', () => {
    expect(decodeInputImage(Buffer.from('P2 1 1 1\n1\n'), 'mem').gray[0]).toBe(255);
  });
});

describe('toModelInput', () => {
  it('uses a 28×28 MNIST-like image (dark background) as is, as a copy', () => {
    const pixels = new Uint8Array(28 * 28);
    for (let y = 8; y < 20; y++) pixels[y * 28 + 14] = 255;
    const path = pngjsFile('mnist.png', 28, 28, Array.from(pixels).flatMap(gray), 0);
    const image = readInputImage(path);
    const input = toModelInput(image);
    expect(input.preprocessing).toBe('as-is');
    expect(input.steps).toBeUndefined();
    expect(input.pixels).toEqual(pixels);
    expect(input.pixels).not.toBe(image.gray);
  });

  it('inverts and centres a 100×60 black-on-white drawing', () => {
    const width = 100;
    const height = 60;
    const page = new Uint8Array(width * height).fill(255);
    for (let y = 5; y < 35; y++) for (let x = 70; x < 76; x++) page[y * width + x] = 0; // a "1" stroke, top right
    const image = readInputImage(pngjsFile('page.png', width, height, Array.from(page).flatMap(gray), 0));
    const before = Uint8Array.from(image.gray);
    const input = toModelInput(image);
    expect(input.preprocessing).toBe('mnist-style');
    expect(input.steps?.inverted).toBe(true);
    expect(input.pixels.length).toBe(784);
    expect(input.pixels[0]).toBe(0); // background is black now
    // The stroke is 20 px tall (fit into 20×20) and centred near (14, 14).
    let mass = 0;
    let cx = 0;
    let cy = 0;
    input.pixels.forEach((v, i) => {
      mass += v;
      cx += v * (i % 28);
      cy += v * Math.floor(i / 28);
    });
    expect(Math.abs(cx / mass - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(cy / mass - 14)).toBeLessThanOrEqual(1);
    expect(image.gray).toEqual(before);
  });

  it('sends a light-background 28×28 through centerDrawing, and honours a forced mode', () => {
    const page = new Uint8Array(28 * 28).fill(255);
    for (let y = 6; y < 22; y++) page[y * 28 + 10] = 0;
    const image = { width: 28, height: 28, gray: page };
    expect(toModelInput(image).preprocessing).toBe('mnist-style');
    expect(toModelInput(image, { preprocessing: 'as-is' }).pixels).toEqual(page);
    expect(() => toModelInput({ width: 10, height: 28, gray: new Uint8Array(280) }, { preprocessing: 'as-is' })).toThrow(
      /only a 28×28 image can be used as is/,
    );
  });

  it('reports a blank image clearly', () => {
    const blank = readInputImage(file('blank.pgm', `P2 40 40 255\n${'255 '.repeat(1600)}`));
    expect(() => toModelInput(blank)).toThrow(/blank\.pgm: the image is blank \(no digit strokes found\)/);
  });
});
