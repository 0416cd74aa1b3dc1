import { describe, expect, it } from 'vitest'
import { checkAdhocSql, isDeniedFunction, tokenizeSql } from './sql-guard.ts'

const refusal = (sql: string) => {
  const check = checkAdhocSql(sql)
  return check.ok ? undefined : check
}

describe('tokenizeSql', () => {
  it('skips comments and keeps strings, quoted identifiers and heredocs whole', () => {
    const tokens = tokenizeSql("SELECT 'a''b\\'c', `x``y`, \"q\", $t$ it's $t$ -- tail\n/* block */ # hash\n1.5e3")
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'SELECT'], ['string', "'a''b\\'c'"], ['punct', ','], ['quoted', 'x`y'], ['punct', ','], ['quoted', 'q'], ['punct', ','],
      ['string', "$t$ it's $t$"], ['number', '1.5e3'],
    ])
  })

  it('splits a number from a word glued to it', () => {
    expect(tokenizeSql('1file(').map((t) => t.text)).toEqual(['1', 'file', '('])
  })

  it('throws on unterminated text', () => {
    for (const sql of ["SELECT 'open", 'SELECT `open', 'SELECT /* open', 'SELECT $x$ open']) expect(() => tokenizeSql(sql), sql).toThrow()
  })

  it('returns nothing for empty input', () => {
    expect(tokenizeSql('  -- only a comment')).toEqual([])
  })
})

