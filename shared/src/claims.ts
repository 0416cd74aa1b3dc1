import { z } from 'zod'

/**
 * What claimcheck keeps of a bearer token: decoded claims and header fields, never the token.
 * Times are epoch seconds as in the JWT (RFC 7519 NumericDate).
 */
export const TokenClaimsSchema = z.object({
  sub: z.string().optional(),
  iss: z.string().optional(),
  aud: z.array(z.string()).default([]),
  exp: z.number().optional(),
  nbf: z.number().optional(),
  iat: z.number().optional(),
  jti: z.string().optional(),
  /** From `scope` (space separated), `scp` or `scopes` (string or array). */
  scopes: z.array(z.string()).default([]),
  /** From `azp`, `client_id`, `cid` or `appid`. */
  clientId: z.string().optional(),
  /** From `tenant`, `tid`, `tenant_id`, `org_id` or `https://…/tenant`-style custom claims. */
  tenant: z.string().optional(),
  kid: z.string().optional(),
  alg: z.string().optional(),
})
export type TokenClaims = z.infer<typeof TokenClaimsSchema>

export const TokenFactsSchema = z.object({
  /** A bearer credential was seen on the call (header or attribute), whatever its shape. */
  present: z.boolean(),
  /** It was present but could not be decoded as a JWS compact JWT. */
  malformed: z.boolean().default(false),
  claims: TokenClaimsSchema.optional(),
})
export type TokenFacts = z.infer<typeof TokenFactsSchema>
