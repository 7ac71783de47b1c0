// Strict argument parsing: every malformed value is an error that names the option, never a
// silent default (Number("") is 0, Number("0x10") is 16, Number("1e0") is 1).
import { describe, expect, it } from 'vitest';
import { decimalOption, intOption, parseArgs, parseDecimal, parseInteger, parseIntegerList, UsageError, wantsHelp } from './cli-args';

const KNOWN = ['classes', 'contrast', 'seed', 'out'];
const FLAGS = ['json', 'force'];

describe('parseArgs', () => {
  it('reads values, inline values, flags and positionals', () => {
    const a = parseArgs(['mnist-test:3', '--classes', '3,5', '--seed=7', '--json', '-'], KNOWN, FLAGS);
    expect(a.positional).toEqual(['mnist-test:3', '-']);
    expect(Object.fromEntries(a.options)).toEqual({ classes: '3,5', seed: '7', json: true });
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['empty value', ['--classes', ''], /--classes needs a value/],
    ['blank inline value', ['--classes='], /--classes needs a value/],
    ['missing value at the end', ['--seed'], /--seed needs a value/],
    ['option where the value should be', ['--seed', '--json'], /--seed needs a value/],
    ['unknown long option', ['--colour', 'red'], /unknown option --colour/],
    ['single-dash option', ['-x'], /unknown option -x/],
    ['option given twice', ['--seed', '1', '--seed', '2'], /--seed given twice/],
    ['flag with a value', ['--json=yes'], /--json takes no value/],
    ['empty positional', [''], /empty argument/],
  ];
  it.each(bad)('rejects %s', (_, argv, message) => {
    expect(() => parseArgs(argv, KNOWN, FLAGS)).toThrow(UsageError);
    expect(() => parseArgs(argv, KNOWN, FLAGS)).toThrow(message);
  });

  it('sees --help and -h anywhere', () => {
    expect(wantsHelp(['x', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['9999', 9999],
  ])('accepts %s', (raw, n) => expect(parseInteger(raw, 'index', 0, 9999)).toBe(n));

  it.each(['', ' 5', '5 ', '+5', '-1', '05', '0x10', '1e0', '1.0', '1.5', 'Infinity', 'NaN', '10000', '٣', '9007199254740993'])(
    'rejects "%s" with a line that names the value',
    (raw) => {
      expect(() => parseInteger(raw, 'mnist-test index', 0, 9999)).toThrow(UsageError);
      expect(() => parseInteger(raw, 'mnist-test index', 0, 9999)).toThrow(/^mnist-test index must be an integer 0–9999, got "/);
    },
  );

  it('says "≥ min" when there is no upper bound', () => {
    expect(() => parseInteger('0', '--epochs', 1)).toThrow('--epochs must be an integer ≥ 1, got "0"');
  });
});

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['0.1', 0.1],
    ['.25', 0.25],
    ['1', 1],
    ['0.300', 0.3],
  ])('accepts %s', (raw, n) => expect(parseDecimal(raw, '--eps', 0, 1)).toBe(n));

  it.each(['', ' 0.1', '0.1 ', '+0.1', '-0.1', '1e-1', '0x1', '1.', '.', '0.1.2', '01', 'Infinity', 'NaN', '1.5', '0,1'])(
    'rejects "%s" with a line that names the value',
    (raw) => {
      expect(() => parseDecimal(raw, '--eps', 0, 1)).toThrow(UsageError);
      expect(() => parseDecimal(raw, '--eps', 0, 1)).toThrow(/^--eps must be a decimal number in \[0, 1\], got "/);
    },
  );

  it.each([
    ['3e-3', 3e-3],
    ['1.5E-4', 1.5e-4],
    ['2e+0', 2],
    ['0.003', 0.003],
  ])('accepts %s where an exponent is allowed', (raw, n) => expect(parseDecimal(raw, '--lr', 1e-5, 10, { exponent: true })).toBe(n));

  it.each(['1e', 'e-3', '1e-3.5', '-3e-3', '3e-9', '1e2'])('rejects "%s" where an exponent is allowed', (raw) =>
    expect(() => parseDecimal(raw, '--lr', 1e-5, 10, { exponent: true })).toThrow(
      /^--lr must be a decimal number in \[0.00001, 10\], got "/,
    ),
  );

  it('reads an option, absent or present', () => {
    expect(decimalOption(parseArgs(['--eps', '0.2'], ['eps']), 'eps', 0, 1)).toBe(0.2);
    expect(decimalOption(parseArgs([], ['eps']), 'eps', 0, 1)).toBeUndefined();
  });
});

describe('parseIntegerList', () => {
  it('accepts digits separated by commas', () => expect(parseIntegerList('3,5,0', '--classes', 0, 9)).toEqual([3, 5, 0]));

  it.each(['', ',', '3,,5', ',1', '1,', '3, 5', '3;5', '12', '0x1', '1e0'])('rejects "%s"', (raw) => {
    expect(() => parseIntegerList(raw, '--classes', 0, 9)).toThrow(UsageError);
  });
});

describe('intOption', () => {
  it('is undefined when absent and strict when present', () => {
    expect(intOption(parseArgs([], KNOWN), 'seed', 0)).toBeUndefined();
    expect(intOption(parseArgs(['--seed', '42'], KNOWN), 'seed', 0)).toBe(42);
    expect(() => intOption(parseArgs(['--seed', '0x10'], KNOWN), 'seed', 0)).toThrow('--seed must be an integer ≥ 0, got "0x10"');
    expect(() => intOption(parseArgs(['--seed=1e0'], KNOWN), 'seed', 0)).toThrow(UsageError);
  });
});
