// How the course reads a number a person wrote (a URL value, a CLI option): decimal digits with at
// most one point and an optional exponent (3e-3). No sign, spaces, hex (0x10), "Infinity" or
// trailing point, all of which Number() would take without a word.
export const DECIMAL_WITH_EXPONENT = /^((0|[1-9][0-9]*)(\.[0-9]+)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;

/** The value of `raw` when it is written as above, else NaN (for the caller's range check to refuse). */
export function plainNumber(raw: string): number {
  return DECIMAL_WITH_EXPONENT.test(raw) ? Number(raw) : NaN;
}
