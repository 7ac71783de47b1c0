// The browser's thin decoder for uploads: raw pixels out, nothing else. Everything after that
// (transparency, luma, resampling, cleaning, centring) is the lib's, shared with the CLI.
//  - The header is read first: the pixel budget is enforced before anything is decoded.
//  - JPEG goes through jpeg-js, the CLI's decoder: Chromium's own JPEG decoder rounds
//    differently (up to 3 levels on 38 % of the samples of a test photo).
//  - PNG and WebP go through createImageBitmap without colour management (gAMA/ICC ignored, raw
//    samples like pngjs) and without premultiplication. A 2D canvas stores premultiplied pixels
//    (semi-transparent colours came back off by up to 121 levels), so transparent images are
//    read through a WebGL texture upload, which keeps straight alpha exactly.
import { checkPixelBudget, MAX_IMAGE_PIXELS, readImageHeader, sniffFormat, type ImageFormat } from '../lib/data/image-header';
import { ImageInputError } from '../lib/data/image-input-error';
import type { DecodedPixels } from '../lib/data/pixels-to-gray';

/** Uploaded images larger than this are refused before decoding. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface DecodedUpload {
  format: ImageFormat;
  pixels: DecodedPixels;
}

function readWithCanvas(bitmap: ImageBitmap): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('this browser cannot read image pixels (no 2D canvas)');
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

/** Straight (unpremultiplied) RGBA through a WebGL texture; null where WebGL is unavailable or the image too large for it. */
function readWithWebGl(bitmap: ImageBitmap): Uint8Array | null {
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return null;
  try {
    const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    if (bitmap.width > maxSize || bitmap.height > maxSize) return null;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return null;
    const out = new Uint8Array(bitmap.width * bitmap.height * 4);
    // A texture-backed framebuffer's row 0 is the image's first row: no flip needed.
    gl.readPixels(0, 0, bitmap.width, bitmap.height, gl.RGBA, gl.UNSIGNED_BYTE, out);
    gl.deleteFramebuffer(framebuffer);
    gl.deleteTexture(texture);
    return gl.getError() === gl.NO_ERROR ? out : null;
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] < 255) return true;
  return false;
}

async function decodeWithBrowser(file: File): Promise<DecodedPixels> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new ImageInputError(`${file.name} could not be decoded: the file is damaged or not really an image`);
  }
  try {
    checkPixelBudget(bitmap.width, bitmap.height, file.name);
    const viaCanvas = readWithCanvas(bitmap);
    const data = hasTransparency(viaCanvas) ? (readWithWebGl(bitmap) ?? viaCanvas) : viaCanvas;
    return { width: bitmap.width, height: bitmap.height, channels: 4, data };
  } finally {
    bitmap.close();
  }
}

/** Raw pixels of an uploaded PNG, JPEG or WebP; ImageInputError with a one-line message otherwise. */
export async function decodeUpload(file: File): Promise<DecodedUpload> {
  if (file.size > MAX_IMAGE_BYTES) {
    throw new ImageInputError(
      `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; images up to ${MAX_IMAGE_BYTES / 1048576} MB are accepted`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = sniffFormat(bytes);
  if (!format) throw new ImageInputError(`${file.name} is not a PNG, JPEG or WebP image; choose a .png, .jpg or .webp file`);
  const header = readImageHeader(bytes);
  if (!header) throw new ImageInputError(`${file.name} could not be decoded: the file is damaged or not really an image`);
  if (header.width === 0 || header.height === 0)
    throw new ImageInputError(`${file.name}: image has zero size (${header.width}×${header.height})`);
  checkPixelBudget(header.width, header.height, file.name);
  if (format === 'jpeg') {
    const { decodeJpegPixels } = await import('../lib/data/jpeg-decode');
    try {
      return { format, pixels: decodeJpegPixels(bytes, MAX_IMAGE_PIXELS) };
    } catch (error) {
      throw new ImageInputError(
        `${file.name} could not be decoded: the JPEG is damaged (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  return { format, pixels: await decodeWithBrowser(file) };
}
