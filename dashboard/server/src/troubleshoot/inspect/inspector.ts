import type { AuthExpectation, InspectCheck, InspectRequest, InspectResponse, SubjectVerdict } from '@claimcheck/shared'
import { configuredIssuers, expectationLabel, selectExpectation, toExpectationView } from '../auth-config/expectations.ts'
import type { KeySets } from '../jwks/key-sets.ts'
import type { SubjectDirectory } from '../subjects/index.ts'
import { algorithmCheck, audienceCheck, check, issuerCheck, scopesCheck, subjectCheck, timeChecks } from './checks.ts'
import { decideCause } from './decide.ts'
import { formatSpan } from './format.ts'
import { decodeToken, type VerifierError } from './token.ts'
import { jwksFailureError, verifySignature } from './verify.ts'

export interface InspectorDeps {
  expectations: readonly AuthExpectation[]
  clockSkewSeconds: number
  keySets: KeySets
  directory: SubjectDirectory | undefined
  clock?: () => number
}

export interface Inspector {
  inspect(request: InspectRequest): Promise<InspectResponse>
}

const skipAll = (ids: InspectCheck['id'][], detail: string) => ids.map((id) => check(id, 'skip', detail))

/**
 * Checks a pasted token the way a gateway would: decode, issuer, algorithm, JWKS, kid, signature,
 * audience, times, scopes, then the subject directory. The token lives only in this call's
 * variables: nothing here logs, stores or forwards it (the JWKS request carries no token).
 */
export function createInspector(deps: InspectorDeps): Inspector {
  const clock = deps.clock ?? Date.now
  const allIssuers = configuredIssuers(deps.expectations)

  return {
    async inspect(request) {
      const nowMs = clock()
      const skew = deps.clockSkewSeconds
      const decoded = decodeToken(request.token)
      const base = { checkedAt: nowMs, clockSkewSeconds: skew }
      if (!decoded.ok) {
        const verdict = decideCause({ nowMs, clockSkewSeconds: skew, token: decoded.facts, claimsFailed: false, subject: null })
        const checks = [check('format', 'fail', decoded.reason), ...skipAll(['issuer', 'algorithm', 'jwks', 'kid', 'signature', 'audience', 'expiry', 'not_before', 'issued_at', 'scopes', 'subject'], 'the token could not be decoded')]
        return { ...base, valid: false, ...verdict, expectation: null, routeChosen: false, checks, subject: null }
      }
      const claims = decoded.facts.claims
      const selection = selectExpectation(deps.expectations, { service: request.service, route: request.route, issuer: claims.iss })
      const expectation = selection?.expectation
      const label = expectation ? expectationLabel(expectation) : undefined
      const routeChosen = selection?.routeChosen ?? false
      const checks: InspectCheck[] = [
        decoded.problem ? check('format', 'fail', decoded.problem.message) : check('format', 'pass', `${claims.alg ?? 'no alg'}${claims.kid ? `, kid ${claims.kid}` : ''}; header and claims decode`),
        issuerCheck(claims, expectation, allIssuers, label),
      ]
      const algorithm = algorithmCheck(claims, expectation)
      checks.push(algorithm)
      // The first refusal in jose's order: algorithm, key set, kid, signature, then claim types.
      let verifierError: VerifierError | undefined
      if (algorithm.status === 'fail') verifierError = { code: 'ERR_JOSE_ALG_NOT_ALLOWED', message: '"alg" (Algorithm) Header Parameter value not allowed' }
      checks.push(...(await keyChecks(decoded.token, claims.kid, expectation, algorithm.status === 'fail', deps.keySets, clock, (error) => (verifierError ??= error))))
      verifierError ??= decoded.problem
      checks.push(audienceCheck(claims, expectation, label), ...timeChecks(claims, nowMs / 1000, skew), scopesCheck(claims, expectation, routeChosen, label))
      const subject: SubjectVerdict | null = deps.directory && claims.sub !== undefined ? await deps.directory.lookup(claims.sub, { tokenTenant: claims.tenant }) : null
      checks.push(subjectCheck(claims, subject, deps.directory !== undefined))

      const claimIds = new Set(['issuer', 'audience', 'expiry', 'not_before', 'issued_at', 'scopes'])
      const claimsFailed = checks.some((c) => c.status === 'fail' && claimIds.has(c.id))
      // Without an applicable expectation, "a configured issuer" is any issuer of any expectation.
      const checkedAgainst: AuthExpectation | undefined = expectation
        ? { ...expectation, requiredScopes: routeChosen ? expectation.requiredScopes : [] }
        : allIssuers.length > 0 ? { issuers: allIssuers, audiences: [], requiredScopes: [], algorithms: [] } : undefined
      const verdict = decideCause({ nowMs, clockSkewSeconds: skew, token: decoded.facts, verifierError, claimsFailed, expectation: checkedAgainst, subject })
      return {
        ...base,
        valid: !checks.some((c) => c.status === 'fail'),
        ...verdict,
        expectation: selection ? toExpectationView(selection.expectation, selection.index) : null,
        routeChosen,
        checks,
        subject,
      }
    },
  }
}

/** JWKS, kid and signature: each depends on the one before, so a failure skips the rest. */
async function keyChecks(
  token: string, kid: string | undefined, expectation: AuthExpectation | undefined, algorithmFailed: boolean,
  keySets: KeySets, clock: () => number, fail: (error: VerifierError) => void,
): Promise<InspectCheck[]> {
  const url = expectation?.jwksUrl
  if (!url) return skipAll(['jwks', 'kid', 'signature'], expectation ? 'no jwksUrl configured for this expectation' : 'no expectation applies to this token')
  const set = await keySets.get(url, kid)
  if (!set.ok) {
    fail(jwksFailureError(set.failure, set.error))
    return [check('jwks', 'fail', `${url}: ${set.error}`), ...skipAll(['kid', 'signature'], 'the JWKS could not be fetched')]
  }
  const kids = set.jwks.keys.map((key) => key.kid).filter((k): k is string => typeof k === 'string')
  const age = Math.max(0, (clock() - set.fetchedAt) / 1000)
  const checks = [check('jwks', 'pass', `${set.jwks.keys.length} key${set.jwks.keys.length === 1 ? '' : 's'} from ${url} (${set.fromCache ? `cached, fetched ${formatSpan(age)} ago` : 'fetched now'})`)]
  if (kid !== undefined && !kids.includes(kid)) {
    fail({ code: 'ERR_JWKS_NO_MATCHING_KEY', message: 'no applicable key found in the JSON Web Key Set' })
    checks.push(check('kid', 'fail', `kid ${kid} is not in the JWKS (it has ${kids.length ? kids.join(', ') : 'no kids'}): a key rotated in before it was published, or a key from another issuer`))
    checks.push(check('signature', 'skip', 'no key to verify with'))
    return checks
  }
  checks.push(check('kid', 'pass', kid === undefined ? 'no kid in the header; the key is chosen by alg and key type' : `kid ${kid} is in the JWKS`))
  if (algorithmFailed) return [...checks, check('signature', 'skip', 'the algorithm is not allowed')]
  const verified = await verifySignature(token, set.jwks, expectation.algorithms)
  if (verified.ok) return [...checks, check('signature', 'pass', `verified with ${verified.kid ? `kid ${verified.kid}` : 'the matching key'}`)]
  fail(verified.error)
  return [...checks, check('signature', 'fail', verified.error.message)]
}
