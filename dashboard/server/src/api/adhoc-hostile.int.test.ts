import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALLOWED_TABLE_FUNCTIONS, DENIED_FUNCTIONS } from '@claimcheck/shared'
import { insertCalls, standardCalls, startHarness, type Harness } from './test-support.ts'

/**
 * Hostile ad hoc SQL, as an attacker with the API's address would send it: each case is refused
 * with a 400 and without effect (no file written, no setting or database switch left on any ad
 * hoc connection, the writer still inserting), and the ordinary queries after it get their own
 * results. The table functions and file/dictionary functions come from the engine's own lists.
 */

const POOL = 2
const out = mkdtempSync(join(tmpdir(), 'claimcheck-outfile-'))
let h: Harness
let tableFunctions: string[] = []
let probes = 0

beforeAll(async () => {
  h = await startHarness({ adhocLimits: { maxResultRows: 1_000, maxExecutionTime: 5, poolSize: POOL } })
  await insertCalls(h.store, standardCalls())
  await h.store.writer.command({ query: 'CREATE TABLE hostile_probe (n UInt32) ENGINE = MergeTree ORDER BY n' })
  const result = await h.store.reader.query({ query: 'SELECT name FROM system.table_functions ORDER BY name', format: 'JSONEachRow' })
  tableFunctions = (await result.json<{ name: string }>()).map((row) => row.name)
})
afterAll(async () => h?.close())

interface HostileCase {
  sql: string
  params?: Record<string, unknown>
  /** The refusal's message; any 400 when absent (an engine error such as a syntax error is a refusal too). */
  reason?: RegExp
  /** Sent as a saved query (create, then as an update of a harmless one) instead of run. */
  save?: boolean
}

const o = (name: string) => join(out, name)
const FILE_READS = ['/etc/passwd', '/proc/self/environ']