describe('checkAdhocSql', () => {
  it('allows read statements and drops a trailing semicolon and comments', () => {
    for (const sql of ['SELECT 1', 'with x AS (SELECT 1) SELECT * FROM x', 'SHOW TABLES', 'DESCRIBE gateway_calls', 'EXPLAIN SELECT 1', '(SELECT 1) UNION ALL (SELECT 2)', 'EXISTS TABLE gateway_calls']) {
      expect(checkAdhocSql(sql), sql).toMatchObject({ ok: true })
    }
    expect(checkAdhocSql('SELECT 1 ; -- bye')).toEqual({ ok: true, sql: 'SELECT 1' })
  })

  it('refuses writes, DDL, SET and unknown statements at their first word', () => {
    for (const sql of ['INSERT INTO t VALUES (1)', 'create table t (x UInt8) ENGINE=Memory', 'ALTER TABLE t DELETE WHERE 1', 'DROP TABLE t', 'SET readonly = 0', 'SYSTEM FLUSH LOGS', 'KILL QUERY WHERE 1', 'OPTIMIZE TABLE t', 'GRANT ALL ON *.* TO x']) {
      expect(refusal(sql), sql).toMatchObject({ reason: expect.stringMatching(/Only read queries/), offset: 0 })
    }
  })

  it('refuses table and scalar functions that reach outside, in any case or quoting', () => {
    for (const sql of ["SELECT * FROM file('/etc/passwd')", "SELECT FiLe ('/etc/passwd')", 'SELECT `file`(1)', 'SELECT "url"(1)', 'SELECT file/* c */(1)', "SELECT * FROM s3Cluster('c', 'u')", "SELECT * FROM icebergS3('u')", "SELECT * FROM remoteSecure('h', system.one)", "SELECT * FROM eval('SELECT 1')", 'SELECT 1file(2)']) {
      expect(refusal(sql), sql).toMatchObject({ reason: expect.stringMatching(/not allowed/) })
    }
    expect(refusal("SELECT 1, url('x')")!.offset).toBe(10)
  })

  it('does not refuse names inside strings, comments, or used as plain identifiers', () => {
    for (const sql of ["SELECT 'file(' AS a", 'SELECT 1 /* file( */', "SELECT 1 -- url('x')", 'SELECT $$remote($$', 'SELECT file FROM t', 'SELECT name FROM system.settings', 'SELECT myfile(1)', "SELECT * FROM format(JSONEachRow, '{\"a\":1}')", 'SELECT * FROM numbers(10)']) {
      expect(checkAdhocSql(sql), sql).toMatchObject({ ok: true })
    }
  })

  it('refuses SETTINGS, INTO OUTFILE, FORMAT clauses and several statements', () => {
    expect(refusal('SELECT 1 SETTINGS max_result_rows = 1e9')?.reason).toMatch(/SETTINGS/)
    expect(refusal('SELECT * FROM (SELECT 1 settings readonly=0)')?.reason).toMatch(/SETTINGS/)
    expect(refusal("SELECT 1 INTO OUTFILE '/tmp/x'")?.reason).toMatch(/OUTFILE/)
    expect(refusal('SELECT 1 FORMAT TSV')?.reason).toMatch(/FORMAT/)
    expect(refusal('SELECT 1; DROP TABLE t')).toMatchObject({ reason: 'Only one statement per query', offset: 10 })
    expect(refusal("SELECT ';'; SELECT 2")?.reason).toMatch(/one statement/)
  })

  it('refuses system tables about access control and credentials, and SHOW of them, but not schema tables', () => {
    for (const sql of ['SELECT * FROM system.users', 'SELECT * FROM System . Grants', 'SELECT * FROM `system`.`roles`', 'SELECT * FROM system.dictionaries',
      "SELECT * FROM merge('system', 'users')", "SELECT * FROM merge(REGEXP('sys'), 'users')", 'SHOW USERS', 'SHOW CREATE USER default', 'SHOW ACCESS']) {
      expect(refusal(sql), sql).toBeDefined()
    }
    expect(refusal('SELECT * FROM system.users')?.reason).toMatch(/system\.users is not readable/)
    for (const sql of ["SELECT name, type FROM system.columns WHERE table = 'gateway_calls'", 'SELECT * FROM system.parts', 'SHOW TABLES',
      "SELECT * FROM merge('default', '^gateway')", 'SELECT system FROM t', "SELECT 'system.users' AS s"]) {
      expect(refusal(sql), sql).toBeUndefined()
    }
  })

  it('refuses empty and unterminated input', () => {
    expect(refusal('')?.reason).toMatch(/empty/)
    expect(refusal(' ; ')?.reason).toMatch(/empty/)
    expect(refusal("SELECT 'x")?.reason).toMatch(/Unterminated/)
    // A quote hidden from us but not from ClickHouse would be the dangerous direction: refuse.
    expect(refusal("SELECT $a$ ' $a$, file('/etc/passwd'), ' '")?.reason).toMatch(/not allowed/)
  })
})

describe('checkAdhocSql and the private tables', () => {
  it.each([
    'SELECT * FROM claimcheck_users', 'SELECT PasswordHash FROM default.claimcheck_users', 'SELECT * FROM `claimcheck_sessions`',
    'SELECT * FROM "claimcheck_api_tokens"', 'SELECT * FROM CLAIMCHECK_AUDIT_LOG', 'SELECT * FROM `default`.`claimcheck_users`',
    "SELECT * FROM merge('default', '^claimcheck_u')", "SELECT * FROM merge('default', 'users')", "SELECT * FROM merge('default', '.*')",
    "SELECT * FROM merge('default', concat('claim', 'check'))",
  ])('refuses %s', (sql) => {
    expect(checkAdhocSql(sql).ok).toBe(false)
  })
  it('still allows merge() over the telemetry tables', () => {
    expect(checkAdhocSql("SELECT count() FROM merge('default', '^otel_')").ok).toBe(true)
  })
})

describe('isDeniedFunction', () => {
  it('matches names and families case-insensitively', () => {
    expect(isDeniedFunction('FILE')).toBe(true)
    expect(isDeniedFunction('deltaLakeAzureCluster')).toBe(true)
    expect(isDeniedFunction('numbers')).toBe(false)
    expect(isDeniedFunction('')).toBe(false)
  })
})
