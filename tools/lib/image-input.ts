// Reading the digit image a user hands the CLI (PNG, JPEG or PGM) and turning it into the 28×28
// model input. Node only (fs, pngjs, jpeg-js): these are thin decoders that hand raw pixels to
// the preprocessing shared with the browser (src/lib/data/model-input.ts), so the transparency
// rule, luma, resampling and photo cleaning are the same on both sides.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { PNG } from 'pngjs';
import { checkPixelBudget, readImageHeader, sniffFormat, MAX_IMAGE_PIXELS } from '../../src/lib/data/image-header';
import { ImageInputError } from '../../src/lib/data/image-input-error';
import { decodeJpegPixels } from '../../src/lib/data/jpeg-decode';
import { pixelsToGray, type DecodedPixels } from '../../src/lib/data/pixels-to-gray';

export { ImageInputError } from '../../src/lib/data/image-input-error';
export {
  describeImageInput,
  modelInputFromPixels,
  toModelInput,
  type ModelInput,
  type Preprocessing,
  type ToModelInputOptions,
} from '../../src/lib/data/model-input';

export type ImageFormat = 'png' | 'jpeg' | 'pgm';

export interface InputImage {
  width: number;
  height: number;
  /** Row-major gray values 0..255 (pixelsToGray: luma, transparency composited; not yet inverted or centred). */
  gray: Uint8Array;
  format: ImageFormat;
  /** Where the image came from, for messages (the file path). */
  source: string;
  /** Set only when the image had transparent pixels: the background they were composited over. */
  compositedOver?: 'white' | 'black';
}

const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;

/** Reads a PNG, JPEG or PGM file into 8-bit gray. Throws ImageInputError with a one-line message. */
export function readInputImage(filePath: string): InputImage {
  if (!existsSync(filePath)) throw new ImageInputError(`input file not found: ${filePath}`);
  if (!statSync(filePath).isFile()) throw new ImageInputError(`${filePath} is not a file`);
  return decodeInputImage(readFileSync(filePath), filePath);
}

/** The same as readInputImage for bytes already in memory; `source` names them in messages. */
export function decodeInputImage(bytes: Uint8Array, source: string): InputImage {
  const format = sniffFormat(bytes);
  if (format === 'webp') {
    throw new ImageInputError(
      `${source} is a WebP image; the CLI reads PNG, JPEG and PGM (the browser takes WebP): convert it to PNG first`,
    );
  }
  if (format === 'png' || format === 'jpeg') {
    const header = readImageHeader(bytes);
    // A cut or malformed header is left to the decoder, which says what is wrong.
    if (header) {
      checkSize(header.width, header.height, source);
      checkPixelBudget(header.width, header.height, source);
    }
    const pixels = format === 'png' ? decodePng(bytes, source) : decodeJpeg(bytes, source);
    return { ...pixelsToGray(pixels), format, source };
  }
  if (bytes[0] === 0x50 /* P */ && bytes.length > 2 && isWhitespace(bytes[2])) {
    if (bytes[1] === 0x32 /* 2 */ || bytes[1] === 0x35 /* 5 */) return decodePgm(bytes, source);
    if (bytes[1] >= 0x31 && bytes[1] <= 0x37) {
      throw new ImageInputError(
        `${source} is a Netpbm P${String.fromCharCode(bytes[1])} image; only PNG, JPEG and grayscale PGM (P2, P5) are supported`,
      );
    }
  }
  throw new ImageInputError(`${source} is not a PNG, JPEG or PGM image`);
}

function checkSize(width: number, height: number, source: string): void {
  if (width === 0 || height === 0) throw new ImageInputError(`${source}: image has zero size (${width}×${height})`);
}

/** IHDR's bit depth byte (signature 8 + length 4 + type 4 + width 4 + height 4). */
const PNG_BIT_DEPTH_OFFSET = 24;

/**
 * pngjs expands every colour type (gray, gray+alpha, RGB, RGBA, palette + tRNS) and bit depth
 * to straight RGBA. It ignores gAMA/iCCP: raw sample values, as the browser reads them with
 * colorSpaceConversion 'none'. 16-bit samples keep their high byte, as Chromium does (pngjs's
 * own rescaling rounds instead: 1 level off for a quarter of the values).
 */
function decodePng(bytes: Uint8Array, source: string): DecodedPixels {
  try {
    const sixteenBit = bytes[PNG_BIT_DEPTH_OFFSET] === 16;
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: sixteenBit });
    checkSize(png.width, png.height, source);
    const data = sixteenBit ? Uint8Array.from(png.data as unknown as Uint16Array, (v) => v >> 8) : png.data;
    return { width: png.width, height: png.height, channels: 4, data };
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    throw new ImageInputError(`${source}: corrupt PNG (${error instanceof Error ? error.message : String(error)})`);
  }
}

function decodeJpeg(bytes: Uint8Array, source: string): DecodedPixels {
  try {
    return decodeJpegPixels(bytes, MAX_IMAGE_PIXELS);
  } catch (error) {
    throw new ImageInputError(`${source}: corrupt JPEG (${error instanceof Error ? error.message : String(error)})`);
  }
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
  checkPixelBudget(width, height, source);

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
