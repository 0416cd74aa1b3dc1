import type { IncomingMessage } from 'node:http'
import { decompress, tooLarge } from './decompress.ts'

export { decompress, tooLarge } from './decompress.ts'

/**
 * Reads a request body of at most `limit` bytes and decompresses it to at most `limit` bytes.
 * A compression bomb stops at the limit (see `decompress`).
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
