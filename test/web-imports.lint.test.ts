import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The lint rule that keeps node-only code out of the browser bundle, run through ESLint's own
// API on the repository's eslint.config.js, as `pnpm lint` runs it.

const ROOT = new URL('..', import.meta.url).pathname
const eslint = new ESLint({ cwd: ROOT })
const WEB_FILE = `${ROOT}dashboard/web/src/pages/LintProbe.tsx`

async function messagesFor(code: string, filePath = WEB_FILE) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((message) => ({ rule: message.ruleId, text: message.message }))
}

const FORBIDDEN = [
  "import { openStore } from '@claimcheck/shared/node'",
  "import { loadConfig } from '@claimcheck/shared/node/config'",
  "import { readFileSync } from 'node:fs'",
  "import { startCollector } from '@claimcheck/collector'",
  "import { createApp } from '@claimcheck/server'",
  "import { createClient } from '@clickhouse/client'",
  "import { createChdbConnection } from 'chdb/connection'",
  "import 'chdb'",
]

describe('the web app may not import node-only code', () => {
  it.each(FORBIDDEN)('refuses %s', async (line) => {
    const messages = await messagesFor(`${line}\nexport const probe = 1\n`)
    expect(messages.map((message) => message.rule)).toContain('no-restricted-imports')
  })

  it('allows the browser-safe entry of shared', async () => {
    expect(await messagesFor("import { CAUSES } from '@claimcheck/shared'\nexport const probe = CAUSES\n")).toEqual([])
  })

  it('lets the server import what the web may not', async () => {
    const messages = await messagesFor("import { readFileSync } from 'node:fs'\nexport const probe = readFileSync\n", `${ROOT}dashboard/server/src/lint-probe.ts`)
    expect(messages).toEqual([])
  })
})

describe('the web app keeps the rules of hooks', () => {
  it('flags a hook called conditionally and a missing effect dependency', async () => {
    const code = `import { useEffect, useState } from 'react'
export function Probe({ on, id }: { on: boolean; id: string }) {
  if (on) useState(0)
  useEffect(() => { console.log(id) }, [])
  return null
}
`
    const rules = (await messagesFor(code)).map((message) => message.rule)
    expect(rules).toContain('react-hooks/rules-of-hooks')
    expect(rules).toContain('react-hooks/exhaustive-deps')
  })
})
