// The backend ladder in the browser: WebGPU → WebGL → WASM → CPU. Each rung is probed first
// (is it there? is it a software rasteriser?), then its tfjs backend module is imported — only
// the rung in use is ever downloaded — initialised, and checked by the caller's self-test.
import * as tf from '@tensorflow/tfjs-core';
import { registerFirstMaxPoolGradient } from '../lib/train/max-pool-ties';
import { registerWasmGradientKernels } from '../lib/train/wasm-gradient-kernels';
import { BACKEND_LABELS, isSoftwareRenderer, ladderFrom, softwareRendererName, type BackendName } from './backend-choice';

export interface BackendAttempt {
  backend: BackendName;
  outcome: 'used' | 'skipped' | 'failed';
  reason: string;
}

export interface BackendReport {
  backend: BackendName;
  /** e.g. "WebAssembly (SIMD)", "WebGPU (nvidia ampere)" */
  label: string;
  forced: BackendName | null;
  attempts: BackendAttempt[];
}

type Probe = { usable: true; detail: string } | { usable: false; reason: string };

/** Initialising a backend must not hang the page (a WASM binary that never arrives). */
const INIT_TIMEOUT_MS = 20_000;

async function probeWebGpu(forced: boolean): Promise<Probe> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { usable: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { usable: false, reason: 'no WebGPU adapter is available' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const fallback = Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter) || isSoftwareRenderer(description);
  if (fallback && !forced) {
    return {
      usable: false,
      reason: `the WebGPU adapter is ${softwareRendererName(description || 'software')} (a software fallback, slower than WebAssembly here)`,
    };
  }
  return { usable: true, detail: description || 'adapter' };
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

function probeWebGl(forced: boolean): Probe {
  const canvas = document.createElement('canvas');
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return { usable: false, reason: 'a WebGL context could not be created' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (isSoftwareRenderer(renderer) && !forced) {
    return { usable: false, reason: `WebGL renders on ${softwareRendererName(renderer)} (software, slower than WebAssembly here)` };
  }
  return { usable: true, detail: renderer };
}

function probeWasm(): Probe {
  return typeof WebAssembly === 'object' ? { usable: true, detail: '' } : { usable: false, reason: 'this browser has no WebAssembly' };
}

async function probe(backend: BackendName, forced: boolean): Promise<Probe> {
  switch (backend) {
    case 'webgpu':
      return probeWebGpu(forced);
    case 'webgl':
      return probeWebGl(forced);
    case 'wasm':
      return probeWasm();
    case 'cpu':
      return { usable: true, detail: '' };
  }
}

/** Imports the backend's module (registering it with tfjs) — a separate chunk per backend. */
async function importBackend(backend: BackendName): Promise<void> {
  switch (backend) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      registerFirstMaxPoolGradient();
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      registerFirstMaxPoolGradient();
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(`${import.meta.env.BASE_URL}tfjs-wasm/`);
      registerWasmGradientKernels();
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

async function activate(backend: BackendName): Promise<void> {
  await importBackend(backend);
  // tfjs logs a warning and resolves false when a backend's factory throws.
  const warn = console.warn;
  let warning = '';
  console.warn = (...args: unknown[]) => {
    warning = args.map(String).join(' ');
  };
  let ok: boolean;
  try {
    ok = await withTimeout(tf.setBackend(backend), INIT_TIMEOUT_MS, `starting ${BACKEND_LABELS[backend]}`);
  } finally {
    console.warn = warn;
  }
  if (!ok) throw new Error(warning ? warning.replace(/\s+/g, ' ').slice(0, 200) : `tfjs could not initialise ${BACKEND_LABELS[backend]}`);
  await tf.ready();
}

async function labelFor(backend: BackendName, detail: string): Promise<string> {
  if (backend === 'wasm') {
    const simd = await tf
      .env()
      .getAsync('WASM_HAS_SIMD_SUPPORT')
      .catch(() => false);
    return `${BACKEND_LABELS.wasm}${simd ? ' (SIMD)' : ''}`;
  }
  return detail ? `${BACKEND_LABELS[backend]} (${detail})` : BACKEND_LABELS[backend];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Walks the ladder from `forced` (or the top) and returns the first backend that initialises and
 * passes `selfTest` (which throws to reject a backend). Throws when none does.
 */
export async function startBackend(forced: BackendName | null, selfTest: (backend: BackendName) => Promise<void>): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  for (const backend of ladderFrom(forced)) {
    const isForced = backend === forced;
    let probed: Probe;
    try {
      probed = await probe(backend, isForced);
    } catch (error) {
      probed = { usable: false, reason: message(error) };
    }
    if (!probed.usable) {
      attempts.push({ backend, outcome: isForced ? 'failed' : 'skipped', reason: probed.reason });
      continue;
    }
    try {
      await activate(backend);
      await selfTest(backend);
      attempts.push({ backend, outcome: 'used', reason: isForced ? 'requested with ?backend=' : 'first usable backend' });
      return { backend, label: await labelFor(backend, probed.detail), forced, attempts };
    } catch (error) {
      attempts.push({ backend, outcome: 'failed', reason: message(error) });
      if (tf.findBackend(backend)) tf.removeBackend(backend);
    }
  }
  throw new Error(`No tfjs backend works in this browser: ${attempts.map((a) => `${BACKEND_LABELS[a.backend]}: ${a.reason}`).join('; ')}`);
}
