import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const CLI = join(import.meta.dirname, '../../cli/bin/claimcheck.js')

export interface RunningCli {
  child: ChildProcess
  dashboardPort: number
  httpPort: number
  grpcPort: number
  output(): string
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

/** Runs `claimcheck <args>` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CLAIMCHECK_LOG_JSON: '1', ...env }, timeout: 60_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts a long-running `claimcheck` command on free ports and waits until it listens (`entry`: another build of the CLI). */
export async function startCli(args: string[], env: Record<string, string> = {}, entry = CLI): Promise<RunningCli> {
  const child = spawn(process.execPath, [entry, ...args, '--port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0'], {
    env: { ...process.env, CLAIMCHECK_LOG_JSON: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const ports = await new Promise<{ dashboard: number; http: number; grpc: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`claimcheck did not start in time:\n${output}`)), 60_000)
    const check = () => {
      const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line))
      const otlp = lines.find((line) => line.http !== undefined)
      const dashboard = lines.find((line) => line.port !== undefined && line.msg?.startsWith('dashboard'))
      if (otlp && dashboard) {
        clearTimeout(timer)
        resolve({ dashboard: dashboard.port, http: otlp.http, grpc: otlp.grpc })
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`claimcheck exited with ${code}:\n${output}`))
    })
  })
  return {
    child,
    dashboardPort: ports.dashboard,
    httpPort: ports.http,
    grpcPort: ports.grpc,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit')
        child.once('exit', (code, signal) => {
          // A native crash on the way out (the engine's threads) shows as a signal, not a code.
          if (signal) output += `\n[claimcheck was ended by ${signal}]\n`
          resolve(code)
        })
        child.kill('SIGTERM')
      }),
  }
}
