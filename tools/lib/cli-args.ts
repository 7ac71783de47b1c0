// Strict "--name value" / "--name=value" / "--flag" parsing for our CLIs. Anything doubtful is
// an error with one line that names the option: a typo must never silently become a default
// (Number("") is 0, Number("0x10") is 16, Number("1e0") is 1 — none of them is accepted here).
import { DECIMAL_WITH_EXPONENT } from '../../src/lib/contract/number-text';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/** A bad command line: the CLI prints its message (one line) and exits 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP_FLAGS: readonly string[] = ['--help', '-h'];

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => HELP_FLAGS.includes(a));
}

export function parseArgs(argv: readonly string[], known: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const list = () => [...known, ...flags].map((k) => `--${k}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '') throw new UsageError('empty argument');
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg} (known: ${list()})`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (options.has(name)) throw new UsageError(`--${name} given twice`);
    if (flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    if (!known.includes(name)) throw new UsageError(`unknown option --${name} (known: ${list()})`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (value.trim() === '') throw new UsageError(`--${name} needs a value, got an empty string`);
    options.set(name, value);
  }
  return { positional, options };
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * A plain decimal integer in [min, max]: digits only, no sign, no spaces, no hex, exponent or
 * fraction. `what` names the value in the message ("--seed", "mnist-test index").
 */
export function parseInteger(raw: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`;
  const n = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${what} must be an integer ${range}, got "${raw}"`);
  return n;
}

/** Comma-separated integers in [min, max], e.g. "3,5"; empty items ("3,,5", ",1", "") are errors. */
export function parseIntegerList(raw: string, what: string, min: number, max: number): number[] {
  const items = raw.split(',');
  if (items.some((s) => s === '')) throw new UsageError(`${what} has an empty item in "${raw}"`);
  return items.map((s) => parseInteger(s, what, min, max));
}

const DECIMAL_FRACTION = /^(0|[1-9][0-9]*)(\.[0-9]+)?$|^\.[0-9]+$/;

export interface DecimalFormat {
  /** Also accept an exponent, as learning rates are written (3e-3, 1.5E-4). */
  exponent?: boolean;
}

/**
 * A plain decimal number in [min, max] such as 0.1, .25 or 2: digits and at most one point; no
 * sign, spaces, hex, "Infinity" or trailing point, and no exponent unless the format allows one.
 */
export function parseDecimal(raw: string, what: string, min: number, max: number, format: DecimalFormat = {}): number {
  const n = (format.exponent ? DECIMAL_WITH_EXPONENT : DECIMAL_FRACTION).test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${what} must be a decimal number in [${min}, ${max}], got "${raw}"`);
  return n;
}

export function decimalOption(args: ParsedArgs, name: string, min: number, max: number, format: DecimalFormat = {}): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  if (raw === true) throw new UsageError(`--${name} needs a value`);
  return parseDecimal(raw, `--${name}`, min, max, format);
}

export function intOption(args: ParsedArgs, name: string, min: number, max?: number): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  if (raw === true) throw new UsageError(`--${name} needs a value`);
  return parseInteger(raw, `--${name}`, min, max);
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const raw = args.options.get(name);
  return raw === true ? undefined : raw;
}

/**
 * Runs a CLI's main: `--help`/`-h` prints the usage on stdout and exits 0; any error prints
 * "<name>: <message>" as one line on stderr and exits 1; a closed stdout (`… | head`) ends the
 * process quietly instead of throwing EPIPE with a stack trace.
 */
export function runCli(name: string, usage: string, main: () => Promise<void>, argv: readonly string[] = process.argv.slice(2)): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`${name}: stdout: ${error.message}\n`);
    process.exit(1);
  });
  if (wantsHelp(argv)) {
    process.stdout.write(`${usage.trim()}\n`);
    return;
  }
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  });
}
