// Reading the digit image a user hands the CLI (PNG or PGM) and turning it into the 28×28
// model input. Node only (fs, pngjs); the MNIST-style preprocessing itself is shared with
// the browser widget (src/lib/data/centerDrawing.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { PNG } from 'pngjs';
import { ImageInputError } from '../../src/lib/data/model-input';

export { ImageInputError, toModelInput, type ModelInput, type Preprocessing, type ToModelInputOptions } from '../../src/lib/data/model-input';

export type ImageFormat = 'png' | 'pgm';

export interface InputImage {
  width: number;
  height: number;
  /** Row-major gray values 0..255, as stored in the file (not yet inverted or centred). */
  gray: Uint8Array;
  format: ImageFormat;
  /** Where the image came from, for messages (the file path). */
  source: string;
  /**
   * Set only when a PNG had transparent pixels: the background they were composited over
   * (see compositeBackground).
   */
  compositedOver?: 'white' | 'black';
}


const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;

/** Reads a PNG or PGM file into 8-bit gray. Throws ImageInputError with a one-line message. */
export function readInputImage(filePath: string): InputImage {
  if (!existsSync(filePath)) throw new ImageInputError(`input file not found: ${filePath}`);
  if (!statSync(filePath).isFile()) throw new ImageInputError(`${filePath} is not a file`);
  return decodeInputImage(readFileSync(filePath), filePath);
}

/** The same as readInputImage for bytes already in memory; `source` names them in messages. */
export function decodeInputImage(bytes: Uint8Array, source: string): InputImage {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(bytes, source);
  if (bytes[0] === 0x50 /* P */ && bytes.length > 2 && isWhitespace(bytes[2])) {
    if (bytes[1] === 0x32 /* 2 */ || bytes[1] === 0x35 /* 5 */) return decodePgm(bytes, source);
    if (bytes[1] >= 0x31 && bytes[1] <= 0x37) {
      throw new ImageInputError(
        `${source} is a Netpbm P${String.fromCharCode(bytes[1])} image; only PNG and grayscale PGM (P2, P5) are supported`,
      );
    }
  }
  throw new ImageInputError(`${source} is not a PNG or PGM image`);
}

function checkSize(width: number, height: number, source: string): void {
  if (width === 0 || height === 0) throw new ImageInputError(`${source}: image has zero size (${width}×${height})`);
}

/** ITU-R BT.601 luma, the weights of PIL's convert('L') and cv2's COLOR_RGB2GRAY. */
const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

/**
 * The background that transparent PNG pixels are composited over. A drawing saved with a
 * transparent background is mostly dark strokes (a pen on a light page), so by default it goes
 * over WHITE, and centerDrawing later inverts the light background. But strokes exported from
 * a dark canvas are light; over white they would vanish. So: if the visible (alpha-weighted)
 * content is light on average, composite over BLACK instead. Either way the strokes keep
 * their contrast against the background.
 */
function compositeBackground(rgba: Uint8Array): 'white' | 'black' {
  let weighted = 0;
  let opacity = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3] / 255;
    weighted += alpha * luma(rgba[i], rgba[i + 1], rgba[i + 2]);
    opacity += alpha;
  }
  return opacity > 0 && weighted / opacity > 127.5 ? 'black' : 'white';
}

function decodePng(bytes: Uint8Array, source: string): InputImage {
  let png: PNG;
  try {
    // pngjs expands every colour type (gray, gray+alpha, RGB, RGBA, palette + tRNS) and bit
    // depth (1–16, 16 rescaled to 8) to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ImageInputError(`${source}: corrupt PNG (${error instanceof Error ? error.message : String(error)})`);
  }
  const { width, height, data } = png;
  checkSize(width, height, source);
  const hasTransparency = data.some((v, i) => i % 4 === 3 && v < 255);
  const background = hasTransparency ? compositeBackground(data) : undefined;
  const backgroundLevel = background === 'white' ? 255 : 0;
  const gray = new Uint8Array(width * height);
  for (let p = 0; p < gray.length; p++) {
    const i = p * 4;
    const value = luma(data[i], data[i + 1], data[i + 2]);
    const alpha = data[i + 3] / 255;
    gray[p] = Math.round(alpha * value + (1 - alpha) * backgroundLevel);
  }
  return { width, height, gray, format: 'png', source, ...(background ? { compositedOver: background } : {}) };
}

