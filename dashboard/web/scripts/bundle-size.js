#!/usr/bin/env node
// Measures the JavaScript the dashboard's first page load fetches: the entry script and the
// chunks index.html preloads (modulepreload), gzipped. Lazy chunks (the SQL editor) are listed
// apart. Usage: node scripts/bundle-size.js [distDir] [--budget KB]   (build first: vite build)
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const args = process.argv.slice(2)
const budgetIndex = args.indexOf('--budget')
const budgetKb = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : 350
const positional = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--budget')
const dist = resolve(positional[0] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'))
const indexHtml = join(dist, 'index.html')
if (!existsSync(indexHtml)) {
  console.error(`No build at ${dist}: run \`pnpm --filter @claimcheck/web build\` first.`)
  process.exit(2)
}

const html = readFileSync(indexHtml, 'utf8')
const initial = new Set()
for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) initial.add(match[1])
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) initial.add(match[1])

const gzipKb = (file) => gzipSync(readFileSync(file)).length / 1024
const rawKb = (file) => readFileSync(file).length / 1024
const pathOf = (url) => join(dist, url.replace(/^\//, ''))

let totalGzip = 0
let totalRaw = 0
console.log('Initial route JavaScript (entry + modulepreload):')
for (const url of [...initial].sort()) {
  const gz = gzipKb(pathOf(url))
  const raw = rawKb(pathOf(url))
  totalGzip += gz
  totalRaw += raw
  console.log(`  ${url.padEnd(44)} ${raw.toFixed(1).padStart(8)} KB raw ${gz.toFixed(1).padStart(8)} KB gzip`)
}
const initialNames = new Set([...initial].map((url) => url.split('/').pop()))
const lazy = readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js') && !initialNames.has(name))
if (lazy.length > 0) {
  console.log('Lazy chunks (loaded on demand):')
  for (const name of lazy.sort()) console.log(`  /assets/${name.padEnd(36)} ${rawKb(join(dist, 'assets', name)).toFixed(1).padStart(8)} KB raw ${gzipKb(join(dist, 'assets', name)).toFixed(1).padStart(8)} KB gzip`)
}
console.log(`initial route JS: ${totalGzip.toFixed(1)} KB gzipped (${totalRaw.toFixed(1)} KB raw), budget ${budgetKb} KB`)
if (totalGzip > budgetKb) {
  console.error(`Over budget by ${(totalGzip - budgetKb).toFixed(1)} KB`)
  process.exit(1)
}
