import { ProtoWriter, WIRE_VARINT } from '../../../collector/src/otlp/wire.ts'

// OTLP protobuf ExportLogsServiceRequest bodies of realistic gateway access-log records, built
// with the collector's own ProtoWriter. One template per run; each batch is a copy with fresh
// trace/span ids patched in, so every record is a distinct gateway call and memory stays small.

const ROUTES = ['/v1/users/:id', '/v1/orders', '/v1/orders/:id/items', '/auth/token', '/v1/search']
const STATUSES = [200, 200, 200, 201, 204, 401, 401, 403, 404, 500]
const MESSAGES = ['JWT expired', 'User from sub claim in JWT does not exist', 'insufficient_scope', 'invalid signature', 'Unauthorized']

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function jwt(i: number): string {
  const claims = { sub: `user-${i % 50}`, iss: 'https://idp.example.com/', aud: ['api'], exp: 1_900_000_000, iat: 1_700_000_000, scope: 'read:users write:orders', azp: `client-${i % 7}`, tid: 'tenant-1' }
  return `${b64url({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64url(claims)}.${Buffer.from(`sig-${i % 50}`).toString('base64url')}`
}

function anyString(value: string): Uint8Array {
  return new ProtoWriter().stringField(1, value).finish()
}
function anyInt(value: number): Uint8Array {
  return new ProtoWriter().tag(3, WIRE_VARINT).varint(value).finish()
}
function keyValue(key: string, value: Uint8Array): Uint8Array {
  return new ProtoWriter().stringField(1, key).lenField(2, value).finish()
}

function logRecord(i: number, timeNs: bigint, traceId: Buffer, spanId: Buffer): Uint8Array {
  const status = STATUSES[i % STATUSES.length]!
  const route = ROUTES[i % ROUTES.length]!
  const w = new ProtoWriter()
  w.fixed64Field(1, timeNs)
  w.tag(2, WIRE_VARINT).varint(status >= 400 ? 13 : 9)
  w.stringField(3, status >= 400 ? 'WARN' : 'INFO')
  w.lenField(5, anyString(status >= 400 ? MESSAGES[i % MESSAGES.length]! : 'request completed'))
  const attributes: [string, Uint8Array][] = [
    ['http.request.method', anyString(i % 4 === 0 ? 'POST' : 'GET')],
    ['http.route', anyString(route)],
    ['url.path', anyString(route.replace(':id', String(1000 + i)))],
    ['http.response.status_code', anyInt(status)],
    ['client.address', anyString(`10.0.${i % 256}.${(i * 7) % 256}`)],
    ['user_agent.original', anyString('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)')],
    ['server.address', anyString('api.example.com')],
  ]
  if (i % 2 === 0) attributes.push(['http.request.header.authorization', anyString(`Bearer ${jwt(i)}`)])
  for (const [key, value] of attributes) w.lenField(6, keyValue(key, value))
  w.fixed32Field(8, 1)
  w.lenField(9, traceId)
  w.lenField(10, spanId)
  return w.finish()
}

export interface BatchFactory {
  recordsPerBatch: number
  bytesPerBatch: number
  /** Body `n` (0-based): the template with ids unique to batch `n`. */
  batch(n: number): Buffer
}

/** Builds the template once; `batch(n)` costs one copy and a few id writes. */
export function accessLogBatches(recordsPerBatch = 1000): BatchFactory {
  const timeNs = BigInt(Date.now() - 60_000) * 1_000_000n
  const idOffsets: number[] = []
  const scope = new ProtoWriter().lenField(1, new ProtoWriter().stringField(1, 'kong-access-log').stringField(2, '3.6.1').finish())
  for (let i = 0; i < recordsPerBatch; i++) {
    // Ids carry a marker so their offsets can be found in the finished template.
    const traceId = Buffer.alloc(16, 0xab)
    traceId.writeUInt32BE(i, 12)
    const spanId = Buffer.alloc(8, 0xcd)
    spanId.writeUInt32BE(i, 4)
    scope.lenField(2, logRecord(i, timeNs + BigInt(i) * 1_000n, traceId, spanId))
  }
  const resource = new ProtoWriter()
  for (const [key, value] of [['service.name', 'kong-gateway'], ['deployment.environment.name', 'prod'], ['host.name', 'gw-1'], ['service.version', '3.6.1']]) {
    resource.lenField(1, keyValue(key!, anyString(value!)))
  }
  const resourceLogs = new ProtoWriter().lenField(1, resource.finish()).lenField(2, scope.finish()).finish()
  const template = Buffer.from(new ProtoWriter().lenField(1, resourceLogs).finish())
  for (let i = 0, from = 0; i < recordsPerBatch; i++) {
    const marker = Buffer.alloc(16, 0xab)
    marker.writeUInt32BE(i, 12)
    const at = template.indexOf(marker, from)
    if (at < 0) throw new Error('template id not found')
    idOffsets.push(at)
    from = at + 16
  }
  return {
    recordsPerBatch,
    bytesPerBatch: template.length,
    batch(n) {
      const body = Buffer.from(template)
      // Bytes 0–7 of each trace id become the batch number: unique across the run.
      for (const offset of idOffsets) body.writeUInt32BE(n, offset + 4)
      return body
    },
  }
}