/**
 * Netpbm PGM: "P5" (binary) or "P2" (ASCII), then width, height and maxval separated by
 * whitespace, '#' comments allowed between them. P5 samples follow after exactly one
 * whitespace byte, 1 byte each (maxval < 256) or 2 bytes big-endian. Samples are scaled from
 * 0..maxval to 0..255.
 */
function decodePgm(bytes: Uint8Array, source: string): InputImage {
  const binary = bytes[1] === 0x35;
  let pos = 2;
  const badHeader = (why: string) => new ImageInputError(`${source}: bad PGM header (${why})`);

  /** Next whitespace-separated token, skipping comments; null at the end of the data. */
  const nextToken = (): string | null => {
    for (;;) {
      while (pos < bytes.length && isWhitespace(bytes[pos])) pos++;
      if (pos < bytes.length && bytes[pos] === 0x23 /* # */) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && !isWhitespace(bytes[pos]) && bytes[pos] !== 0x23) pos++;
    if (pos === start) return null;
    // Long tokens are cut (with a mark that no number matches) to keep messages one line.
    const text = Buffer.from(bytes.subarray(start, Math.min(pos, start + 40))).toString('latin1');
    return pos - start > 40 ? `${text}…` : text;
  };
  const headerNumber = (name: string): number => {
    const token = nextToken();
    if (token === null) throw badHeader(`missing ${name}`);
    if (!/^\d+$/.test(token)) throw badHeader(`${name} "${token}" is not a whole number`);
    return Number(token);
  };

  const width = headerNumber('width');
  const height = headerNumber('height');
  const maxval = headerNumber('maxval');
  if (maxval < 1 || maxval > 65535) throw badHeader(`maxval ${maxval} is outside 1..65535`);
  checkSize(width, height, source);

  const count = width * height;
  // Every sample takes at least one byte: refuse early instead of allocating for a header
  // that promises more pixels than the file holds.
  if (count > bytes.length - pos) {
    throw new ImageInputError(`${source}: PGM data truncated (${width}×${height} samples cannot fit in ${bytes.length} bytes)`);
  }
  const samples = new Uint16Array(count);
  if (binary) {
    // After maxval: one whitespace byte, then raw samples. Trailing bytes (a second image in
    // a multi-image file) are ignored.
    if (pos >= bytes.length || !isWhitespace(bytes[pos])) throw badHeader('no whitespace after maxval');
    const start = pos + 1;
    const bytesPerSample = maxval < 256 ? 1 : 2;
    const available = bytes.length - start;
    if (available < count * bytesPerSample) {
      throw new ImageInputError(`${source}: PGM data truncated (need ${count * bytesPerSample} bytes, found ${available})`);
    }
    for (let i = 0; i < count; i++) {
      samples[i] = bytesPerSample === 1 ? bytes[start + i] : (bytes[start + 2 * i] << 8) | bytes[start + 2 * i + 1];
    }
  } else {
    for (let i = 0; i < count; i++) {
      const token = nextToken();
      if (token === null) throw new ImageInputError(`${source}: PGM data truncated (found ${i} of ${count} samples)`);
      if (!/^\d+$/.test(token)) throw new ImageInputError(`${source}: PGM sample ${i} "${token}" is not a whole number`);
      if (Number(token) > maxval) throw new ImageInputError(`${source}: PGM sample ${i} is ${token}, above maxval ${maxval}`);
      samples[i] = Number(token);
    }
  }
  const gray = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (samples[i] > maxval) throw new ImageInputError(`${source}: PGM sample ${i} is ${samples[i]}, above maxval ${maxval}`);
    gray[i] = Math.round((samples[i] * 255) / maxval);
  }
  return { width, height, gray, format: 'pgm', source };
}

