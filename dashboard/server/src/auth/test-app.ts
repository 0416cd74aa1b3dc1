import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Express } from 'express'
import pino from 'pino'
import { ConfigSchema, type Config, type ConfigInput } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { createAlerting } from '../alerts/index.ts'
import { createQueryApi } from '../api/index.ts'
import { statusHandlers } from '../api/status.ts'
import { createDashboardApp } from '../app.ts'
import { createAuthContext, type AuthContext } from './context.ts'

/** The dashboard app as `claimcheck start` mounts it (every router), on a fresh store and a free port. */
export interface AuthTestApp {
  app: Express
  auth: AuthContext
  store: Store
  config: Config
  port: number
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>
  close(): Promise<void>
}

export interface RequestOptions {
  headers?: Record<string, string>
  body?: unknown
  /** Source address of the connection (127.0.0.x), to play a trusted or an untrusted proxy. */
  localAddress?: string
}
export interface TestResponse { status: number; headers: Record<string, string | string[] | undefined>; text: string; json(): unknown }

export async function startAuthTestApp(input: ConfigInput = {}, webRoot?: string, now: () => number = Date.now): Promise<AuthTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-auth-'))
  const config = ConfigSchema.parse({ ...input, store: { dataDir: join(dir, 'data') } })
  const store = await openStore(config.store)
  await runMigrations(store.writer, store.schema, config.retention)
  const logger = pino({ level: 'silent' })
  const auth = createAuthContext(store, config, logger, now)
  const app = createDashboardApp({
    store, config, logger, version: 'test', auth, webRoot,
    operations: {
      ...createQueryApi({ store, config, logger }),
      ...statusHandlers({ store, version: 'test', startedAt: new Date() }),
      ...createAlerting({ store, config, logger }).handlers,
    },
  })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const port = (server.address() as AddressInfo).port
  return {
    app, auth, store, config, port,
    request: (method, path, options = {}) => send(port, method, path, options),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await auth.audit.settled()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** node:http, not fetch: fetch cannot choose the source address, and hides Set-Cookie handling. */
function send(port: number, method: string, path: string, { headers = {}, body, localAddress }: RequestOptions): Promise<TestResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, method, path, localAddress,
      headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...headers },
    }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end(payload)
  })
}

interface Layer { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every route mounted on an Express 5 app, read from its router stack: `GET /api/v1/calls/:traceId/:spanId`. */
export function listRoutes(app: Express): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : layer.rawPath instanceof RegExp ? `{${layer.rawPath.source}}` : ''
      if (layer.route) {
        const path = `${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) routes.push({ method: method.toUpperCase(), path })
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${raw === '/' ? '' : raw}`)
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '')
  return routes
}
