import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { gunzip, inflate, inflateRaw } from 'node:zlib'
import { IngestError, GRPC } from './export-handler.ts'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)
const inflateRawAsync = promisify(inflateRaw)

export const tooLarge = (limit: number) =>
  new IngestError(413, GRPC.RESOURCE_EXHAUSTED, `request body exceeds the limit of ${limit} bytes (after decompression)`)

/**
 * Reads a request body of at most `limit` bytes and decompresses it to at most `limit` bytes.
 * A gzip bomb stops at the limit: zlib's maxOutputLength aborts inflation instead of allocating.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    // Listeners rather than for-await: leaving an async iterator early destroys the socket, and
    // the sender would get a reset instead of our 413.
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (size > limit) {
        over = true
        chunks.length = 0
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    })
    req.once('end', () => over || resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
    req.once('error', reject)
  })
  return decompress(raw, String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase(), limit)
}

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
        // RFC 9110 "deflate" is zlib-wrapped, but some senders send raw deflate: accept both.
        return await inflateAsync(raw, options).catch((error: unknown) => {
          if (isTooLarge(error)) throw error
          return inflateRawAsync(raw, options)
        })
      default:
        throw new IngestError(415, GRPC.UNIMPLEMENTED, `unsupported Content-Encoding "${encoding}"; use gzip, deflate or none`)
    }
  } catch (error) {
    if (error instanceof IngestError) throw error
    if (isTooLarge(error)) throw tooLarge(limit)
    throw new IngestError(400, GRPC.INVALID_ARGUMENT, `request body is not valid ${encoding} data: ${(error as Error).message}`)
  }
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError
}
