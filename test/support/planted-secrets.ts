import { randomBytes } from 'node:crypto'

/**
 * Credentials planted in telemetry, each unique to its place, with every recognisable part a scan
 * of the store must not find: the whole secret, each JWT segment, and the encoded forms planted.
 */
export interface Planted {
  place: string
  needles: string[]
}

export class SecretGarden {
  readonly planted: Planted[] = []
  private seq = 0

  /** A JWT unique to `place` (its own `kid` and `jti`, so every segment is unique too). */
  jwt(place: string, options: { rawHeader?: string; sub?: string } = {}): string {
    const n = ++this.seq
    const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const kid = `kid-${n}-${randomBytes(4).toString('hex')}`
    const header = options.rawHeader !== undefined
      ? Buffer.from(options.rawHeader.replace('KID', kid)).toString('base64url')
      : enc({ alg: 'RS256', typ: 'JWT', kid })
    const payload = enc({ sub: options.sub ?? `user-${n}`, iss: 'https://idp.example.com/', aud: 'api', exp: 4_102_444_800, jti: randomBytes(8).toString('hex') })
    const signature = randomBytes(32).toString('base64url')
    const token = `${header}.${payload}.${signature}`
    this.planted.push({ place, needles: [token, header, payload, signature] })
    return token
  }

  /** A random API-key-like string (always upper, lower and digits, like real keys). */
  opaque(place: string, length = 32): string {
    let key: string
    do key = randomBytes(length).toString('base64url').slice(0, length)
    while (!/[A-Z]/.test(key) || !/[a-z]/.test(key) || !/[0-9]/.test(key))
    this.planted.push({ place, needles: [key] })
    return key
  }

  /** A short secret that only its key or context gives away (a password). */
  password(place: string): string {
    const secret = `pw${randomBytes(6).toString('hex')}`
    this.planted.push({ place, needles: [secret] })
    return secret
  }

  /** `Basic base64(user:password)`: the password and the base64 credential are both needles. */
  basic(place: string): string {
    const secret = `pw${randomBytes(6).toString('hex')}`
    const credential = Buffer.from(`svc-user:${secret}`).toString('base64')
    this.planted.push({ place, needles: [secret, credential] })
    return `Basic ${credential}`
  }

  /** An encoded form (base64…) of the secret planted last, which the scan must not find either. */
  encoded(form: string): string {
    this.planted.at(-1)!.needles.push(form)
    return form
  }

  /** Any other secret, found as written. */
  plant(place: string, secret: string): string {
    this.planted.push({ place, needles: [secret] })
    return secret
  }

  /** The places whose needles occur in `haystack`, with the needle found. */
  findIn(haystack: string): { place: string; needle: string }[] {
    const found: { place: string; needle: string }[] = []
    for (const p of this.planted) {
      const needle = p.needles.find((n) => haystack.includes(n))
      if (needle !== undefined) found.push({ place: p.place, needle })
    }
    return found
  }
}
