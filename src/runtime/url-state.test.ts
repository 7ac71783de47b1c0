import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { choiceParam, decodeBytes, encodeBytes, intParam, linkTo, readParam } from './url-state';

describe('url state', () => {
  it('round-trips 784 bytes through base64url', () => {
    const rng = createRng(7);
    const bytes = Uint8Array.from({ length: 784 }, () => Math.floor(rng() * 256));
    const text = encodeBytes(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBytes(text, 784)).toEqual(bytes);
  });

  it('rejects text that is not base64url or has the wrong length', () => {
    expect(decodeBytes('ab+/', 3)).toBeNull();
    expect(decodeBytes(encodeBytes(new Uint8Array(10)), 784)).toBeNull();
    expect(decodeBytes('%%%', 2)).toBeNull();
  });

  it('reads bounded integers and choices', () => {
    expect(intParam('42', 0, 9999)).toBe(42);
    expect(intParam('10000', 0, 9999)).toBeNull();
    expect(intParam('-1', 0, 9)).toBeNull();
    expect(intParam('3.5', 0, 9)).toBeNull();
    expect(intParam(null, 0, 9)).toBeNull();
    expect(choiceParam('viridis', ['jet', 'viridis'] as const)).toBe('viridis');
    expect(choiceParam('rainbow', ['jet', 'viridis'] as const)).toBeNull();
  });

  it('reads params and links to an anchor keeping the state', () => {
    expect(readParam('sample', '?sample=12&viewer.class=3')).toBe('12');
    expect(readParam('viewer.class', '?sample=12&viewer.class=3')).toBe('3');
    expect(linkTo('four-panel', 'https://x.org/lessons/a/?sample=3#top')).toBe('https://x.org/lessons/a/?sample=3#four-panel');
  });
});
