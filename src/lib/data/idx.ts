// Reader for the IDX files MNIST is distributed in (http://yann.lecun.com/exdb/mnist/).
// Layout: a 4-byte magic number [0, 0, dtype, dimension count], one big-endian u32 per
// dimension, then the values in row-major order. MNIST uses dtype 0x08 (unsigned byte), three
// dimensions (count, rows, cols) for images and one (count) for labels.
// Browser-safe: plain Uint8Array/DataView, no Node modules.

export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, image after image, row-major. A view into the input. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** One digit 0..9 per image. A view into the input. */
  labels: Uint8Array;
}

export interface LabelledImages extends IdxImages {
  labels: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;
const MAX_LABEL = 9;

const hex = (n: number, digits: number) => '0x' + n.toString(16).toUpperCase().padStart(digits, '0');

/** Checks the magic number and header and returns the dimensions. */
function readHeader(bytes: Uint8Array, what: string, dimensionCount: number): number[] {
  const magicWanted = dimensionCount === 3 ? IMAGES_MAGIC : LABELS_MAGIC;
  const otherKind = dimensionCount === 3 ? 'a labels file' : 'an images file';
  if (bytes.length < 4) {
    throw new IdxFormatError(`${what}: header is truncated: the file has ${bytes.length} bytes, too short for the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gzipHint = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it looks gzip-compressed: decompress it first)' : '';
    throw new IdxFormatError(`${what}: not an IDX file: magic number ${hex(magic, 8)}, expected ${hex(magicWanted, 8)}${gzipHint}`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new IdxFormatError(`${what}: dtype ${hex(bytes[2], 2)} is not supported: expected ${hex(UNSIGNED_BYTE, 2)} (unsigned byte)`);
  }
  if (bytes[3] !== dimensionCount) {
    throw new IdxFormatError(
      `${what}: wrong number of dimensions: the header says ${bytes[3]}, expected ${dimensionCount}` +
        (bytes[3] === (dimensionCount === 3 ? 1 : 3) ? ` (is this ${otherKind}?)` : ''),
    );
  }
  const headerBytes = 4 + 4 * dimensionCount;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(`${what}: header is truncated: expected ${headerBytes} header bytes, the file has ${bytes.length}`);
  }
  const dims = Array.from({ length: dimensionCount }, (_, i) => view.getUint32(4 + 4 * i));
  if (dims.some((d) => d === 0)) {
    throw new IdxFormatError(`${what}: zero dimension in the header: [${dims.join(', ')}]`);
  }
  return dims;
}

function checkLength(bytes: Uint8Array, what: string, expected: number, describe: string): void {
  if (bytes.length < expected) {
    throw new IdxFormatError(`${what}: file is truncated: expected ${expected} bytes for ${describe}, got ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new IdxFormatError(
      `${what}: ${bytes.length - expected} trailing bytes: expected ${expected} bytes for ${describe}, got ${bytes.length}`,
    );
  }
}

export function parseIdxImages(bytes: Uint8Array): IdxImages {
  const what = 'IDX images';
  const [count, rows, cols] = readHeader(bytes, what, 3);
  const headerBytes = 16;
  checkLength(bytes, what, headerBytes + count * rows * cols, `${count} images of ${rows}×${cols}`);
  return { count, rows, cols, pixels: bytes.subarray(headerBytes) };
}

export function parseIdxLabels(bytes: Uint8Array): IdxLabels {
  const what = 'IDX labels';
  const [count] = readHeader(bytes, what, 1);
  const headerBytes = 8;
  checkLength(bytes, what, headerBytes + count, `${count} labels`);
  const labels = bytes.subarray(headerBytes);
  const bad = labels.findIndex((label) => label > MAX_LABEL);
  if (bad >= 0) {
    throw new IdxFormatError(`${what}: label ${labels[bad]} at index ${bad} is out of range: expected 0..${MAX_LABEL}`);
  }
  return { count, labels };
}

/** Joins images and labels of the same split, checking that they belong together. */
export function pairImagesLabels(images: IdxImages, labels: IdxLabels): LabelledImages {
  if (images.count !== labels.count) {
    throw new IdxFormatError(`IDX images and labels do not match: ${images.count} images but ${labels.count} labels`);
  }
  return { ...images, labels: labels.labels };
}
