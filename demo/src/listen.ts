import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'

export interface Listening {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

/** Listens on loopback only (port 0 = a free port chosen by the OS). */
export async function listenLoopback(app: Express, port = 0): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(started)))
  })
  const bound = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    server,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
