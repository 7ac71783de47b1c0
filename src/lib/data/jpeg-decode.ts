// JPEG → straight RGBA with jpeg-js, a pure-JS decoder: the one JPEG decoder for the CLI and the
// browser, so both see the same pixels (browsers' native decoders round differently).
import decode from 'jpeg-js/lib/decoder.js';
import type { DecodedPixels } from './pixels-to-gray';

/** Throws jpeg-js's own error for a corrupt file; refuses more than maxPixels before allocating. */
export function decodeJpegPixels(bytes: Uint8Array, maxPixels: number): DecodedPixels {
  const image = decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    tolerantDecoding: false,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: 2048,
  });
  return { width: image.width, height: image.height, channels: 4, data: image.data };
}
