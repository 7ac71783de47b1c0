// Public API of the comparison / faithfulness metrics: pure functions, plain numbers in and out.
export { pearson, spearman } from './agreement';
export { averageRanks, pearsonArrays, spearmanArrays } from './correlation';
export { peakCells, peakDistancePixels } from './peaks';
export type { Cell, PeakCells, PeakDistance } from './peaks';
export { attentionSpread } from './spread';
export type { AttentionSpread } from './spread';
export { confidence, softmax, topK } from './probabilities';
export type { Ranked } from './probabilities';
export { inkEnergy, pointingGame } from './ink';
export type { PointingGameOptions, PointingGameResult } from './ink';
export { gaussianBlur, gaussianKernel } from './blur';
export { averageDropIncrease, deletionCurve, insertionCurve, saliencyOrder, trapezoidAuc } from './faithfulness';
export type { ClassScorer, Curve, CurveBaseline, CurveOptions, DropIncreaseResult, DropIncreaseSample } from './faithfulness';
export { ssim } from './ssim';
export type { SsimOptions } from './ssim';
export { cascadingRandomization } from './sanity';
export type { RandomizationOptions, RandomizationStep } from './sanity';
