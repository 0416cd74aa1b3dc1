import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import chdb from 'chdb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigSchema } from '../config.ts'
import { AdhocPoolBusyError } from './adhoc-pool.ts'
import { openStore, type Store } from './store.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'claimcheck-pool-'))
const out = mkdtempSync(join(tmpdir(), 'claimcheck-pool-out-'))
let store: Store
beforeAll(async () => {
  store = await openStore(ConfigSchema.parse({ store: { dataDir } }).store, { adhocLimits: { poolSize: 1, maxExecutionTime: 3 } })
})
afterAll(async () => store?.close())

const text = (sql: string, params: Record<string, unknown> = {}) => store.adhoc.use((connection) => connection.text(sql, params))

describe('the embedded ad hoc pool', () => {
  it('is why the SQL check exists: readonly = 1 alone lets chDB read files and write INTO OUTFILE', async () => {
    // Measured on chDB 3.4 (ClickHouse 26.7): a plain session with readonly = 1.
    const session = new chdb.Session(dataDir)
    try {
      await session.queryAsync('SET readonly = 1')
      expect((await session.queryAsync("SELECT file('/etc/hostname')", { format: 'TabSeparatedRaw' })).text().length).toBeGreaterThan(0)
      const target = join(out, 'written-under-readonly')
      await session.queryAsync(`SELECT 42 INTO OUTFILE '${target}'`)
      expect(readFileSync(target, 'utf8')).toBe('42\n')
      // And several statements in one call all run.
      expect((await session.queryAsync('SELECT 1; SELECT 2', { format: 'TabSeparatedRaw' })).text()).toBe('1\n2\n')
    } finally {
      session.close()
    }
  })

  it('keeps its connections read-only and limited', async () => {
    expect(await text("SELECT getSetting('readonly'), getSetting('max_execution_time'), getSetting('result_overflow_mode')")).toBe('1\t3\tbreak\n')
    await expect(text('SET max_execution_time = 100')).rejects.toThrow(/readonly/i)
    await expect(text("SELECT 1 INTO OUTFILE '/dev/null' SETTINGS readonly = 0")).rejects.toThrow(/readonly/i)
  })

  it('streams lines and, left early, gives the next lease a fresh connection with nothing left over', async () => {
    const first = await store.adhoc.use(async (connection) => {
      for await (const line of connection.lines('SELECT number FROM numbers(10000000)', {}, { format: 'JSONCompactEachRow' })) return line
      return undefined
    })
    expect(first).toBe('[0]')
    expect(await text('SELECT {n:UInt8} AS n', { n: 7 })).toBe('7\n')
  })

  it('replaces a connection after a failure; the next query answers on its own', async () => {
    await expect(text("SELECT throwIf(1, 'boom')")).rejects.toMatchObject({ code: '395' })
    expect(await text("SELECT 'after'")).toBe('after\n')
    const timedOut = text("SELECT count() FROM numbers(900000000) WHERE position(repeat(toString(number), 20), '123456') > 0")
    await expect(timedOut).rejects.toMatchObject({ code: '159' })
    expect(await text("SELECT 'after timeout'")).toBe('after timeout\n')
  })

  it('makes a waiting query give up when its request is gone', async () => {
    const controller = new AbortController()
    let release!: () => void
    const busy = store.adhoc.use(() => new Promise<void>((resolve) => (release = resolve)))
    const waiting = store.adhoc.use((connection) => connection.text('SELECT 1'), controller.signal)
    controller.abort(new Error('tab closed'))
    await expect(waiting).rejects.toThrow('tab closed')
    release()
    await busy
    expect(await text('SELECT 2')).toBe('2\n')
  })

  it('gives up waiting after the time limit when every connection stays busy', async () => {
    let release!: () => void
    const busy = store.adhoc.use(() => new Promise<void>((resolve) => (release = resolve)))
    const started = Date.now()
    await expect(store.adhoc.use((connection) => connection.text('SELECT 1'))).rejects.toBeInstanceOf(AdhocPoolBusyError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900) // maxExecutionTime: 3 s
    release()
    await busy
    expect(await text('SELECT 3')).toBe('3\n')
  })
})
