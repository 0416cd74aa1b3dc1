import type { Response } from 'express'
import type { z } from 'zod'
import { AppError } from '../../errors.ts'

/**
 * Sends `value` after checking it against the response schema the web app will parse it with.
 * A mismatch is a server bug: 500, never the client's 400.
 */
export function sendParsed<T extends z.ZodType>(res: Response, schema: T, value: z.input<T>): void {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new AppError(500, 'invalid_response', `Response failed its schema: ${parsed.error.message}`, false)
  }
  res.json(parsed.data)
}
