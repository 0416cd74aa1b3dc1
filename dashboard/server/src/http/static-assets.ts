import { existsSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import express, { type Request, type Response, type Router } from 'express'

/**
 * Serving the built dashboard (`dashboard/web/dist`): hashed files under `/assets/` are immutable
 * for a year; `index.html` (which names the current hashes) is revalidated on every load, so an
 * upgrade reaches the browser at the next navigation. Precompressed variants written by the build
 * (`.br`, `.gz`, see `dashboard/web/build/precompress.ts`) are sent when the browser accepts them.
 */

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const REVALIDATE = 'no-cache'

/** Vite names every file under `assets/` after its content hash. */
const HASHED = /^\/assets\//

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const

/** The encodings the request accepts (q=0 excluded), as listed in Accept-Encoding. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>()
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (q && Number(q.slice(2)) === 0) continue
    out.add(name)
  }
  return out
}

/** The cache policy of a path under the web root. */
export function cacheControlFor(urlPath: string): string {
  return HASHED.test(urlPath) ? IMMUTABLE : REVALIDATE
}

function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  const path = normalize(join(root, decoded))
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined
  return path
}

function sendPrecompressed(req: Request, res: Response, root: string): boolean {
  const path = fileUnder(root, req.path)
  const type = path && TYPES[extname(path)]
  if (!path || !type) return false
  const accepted = acceptedEncodings(req.get('accept-encoding'))
  for (const { name, suffix } of ENCODINGS) {
    if (!accepted.has(name) || !existsSync(path + suffix) || !statSync(path + suffix).isFile()) continue
    res.setHeader('Content-Encoding', name)
    res.setHeader('Content-Type', type)
    res.setHeader('Vary', 'Accept-Encoding')
    res.setHeader('Cache-Control', cacheControlFor(req.path))
    res.sendFile(path + suffix, { cacheControl: false, lastModified: true, etag: true })
    return true
  }
  return false
}

/** Static files of the SPA plus the shell for every other GET (client-side routes). */
export function staticAssetsRouter(webRoot: string): Router {
  const root = resolve(webRoot)
  const router = express.Router()
  const index = join(root, 'index.html')
  router.use((req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path !== '/' && sendPrecompressed(req, res, root)) return
    next()
  })
  router.use(
    express.static(root, {
      index: false,
      setHeaders: (res, _path) => {
        const urlPath = (res.req as Request).path
        res.setHeader('Cache-Control', cacheControlFor(urlPath))
        res.setHeader('Vary', 'Accept-Encoding')
      },
      cacheControl: false,
      // A missing hashed file (a tab open across an upgrade) must 404, not get the HTML shell:
      // the dashboard turns the failed import into "a new version is available, reload".
      fallthrough: true,
    }),
  )
  router.get(/^\/assets\//, (_req, res) => void res.status(404).type('text/plain').setHeader('Cache-Control', 'no-store').send('Not found\n'))
  router.get(/.*/, (req, res) => {
    res.setHeader('Cache-Control', REVALIDATE)
    req.url = '/index.html'
    if (sendPrecompressed(req, res, root)) return
    res.sendFile(index, { cacheControl: false })
  })
  return router
}
