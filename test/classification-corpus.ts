import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CAUSES, CallFactsSchema, type CallFacts, type StoredCause } from '@claimcheck/shared'

/** The classification corpus (test/fixtures/classification-corpus.json): shape and loading. */

export interface CorpusEntry {
  id: string
  /** The gateway or library that produces the string. */
  gateway: string
  /** The stack it belongs to, for per-family accuracy; defaults to `gateway`. */
  family?: string
  /** The input shape the entry exercises (body, exception, www-authenticate, graphql-200, …). */
  shape?: string
  /** Where the string comes from: a repository file, or a documentation page. */
  source: { repo: string, path: string, commit?: string } | { url: string }
  input: { status: number, message: string, attributes?: Record<string, string>, service?: string }
  expected: { cause: StoredCause, detail: string }
  note?: string
}

const CAUSE_SET = new Set<string>(['', ...CAUSES])

/** Throws naming the entry and field when the corpus file is not what the tests expect. */
export function checkCorpusEntry(value: unknown, index: number): CorpusEntry {
  const fail = (field: string): never => {
    throw new Error(`corpus entry #${index + 1}: ${field}`)
  }
  if (!value || typeof value !== 'object') return fail('not an object')
  const e = value as Record<string, unknown>
  if (typeof e.id !== 'string' || !e.id) fail('id must be a non-empty string')
  if (typeof e.gateway !== 'string' || !e.gateway) fail('gateway must be a non-empty string')
  const src = e.source as Record<string, unknown> | undefined
  const repoSource = src && typeof src.repo === 'string' && /^[\w.-]+\/[\w.-]+$/.test(src.repo) && typeof src.path === 'string' && src.path !== ''
  const urlSource = src && typeof src.url === 'string' && /^https:\/\//.test(src.url)
  if (!repoSource && !urlSource) fail('source must be {repo, path} or {url}')
  const input = e.input as Record<string, unknown> | undefined
  if (!input || !Number.isInteger(input.status) || typeof input.message !== 'string') fail('input needs status and message')
  const expected = e.expected as Record<string, unknown> | undefined
  if (!expected || typeof expected.cause !== 'string' || !CAUSE_SET.has(expected.cause) || typeof expected.detail !== 'string') {
    fail('expected needs a known cause and a detail')
  }
  return value as CorpusEntry
}

const CORPUS_FILE = fileURLToPath(new URL('./fixtures/classification-corpus.json', import.meta.url))
/** Strings from stacks that had no pack before issue 13 (test/classification-corpus-families.test.ts). */
const FAMILIES_FILE = fileURLToPath(new URL('./fixtures/classification-corpus-families.json', import.meta.url))

function loadFile(file: string): CorpusEntry[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown }
  if (!Array.isArray(doc.entries)) throw new Error(`corpus ${file}: entries must be an array`)
  return doc.entries.map(checkCorpusEntry)
}

/** The gateway corpus: every entry was used while writing the gateway packs. */
export function loadCorpus(): CorpusEntry[] {
  return loadFile(CORPUS_FILE)
}

/** The families corpus: entries split into rule-writing (`dev`) and evaluation-only (`held-out`). */
export function loadFamilyCorpus(): CorpusEntry[] {
  return loadFile(FAMILIES_FILE)
}

export type Split = 'dev' | 'held-out'

/**
 * The held-out split, fixed before any rule for these families was written: FNV-1a (32 bit) of
 * the entry's input (message, NUL, attributes as JSON); a hash ≡ 0 (mod 3) is held out. It depends
 * on the string and nothing else, so adding entries never moves existing ones between the parts.
 */
export function splitOf(entry: CorpusEntry): Split {
  const key = `${entry.input.message}\u0000${JSON.stringify(entry.input.attributes ?? {})}`
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0
  return h % 3 === 0 ? 'held-out' : 'dev'
}

/** The call a corpus entry describes: no token seen, at a fixed time. */
export function corpusCallFacts(entry: CorpusEntry, timestampMs = Date.UTC(2026, 10, 28, 12)): CallFacts {
  return CallFactsSchema.parse({
    timestampMs,
    serviceName: entry.input.service ?? '',
    method: 'GET',
    route: '/api/orders/:id',
    path: '/api/orders/42',
    statusCode: entry.input.status,
    message: entry.input.message,
    attributes: entry.input.attributes ?? {},
    token: { present: false, malformed: false },
  })
}
