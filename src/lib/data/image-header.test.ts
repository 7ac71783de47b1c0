import { describe, expect, it } from 'vitest';
import { checkPixelBudget, MAX_IMAGE_PIXELS, readImageHeader } from './image-header';
import { ImageInputError } from './image-input-error';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u32 = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const u16 = (v: number) => [v >>> 8, v & 255];

describe('readImageHeader', () => {
  it('reads PNG IHDR', () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32(13), 'IHDR', u32(40000), u32(3000), [8, 0, 0, 0, 0]);
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 40000, height: 3000 });
    expect(readImageHeader(png.subarray(0, 20))).toBeNull();
  });

  it('walks JPEG segments to the first SOF (after APP/EXIF segments, progressive too)', () => {
    const app1 = [0xff, 0xe1, ...u16(2 + 6), ...'Exif\0\0'.split('').map((c) => c.charCodeAt(0))];
    const dqt = [0xff, 0xdb, ...u16(4), 0, 0];
    const sof2 = [0xff, 0xc2, ...u16(11), 8, ...u16(480), ...u16(640), 1, 1, 0x11, 0];
    expect(readImageHeader(bytes([0xff, 0xd8], app1, dqt, sof2))).toEqual({ format: 'jpeg', width: 640, height: 480 });
    // DHT (0xC4) is not a frame header even though it sits in the SOF range.
    const dht = [0xff, 0xc4, ...u16(4), 0, 0];
    expect(readImageHeader(bytes([0xff, 0xd8], dht, sof2))).toEqual({ format: 'jpeg', width: 640, height: 480 });
    expect(readImageHeader(bytes([0xff, 0xd8], app1))).toBeNull();
  });

  it('reads WebP VP8, VP8L and VP8X', () => {
    const riff = (chunk: string, data: number[]) => bytes('RIFF', u32(0), 'WEBP', chunk, u32(data.length), data, new Array(16).fill(0));
    expect(readImageHeader(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]))).toEqual({
      format: 'webp',
      width: 640,
      height: 480,
    });
    // VP8L: 14 bits width-1, 14 bits height-1, little-endian after the 0x2f signature.
    const bits = (640 - 1) | ((480 - 1) << 14);
    expect(readImageHeader(riff('VP8L', [0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255]))).toEqual({
      format: 'webp',
      width: 640,
      height: 480,
    });
    expect(readImageHeader(riff('VP8X', [0, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0]))).toEqual({ format: 'webp', width: 640, height: 480 });
  });

  it('returns null for anything else', () => {
    expect(readImageHeader(bytes('P5 3 3 255\n'))).toBeNull();
    expect(readImageHeader(new Uint8Array())).toBeNull();
  });
});

describe('checkPixelBudget', () => {
  it('accepts up to 50 megapixels and refuses more in one line', () => {
    expect(MAX_IMAGE_PIXELS).toBe(50_000_000);
    expect(() => checkPixelBudget(5000, 10000, 'a.png')).not.toThrow();
    expect(() => checkPixelBudget(10000, 10000, 'a.png')).toThrow(ImageInputError);
    expect(() => checkPixelBudget(10000, 10000, 'a.png')).toThrow(
      /^a\.png is 10000×10000 \(100 megapixels\); images up to 50 megapixels are accepted: scale it down first$/,
    );
  });
});
