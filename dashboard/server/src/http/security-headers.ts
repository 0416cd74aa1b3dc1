import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RequestHandler } from 'express'

/**
 * `'sha256-…'` sources of the inline scripts of the built SPA shell (the theme is applied before
 * first paint by one), so the CSP allows exactly those and no other inline script.
 */
export function inlineScriptHashes(webRoot: string | undefined): string[] {
  const file = webRoot ? join(webRoot, 'index.html') : undefined
  if (!file || !existsSync(file)) return []
  const html = readFileSync(file, 'utf8')
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
    .map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`)
}

/** The Content-Security-Policy of the dashboard: its own origin only, no framing, no plugins. */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((hash) => ` ${hash}`).join('')}`,
    // Inline styles stay allowed: the SQL editor (CodeMirror) and the charts inject <style> elements
    // at run time. Styles cannot run code; scripts, the XSS door, stay limited to 'self' and hashes.
    "style-src 'self' 'unsafe-inline'",
    // The favicon is a data: SVG.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * Security headers on every answer: the CSP, no framing (clickjacking), no MIME sniffing (a CSV
 * export of attacker-chosen text must never run as HTML), no referrer (URLs carry subjects and
 * filters), and an opener policy that keeps other windows away from this one.
 */
export function securityHeaders(webRoot: string | undefined): RequestHandler {
  const csp = contentSecurityPolicy(inlineScriptHashes(webRoot))
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    next()
  }
}
