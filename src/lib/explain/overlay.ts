// Laying a coloured map over the grayscale digit. Two blends: the one pytorch-grad-cam uses
// for its figures (so our pictures look like the lesson's PyTorch ones) and a plain alpha
// blend for the widget's opacity slider.
import { applyColormap, type ColormapName } from './colormap';
import type { Heatmap } from '../contract/heatmap';

export interface OverlayOptions {
  /** Default 'jet' (turbo), the usual Grad-CAM look. */
  colormap?: ColormapName;
  /** Share of the image in the blend, in [0, 1]. Default 0.5 as in pytorch-grad-cam. */
  imageWeight?: number;
}

type GrayPixels = Uint8Array | Uint8ClampedArray;

function checkSizes(image: GrayPixels, map01: Heatmap, caller: string): void {
  if (image.length !== map01.height * map01.width) {
    throw new RangeError(
      `${caller}: image has ${image.length} pixels but the map is ${map01.height}×${map01.width} (${map01.height * map01.width})`,
    );
  }
}

function checkUnit(value: number, name: string, caller: string): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${caller}: ${name} must be in [0, 1], got ${value}`);
}

/**
 * pytorch-grad-cam's show_cam_on_image for a grayscale image:
 *   heatmap = colormap(map01) / 255;  img = gray / 255 (as RGB)
 *   cam = (1 − imageWeight)·heatmap + imageWeight·img;  cam /= max(cam)
 * Returns RGBA (alpha 255), round(255·cam). The division by max(cam) brightens the result so
 * its brightest channel is 255. Difference from the Python: np.uint8 truncates where we round
 * (at most one level), and cv2's JET is replaced by our colormaps. An all-black result stays
 * black instead of dividing by zero.
 */
export function overlay(image: GrayPixels, map01: Heatmap, options: OverlayOptions = {}): Uint8ClampedArray {
  const { colormap = 'jet', imageWeight = 0.5 } = options;
  checkSizes(image, map01, 'overlay');
  checkUnit(imageWeight, 'imageWeight', 'overlay');
  const colours = applyColormap(map01, colormap);
  const blended = new Float64Array(image.length * 3);
  let brightest = 0;
  for (let i = 0; i < image.length; i++) {
    const gray = image[i] / 255;
    for (let c = 0; c < 3; c++) {
      const v = (1 - imageWeight) * (colours[i * 4 + c] / 255) + imageWeight * gray;
      blended[i * 3 + c] = v;
      brightest = Math.max(brightest, v);
    }
  }
  const scale = brightest > 0 ? 255 / brightest : 0;
  const rgba = new Uint8ClampedArray(image.length * 4);
  for (let i = 0; i < image.length; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(blended[i * 3 + c] * scale);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * out = (1 − alpha)·gray + alpha·colour, per channel in 0..255, rounded; RGBA with alpha 255.
 * alpha = 0 shows only the digit, 1 only the map. No max-normalisation, so dragging the slider
 * changes nothing but the mix.
 */
export function alphaBlend(image: GrayPixels, map01: Heatmap, alpha: number, colormap: ColormapName = 'jet'): Uint8ClampedArray {
  checkSizes(image, map01, 'alphaBlend');
  checkUnit(alpha, 'alpha', 'alphaBlend');
  const colours = applyColormap(map01, colormap);
  const rgba = new Uint8ClampedArray(image.length * 4);
  for (let i = 0; i < image.length; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round((1 - alpha) * image[i] + alpha * colours[i * 4 + c]);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
