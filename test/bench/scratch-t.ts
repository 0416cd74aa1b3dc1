import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StoreConfigSchema } from '@claimcheck/shared'
import { openStore } from '@claimcheck/shared/node'
const store = await openStore(StoreConfigSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), 't-')) }))
for (const q of [
  "SELECT replaceRegexpAll('abc 123', CAST(unhex('5c642b'), 'String'), CAST(unhex('3c6e3e'), 'String')) AS r",
  "SELECT replaceRegexpAll('abc 123', {p0:String}, {p1:String}) AS r",
]) {
  try { console.log(await (await store.reader.query({ query: q, query_params: { p0: '\\d+', p1: '<n>' }, format: 'JSONEachRow' })).json()) } catch (e) { console.log('ERR', String(e).slice(0, 300)) }
}
await store.close()
