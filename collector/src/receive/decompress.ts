import { promisify } from 'node:util'
import { gunzip, inflate, inflateRaw } from 'node:zlib'
import { Decompress as ZstdStream } from 'fzstd'
import { decompressBlock as lz4DecompressBlock } from 'lz4js'
import { uncompress as snappyUncompress } from 'snappyjs'
import { IngestError, GRPC } from './export-handler.ts'

/**
 * OTLP/HTTP request bodies in every `Content-Encoding` the OpenTelemetry Collector's exporters
 * send (confighttp: gzip, zstd, zlib, deflate, snappy, x-snappy-framed, lz4), each decompressed
 * to at most `limit` bytes: a bomb stops at the limit instead of allocating.
 */

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)
const inflateRawAsync = promisify(inflateRaw)

export const SUPPORTED_ENCODINGS = ['gzip', 'zstd', 'zlib', 'deflate', 'snappy', 'x-snappy-framed', 'lz4'] as const

export const tooLarge = (limit: number) =>
  new IngestError(413, GRPC.RESOURCE_EXHAUSTED, `request body exceeds the limit of ${limit} bytes (after decompression)`)

/** A decoder's "this would exceed the limit": mapped to 413, never to 400. */
class OverLimit extends Error {}

export async function decompress(raw: Buffer, encoding: string, limit: number): Promise<Buffer> {
  const options = { maxOutputLength: limit }
  try {
    switch (encoding) {
      case '':
      case 'identity':
        return raw
      case 'gzip':
      case 'x-gzip':
        return await gunzipAsync(raw, options)
      case 'deflate':
      case 'zlib':
        // RFC 9110 "deflate" is zlib-wrapped (as otelcol sends it), but some senders send raw deflate: accept both.
        return await inflateAsync(raw, options).catch((error: unknown) => {
          if (isTooLarge(error)) throw error
          return inflateRawAsync(raw, options)
        })
      case 'zstd':
        return zstdDecompress(raw, limit)
      case 'snappy':
        // otelcol sends the block format under `snappy` since v0.125 and the framed format before
        // (its own receiver tells them apart by the stream identifier): so do we.
        return isSnappyFramed(raw) ? snappyFramedDecompress(raw, limit) : snappyBlockDecompress(raw, limit)
      case 'x-snappy-framed':
        return snappyFramedDecompress(raw, limit)
      case 'lz4':
        return lz4FrameDecompress(raw, limit)
      default:
        throw new IngestError(415, GRPC.UNIMPLEMENTED, `unsupported Content-Encoding "${encoding}"; use ${SUPPORTED_ENCODINGS.join(', ')} or none`)
    }
  } catch (error) {
    if (error instanceof IngestError) throw error
    if (error instanceof OverLimit || isTooLarge(error)) throw tooLarge(limit)
    throw new IngestError(400, GRPC.INVALID_ARGUMENT, `request body is not valid ${encoding} data: ${(error as Error).message}`)
  }
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError
}

/** Collects output chunks, refusing to pass `limit`. */
function collector(limit: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  return {
    push(chunk: Uint8Array) {
      size += chunk.length
      if (size > limit) throw new OverLimit()
      chunks.push(chunk)
    },
    result: () => Buffer.concat(chunks, size),
  }
}

/** Streamed, so a frame claiming (or expanding to) gigabytes stops at the limit. Concatenated frames included. */
function zstdDecompress(raw: Buffer, limit: number): Buffer {
  const out = collector(limit)
  const stream = new ZstdStream((chunk) => out.push(chunk))
  stream.push(raw, true)
  return out.result()
}

/** Snappy block format: a varint uncompressed length, then the block. */
function snappyBlockDecompress(raw: Buffer, limit: number): Buffer {
  try {
    return Buffer.from(snappyUncompress(raw, limit))
  } catch (error) {
    if (/too big/.test((error as Error).message)) throw new OverLimit()
    throw error
  }
}

