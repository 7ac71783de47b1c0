// tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter kernel, so training a conv net on it
// fails. We provide it, composed from the backend's own Conv2D and Transpose kernels (XNNPACK
// does the heavy lifting), and replace Conv2DBackpropInput the same way because the stock one is
// a naive loop about 2× slower. Both handle stride 1 and dilation 1, which is all our models
// use; anything else falls back to the stock kernel or fails with a clear message.
// MaxPoolGrad is replaced to break ties the way PyTorch does (first maximum of the window).
// BatchMatMul is wrapped too: the stock kernel is ~7× slower when an operand is transposed (the
// backward pass of every dense layer: dx = dy·Wᵀ), so the operand is transposed explicitly first.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type Pads = { top: number; bottom: number; left: number; right: number };
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: { disposeData(dataId: object): void };
  attrs: NamedAttrMap;
}

const BACKEND = 'wasm';

function kernelOf(name: string): KernelFunc {
  const config = tf.getKernel(name, BACKEND);
  if (!config) throw new Error(`wasm backend has no ${name} kernel to build on`);
  return config.kernelFunc;
}

function run(name: string, args: KernelArgs, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  return kernelOf(name)({ inputs, backend: args.backend as never, attrs }) as TensorInfo;
}

function transpose(args: KernelArgs, x: TensorInfo, perm: number[]): TensorInfo {
  return run('Transpose', args, { x }, { perm });
}

function conv2dValid(args: KernelArgs, x: TensorInfo, filter: TensorInfo, pads: Pads): TensorInfo {
  return run(
    'Conv2D',
    args,
    { x, filter },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [pads.top, pads.bottom],
        [pads.left, pads.right],
        [0, 0],
      ] as unknown as number,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined as unknown as string,
    },
  );
}

function isUnitStride(strides: unknown): boolean {
  const s = Array.isArray(strides) ? strides : [strides, strides];
  return s[0] === 1 && s[1] === 1;
}

function padsOf(xShape: number[], filterShape: number[], attrs: NamedAttrMap): Pads {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'round',
    false,
    'channelsLast',
  );
  return info.padInfo;
}

