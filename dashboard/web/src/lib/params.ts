import { z } from 'zod'

/**
 * Typed URL search parameters. Each page declares its parameters once, at module level, as a
 * record of `ParamDef`s; values are zod-validated and fall back to their default when a link was
 * edited by hand. The URL is the only store of shareable view state: nothing mirrors it.
 */
export interface ParamDef<T> {
  parse(values: readonly string[]): T
  /** Values to write; empty means "default" and removes the parameter from the URL. */
  serialize(value: T): string[]
}

export type ParamValues<D extends Record<string, ParamDef<unknown>>> = { [K in keyof D]: D[K] extends ParamDef<infer T> ? T : never }

/** One string value checked by `schema`; `fallback` when absent or invalid. */
export function scalarParam<T extends string>(schema: z.ZodType<T>, fallback: T): ParamDef<T> {
  return {
    parse(values) {
      const result = schema.safeParse(values[0])
      return result.success ? result.data : fallback
    },
    serialize: (value) => (value === fallback ? [] : [value]),
  }
}

/** Free text (search box, SQL); '' when absent. Length-capped so a pasted link cannot bloat state. */
export function textParam(maxLength = 20_000): ParamDef<string> {
  return scalarParam(z.string().max(maxLength), '')
}

/** A number in [min, max]. */
export function numberParam(fallback: number, min: number, max: number): ParamDef<number> {
  const schema = z.coerce.number().min(min).max(max)
  return {
    parse(values) {
      const result = values[0] === undefined ? undefined : schema.safeParse(values[0])
      return result?.success ? result.data : fallback
    },
    serialize: (value) => (value === fallback ? [] : [String(value)]),
  }
}

/** A list, as repeated parameters (`cause=a&cause=b`); invalid items dropped, duplicates kept once. */
export function listParam<T extends string = string>(item: z.ZodType<T> = z.string().min(1).max(500) as unknown as z.ZodType<T>): ParamDef<T[]> {
  return {
    parse(values) {
      const out: T[] = []
      for (const value of values) {
        const result = item.safeParse(value)
        if (result.success && !out.includes(result.data)) out.push(result.data)
      }
      return out
    },
    serialize: (value) => [...value],
  }
}

export function readParams<D extends Record<string, ParamDef<unknown>>>(defs: D, search: URLSearchParams): ParamValues<D> {
  const out: Record<string, unknown> = {}
  for (const [key, def] of Object.entries(defs)) out[key] = def.parse(search.getAll(key))
  return out as ParamValues<D>
}

/**
 * A copy of `search` with `patch` applied: keys in `defs` are rewritten (defaults removed), keys
 * not in `defs` are kept untouched, so pages can own disjoint parameters of one URL.
 */
export function writeParams<D extends Record<string, ParamDef<unknown>>>(
  defs: D,
  search: URLSearchParams,
  patch: Partial<ParamValues<D>>,
): URLSearchParams {
  const next = new URLSearchParams(search)
  for (const [key, value] of Object.entries(patch)) {
    const def = defs[key]
    if (!def || value === undefined) continue
    next.delete(key)
    for (const serialized of def.serialize(value)) next.append(key, serialized)
  }
  return next
}
