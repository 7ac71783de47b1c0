// Which tfjs backend to try, in which order, and whether a GPU adapter is really a CPU in
// disguise. Pure: the browser probing lives in backends.ts.
export const BACKEND_LADDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_LADDER)[number];

export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (CPU)',
};

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_LADDER as readonly string[]).includes(value);
}

/** `?backend=` value → a backend, null when absent; throws on anything else. */
export function parseBackendParam(value: string | null): BackendName | null {
  if (value === null || value === '') return null;
  const v = value.trim().toLowerCase();
  if (!isBackendName(v)) throw new RangeError(`?backend=${value} is not one of ${BACKEND_LADDER.join(', ')}`);
  return v;
}

/**
 * The backends to try, best first. Forcing one starts the ladder there: if it fails, the page
 * still works on the rungs below it.
 */
export function ladderFrom(forced: BackendName | null): BackendName[] {
  return forced === null ? [...BACKEND_LADDER] : BACKEND_LADDER.slice(BACKEND_LADDER.indexOf(forced));
}

/**
 * GPU adapters that are software rasterisers. Machines without a GPU get WebGPU and WebGL on
 * SwiftShader (or Mesa's llvmpipe/lavapipe); for these small models they are 10–20× slower than
 * WASM-SIMD, so the ladder skips them unless they are asked for.
 */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|microsoft basic/i;

export function isSoftwareRenderer(description: string): boolean {
  return SOFTWARE_RENDERERS.test(description);
}

/** Names the software renderer for the badge, e.g. "SwiftShader". */
export function softwareRendererName(description: string): string {
  const match = SOFTWARE_RENDERERS.exec(description);
  if (!match) return 'a software renderer';
  const found = match[0].toLowerCase();
  return found === 'swiftshader'
    ? 'SwiftShader'
    : found === 'llvmpipe'
      ? 'llvmpipe'
      : found === 'lavapipe'
        ? 'lavapipe'
        : 'a software renderer';
}

export interface SelfTestResult {
  ok: boolean;
  /** Largest |actual − expected| / max(1, |expected|) over the logits. */
  worstError: number;
  message: string;
}

/** Relative tolerance of the start-up self-test: wrong numbers (e.g. half-float GPUs) fail it. */
export const SELF_TEST_TOLERANCE = 1e-3;

export function compareSelfTest(
  what: string,
  expected: readonly number[],
  actual: ArrayLike<number>,
  tolerance = SELF_TEST_TOLERANCE,
): SelfTestResult {
  if (actual.length !== expected.length) {
    return { ok: false, worstError: Infinity, message: `${what}: ${actual.length} logits, expected ${expected.length}` };
  }
  let worst = 0;
  let at = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const err = Number.isFinite(a) ? Math.abs(a - expected[i]) / Math.max(1, Math.abs(expected[i])) : Infinity;
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  const ok = worst <= tolerance;
  const message = ok
    ? `${what}: logits match the model card (worst relative error ${worst.toExponential(1)})`
    : `${what}: logit ${at} is ${actual[at]}, the model card says ${expected[at]} (relative error ${Number.isFinite(worst) ? worst.toExponential(1) : 'not finite'} > ${tolerance})`;
  return { ok, worstError: worst, message };
}
