import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CAUSES, CallFactsSchema, type CallFacts, type StoredCause } from '@claimcheck/shared'

/** The classification corpus (test/fixtures/classification-corpus.json): shape and loading. */

export interface CorpusEntry {
  id: string
  /** The gateway or library that produces the string. */
  gateway: string
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

export function loadCorpus(): CorpusEntry[] {
  const doc = JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as { entries?: unknown }
  if (!Array.isArray(doc.entries)) throw new Error('corpus: entries must be an array')
  return doc.entries.map(checkCorpusEntry)
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
