// The size an image file claims, read from its header before anything is decoded, so that a
// 40000×40000 PNG is refused in milliseconds instead of exhausting memory. Shared by the CLI
// (before pngjs / jpeg-js run) and the browser (before createImageBitmap runs).
import { ImageInputError } from './image-input-error';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'pgm';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * The most pixels an input may have: 50 megapixels (a 48 MP phone photo passes). Decoding
 * costs about 4 bytes per pixel in the browser and ~10 in the CLI (pngjs keeps the inflated
 * rows and the RGBA copy), so this keeps the CLI under 1.5 GB.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const ascii = (b: Uint8Array, at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));

export const isPng = (b: Uint8Array) => b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
export const isJpeg = (b: Uint8Array) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
export const isWebp = (b: Uint8Array) => b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';

/** The format from the first bytes (PGM is recognised by its own decoder, which parses the text header). */
export function sniffFormat(bytes: Uint8Array): Exclude<ImageFormat, 'pgm'> | null {
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  if (isWebp(bytes)) return 'webp';
  return null;
}

/** PNG: the IHDR chunk must come first, width and height as 32-bit big-endian. */
function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** JPEG: walk the marker segments up to the first SOFn (baseline, progressive, lossless…). */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = u16be(b, at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > b.length) return null;
      return { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / scan before any frame header
    at += 2 + length;
  }
  return null;
}

/** WebP: a RIFF container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function webpSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  const data = 20;
  if (chunk === 'VP8X') return { width: u24le(b, data + 4) + 1, height: u24le(b, data + 7) + 1 };
  if (chunk === 'VP8L' && b[data] === 0x2f) {
    const bits = b[data + 1] | (b[data + 2] << 8) | (b[data + 3] << 16) | (b[data + 4] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b[data + 3] === 0x9d && b[data + 4] === 0x01 && b[data + 5] === 0x2a) {
    return { width: (b[data + 6] | (b[data + 7] << 8)) & 0x3fff, height: (b[data + 8] | (b[data + 9] << 8)) & 0x3fff };
  }
  return null;
}

/**
 * Format and claimed size of a PNG, JPEG or WebP file from its first bytes; null when the
 * format is none of these or its header is cut or malformed (the decoder then says why).
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const format = sniffFormat(bytes);
  const size = format === 'png' ? pngSize(bytes) : format === 'jpeg' ? jpegSize(bytes) : format === 'webp' ? webpSize(bytes) : null;
  return format && size ? { format, ...size } : null;
}

/** Refuses an image above MAX_IMAGE_PIXELS with a one-line message, before it is decoded. */
export function checkPixelBudget(width: number, height: number, source: string): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageInputError(
      `${source} is ${width}×${height} (${((width * height) / 1e6).toFixed(0)} megapixels); images up to ${MAX_IMAGE_PIXELS / 1e6} megapixels are accepted: scale it down first`,
    );
  }
}
