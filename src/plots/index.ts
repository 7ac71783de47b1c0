// D3 chart modules for the lesson widgets: data in, one <svg> out (see README notes in each file).
export * from './histogram';
export * from './scatter';
export * from './confusion-matrix';
export * from './bar-chart';
export * from './line-chart';
export {
  SERIES_COLOURS,
  HIGHLIGHT_COLOUR,
  DASHES,
  MARKER_SHAPES,
  extentDomain,
  layoutLegend,
  markerPath,
  toFormatter,
  type MarkerShape,
} from './common';
