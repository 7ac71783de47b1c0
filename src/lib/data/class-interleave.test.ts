import { describe, expect, it } from 'vitest';
import { classInterleavedOrder } from './class-interleave';

describe('classInterleavedOrder', () => {
  it('takes one of each class in turn, each class in file order, and goes on when a class runs out', () => {
    const labels = [2, 2, 0, 1, 2, 0];
    expect(Array.from(classInterleavedOrder(labels, 3))).toEqual([2, 3, 0, 5, 1, 4]);
  });

  it('is a permutation, and every prefix of 10·k is balanced while each class lasts', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 10);
    const order = classInterleavedOrder(labels);
    expect(new Set(order).size).toBe(1000);
    const counts = new Array<number>(10).fill(0);
    for (const i of order.subarray(0, 200)) counts[labels[i]]++;
    expect(counts).toEqual(new Array<number>(10).fill(20));
  });

  it('refuses a label that is not a class', () => {
    expect(() => classInterleavedOrder([0, 10])).toThrow(/label 10 at 1/);
    expect(() => classInterleavedOrder([0.5])).toThrow(RangeError);
  });
});
