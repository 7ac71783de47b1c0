import { describe, expect, it } from 'vitest';
import { compareSelfTest, isSoftwareRenderer, ladderFrom, parseBackendParam, softwareRendererName } from './backend-choice';

describe('backend choice', () => {
  it('parses ?backend= strictly', () => {
    expect(parseBackendParam(null)).toBeNull();
    expect(parseBackendParam('')).toBeNull();
    expect(parseBackendParam('WebGL')).toBe('webgl');
    expect(() => parseBackendParam('tpu')).toThrow(/not one of webgpu, webgl, wasm, cpu/);
  });

  it('starts the ladder at the forced backend and keeps the rungs below', () => {
    expect(ladderFrom(null)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(ladderFrom('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(ladderFrom('cpu')).toEqual(['cpu']);
  });

  it('recognises software renderers from real renderer strings', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('google swiftshader')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
    expect(softwareRendererName('ANGLE (Google, Vulkan (SwiftShader Device))')).toBe('SwiftShader');
  });

  it('self-test passes within 1e-3 relative and names the worst logit otherwise', () => {
    const expected = [10, -3, 0.5];
    expect(compareSelfTest('x', expected, [10.001, -3.0001, 0.5]).ok).toBe(true);
    const bad = compareSelfTest('attention-CNN', expected, [10, -3.1, 0.5]);
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/logit 1 is -3.1/);
    expect(compareSelfTest('x', expected, [NaN, -3, 0.5]).ok).toBe(false);
    expect(compareSelfTest('x', expected, [1, 2]).ok).toBe(false);
  });
});
