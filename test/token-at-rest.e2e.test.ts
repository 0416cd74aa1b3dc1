import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '@claimcheck/collector'
import { ConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'
import { eventually } from './support/collector-harness.ts'
import { logExporter, sendLogs, traceExporter, sendSpans, TRANSPORTS } from './support/otel-clients.ts'
import { SecretGarden } from './support/planted-secrets.ts'

// "No credential of any kind at rest": credentials planted in every field of the OTLP model (keys
// and values, plain and encoded) are sent through the real receivers — raw OTLP/JSON for the
// fields SDKs do not let a caller set, real SDK exporters over every transport for the rest —
// then every table of the store and everything the process logged are searched for any part of them.

const garden = new SecretGarden()
const logLines: string[] = []
let store: Store
let collector: Collector
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-at-rest-'))
  const config = ConfigSchema.parse({ store: { dataDir }, collector: { host: '127.0.0.1', httpPort: 0, grpcPort: 0, correlationWindowMs: 200 } })
  store = await openStore(config.store)
  await runMigrations(store.writer, store.schema, config.retention)
  // Everything the collector logs, at the most verbose level.
  const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } })
  collector = await startCollector({ store, config, logger: pino({ level: 'trace' }, sink) })
})
afterAll(async () => {
  await collector?.close()
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const NOW_NS = `${Math.floor(Date.now() / 1000)}000000000`
const TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const s = (v: string) => ({ stringValue: v })
const kv = (key: string, value: object) => ({ key, value })
const b64 = (text: string) => Buffer.from(text).toString('base64')
const enc = (token: string, dot: string) => token.replaceAll('.', dot)

function logsRequest(g: SecretGarden) {
  const splitJwt = g.jwt('log attributes: a JWT split over three attributes').split('.')
  return {
    resourceLogs: [{
      resource: {
        attributes: [
          kv('service.name', s('at-rest-logs')),
          kv('deployment.note', s(`Bearer ${g.jwt('resource attribute value')}`)),
          kv(g.jwt('resource attribute key'), s('v')),
          kv('env', { kvlistValue: { values: [kv('x-api-key', s(g.opaque('resource kvlist: x-api-key')))] } }),
        ],
      },
      schemaUrl: `https://schemas.example.com/1.0?access_token=${g.opaque('resource schema URL: access_token')}`,
      scopeLogs: [{
        scope: {
          name: `scope-${g.jwt('scope name')}`,
          version: g.jwt('scope version (padded JWT)').split('.').map((p) => `${p}=`).join('.'),
          attributes: [kv('auth.basic', s(g.basic('scope attribute: Basic credentials'))), kv(`token.${g.jwt('scope attribute key')}`, s('x'))],
        },
        schemaUrl: `https://svc:${g.password('scope schema URL: user-info password')}@schemas.example.com/x`,
        logRecords: [{
          timeUnixNano: NOW_NS,
          severityText: g.jwt('severity text (JWT whose header is not eyJ)', { rawHeader: '{ "alg": "HS256", "kid": "KID" }' }),
          traceId: TRACE, spanId: '0a1b2c3d4e5f6071',
          body: s(`{"authorization":"Bearer ${g.opaque('string body: opaque bearer followed by a quote', 20)}"}`),
          attributes: [
            kv('http.request.method', s('GET')), kv('http.response.status_code', { intValue: '401' }),
            kv('url.full', s(`https://api.example.com/cb?access_token=${g.jwt('url.full access_token')}&x=1`)),
            kv('url.query', s(`code=${g.opaque('url.query code', 22)}&state=xyz`)),
            kv('http.target', s(`/cb?refresh_token=${g.opaque('http.target refresh_token', 22)}`)),
            kv('url.path', s(`/reset/${enc(g.jwt('url.path %2E-encoded JWT'), '%2E')}`)),
            kv('http.url', s(`https://admin:${g.password('http.url user-info')}@db.internal/x`)),
            kv('url.fragment', s(`id_token=${g.jwt('url.fragment id_token')}`)),
            kv('http.request.header.x-api-key', s(g.password('x-api-key header'))),
            kv('apikey', s(g.password('apikey attribute'))),
            kv('http.request.header.proxy-authorization', s(g.basic('proxy-authorization header'))),
            kv('http.response.header.set-cookie', s(`sid=${g.password('set-cookie header')}; HttpOnly`)),
            kv('http.request.header.cookie', { arrayValue: { values: [s(`session=${g.password('cookie header array')}`)] } }),
            kv('http.request.header.authorization', { arrayValue: { values: [s(`Bearer ${g.jwt('authorization header array', { sub: 'at-rest-subject' })}`)] } }),
            kv('raw.bytes', { bytesValue: g.encoded(b64(g.jwt('attribute bytes value'))) }),
            kv('jwt.header', s(splitJwt[0]!)), kv('jwt.payload', s(splitJwt[1]!)), kv('jwt.signature', s(splitJwt[2]!)),
            kv('message', s(`rejected {"t":"${enc(g.jwt('JSON-escaped dots'), '\\u002e')}"}`)),
            kv('redirect', s(`/login?next=${enc(g.jwt('double percent-encoded dots'), '%252E')}`)),
            kv('debug.b64', s(g.encoded(b64(`Bearer ${g.opaque('base64 of a bearer header', 20)}`)))),
            kv('db.password', { intValue: g.plant('int value under a password key', '98765432101234') }),
            kv('traceparent.note', s(`tok ${g.opaque('opaque key in prose', 40)} end`)),
            kv('aws', s(`key ${g.plant('AWS access key id in text', 'AKIAQ3EGVT7XPLMN2RZB')}`)),
          ],
        }, {
          timeUnixNano: NOW_NS,
          body: { kvlistValue: { values: [kv('headers', { kvlistValue: { values: [kv('Cookie', s(`session=${g.password('kvlist body: cookie')}`))] } })] } },
        }, {
          timeUnixNano: NOW_NS,
          body: { arrayValue: { values: [s(`id_token=${g.jwt('array body: id_token')}`)] } },
        }, {
          timeUnixNano: NOW_NS,
          body: { bytesValue: g.encoded(b64(`Authorization: Bearer ${g.jwt('bytes body')}`)) },
        }],
      }],
    }],
  }
}

function tracesRequest(g: SecretGarden) {
  return {
    resourceSpans: [{
      resource: { attributes: [kv('service.name', s('at-rest-traces')), kv('http.request.header.cookie', s(`a=${g.password('traces resource: cookie')}`))] },
      scopeSpans: [{
        scope: { name: `lib?api_key=${g.password('traces scope name: api_key')}`, version: g.jwt('traces scope version') },
        spans: [{
          traceId: TRACE, spanId: '1a2b3c4d5e6f7081', kind: 2,
          name: `GET /cb?access_token=${g.opaque('span name: access_token', 22)}`,
          traceState: `tok=${g.jwt('span trace state')}`,
          startTimeUnixNano: NOW_NS, endTimeUnixNano: NOW_NS,
          attributes: [
            kv(g.jwt('span attribute key'), s('1')),
            kv('http.request.method', s('GET')), kv('http.response.status_code', { intValue: '401' }),
            kv('url.full', s(`https://api.example.com/x?id_token=${g.jwt('span url.full id_token')}`)),
            kv('auth.raw', { bytesValue: g.encoded(b64(g.basic('span bytes: Basic'))) }),
            kv('http.request.header.x-api-key', { arrayValue: { values: [s(g.opaque('span x-api-key array'))] } }),
          ],
          status: { code: 2, message: `invalid token ${g.jwt('status message')}` },
          events: [{
            timeUnixNano: NOW_NS, name: `token ${g.jwt('event name')}`,
            attributes: [
              kv('exception.message', s(`sent "Bearer ${g.opaque('event attribute: opaque bearer + quote', 20)}" twice`)),
              kv(`k.${g.jwt('event attribute key')}`, s('v')),
            ],
          }],
          links: [{
            traceId: 'f'.repeat(32), spanId: 'e'.repeat(16),
            traceState: `a=${g.opaque('link trace state')}`,
            attributes: [
              kv('creds', { kvlistValue: { values: [kv('password', s(g.password('link kvlist: password')))] } }),
              kv(`x.${g.jwt('link attribute key')}`, s('v')),
            ],
          }],
        }],
      }],
    }],
  }
}

async function postJson(signal: 'logs' | 'traces', body: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${collector.httpPort}/v1/${signal}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  await response.arrayBuffer()
  return response.status
}

async function dumpStore(): Promise<string> {
  const tables = await (await store.reader.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine NOT IN ('View')", format: 'JSONEachRow' })).json<{ name: string }>()
  let text = ''
  for (const { name } of tables) {
    const result = await store.reader.query({ query: `SELECT * FROM \`${name}\``, format: 'JSONEachRow' })
    text += `\n--- ${name}\n${await result.text()}`
  }
  // JSON output escapes '/' as '\/': search the text as stored.
  return text.replaceAll('\\/', '/')
}

describe('no credential at rest', () => {
  it('plants credentials in 40+ places, and finds none of them in any table or in the process log', async () => {
    expect(await postJson('logs', logsRequest(garden))).toBe(200)
    expect(await postJson('traces', tracesRequest(garden))).toBe(200)
    for (const transport of TRANSPORTS) {
      await sendLogs(logExporter(transport, `http://127.0.0.1:${collector.httpPort}`, `http://127.0.0.1:${collector.grpcPort}`), [{
        serviceName: `at-rest-sdk-${transport}`, time: [Math.floor(Date.now() / 1000), 0], traceId: TRACE, spanId: '2a2b3c4d5e6f7081',
        body: `jwt rejected: ${garden.jwt(`SDK ${transport} log body`)}`,
        attributes: { 'http.request.header.x-api-key': garden.opaque(`SDK ${transport} x-api-key`), 'url.full': `https://a.example.com/?access_token=${garden.opaque(`SDK ${transport} url.full`)}` },
      }])
      await sendSpans(traceExporter(transport, `http://127.0.0.1:${collector.httpPort}`, `http://127.0.0.1:${collector.grpcPort}`), [{
        serviceName: `at-rest-sdk-${transport}`, name: `POST /token?client_secret=${garden.password(`SDK ${transport} span name`)}`,
        start: [Math.floor(Date.now() / 1000), 0], end: [Math.floor(Date.now() / 1000), 5_000_000],
        attributes: { 'http.request.method': 'POST', 'http.response.status_code': 401, 'http.request.header.authorization': `Bearer ${garden.jwt(`SDK ${transport} authorization`)}` },
        error: `token ${garden.jwt(`SDK ${transport} exception event`)} expired`,
      }])
    }
    expect(garden.planted.length).toBeGreaterThanOrEqual(40)

    // Claims were decoded before the token was dropped.
    const calls = await eventually(async () => {
      const rows = await (await store.reader.query({ query: "SELECT Subject FROM gateway_calls WHERE ServiceName LIKE 'at-rest-%'", format: 'JSONEachRow' })).json<{ Subject: string }>()
      return rows.length >= 4 ? rows : undefined
    })
    expect(calls.map((c) => c.Subject)).toContain('at-rest-subject')
    await eventually(async () => (await dumpStore()).includes('at-rest-sdk-grpc'))

    const stored = await dumpStore()
    for (const service of ['at-rest-logs', 'at-rest-traces', 'at-rest-sdk-grpc']) expect(stored).toContain(service)
    expect(garden.findIn(stored)).toEqual([])

    const metrics = await (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
    expect(metrics).toMatch(/claimcheck_redactions_total\{key="http.request.header.x-api-key",rule="key"\} [1-9]/)
    expect(metrics).toMatch(/claimcheck_redactions_total\{key="url.full",rule="key_value"\} [1-9]/)
    expect(garden.findIn(metrics)).toEqual([])

    // The whole process log, shutdown included.
    await collector.close()
    expect(logLines.join('')).toContain('collector stopped')
    expect(garden.findIn(logLines.join('\n'))).toEqual([])
  })
})
