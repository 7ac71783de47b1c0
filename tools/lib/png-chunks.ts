// Writing PNG files by hand, chunk by chunk, for tests and measurements that need what pngjs
// cannot write: 16-bit samples, palettes, extra chunks, or only a header claiming a huge size.
import { deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** One chunk: length, type, body, CRC-32 of type and body. */
export function pngChunk(type: string, body: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  let crc = 0xffffffff;
  for (const byte of typed) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(typed.length + 8);
  out.writeUInt32BE(body.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, typed.length + 4);
  return out;
}

export function ihdrChunk(width: number, height: number, bitDepth: number, colorType: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  return pngChunk('IHDR', ihdr);
}

/**
 * A PNG from raw scanlines (already packed for the bit depth; filter type 0 is prepended to each),
 * with `extra` chunks (PLTE, tRNS, gAMA…) between IHDR and IDAT.
 */
export function handPng(
  width: number,
  height: number,
  bitDepth: number,
  colorType: number,
  rows: ArrayLike<number>[] | Buffer,
  extra: Buffer[] = [],
): Buffer {
  const raw = Buffer.isBuffer(rows) ? rows : Buffer.from(rows.flatMap((row) => [0, ...Array.from(row)]));
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdrChunk(width, height, bitDepth, colorType),
    ...extra,
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', new Uint8Array()),
  ]);
}
