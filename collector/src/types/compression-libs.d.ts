// Type declarations for the pure-JS decoders that ship none (only what the collector uses).
declare module 'lz4js' {
  /** Decompresses one LZ4 block from `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`; returns the end index in `dst`. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array
}

declare module 'snappyjs' {
  /** Snappy block format; throws when the declared length exceeds `maxLength`. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array
  export function compress(uncompressed: Uint8Array): Uint8Array
}
