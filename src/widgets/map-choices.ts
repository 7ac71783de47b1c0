// What the map widgets share: the colormaps a reader can pick and the peak-cell markers.
import type { ColormapName } from '../lib/explain/colormap';
import { peakCells } from '../lib/metrics/peaks';
import type { Marker } from './map-view';

export const COLORMAP_CHOICES: readonly { value: ColormapName; text: string }[] = [
  { value: 'jet', text: 'turbo (jet-like)' },
  { value: 'viridis', text: 'viridis' },
  { value: 'cividis', text: 'cividis (colour-blind safe)' },
];

export function peakMarkers(map: { height: number; width: number; data: Float32Array }, label: string): Marker[] {
  return peakCells(map).cells.map((c) => ({ row: c.row, col: c.col, grid: map.height, label: `${label} peak, row ${c.row + 1}, column ${c.col + 1}` }));
}
