import { cpSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, qualify, TABLES } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { openMigratedStore, queryCount } from '../../../test/migrated-store.ts'
import { normalizeLogs } from '../../normalize/index.ts'
import type { LogRecord, LogsRequest } from '../../otlp/model.ts'
import { INGEST_REQUEST_COLUMNS } from '../request-log.ts'
import { IngestJournal } from './ingest-journal.ts'
import { createSegmentInserter } from './segment-inserter.ts'
import { journalEntry } from './test-entries.ts'

// The journal's inserts against the real engine: a segment inserted twice (a crash after the
// insert, before its folder was removed) is stored once, the trace-id lookup included.

let store: Store
const logger = pino({ level: 'silent' })

beforeAll(async () => {
  store = await openMigratedStore('inserter')
})
afterAll(async () => {
  await store?.close()
})

const count = (table: string) => queryCount(store, `SELECT count() AS n FROM ${qualify(store.schema, table)}`)

function logRows(n: number) {
  const record = (i: number): LogRecord => ({
    timeUnixNano: String(1_760_000_000_000_000_000n + BigInt(i)), observedTimeUnixNano: '0', severityNumber: 9, severityText: 'INFO',
    body: `GET /orders/${i} 401`, attributes: [], droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '',
  })
  const scope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' }
  const request: LogsRequest = {
    resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: 'kong' }], droppedAttributesCount: 0, schemaUrl: '' }, scopeLogs: [{ scope, logRecords: Array.from({ length: n }, (_, i) => record(i)) }] }],
  }
  return normalizeLogs(request).rows
}

describe('segment inserter', () => {
  it('stores a segment inserted twice once, and removes it from the journal', async () => {
    const root = mkdtempSync(join(tmpdir(), 'claimcheck-journal-'))
    const journal = IngestJournal.open({ root, maxRows: 10_000, minIntervalMs: 0 })
    await journal.append(journalEntry('logs', logRows(250), 'request-a'))
    await journal.close()
    const segment = (await journal.take())!
    const copy = `${segment.info.dir}.copy`
    cpSync(segment.info.dir, copy, { recursive: true })
    const inserted: (number | undefined)[] = []
    const inserter = createSegmentInserter({
      client: store.writer,
      mode: store.mode,
      targets: {
        logs: { table: qualify(store.schema, TABLES.logs), columns: OTEL_LOG_COLUMNS },
        traces: { table: qualify(store.schema, TABLES.traces), columns: OTEL_TRACE_COLUMNS },
        requests: { table: qualify(store.schema, TABLES.ingestRequests), columns: INGEST_REQUEST_COLUMNS },
      },
      onSegment: ({ rows }) => inserted.push(rows?.logs),
      logger,
    })
    await inserter.insertSegment(segment)
    expect(existsSync(segment.info.dir)).toBe(false)
    expect(await count(TABLES.logs)).toBe(250)
    // The same segment again, as the next start finds it when the folder outlived the insert.
    await inserter.insertSegment({ info: { ...segment.info, dir: copy } })
    expect(await count(TABLES.logs)).toBe(250)
    expect(await count(TABLES.ingestRequests)).toBe(1)
    expect(inserted).toEqual([250, undefined])
  })
})