const CASES: HostileCase[] = [
  // Lexer tricks: the engine's reading is the only one that counts.
  { sql: "SELECT ‘x’ AS a, file('/etc/passwd') AS b", reason: /file\(\)/ },
  { sql: "SELECT “file”('/proc/self/environ')", reason: /file\(\)/ },
  { sql: "SELECT * FROM “system”.“users”", reason: /system\.users/ },
  { sql: "SELECT ‘/*’, file('/etc/passwd'), ‘*/’", reason: /file\(\)/ },
  { sql: "SELECT 1 /* /* */ */, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT 1 /* /* nested */ still a comment */, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT '/*', file('/etc/passwd'), '*/'", reason: /file\(\)/ },
  { sql: "SELECT $$ $$, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT $x$ it's $x$, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT 1 -- \n, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT 1 #! \n, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT 1 # x\n, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT 'a\\'', file('/etc/passwd'), '\\''", reason: /file\(\)/ },
  { sql: "SELECT 'a''', file('/etc/passwd'), ''''", reason: /file\(\)/ },
  { sql: "SELECT `a``b`, file('/etc/passwd')", reason: /file\(\)/ },
  { sql: 'SELECT "a""b", file(\'/etc/passwd\')', reason: /file\(\)/ },
  { sql: "SELECT x'41', file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "sElEcT FiLe('/etc/passwd')", reason: /file\(\)/i },
  { sql: "SELECT `file`('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT\tfile\n(\n'/etc/passwd'\n)", reason: /file\(\)/ },
  { sql: "SELECT\u00a0file('/etc/passwd')" },
  { sql: "SELECT\u2003file('/etc/passwd')" },
  { sql: "SELECT file/**/('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT (SELECT file('/etc/passwd'))", reason: /file\(\)/ },
  { sql: "SELECT arrayMap(x -> file(x), ['/etc/passwd'])", reason: /file\(\)/ },
  { sql: "WITH file('/etc/passwd') AS f SELECT f", reason: /file\(\)/ },
  { sql: "SELECT * FROM view(SELECT file('/etc/passwd'))", reason: /file\(\)/ },
  { sql: "SELECT 1 WHERE file('/etc/passwd') != ''", reason: /file\(\)/ },
  { sql: "SELECT 1 ORDER BY file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "SELECT * FROM numbers(1) ARRAY JOIN [file('/etc/passwd')] AS f", reason: /file\(\)/ },
  // Several statements: chDB runs every one it is given.
  { sql: 'SELECT 1; USE system', reason: /one statement/ },
  { sql: 'SELECT 1; KILL QUERY WHERE 1', reason: /one statement/ },
  { sql: 'SELECT 1;SET readonly = 0', reason: /one statement/ },
  { sql: "SELECT 1 ; SELECT file('/etc/passwd')", reason: /one statement/ },
  { sql: 'SELECT 1 /*;*/; SELECT 2', reason: /one statement/ },
  { sql: "SELECT ';' ; SELECT 2", reason: /one statement/ },
  { sql: 'SELECT ‘;’; USE system', reason: /one statement/ },
  { sql: 'SELECT 1 /* /* */ ; */; USE system', reason: /one statement/ },
  { sql: `SELECT 1; SELECT 2 INTO OUTFILE '${o('multi')}'`, reason: /one statement/ },
  // Writing files.
  { sql: `SELECT 1 INTO OUTFILE '${o('a')}'`, reason: /OUTFILE/ },
  { sql: `SELECT 'x' INTO OUTFILE '${o('b')}' TRUNCATE FORMAT RawBLOB`, reason: /OUTFILE/ },
  { sql: `SELECT 'x' INTO OUTFILE '${o('c')}' APPEND`, reason: /OUTFILE/ },
  { sql: `SELECT 'x' INTO OUTFILE '${o('d')}' AND STDOUT`, reason: /OUTFILE/ },
  { sql: `SELECT 'x' INTO OUTFILE '${o('e.gz')}' COMPRESSION 'gzip'`, reason: /OUTFILE/ },
  { sql: `SELECT 1 /* */ INTO /* */ OUTFILE '${o('f')}'`, reason: /OUTFILE/ },
  { sql: `SELECT 1 INTO OUTFILE ‘${o('g')}’`, reason: /OUTFILE/ },
  { sql: `WITH x AS (SELECT 1) SELECT * FROM x INTO OUTFILE '${o('h')}'`, reason: /OUTFILE/ },
  { sql: `SELECT 1 UNION ALL SELECT 2 INTO OUTFILE '${o('i')}'`, reason: /OUTFILE/ },
  { sql: `EXPLAIN SELECT 1 INTO OUTFILE '${o('j')}'` },
  { sql: `DESCRIBE gateway_calls INTO OUTFILE '${o('k')}'` },
  { sql: `SHOW TABLES INTO OUTFILE '${o('l')}'` },
  { sql: `SELECT * FROM (SELECT 1 INTO OUTFILE '${o('m')}')` },
  { sql: `INSERT INTO FUNCTION file('${o('n')}', 'RawBLOB') SELECT 'x'` },
  { sql: `SELECT 1 INTO OUTFILE '${o('p')}'`, save: true },
  // Settings and formats.
  { sql: 'SELECT 1 SETTINGS readonly = 0', reason: /SETTINGS/ },
  { sql: 'SELECT 1 SETTINGS max_execution_time = 0', reason: /SETTINGS/ },
  { sql: 'SELECT 1 SETTINGS max_result_rows = 0, result_overflow_mode = \'throw\'', reason: /SETTINGS/ },
  { sql: 'SELECT 1 SETTINGS allow_introspection_functions = 1', reason: /SETTINGS/ },
  { sql: 'SELECT * FROM (SELECT 1 SETTINGS max_threads = 1)', reason: /SETTINGS/ },
  { sql: 'SELECT 1 FORMAT JSON SETTINGS max_threads = 1', reason: /SETTINGS/ },
  { sql: 'SET readonly = 0', reason: /Only read queries/ },
  { sql: 'SET max_execution_time = 1000', reason: /Only read queries/ },
  { sql: "SET param_x = 'y'", reason: /Only read queries/ },
  { sql: 'SELECT 1 FORMAT CSV', reason: /FORMAT/ },
  { sql: 'SELECT 1 FORMAT RawBLOB', reason: /FORMAT/ },
  { sql: 'SELECT 1 FORMAT Null', reason: /FORMAT/ },
  { sql: 'SHOW TABLES FORMAT JSON', reason: /SHOW TABLES may list/ },
  { sql: 'DESCRIBE gateway_calls FORMAT CSV', reason: /FORMAT/ },
  { sql: 'SELECT 1 SETTINGS readonly = 0', save: true },
  // Statements that are not reads.
  ...[
    'USE system', 'USE `system`', 'use “system”', 'KILL QUERY WHERE 1', "KILL QUERY WHERE query_id = 'x' SYNC", 'KILL MUTATION WHERE 1',
    'SYSTEM FLUSH LOGS', 'SYSTEM SHUTDOWN', 'SYSTEM DROP MARK CACHE', 'OPTIMIZE TABLE gateway_calls FINAL', 'TRUNCATE TABLE gateway_calls',
    'INSERT INTO hostile_probe SELECT 1', "INSERT INTO hostile_probe VALUES (1)", 'DELETE FROM gateway_calls WHERE 1', 'ALTER TABLE gateway_calls DELETE WHERE 1',
    'DROP TABLE gateway_calls', 'DETACH TABLE gateway_calls', 'RENAME TABLE gateway_calls TO x', 'CREATE TABLE x (a UInt8) ENGINE = Memory',
    `CREATE TABLE x (a String) ENGINE = File(RawBLOB, '${o('q')}')`, 'CREATE USER intruder', 'GRANT ALL ON *.* TO default', 'SET ROLE ALL',
    'SHOW USERS', 'SHOW GRANTS', 'SHOW CREATE USER default', 'SHOW ACCESS', 'SHOW ROLES', 'SHOW QUOTAS', 'SHOW SETTINGS PROFILES', 'SHOW POLICIES',
    'SHOW CREATE TABLE system.users', 'SHOW COLUMNS FROM system.users', 'EXISTS system.users', 'CHECK TABLE gateway_calls',
    "BACKUP TABLE gateway_calls TO File('x')", 'EXPLAIN INSERT INTO hostile_probe SELECT 1', 'EXPLAIN AST SYSTEM SHUTDOWN', 'BEGIN TRANSACTION',
    'UNDROP TABLE gateway_calls', 'SHOW TABLES FROM information_schema', 'SHOW TABLES FROM other_db',
  ].map((sql): HostileCase => ({ sql })),
  { sql: 'USE system', save: true },
  // Tables outside claimcheck's database and the readable system tables.
  ...[
    'users', 'grants', 'roles', 'role_grants', 'quotas', 'quota_usage', 'settings_profiles', 'settings_profile_elements', 'row_policies',
    'named_collections', 'dictionaries', 'zookeeper', 'user_directories', 'server_settings', 'enabled_roles', 'current_roles',
  ].map((table): HostileCase => ({ sql: `SELECT * FROM system.${table}`, reason: new RegExp(`system\\.${table}`) })),
  { sql: 'SELECT * FROM `system`.`users`', reason: /system\.users/ },
  { sql: 'SELECT * FROM "system"."users"', reason: /system\.users/ },
  { sql: 'SELECT * FROM system . users', reason: /system\.users/ },
  { sql: 'SELECT * FROM `system.users`', reason: /system\.users/ },
  { sql: 'SELECT * FROM information_schema.tables', reason: /not readable/ },
  // The auth tables of claimcheck's own database (migration 9): credentials and the audit log.
  { sql: 'SELECT PasswordHash FROM claimcheck_users', reason: /holds credentials/ },
  { sql: 'SELECT * FROM default.claimcheck_sessions', reason: /holds credentials/ },
  { sql: 'SELECT * FROM `claimcheck_api_tokens`', reason: /holds credentials/ },
  { sql: 'SELECT * FROM "claimcheck_audit_log"', reason: /holds credentials/ },
  { sql: 'SELECT 1 WHERE 1 IN claimcheck_users', reason: /holds credentials/ },
  { sql: 'SELECT * FROM gateway_calls WHERE Subject IN (SELECT Name FROM claimcheck_users)', reason: /holds credentials/ },
  { sql: 'SELECT * FROM INFORMATION_SCHEMA.COLUMNS', reason: /not readable/ },
  { sql: 'SELECT * FROM other_db.hostile_probe', reason: /not readable/ },
  { sql: 'SELECT * FROM gateway_calls AS g JOIN system.users AS u ON 1', reason: /system\.users/ },
  { sql: 'SELECT 1 WHERE 1 IN system.users', reason: /system\.users/ },
  { sql: "SELECT 1 WHERE 'x' NOT IN system.grants", reason: /system\.grants/ },
  { sql: 'SELECT 1 WHERE 1 GLOBAL IN system.roles', reason: /system\.roles/ },
  { sql: 'SELECT (SELECT name FROM system.users LIMIT 1)', reason: /system\.users/ },
  { sql: 'WITH u AS (SELECT * FROM system.users) SELECT * FROM u', reason: /system\.users/ },
  { sql: 'SELECT * FROM view(SELECT * FROM system.users)', reason: /system\.users/ },
  { sql: 'DESCRIBE (SELECT * FROM system.users)', reason: /system\.users/ },
  { sql: 'DESCRIBE TABLE system.grants', reason: /system\.grants/ },
  { sql: 'EXPLAIN SELECT * FROM system.users', reason: /system\.users/ },
  { sql: "EXPLAIN QUERY TREE SELECT file('/etc/passwd')", reason: /file\(\)/ },
  { sql: "EXPLAIN SYNTAX SELECT * FROM url('http://127.0.0.1:9/')", reason: /url\(\)/ },
  { sql: 'SELECT * FROM gateway_calls UNION ALL SELECT * FROM system.users', reason: /system\.users/ },
  { sql: 'SELECT name FROM system.users', save: true },
  // Functions that read files, dictionaries, tables by name, access control.
  ...FILE_READS.map((path): HostileCase => ({ sql: `SELECT file('${path}')`, reason: /file\(\)/ })),
  { sql: "SELECT dictGet('d', 'a', 1)", reason: /dictGet\(\)/ },
  { sql: "SELECT dictGetString('d', 'a', toUInt64(1))", reason: /dictGetString\(\)/ },
  { sql: "SELECT dictHas('d', 1)", reason: /dictHas\(\)/ },
  { sql: "SELECT joinGet('system.users', 'name', 1)", reason: /joinGet\(\)/ },
  { sql: "SELECT hasColumnInTable('system', 'users', 'name')", reason: /hasColumnInTable\(\)/ },
  { sql: "SELECT catboostEvaluate('/etc/passwd', 1)", reason: /catboostEvaluate\(\)/ },
  { sql: "SELECT getServerSetting('path')", reason: /getServerSetting\(\)/ },
  { sql: 'SELECT currentRoles(), enabledProfiles()', reason: /not allowed/ },
  // Parameters: values only, never names.
  { sql: 'SELECT * FROM {t:Identifier}', params: { t: 'system.users' }, reason: /system\.users|Identifier/ },
  { sql: 'SELECT * FROM {db:Identifier}.{t:Identifier}', params: { db: 'system', t: 'users' }, reason: /system\.users|Identifier/ },
  { sql: 'SELECT * FROM {t:Identifier}', params: { t: 'gateway_calls' }, reason: /Identifier/ },
  { sql: 'SELECT {c:Identifier} FROM gateway_calls', params: { c: 'Route' }, reason: /Identifier/ },
  { sql: 'SELECT count() FROM gateway_calls WHERE Route = {r:String} OR {c:Identifier} = 1', params: { r: 'x', c: 'StatusCode' }, reason: /\{c\}/ },
  { sql: 'SELECT file({p:String})', params: { p: '/etc/passwd' }, reason: /file\(\)/ },
  { sql: "SELECT * FROM merge({d:String}, '^users$')", params: { d: 'system' }, reason: /merge\(\)/ },
  { sql: 'SELECT {n:UInt8}' },
  { sql: 'SELECT * FROM {t:Identifier}', params: { t: 'system.users' }, save: true },
]

function tableFunctionCases(): HostileCase[] {
  const allowed = new Set<string>(ALLOWED_TABLE_FUNCTIONS)
  // The two that take a subquery rather than arguments get one.
  const special: Record<string, string> = {
    viewIfPermitted: "viewIfPermitted(SELECT name FROM system.one ELSE null('name String'))",
    viewExplain: "viewExplain('EXPLAIN', '', (SELECT 1))",
  }
  return tableFunctions.filter((name) => !allowed.has(name)).map((name) => ({
    sql: `SELECT * FROM ${special[name] ?? `${name}('/etc/passwd')`}`,
    reason: new RegExp(`${name}\\(\\)`),
  }))
}

const scalarCases = (): HostileCase[] => DENIED_FUNCTIONS.map((name) => ({ sql: `SELECT ${name}('/etc/passwd')`, reason: /not allowed/ }))

/** An ordinary query on every connection of the pool at once: each answers its own parameter, read-only, in claimcheck's database. */
async function expectPoolHealthy(): Promise<void> {
  const answers = await Promise.all(Array.from({ length: POOL }, (_, i) => h.send('POST', '/query', {
    sql: "SELECT {n:UInt32} AS n, getSetting('readonly') AS ro, getSetting('max_execution_time') AS t, currentDatabase() AS db, (SELECT count() FROM hostile_probe) AS probes",
    params: { n: 1000 + i },
  })))
  answers.forEach((answer, i) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    const [row] = answer.body.rows
    expect([...row.slice(0, 4), Number(row[4])]).toEqual([1000 + i, 1, 5, h.config.store.database, probes])
  })
}

async function send(hostile: HostileCase): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  if (!hostile.save) return h.send('POST', '/query', { sql: hostile.sql, params: hostile.params ?? {} })
  const created = await h.send('POST', '/saved-queries', { name: `hostile ${Math.random()}`, sql: hostile.sql })
  expect(created.status, 'create').toBe(400)
  const harmless = await h.send('POST', '/saved-queries', { name: `harmless ${Math.random()}`, sql: 'SELECT 1' })
  const updated = await h.send('PATCH', `/saved-queries/${harmless.body.id}`, { sql: hostile.sql })
  expect((await h.get(`/saved-queries/${harmless.body.id}`)).body.sql, 'the saved SQL is unchanged').toBe('SELECT 1')
  await h.send('DELETE', `/saved-queries/${harmless.body.id}`, undefined)
  return updated
}

describe('hostile ad hoc SQL', () => {
  it('has at least 150 cases', () => {
    expect(CASES.length + tableFunctionCases().length + scalarCases().length).toBeGreaterThanOrEqual(150)
  })

  it('refuses each case without effect, and the next queries get their own results', async () => {
    const all = [...CASES, ...tableFunctionCases(), ...scalarCases()]
    for (const [index, hostile] of all.entries()) {
      const label = `#${index} ${hostile.save ? '(saved) ' : ''}${hostile.sql}`
      const { status, body } = await send(hostile)
      expect(status, `${label} → ${JSON.stringify(body)}`).toBe(400)
      if (hostile.reason) expect(body.error.message, label).toMatch(hostile.reason)
      expect(readdirSync(out), `${label} wrote a file`).toEqual([])
      // The collector's connection still inserts, and the ad hoc connections see it.
      await h.store.writer.insert({ table: 'hostile_probe', values: [{ n: index }], format: 'JSONEachRow' })
      probes++
      await expectPoolHealthy()
    }
    const saved = await h.get('/saved-queries')
    expect(saved.body.queries.map((query: { sql: string }) => query.sql)).toEqual([])
  }, 240_000)
})
