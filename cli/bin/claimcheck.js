#!/usr/bin/env node
// claimcheck runs its TypeScript sources directly through tsx: no build step between a checkout
// and a running collector.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
