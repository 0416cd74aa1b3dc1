import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { OtlpDecodeError } from '../otlp/errors.ts'
import { IngestError, type ExportHandler, type ExportResult, type Signal, type WireFormat } from './export-handler.ts'
import { readBody } from './read-body.ts'

/** Encodes OTLP response bodies in the request's wire format. */
export interface ResponseEncoder {
  exportResponse(signal: Signal, format: WireFormat, result: ExportResult): Uint8Array
  status(format: WireFormat, code: number, message: string): Uint8Array
}

export interface HttpReceiverOptions {
  host: string
  port: number
  maxBodyBytes: number
  handler: ExportHandler
  encoder: ResponseEncoder
  authorize: (authorization: string | undefined) => boolean
  logger: Logger
  metrics?: Registry
  onResponse?: (signal: Signal | 'other', status: number) => void
}

const PATHS: Record<string, Signal> = { '/v1/logs': 'logs', '/v1/traces': 'traces' }
const CONTENT_TYPES: Record<string, WireFormat> = { 'application/x-protobuf': 'protobuf', 'application/json': 'json' }

export interface HttpReceiver {
  server: Server
  port: number
  /** Stops accepting connections; in-flight requests finish. */
  close(): Promise<void>
}

/** OTLP/HTTP (spec: /v1/logs and /v1/traces, protobuf or JSON, gzip/deflate) plus `/metrics`. */
export async function startHttpReceiver(options: HttpReceiverOptions): Promise<HttpReceiver> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.logger.error({ err: error }, 'OTLP/HTTP handler failed')
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  server.keepAliveTimeout = 65_000
  server.requestTimeout = 120_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(Object.assign(error, { port: options.port })))
    server.listen(options.port, options.host, () => resolve())
  })
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpReceiverOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!
  if (path === '/metrics' && options.metrics) {
    if (req.method !== 'GET') return void res.writeHead(405, { Allow: 'GET' }).end()
    const body = await options.metrics.metrics()
    return void res.writeHead(200, { 'Content-Type': options.metrics.contentType }).end(body)
  }
  const signal = PATHS[path]
  const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  // Errors are answered in the request's format when it is one of ours, else in protobuf (spec default).
  const format: WireFormat = CONTENT_TYPES[mediaType] ?? 'protobuf'
  const fail = (status: number, message: string, headers: Record<string, string> = {}) => {
    drain(req)
    const body = options.encoder.status(format, grpcCodeFor(status), message)
    res.writeHead(status, { 'Content-Type': contentTypeOf(format), ...headers }).end(body)
    options.onResponse?.(signal ?? 'other', status)
  }
  if (!signal) return fail(404, `no OTLP endpoint at ${path}; use /v1/logs or /v1/traces`)
  if (req.method !== 'POST') return fail(405, `${req.method} is not allowed on ${path}; use POST`, { Allow: 'POST' })
  if (!options.authorize(req.headers.authorization)) {
    return fail(401, 'missing or invalid ingest token (Authorization: Bearer <token>)', { 'WWW-Authenticate': 'Bearer realm="claimcheck-ingest"' })
  }
  if (!CONTENT_TYPES[mediaType]) {
    return fail(415, `unsupported Content-Type "${mediaType || '(none)'}"; use application/x-protobuf or application/json`)
  }
  try {
    const body = await readBody(req, options.maxBodyBytes)
    const result = await options.handler.export(signal, format, body)
    res.writeHead(200, { 'Content-Type': contentTypeOf(format) }).end(options.encoder.exportResponse(signal, format, result))
    options.onResponse?.(signal, 200)
  } catch (error) {
    if (error instanceof OtlpDecodeError) return fail(400, error.message)
    if (error instanceof IngestError) {
      const headers: Record<string, string> = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
      if (error.httpStatus === 413) headers.Connection = 'close'
      return fail(error.httpStatus, error.message, headers)
    }
    throw error
  }
}

function contentTypeOf(format: WireFormat): string {
  return format === 'json' ? 'application/json' : 'application/x-protobuf'
}

/** google.rpc.Code for an HTTP status, per the gRPC ↔ HTTP mapping. */
function grpcCodeFor(status: number): number {
  const codes: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 413: 8, 415: 3, 429: 8, 503: 14 }
  return codes[status] ?? 13
}

/** Discards the rest of a refused body so a keep-alive connection stays usable. */
function drain(req: IncomingMessage): void {
  if (!req.complete) req.resume()
}
