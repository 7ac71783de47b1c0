// Phone cameras store the sensor's pixels as they come and say in EXIF how to turn them upright
// (tag 0x0112, Orientation). jpeg-js ignores it, so a portrait photo of a digit would reach the
// model lying on its side; the JPEG decoder applies it here, for the CLI and the browser alike.
import type { DecodedPixels } from './pixels-to-gray';

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;

/** The EXIF orientation of a JPEG (1 = upright, also when there is no EXIF or it is malformed). */
export function jpegOrientation(bytes: Uint8Array): Orientation {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    if (marker === 0xda || marker === 0xd9) break; // image data: no EXIF after this
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const body = at + 4;
    const isExif = marker === 0xe1 && String.fromCharCode(...bytes.subarray(body, body + 6)) === 'Exif\0\0';
    if (isExif) return tiffOrientation(bytes.subarray(body + 6, at + 2 + length));
    at += 2 + length;
  }
  return 1;
}

/** Orientation from a TIFF structure (EXIF's payload): IFD0's Orientation entry. */
function tiffOrientation(tiff: Uint8Array): Orientation {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"; "MM" is big-endian
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return 1;
  const u16 = (at: number) => (little ? tiff[at] | (tiff[at + 1] << 8) : (tiff[at] << 8) | tiff[at + 1]);
  const u32 = (at: number) => (little ? u16(at) + u16(at + 2) * 65536 : u16(at) * 65536 + u16(at + 2));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8); // a SHORT sits in the first half of the value field
      return value >= 1 && value <= 8 ? (value as Orientation) : 1;
    }
  }
  return 1;
}

/** The pixels turned upright: output pixel (x, y) comes from source pixel source(x, y). */
export function orientPixels(image: DecodedPixels, orientation: Orientation): DecodedPixels {
  if (orientation === 1) return image;
  const { width: w, height: h, channels, data } = image;
  const swaps = orientation >= 5;
  const width = swaps ? h : w;
  const height = swaps ? w : h;
  const source: Record<Exclude<Orientation, 1>, (x: number, y: number) => [number, number]> = {
    2: (x, y) => [w - 1 - x, y], // mirrored
    3: (x, y) => [w - 1 - x, h - 1 - y], // upside down
    4: (x, y) => [x, h - 1 - y], // mirrored vertically
    5: (x, y) => [y, x], // transposed
    6: (x, y) => [y, h - 1 - x], // needs a quarter turn clockwise
    7: (x, y) => [w - 1 - y, h - 1 - x], // transversed
    8: (x, y) => [w - 1 - y, x], // needs a quarter turn anticlockwise
  };
  const from = source[orientation];
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = from(x, y);
      const src = (sy * w + sx) * channels;
      out.set(data.subarray(src, src + channels), (y * width + x) * channels);
    }
  }
  return { width, height, channels, data: out };
}
