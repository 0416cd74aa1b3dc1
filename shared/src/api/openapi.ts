import { z } from 'zod'
import { ApiErrorSchema } from './adhoc.ts'
import { API_OPERATIONS, type ApiOperation } from './operations.ts'

/**
 * The OpenAPI 3.1 document served at `/api/v1/openapi.json`, generated from `API_OPERATIONS` and
 * the same zod schemas the server validates with.
 */

type Json = Record<string, unknown>

/**
 * Named schemas of the document. zod emits the schemas it must reference (recursive ones such as
 * a JSON value) as local `$defs` with `#/$defs/…` refs, which dangle once the schema is embedded
 * in the document: they are lifted into `components/schemas`, one copy per distinct definition.
 */
/**
 * A record over an enum (`byCause`: every cause present) comes out of zod as `required` keys with
 * no `properties`, which readers take for keys that are required but undefined: name each key with
 * the value schema, and allow no others.
 */
function nameRecordKeys({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: Json }): void {
  if ((zodSchema as z.ZodType)._zod.def.type !== 'record') return
  const { required, properties, additionalProperties } = jsonSchema
  if (!Array.isArray(required) || properties || typeof additionalProperties !== 'object') return
  jsonSchema.properties = Object.fromEntries(required.map((key: string) => [key, additionalProperties]))
  jsonSchema.additionalProperties = false
  delete jsonSchema.propertyNames
}

class SchemaComponents {
  readonly schemas: Json = {}
  private readonly lifted = new Map<string, string>()

  /** The JSON Schema of `schema`, its `$defs` moved to components; `owner` names them. */
  jsonSchema(schema: z.ZodType, io: 'input' | 'output', owner: string): Json {
    const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: nameRecordKeys }) as Json
    if (!$defs) return rest
    const names = new Map<string, string>()
    for (const key of Object.keys($defs as Json)) {
      const identity = `${key}:${JSON.stringify($defs)}`
      let name = this.lifted.get(identity)
      if (!name) {
        name = `${owner}${key.replace(/^_+/, '').replace(/^\w/, (c) => c.toUpperCase())}`
        this.lifted.set(identity, name)
      }
      names.set(key, name)
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite)
      if (value === null || typeof value !== 'object') return value
      return Object.fromEntries(Object.entries(value).map(([k, v]) => {
        const local = k === '$ref' && typeof v === 'string' ? /^#\/\$defs\/(.+)$/.exec(v)?.[1] : undefined
        return [k, local !== undefined ? `#/components/schemas/${names.get(local) ?? local}` : rewrite(v)]
      }))
    }
    for (const [key, def] of Object.entries($defs as Json)) this.schemas[names.get(key)!] = rewrite(def)
    return rewrite(rest) as Json
  }

  /** A `$ref` to the named output schema, added once. */
  ref(name: string, schema: z.ZodType): Json {
    if (!(name in this.schemas)) this.schemas[name] = this.jsonSchema(schema, 'output', name)
    return { $ref: `#/components/schemas/${name}` }
  }
}

function parameters(components: SchemaComponents, object: z.ZodObject | undefined, location: 'query' | 'path', owner: string): unknown[] {
  if (!object) return []
  return Object.entries(object.shape).map(([name, field]) => {
    const schema = components.jsonSchema(field as z.ZodType, 'input', `${owner}${name[0]!.toUpperCase()}${name.slice(1)}`)
    const multi = Array.isArray(schema.anyOf)
    return {
      name,
      in: location,
      required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(schema.description ? { description: schema.description } : {}),
      schema,
      ...(multi ? { style: 'form', explode: true } : {}),
    }
  })
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete'])
const capitalize = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`

/**
 * API tokens work everywhere; a session cookie needs the CSRF header on changes (`security.md`).
 * A trusted SSO proxy's headers are configuration, not something a client sends: not a scheme.
 */
export const SECURITY_SCHEMES = {
  apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (dashboard.auth.tokens, or made by an admin with POST /tokens): `Authorization: Bearer <token>`' },
  session: { type: 'apiKey', in: 'cookie', name: 'claimcheck_session', description: 'The session cookie set by POST /auth/login' },
  csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The csrfToken of POST /auth/login or GET /auth/session; needed with the session cookie on POST, PUT, PATCH and DELETE' },
} as const

function securityOf(operation: ApiOperation): Json[] {
  if (operation.access === 'public') return []
  return [{ apiToken: [] }, UNSAFE.has(operation.method) ? { session: [], csrf: [] } : { session: [] }]
}

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } }

function responsesOf(components: SchemaComponents, operation: ApiOperation): Json {
  const responses: Json = { '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE }
  for (const answer of [...(operation.response ? [operation.response] : []), ...(operation.alternatives ?? [])]) {
    const content: Json = { 'application/json': { schema: components.ref(answer.name, answer.schema) } }
    if (operation.download) content['text/csv'] = { schema: { type: 'string' } }
    responses[String(answer.status ?? 200)] = { description: answer.status && answer.status >= 500 ? 'Unavailable' : 'OK', content }
  }
  if (operation.media) responses['200'] = { description: 'OK', content: { [operation.media]: { schema: { type: 'string' } } } }
  if (!operation.response && !operation.media) responses['204'] = { description: 'Done' }
  return responses
}

export function buildOpenApiDocument(info: { version: string }): Json {
  const components = new SchemaComponents()
  components.ref('ApiError', ApiErrorSchema)
  const paths: Record<string, Json> = {}
  for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
    const owner = capitalize(operation.id)
    const document: Json = {
      operationId: operation.id,
      summary: operation.summary,
      description: operation.access === 'public' ? 'No sign-in needed.' : `Needs the ${operation.access} role.`,
      'x-required-role': operation.access,
      security: securityOf(operation),
      parameters: [...parameters(components, operation.params, 'path', owner), ...parameters(components, operation.query, 'query', owner)],
      responses: responsesOf(components, operation),
    }
    if (operation.body) {
      document.requestBody = { required: true, content: { 'application/json': { schema: components.jsonSchema(operation.body, 'input', `${owner}Body`) } } }
    }
    // Paths outside /api/v1 (/api/health, /metrics) name their own server.
    const servers = operation.base !== undefined ? { servers: [{ url: operation.base || '/' }] } : {}
    paths[operation.path] = { ...paths[operation.path], ...servers, [operation.method]: document }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'claimcheck query API',
      version: info.version,
      description: 'JWT authentication failures at API gateways: summaries, series, calls, traces, ad hoc SQL, troubleshooting, alerts and administration.',
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: { schemas: components.schemas, securitySchemes: SECURITY_SCHEMES },
  }
}
