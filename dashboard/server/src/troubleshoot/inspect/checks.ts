import type { AuthExpectation, InspectCheck, InspectCheckId, SubjectVerdict, TokenClaims } from '@claimcheck/shared'
import { formatSpan, isoSeconds, list } from './format.ts'

/**
 * The checklist's pure checks: claims against the chosen expectation and the clock. They decide
 * pass/fail the way the classifier's token facts do (same skew rule), so the checklist and the
 * resulting cause agree.
 */

export const CHECK_LABELS: Readonly<Record<InspectCheckId, string>> = {
  format: 'Decodes as a signed JWT',
  issuer: 'Issuer is configured',
  algorithm: 'Algorithm is allowed',
  jwks: 'JWKS fetched',
  kid: 'Key id (kid) is in the JWKS',
  signature: 'Signature is valid',
  audience: 'Audience matches',
  expiry: 'Not expired',
  not_before: 'Already valid (nbf)',
  issued_at: 'Issued in the past (iat)',
  scopes: 'Has the route\'s scopes',
  subject: 'Subject is in the directory',
}

export function check(id: InspectCheckId, status: InspectCheck['status'], detail: string): InspectCheck {
  return { id, label: CHECK_LABELS[id], status, detail }
}

export function issuerCheck(claims: TokenClaims, expectation: AuthExpectation | undefined, allIssuers: readonly string[], label: string | undefined): InspectCheck {
  const issuers = expectation ? expectation.issuers : allIssuers
  if (issuers.length === 0) return check('issuer', 'skip', expectation ? `${label} accepts any issuer` : 'no issuers configured (classifier.expectations)')
  if (claims.iss === undefined) return check('issuer', 'fail', `no iss claim; expected ${list(issuers)}`)
  if (issuers.includes(claims.iss)) return check('issuer', 'pass', `${claims.iss} is expected${label ? ` by ${label}` : ''}`)
  return check('issuer', 'fail', `${claims.iss} is not ${expectation ? `an issuer of ${label}` : 'a configured issuer'} (expected ${list(issuers)})`)
}

export function algorithmCheck(claims: TokenClaims, expectation: AuthExpectation | undefined): InspectCheck {
  const alg = claims.alg
  if (alg === undefined) return check('algorithm', 'fail', 'no alg in the header')
  if (alg.toLowerCase() === 'none') return check('algorithm', 'fail', 'alg none: the token is unsigned, no verifier should accept it')
  const allowed = expectation?.algorithms ?? []
  if (allowed.length === 0) return check('algorithm', 'pass', `${alg}; no algorithm list configured, any signed alg the key supports`)
  return allowed.includes(alg) ? check('algorithm', 'pass', `${alg} is allowed (${list(allowed)})`) : check('algorithm', 'fail', `${alg} is not allowed (${list(allowed)})`)
}

export function audienceCheck(claims: TokenClaims, expectation: AuthExpectation | undefined, label: string | undefined): InspectCheck {
  const audiences = expectation?.audiences ?? []
  if (audiences.length === 0) return check('audience', 'skip', expectation ? `${label} accepts any audience` : 'no expectation applies to this token')
  if (claims.aud.length === 0) return check('audience', 'fail', `no aud claim; expected ${list(audiences)}`)
  const match = claims.aud.find((aud) => audiences.includes(aud))
  return match
    ? check('audience', 'pass', `${match} is expected`)
    : check('audience', 'fail', `aud ${list(claims.aud)} does not include ${list(audiences)}`)
}

/** exp, nbf and iat against `nowSeconds`: past the skew fails, within it passes with a note. */
export function timeChecks(claims: TokenClaims, nowSeconds: number, skew: number): InspectCheck[] {
  const checks: InspectCheck[] = []
  if (claims.exp === undefined) checks.push(check('expiry', 'skip', 'no exp claim: the token never expires'))
  else {
    const past = nowSeconds - claims.exp
    const at = `exp ${isoSeconds(claims.exp)}`
    if (past > skew) checks.push(check('expiry', 'fail', `expired ${formatSpan(past)} ago (${at}, skew ${skew} s)`))
    else if (past >= 0) checks.push(check('expiry', 'pass', `expired ${formatSpan(past)} ago, within the ${skew} s skew (${at})`))
    else checks.push(check('expiry', 'pass', `expires in ${formatSpan(-past)} (${at})`))
  }
  for (const [id, claim, value] of [['not_before', 'nbf', claims.nbf], ['issued_at', 'iat', claims.iat]] as const) {
    if (value === undefined) {
      checks.push(check(id, 'skip', `no ${claim} claim`))
      continue
    }
    const ahead = value - nowSeconds
    const at = `${claim} ${isoSeconds(value)}`
    if (ahead > skew) checks.push(check(id, 'fail', `${formatSpan(ahead)} in the future (${at}, skew ${skew} s): clocks of issuer and gateway disagree`))
    else if (ahead > 0) checks.push(check(id, 'pass', `${formatSpan(ahead)} in the future, within the ${skew} s skew (${at})`))
    else checks.push(check(id, 'pass', `${formatSpan(-ahead)} ago (${at})`))
  }
  return checks
}

export function scopesCheck(claims: TokenClaims, expectation: AuthExpectation | undefined, routeChosen: boolean, label: string | undefined): InspectCheck {
  if (!routeChosen) return check('scopes', 'skip', 'choose a service or route to check its required scopes')
  const required = expectation?.requiredScopes ?? []
  if (required.length === 0) return check('scopes', 'skip', expectation ? `${label} requires no scopes` : 'no expectation for this route')
  const missing = required.filter((scope) => !claims.scopes.includes(scope))
  return missing.length === 0
    ? check('scopes', 'pass', `has ${list(required)}`)
    : check('scopes', 'fail', `missing ${list(missing)} (token has ${list(claims.scopes)})`)
}

export function subjectCheck(claims: TokenClaims, verdict: SubjectVerdict | null, configured: boolean): InspectCheck {
  if (!configured) return check('subject', 'skip', 'no subject directory configured (troubleshoot.subjects)')
  if (claims.sub === undefined || !verdict) return check('subject', 'skip', 'no sub claim')
  switch (verdict.state) {
    case 'active':
      return check('subject', 'pass', verdict.tenant && claims.tenant && verdict.tenant !== claims.tenant ? verdict.explanation : `${claims.sub} is present and active`)
    case 'unavailable':
      return check('subject', 'error', `directory unavailable: ${verdict.error ?? 'no answer'}`)
    default:
      return check('subject', 'fail', `${claims.sub}: ${verdict.explanation}`)
  }
}
