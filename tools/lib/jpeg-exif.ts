// Writing a JPEG's EXIF segment by hand, for tests of the orientation rule: jpeg-js's encoder
// writes none, and phone photos nearly always carry one.

/** An APP1 Exif segment (to insert after SOI) whose IFD0 holds a Make entry and the Orientation. */
export function exifSegment(orientation: number, littleEndian: boolean): number[] {
  const u16 = (v: number) => (littleEndian ? [v & 255, v >> 8] : [v >> 8, v & 255]);
  const u32 = (v: number) =>
    littleEndian ? [v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24] : [v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255];
  const tiff = [
    ...(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]),
    ...u16(42),
    ...u32(8),
    ...u16(2),
    ...u16(0x010f),
    ...u16(2),
    ...u32(1),
    0,
    0,
    0,
    0,
    ...u16(0x0112),
    ...u16(3),
    ...u32(1),
    ...u16(orientation),
    0,
    0,
    ...u32(0),
  ];
  const body = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  return [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
}
