// Types for jpeg-js's decoder entry (the package's index also pulls in the encoder, which needs
// Node's Buffer; the decoder alone runs in the browser).
declare module 'jpeg-js/lib/decoder.js' {
  import type { BufferLike, BufferRet, RawImageData } from 'jpeg-js';
  export default function decode(
    jpegData: BufferLike,
    opts: { useTArray: true; formatAsRGBA?: boolean; tolerantDecoding?: boolean; maxResolutionInMP?: number; maxMemoryUsageInMB?: number },
  ): RawImageData<Uint8Array>;
  export type { BufferRet };
}
