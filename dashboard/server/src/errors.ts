import type { ErrorRequestHandler } from 'express'
import { ZodError } from 'zod'
import type { Logger } from 'pino'

/**
 * An error meant for the API client: HTTP status, a stable machine-readable `code`, and whether
 * `message` may be shown (never true for messages that could carry internals).
 */
export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly expose = status < 500,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`)
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'bad_request', message, true, details)
  }
}

/** ClickHouse error codes that are the caller's fault, with the HTTP status to answer. */
const CLICKHOUSE_CLIENT_ERRORS: Record<string, number> = {
  '62': 400, // SYNTAX_ERROR
  '47': 400, // UNKNOWN_IDENTIFIER
  '60': 400, // UNKNOWN_TABLE
  '46': 400, // UNKNOWN_FUNCTION
  '43': 400, // ILLEGAL_TYPE_OF_ARGUMENT
  '53': 400, // TYPE_MISMATCH
  '164': 403, // READONLY
  '497': 403, // ACCESS_DENIED
  '159': 408, // TIMEOUT_EXCEEDED
  '158': 413, // TOO_MANY_ROWS
  '241': 413, // MEMORY_LIMIT_EXCEEDED
  '394': 499, // QUERY_WAS_CANCELLED
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

/** The one error middleware: ZodError → 400 with paths, ClickHouse → by code, AppError → its status, else 500. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = toErrorResponse(error)
    if (status >= 500) logger.error({ err: error, path: req.path }, 'request failed')
    if (res.headersSent) return void res.end()
    res.status(status).json(body)
  }
}

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
    const message = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')
    return { status: 400, body: { error: { code: 'invalid_request', message, details } } }
  }
  if (error instanceof AppError) {
    const message = error.expose ? error.message : 'Internal error'
    return { status: error.status, body: { error: { code: error.code, message, ...(error.details ? { details: error.details } : {}) } } }
  }
  const clickhouseCode = (error as { code?: unknown } | null)?.code
  if (error instanceof Error && error.name === 'ClickHouseError' && typeof clickhouseCode === 'string') {
    const status = CLICKHOUSE_CLIENT_ERRORS[clickhouseCode]
    if (status) return { status, body: { error: { code: `clickhouse_${clickhouseCode}`, message: error.message } } }
  }
  const httpStatus = (error as { status?: unknown; type?: unknown } | null)?.status
  if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    // body-parser errors (malformed JSON, too large) carry a safe status and message.
    return { status: httpStatus, body: { error: { code: 'bad_request', message: (error as Error).message } } }
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } }
}