function checkLayout(attrs: NamedAttrMap, kernel: string): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports NHWC only, got ${String(attrs.dataFormat)}`);
  }
}

/**
 * dW[kh,kw,ci,co] = Σ_{n,i,j} x_pad[n, i+kh, j+kw, ci] · dy[n,i,j,co]: a valid convolution of x
 * (batch moved to channels) with dy used as the filter, so XNNPACK's conv does the work.
 */
const conv2dBackpropFilter: KernelFunc = (raw) => {
  const args = raw as unknown as KernelArgs;
  const { x, dy } = args.inputs;
  const filterShape = args.attrs.filterShape as number[];
  checkLayout(args.attrs, 'Conv2DBackpropFilter');
  if (!isUnitStride(args.attrs.strides)) {
    throw new Error('Conv2DBackpropFilter on wasm supports stride 1 only (all convolutions in this course use it)');
  }
  const pads = padsOf(x.shape, filterShape, args.attrs);
  const xAsBatchOfChannels = transpose(args, x, [3, 1, 2, 0]); // [Ci, H, W, N]
  const dyAsFilter = transpose(args, dy, [1, 2, 0, 3]); // [OH, OW, N, Co]
  const perInputChannel = conv2dValid(args, xAsBatchOfChannels, dyAsFilter, pads); // [Ci, KH, KW, Co]
  const dw = transpose(args, perInputChannel, [1, 2, 0, 3]); // [KH, KW, Ci, Co]
  for (const t of [xAsBatchOfChannels, dyAsFilter, perInputChannel]) args.backend.disposeData(t.dataId);
  return dw;
};

/**
 * dx = dy convolved with the filter rotated by 180° and its in/out channels swapped, padded by
 * (K − 1 − pad) on each side — the textbook identity for stride 1.
 */
function makeConv2dBackpropInput(stock: KernelFunc | undefined): KernelFunc {
  return (raw) => {
    const args = raw as unknown as KernelArgs;
    const { dy, filter } = args.inputs;
    checkLayout(args.attrs, 'Conv2DBackpropInput');
    if (!isUnitStride(args.attrs.strides)) {
      if (stock) return stock(raw);
      throw new Error('Conv2DBackpropInput on wasm supports stride 1 only');
    }
    const inputShape = args.attrs.inputShape as number[];
    const [kh, kw] = filter.shape;
    const p = padsOf(inputShape, filter.shape, args.attrs);
    const flipped = run('Reverse', args, { x: filter }, { dims: [0, 1] });
    const rotated = transpose(args, flipped, [0, 1, 3, 2]); // [KH, KW, Co, Ci]
    const dx = conv2dValid(args, dy, rotated, {
      top: kh - 1 - p.top,
      bottom: kh - 1 - p.bottom,
      left: kw - 1 - p.left,
      right: kw - 1 - p.right,
    });
    for (const t of [flipped, rotated]) args.backend.disposeData(t.dataId);
    return dx;
  };
}

/** a·b with an explicit Transpose of a transposed operand, so the stock kernel runs its fast path. */
function makeBatchMatMul(stock: KernelFunc): KernelFunc {
  return (raw) => {
    const args = raw as unknown as KernelArgs;
    const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return stock(raw);
    const swapLast = (t: TensorInfo) => {
      const r = t.shape.length;
      return transpose(args, t, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2]);
    };
    const a = transposeA ? swapLast(args.inputs.a) : args.inputs.a;
    const b = transposeB ? swapLast(args.inputs.b) : args.inputs.b;
    const out = stock({
      inputs: { a, b },
      backend: args.backend as never,
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    }) as TensorInfo;
    if (transposeA) args.backend.disposeData(a.dataId);
    if (transposeB) args.backend.disposeData(b.dataId);
    return out;
  };
}

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/**
 * MaxPool's gradient with PyTorch's tie rule (tfjs-cpu's too): in each window the first maximum
 * in row-major order receives the whole gradient. The stock wasm kernel hands ties to another
 * cell, which on MNIST's flat background moves input gradients by a pixel and breaks parity with
 * PyTorch (saliency maps, adversarial examples). Plain loops: pooling is cheap next to the convs.
 */
const maxPoolGrad: KernelFunc = (raw) => {
  const args = raw as unknown as KernelArgs;
  const { dy, input } = args.inputs;
  const attrs = args.attrs as {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const heap = args.backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput(input.shape, 'float32');
  // Views after makeOutput: allocating may grow the wasm memory and detach earlier views.
  const x = heap.typedArrayFromHeap(input);
  const g = heap.typedArrayFromHeap(dy);
  const dx = heap.typedArrayFromHeap(out);
  dx.fill(0);
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    effectiveFilterHeight,
    effectiveFilterWidth,
    padInfo,
  } = info;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < effectiveFilterHeight; ky++) {
            const y = oy * strideHeight - padInfo.top + ky;
            if (y < 0 || y >= inHeight) continue;
            for (let kx = 0; kx < effectiveFilterWidth; kx++) {
              const xx = ox * strideWidth - padInfo.left + kx;
              if (xx < 0 || xx >= inWidth) continue;
              const index = ((b * inHeight + y) * inWidth + xx) * inChannels + c;
              const v = x[index];
              if (at < 0 || v > best || Number.isNaN(v)) {
                best = v;
                at = index;
              }
              if (Number.isNaN(v)) break;
            }
            if (Number.isNaN(best)) break;
          }
          if (at >= 0) dx[at] += g[((b * outHeight + oy) * outWidth + ox) * inChannels + c];
        }
      }
    }
  }
  return out;
};

let registered = false;

/** Registers the kernels on the wasm backend (idempotent). Call before using the wasm backend. */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  const stockInput = tf.getKernel('Conv2DBackpropInput', BACKEND);
  const stockMatMul = tf.getKernel('BatchMatMul', BACKEND);
  if (tf.getKernel('Conv2DBackpropFilter', BACKEND)) tf.unregisterKernel('Conv2DBackpropFilter', BACKEND);
  if (stockInput) tf.unregisterKernel('Conv2DBackpropInput', BACKEND);
  if (tf.getKernel('MaxPoolGrad', BACKEND)) tf.unregisterKernel('MaxPoolGrad', BACKEND);
  const configs: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2dBackpropFilter },
    { kernelName: 'Conv2DBackpropInput', backendName: BACKEND, kernelFunc: makeConv2dBackpropInput(stockInput?.kernelFunc) },
    { kernelName: 'MaxPoolGrad', backendName: BACKEND, kernelFunc: maxPoolGrad },
  ];
  if (stockMatMul) {
    tf.unregisterKernel('BatchMatMul', BACKEND);
    // Keep the stock setupFunc: it binds the wasm function when the backend starts.
    configs.push({ ...stockMatMul, kernelFunc: makeBatchMatMul(stockMatMul.kernelFunc) });
  }
  for (const config of configs) tf.registerKernel(config);
  registered = true;
}
