// Learning-rate schedule: a short linear warm-up, then cosine decay to a small floor. Adam with a
// high early rate moves the attention branch off its uninformative start quickly; the decay lets
// both nets settle into a sharp minimum (the last epochs add the final tenths of a percent).

export interface ScheduleConfig {
  peak: number;
  /** Fraction of the total steps spent warming up. */
  warmupFraction: number;
  /** Final rate as a fraction of the peak. */
  floorFraction: number;
}

export function learningRateAt(step: number, totalSteps: number, config: ScheduleConfig): number {
  const warmup = Math.max(1, Math.round(totalSteps * config.warmupFraction));
  if (step < warmup) return config.peak * ((step + 1) / warmup);
  const progress = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup));
  const floor = config.peak * config.floorFraction;
  return floor + (config.peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