// Framing format (google/snappy framing_format.txt): chunks of type byte + 24-bit length.
const SNAPPY_STREAM_ID = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59])
const SNAPPY_MAX_CHUNK = 65_536

function isSnappyFramed(raw: Buffer): boolean {
  return raw.length >= SNAPPY_STREAM_ID.length && raw.subarray(0, SNAPPY_STREAM_ID.length).equals(SNAPPY_STREAM_ID)
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32C, masked as the framing format stores it. */
export function maskedCrc32c(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  crc = (crc ^ 0xffffffff) >>> 0
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0
}

function snappyFramedDecompress(raw: Buffer, limit: number): Buffer {
  if (!isSnappyFramed(raw)) throw new Error('missing the snappy stream identifier')
  const out = collector(limit)
  let at = 0
  while (at < raw.length) {
    if (at + 4 > raw.length) throw new Error('truncated chunk header')
    const type = raw[at]!
    const length = raw.readUIntLE(at + 1, 3)
    const body = raw.subarray(at + 4, at + 4 + length)
    if (body.length !== length) throw new Error('truncated chunk')
    at += 4 + length
    if (type === 0xff) continue // stream identifier (also allowed again mid-stream)
    if (type === 0x00 || type === 0x01) {
      const data = type === 0x00 ? snappyUncompress(body.subarray(4), SNAPPY_MAX_CHUNK) : body.subarray(4)
      if (data.length > SNAPPY_MAX_CHUNK) throw new Error('chunk over 65536 bytes')
      if (maskedCrc32c(data) !== body.readUInt32LE(0)) throw new Error('chunk checksum mismatch')
      out.push(data)
    } else if (type < 0x80) {
      throw new Error(`reserved unskippable chunk type 0x${type.toString(16)}`)
    } // 0x80–0xfe: skippable (padding and the like)
  }
  return out.result()
}

const LZ4_MAGIC = 0x184d2204
const LZ4_BLOCK_SIZES: Record<number, number> = { 4: 65_536, 5: 262_144, 6: 1_048_576, 7: 4_194_304 }

/**
 * LZ4 frame format (as pierrec/lz4, otelcol's encoder, and the lz4 tool write it), walked block by
 * block into buffers of the frame's declared maximum block size, so nothing claimed up front is
 * trusted. Concatenated and skippable frames are read; checksums are not verified.
 */
function lz4FrameDecompress(raw: Buffer, limit: number): Buffer {
  const out = collector(limit)
  let at = 0
  while (at < raw.length) {
    const magic = raw.readUInt32LE(at)
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      at += 8 + raw.readUInt32LE(at + 4) // skippable frame
      continue
    }
    if (magic !== LZ4_MAGIC) throw new Error('not an LZ4 frame (bad magic number)')
    const flags = raw[at + 4]!
    const blockSize = LZ4_BLOCK_SIZES[(raw[at + 5]! >> 4) & 0x7]
    if ((flags >> 6) !== 1 || blockSize === undefined) throw new Error('unsupported LZ4 frame descriptor')
    const blockChecksum = (flags & 0x10) !== 0
    const contentChecksum = (flags & 0x04) !== 0
    at += 4 + 2 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1
    for (;;) {
      if (at + 4 > raw.length) throw new Error('truncated LZ4 frame')
      const word = raw.readUInt32LE(at)
      at += 4
      if (word === 0) break
      const size = word & 0x7fffffff
      const block = raw.subarray(at, at + size)
      if (block.length !== size || size > blockSize) throw new Error('bad LZ4 block size')
      at += size + (blockChecksum ? 4 : 0)
      if (word & 0x80000000) {
        out.push(block)
        continue
      }
      const dst = new Uint8Array(blockSize)
      const written = lz4DecompressBlock(block, dst, 0, size, 0)
      if (written > blockSize) throw new Error('LZ4 block larger than the frame allows')
      out.push(dst.subarray(0, written))
    }
    at += contentChecksum ? 4 : 0
  }
  return out.result()
}
