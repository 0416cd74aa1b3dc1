import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import { codecForContentType, OtlpDecodeError, PROTOBUF_CODEC, retryInfoDetail, type OtlpCodec } from '../otlp/index.ts'
import { IngestError, type ReceiverOptions, type Signal } from './export-handler.ts'
import { readBody } from './read-body.ts'

export interface HttpReceiverOptions extends ReceiverOptions {
  metrics?: Registry
  onResponse?: (signal: Signal | 'other', status: number) => void
  /** How long close() lets running requests finish before cutting their connections. Default 2,000 ms. */
  drainMs?: number
}

/**
 * `/v1/logs` and `/v1/traces`, also below a prefix (`/otlp/v1/logs`): otelcol's `otlp_http`
 * exporter appends `/v1/<signal>` to whatever `endpoint` path it is given, and proxies often add one.
 */
function signalOf(path: string): Signal | undefined {
  if (path.endsWith('/v1/logs')) return 'logs'
  if (path.endsWith('/v1/traces')) return 'traces'
  return undefined
}

export interface HttpReceiver {
  server: Server
  port: number
  /** Stops accepting connections; in-flight requests get `drainMs` to finish, keep-alive connections close. */
  close(): Promise<void>
}

/** OTLP/HTTP (spec: /v1/logs and /v1/traces, protobuf or JSON, every otelcol compression) plus `/metrics`. */
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
  let closing = false
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    // While closing, every answer ends its keep-alive connection, so none waits for keepAliveTimeout.
    if (closing) res.setHeader('Connection', 'close')
  })
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true
        const sweep = setInterval(() => server.closeIdleConnections(), 100)
        // Requests still running after the drain are cut: senders retry what was not acknowledged.
        const force = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 2_000)
        server.close(() => {
          clearInterval(sweep)
          clearTimeout(force)
          resolve()
        })
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
  const signal = signalOf(path)
  const requested = codecForContentType(req.headers['content-type'])
  // Errors are answered in the request's format when it is one of ours, else in protobuf (spec default).
  const codec: OtlpCodec = requested ?? PROTOBUF_CODEC
  const fail = (status: number, message: string, headers: Record<string, string> = {}, retryAfterSeconds?: number) => {
    drain(req)
    const details = retryAfterSeconds ? [retryInfoDetail(retryAfterSeconds * 1000)] : undefined
    const body = codec.encodeStatus({ code: grpcCodeFor(status), message, details })
    res.writeHead(status, { 'Content-Type': codec.contentType, ...headers }).end(body)
    options.onResponse?.(signal ?? 'other', status)
  }
  if (!signal) return fail(404, `no OTLP endpoint at ${path}; use /v1/logs or /v1/traces (a prefix before them is fine)`)
  if (req.method !== 'POST') return fail(405, `${req.method} is not allowed on ${path}; use POST`, { Allow: 'POST' })
  if (!options.authorize(req.headers.authorization)) {
    return fail(401, 'missing or invalid ingest token (Authorization: Bearer <token>)', { 'WWW-Authenticate': 'Bearer realm="claimcheck-ingest"' })
  }
  if (!requested) {
    return fail(415, `unsupported Content-Type "${req.headers['content-type'] ?? '(none)'}"; use application/x-protobuf or application/json`)
  }
  try {
    const body = await readBody(req, options.maxBodyBytes)
    const result = await options.handler.export(signal, requested, body)
    const partial = result.rejected > 0 || result.message ? { rejected: result.rejected, errorMessage: result.message } : undefined
    const response = signal === 'logs' ? requested.encodeLogsResponse(partial) : requested.encodeTracesResponse(partial)
    res.writeHead(200, { 'Content-Type': requested.contentType }).end(response)
    options.onResponse?.(signal, 200)
  } catch (error) {
    if (error instanceof OtlpDecodeError) return fail(400, error.message)
    if (error instanceof IngestError) {
      const headers: Record<string, string> = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
      if (error.httpStatus === 413) headers.Connection = 'close'
      return fail(error.httpStatus, error.message, headers, error.retryAfterSeconds)
    }
    throw error
  }
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
