// JPEG → straight RGBA with jpeg-js, a pure-JS decoder: the one JPEG decoder for the CLI and the
// browser, so both see the same pixels (browsers' native decoders round differently). The EXIF
// orientation is applied, so a phone's portrait photo comes out upright.
import decode from 'jpeg-js/lib/decoder.js';
import { jpegOrientation, orientPixels } from './exif-orientation';
import type { DecodedPixels } from './pixels-to-gray';

/** Upright RGBA; throws jpeg-js's own error for a corrupt file; refuses more than maxPixels before allocating. */
export function decodeJpegPixels(bytes: Uint8Array, maxPixels: number): DecodedPixels {
  const image = decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    tolerantDecoding: false,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: 2048,
  });
  return orientPixels({ width: image.width, height: image.height, channels: 4, data: image.data }, jpegOrientation(bytes));
}
