import { describe, expect, it } from 'vitest';
import { exifSegment } from '../../../tools/lib/jpeg-exif';
import { jpegOrientation, orientPixels, type Orientation } from './exif-orientation';

describe('jpegOrientation', () => {
  it('reads the Orientation tag in either byte order, and 1 without EXIF', () => {
    const jpeg = (segment: number[]) => Uint8Array.from([0xff, 0xd8, ...segment, 0xff, 0xda, 0, 2]);
    expect(jpegOrientation(jpeg(exifSegment(6, true)))).toBe(6);
    expect(jpegOrientation(jpeg(exifSegment(8, false)))).toBe(8);
    expect(jpegOrientation(jpeg([]))).toBe(1);
    expect(jpegOrientation(jpeg(exifSegment(9, true)))).toBe(1);
    expect(jpegOrientation(jpeg(exifSegment(6, true)).subarray(0, 20))).toBe(1);
  });
});

describe('orientPixels', () => {
  // 3×2:  a b c
  //       d e f
  const image = { width: 3, height: 2, channels: 1 as const, data: Uint8Array.from('abcdef', (c) => c.charCodeAt(0)) };
  const rows = (o: Orientation) => {
    const out = orientPixels(image, o);
    return Array.from({ length: out.height }, (_, y) => String.fromCharCode(...out.data.subarray(y * out.width, (y + 1) * out.width)));
  };

  it('turns each of the eight EXIF orientations upright', () => {
    expect(rows(1)).toEqual(['abc', 'def']);
    expect(rows(2)).toEqual(['cba', 'fed']);
    expect(rows(3)).toEqual(['fed', 'cba']);
    expect(rows(4)).toEqual(['def', 'abc']);
    expect(rows(5)).toEqual(['ad', 'be', 'cf']);
    expect(rows(6)).toEqual(['da', 'eb', 'fc']); // a quarter turn clockwise
    expect(rows(7)).toEqual(['fc', 'eb', 'da']);
    expect(rows(8)).toEqual(['cf', 'be', 'ad']); // a quarter turn anticlockwise
  });

  it('moves whole RGBA pixels', () => {
    const rgba = { width: 2, height: 1, channels: 4 as const, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    expect(Array.from(orientPixels(rgba, 2).data)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
  });
});
