import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAUSE_INFO, CAUSES, PLAYBOOK_CHECKS, PlaybookResponseSchema, type GatewayCall, type PlaybookResponse } from '@claimcheck/shared'
import { NOW } from '../../api/test-support.ts'
import { expectationsFor, seedStory, storyCalls, writeDirectory } from '../test-data.ts'
import { startTroubleshootHarness, type TroubleshootHarness } from '../test-harness.ts'
import { startTestIdp, type TestIdp } from '../test-keys.ts'

const dir = mkdtempSync(join(tmpdir(), 'claimcheck-playbooks-'))
let h: TroubleshootHarness
let idp: TestIdp
// storyCalls() numbers its calls from a counter: seed once, then find calls in the store by subject.
let seeded: GatewayCall[]

beforeAll(async () => {
  idp = await startTestIdp()
  writeDirectory(join(dir, 'users.csv'))
  h = await startTroubleshootHarness({ classifier: expectationsFor(idp.url), troubleshoot: { subjects: { kind: 'file', path: join(dir, 'users.csv') } } }, NOW)
  await seedStory(h.store, idp.url)
  seeded = storyCalls()
}, 60_000)
afterAll(async () => {
  await h?.close()
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function causePlaybook(cause: string): Promise<PlaybookResponse> {
  const res = await h.request('GET', `/playbooks/causes/${cause}`)
  expect(res.status, res.text).toBe(200)
  return PlaybookResponseSchema.parse(res.body)
}

/** A stored call of the story: the calls API finds it by subject and cause. */
async function storedCall(subject: string, cause: string): Promise<{ traceId: string; spanId: string }> {
  const res = await h.request('GET', `/calls?subject=${encodeURIComponent(subject)}&cause=${cause}&limit=1`)
  const [call] = res.body.calls
  return { traceId: call.TraceId, spanId: call.SpanId }
}

async function callPlaybook(subject: string, cause: string): Promise<PlaybookResponse> {
  const { traceId, spanId } = await storedCall(subject, cause)
  const res = await h.request('GET', `/playbooks/calls/${traceId}/${spanId}`)
  expect(res.status, res.text).toBe(200)
  return PlaybookResponseSchema.parse(res.body)
}

const answerOf = (playbook: PlaybookResponse, check: string) => playbook.steps.find((s) => s.check === check)!.answer!

describe('PLAYBOOK_CHECKS', () => {
  it('names a check or null for every step of every playbook', () => {
    for (const cause of CAUSES) expect(PLAYBOOK_CHECKS[cause].length, cause).toBe(CAUSE_INFO[cause].playbook.length)
  })
})

describe('GET /playbooks/causes/:cause', () => {
  it('answers every answerable step of every cause, in the taxonomy\'s order', async () => {
    expect(seeded.length).toBeGreaterThan(50)
    for (const cause of CAUSES) {
      const playbook = await causePlaybook(cause)
      expect(playbook.steps.map((s) => s.text)).toEqual(CAUSE_INFO[cause].playbook)
      playbook.steps.forEach((step, index) => {
        expect(step.check, `${cause} step ${index}`).toBe(PLAYBOOK_CHECKS[cause][index])
        if (step.check === null) expect(step.answer).toBeNull()
        else expect(step.answer?.summary, `${cause}/${step.check}`).not.toMatch(/could not answer/)
      })
    }
  })

  it('expired: lateness, the client that never refreshes, the skewed call', async () => {
    const playbook = await causePlaybook('expired')
    expect(answerOf(playbook, 'expiry_gap')).toMatchObject({ status: 'problem' })
    expect(answerOf(playbook, 'expiry_gap').summary).toMatch(/^Median 72 min past exp: 13% within the 60 s skew \(clock skew\), 88% an hour or more late/)
    expect(answerOf(playbook, 'client_refresh').summary).toMatch(/^mobile keeps sending expired tokens: 1 token came back/)
    expect(answerOf(playbook, 'clock_sync').summary).toMatch(/^1 call \(13%\) failed within the 60 s skew, from 1 client on 1 gateway: one gateway/)
  })

  it('unknown_sub: the directory tells not found, deleted and present; the tenant is shared', async () => {
    const playbook = await causePlaybook('unknown_sub')
    const directory = answerOf(playbook, 'subject_directory')
    expect(directory.status).toBe('problem')
    expect(directory.summary).toMatch(/^Of the 4 most failing subjects: /)
    expect(directory.summary).toContain('1 deleted')
    expect(directory.summary).toContain('1 not in the directory')
    expect(directory.facts.find((f) => f.label === 'gone-1')?.value).toMatch(/^deleted \d{4}-/)
    // The counted problems are the subjects listed first, whatever their failure counts.
    expect(directory.facts.slice(0, 2).map((f) => f.value).join(' ')).not.toContain('present')
    expect(answerOf(playbook, 'shared_tenant').summary).toMatch(/100% of the failures are tenant acme \(4 subjects\)/)
  })

  it('misconfig and insufficient_scope: config, JWKS, onset and unexpected issuers', async () => {
    const misconfig = await causePlaybook('misconfig')
    expect(answerOf(misconfig, 'unexpected_issuers')).toMatchObject({ status: 'problem' })
    expect(answerOf(misconfig, 'unexpected_issuers').summary).toContain('https://staging.idp.example (5)')
    expect(answerOf(misconfig, 'jwks_health')).toMatchObject({ status: 'problem' })
    expect(answerOf(misconfig, 'config_compare').summary).toMatch(/issuer \(5\), signature_key \(4\), audience \(3\)/)
    const scope = await causePlaybook('insufficient_scope')
    expect(answerOf(scope, 'scope_compare').summary).toBe('/payments needs payments:write: 4 failing calls without it.')
    expect(answerOf(scope, 'route_change').summary).toMatch(/^Failures on \/payments began .*; 2 calls succeeded there before/)
  })

  it('missing_token and other: preflights and the rules file', async () => {
    expect(answerOf(await causePlaybook('missing_token'), 'preflight').summary).toMatch(/^75% are OPTIONS requests/)
    expect(answerOf(await causePlaybook('other'), 'rules_file')).toMatchObject({ status: 'problem' })
  })
})

describe('GET /playbooks/calls/:traceId/:spanId', () => {
  it('answers for the one call: its directory verdict, its token\'s reuse, its kid', async () => {
    const gone = await callPlaybook('gone-1', 'unknown_sub')
    expect(gone.scope).toBe('call')
    expect(answerOf(gone, 'subject_directory').summary).toMatch(/^Deleted from the directory at .*The sub last succeeded \d{4}-/)
    const stale = await callPlaybook('m-1', 'expired')
    expect(answerOf(stale, 'expiry_gap').summary).toMatch(/^Expired 75 min before the call: the client kept using an old token/)
    expect(answerOf(stale, 'client_refresh').summary).toMatch(/^Client mobile presented this expired token 6 times/)
    const rotated = await callPlaybook('k-1', 'misconfig')
    expect(answerOf(rotated, 'jwks_health')).toMatchObject({ status: 'ok' })
  })

  it('has no playbook for a successful call, and 404s for an unknown one', async () => {
    const { traceId, spanId } = await storedCall('flaky-3', 'success')
    expect((await h.request('GET', `/playbooks/calls/${traceId}/${spanId}`)).status).toBe(404)
    expect((await h.request('GET', '/playbooks/calls/ffff/ffff')).status).toBe(404)
    expect((await h.request('GET', '/playbooks/causes/nonsense')).status).toBe(400)
  })
})
