import { describe, expect, it } from 'vitest'
import { schemaNames } from '../schema/columns.ts'
import { alias, ident, join, onClusterClause, param, qualifiedTable, renderSql, sql, storedViewSelect } from './template.ts'

const EVIL = "x' OR 1=1 --"

describe('sql / renderSql', () => {
  it('turns values into numbered parameters, across nested fragments', () => {
    const inner = sql`b = ${param('two', 'String')}`
    expect(renderSql(sql`SELECT ${ident('Route')} WHERE a = ${param(1, 'UInt32')} AND ${inner}`)).toEqual({
      sql: 'SELECT `Route` WHERE a = {p0:UInt32} AND b = {p1:String}',
      params: { p0: 1, p1: 'two' },
    })
  })

  it('refuses raw values and identifiers off the allow-list', () => {
    expect(() => sql`SELECT ${EVIL as never}`).toThrow(TypeError)
    expect(() => ident('Route; DROP TABLE x')).toThrow(/not allowed/)
  })

  it('allows every table and column the migrations create, read from the schema, not from a list of its own', () => {
    const { tables, columns } = schemaNames()
    for (const name of [...tables, ...columns]) expect(() => ident(name), name).not.toThrow()
    // Added by migration 11 (ALTER TABLE … ADD COLUMN) and by migration 3: the hand-copied list lacked both.
    expect(renderSql(sql`${ident('EventName')}, ${ident('IngestedAt')}`).sql).toBe('`EventName`, `IngestedAt`')
    expect(() => ident('GatewayRegion')).toThrow(/not allowed/)
  })

  it('qualifies an allowed table with the database, and back-quotes a plain alias', () => {
    expect(renderSql(sql`FROM ${qualifiedTable({ database: 'cc' }, 'alert_state')} AS ${alias('s')}`).sql).toBe('FROM `cc`.`alert_state` AS `s`')
    expect(() => qualifiedTable({ database: 'cc' }, 'system.users')).toThrow(/not allowed/)
    expect(() => alias('a` b')).toThrow(/alias/)
  })

  it('allows the staging tables made outside the migrations, and no system table', () => {
    expect(renderSql(sql`FROM ${qualifiedTable({ database: 'cc' }, 'gateway_calls_reclassify')}`).sql).toBe('FROM `cc`.`gateway_calls_reclassify`')
    expect(() => ident('system.parts')).toThrow(/not allowed/)
  })

  it('adds ON CLUSTER only on a cluster, and splices a view\'s stored SELECT as it is', () => {
    expect(renderSql(sql`ALTER TABLE t${onClusterClause({ database: 'cc', cluster: 'c1' })} DELETE`).sql).toBe('ALTER TABLE t ON CLUSTER `c1` DELETE')
    expect(renderSql(sql`ALTER TABLE t${onClusterClause({ database: 'cc' })} DELETE`).sql).toBe('ALTER TABLE t DELETE')
    expect(renderSql(sql`SELECT * FROM (${storedViewSelect('SELECT 1')})`)).toEqual({ sql: 'SELECT * FROM (SELECT 1)', params: {} })
  })

  it('joins fragments, and nothing into nothing', () => {
    expect(renderSql(join([sql`a`, sql`b`, sql`c`], sql`, `)).sql).toBe('a, b, c')
    expect(renderSql(join([], sql`, `)).sql).toBe('')
  })
})
