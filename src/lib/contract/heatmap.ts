// The one map type every explanation method returns and every metric, colormap and plot reads:
// a row-major grid (row = image height), plain numbers, no tensors.
export interface Heatmap {
  readonly height: number;
  readonly width: number;
  /** Row-major values, length height × width. */
  readonly data: Float32Array;
}

export function heatmap(height: number, width: number, data: ArrayLike<number>): Heatmap {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`heatmap: bad size ${height}×${width}`);
  }
  if (data.length !== height * width) {
    throw new RangeError(`heatmap: ${data.length} values for a ${height}×${width} map`);
  }
  return { height, width, data: Float32Array.from(data) };
}

/** Nested rows (what the CLI's JSON prints), rows = height. */
export function toRows(map: Heatmap): number[][] {
  return Array.from({ length: map.height }, (_, r) => Array.from(map.data.subarray(r * map.width, (r + 1) * map.width)));
}

export function fromRows(rows: readonly (readonly number[])[]): Heatmap {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) throw new RangeError('heatmap: rows of different lengths');
  return heatmap(height, width, rows.flat());
}

export function mapValues(map: Heatmap, f: (v: number, i: number) => number): Heatmap {
  return { height: map.height, width: map.width, data: map.data.map(f) };
}
