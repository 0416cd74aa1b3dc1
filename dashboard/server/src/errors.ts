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
    // A closed tab aborted the request's queries: nobody is left to answer.
    if (status === 499 || res.destroyed) return void res.end()
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
  if (isClickHouseError(error)) {
    const status = CLICKHOUSE_CLIENT_ERRORS[error.code]
    if (status) return { status, body: { error: { code: `clickhouse_${error.code}`, message: error.message } } }
  }
  if (isAbortError(error)) return { status: 499, body: { error: { code: 'cancelled', message: 'The request was cancelled' } } }
  const httpStatus = (error as { status?: unknown; type?: unknown } | null)?.status
  if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    // body-parser errors (malformed JSON, too large) carry a safe status and message.
    return { status: httpStatus, body: { error: { code: 'bad_request', message: (error as Error).message } } }
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } }
}

/**
 * A ClickHouse error, from either backend. Checked by shape: the embedded connection throws the
 * `ClickHouseError` class of its own copy of `@clickhouse/client-common`, so `instanceof` and
 * `error.name` (which stays `Error`) both miss it.
 */
export function isClickHouseError(error: unknown): error is Error & { code: string; type?: string } {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  return (error.name === 'ClickHouseError' || error.constructor.name === 'ClickHouseError') && typeof code === 'string'
}

/** HTTP status for a ClickHouse error code caused by the caller's query; undefined for server trouble. */
export function clickhouseClientStatus(code: string): number | undefined {
  return CLICKHOUSE_CLIENT_ERRORS[code]
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || /^(?:The user aborted a request|Query aborted)/.test(error.message))
}
