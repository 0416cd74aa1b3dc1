import { z } from 'zod'
import type { CallSort } from '@claimcheck/shared'
import { BadRequestError } from '../errors.ts'
import type { CallKey } from './sql/queries-calls.ts'

/**
 * Opaque page cursors: base64url JSON of the sort and the last row's key. Decoding validates
 * the shape, so a tampered cursor is a 400, and its values only ever become query parameters.
 */
const CursorSchema = z.object({
  s: z.string(),
  k: z.tuple([z.string().regex(/^\d{1,20}$/), z.string().regex(/^\d{1,20}$/), z.string().max(128), z.string().max(128)]),
})

export function encodeCursor(sort: CallSort, key: CallKey): string {
  const payload = { s: sort, k: [key.duration ?? '0', key.timestampNs, key.traceId, key.spanId] }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

export function decodeCursor(cursor: string, sort: CallSort): CallKey {
  let payload: z.infer<typeof CursorSchema>
  try {
    payload = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new BadRequestError('cursor: not a cursor from this API', [{ path: 'cursor', message: 'invalid cursor' }])
  }
  if (payload.s !== sort) {
    throw new BadRequestError(`cursor: belongs to sort=${payload.s}, not ${sort}`, [{ path: 'cursor', message: 'sort changed' }])
  }
  const [duration, timestampNs, traceId, spanId] = payload.k
  return { duration, timestampNs, traceId, spanId }
}
