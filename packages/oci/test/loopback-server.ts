import { createServer, type RequestListener } from 'node:http';

export interface LoopbackServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** Drops open connections and closes the server. */
  stop(): Promise<void>;
}

/** An HTTP server on a free loopback port: a registry that misbehaves the way a test needs. */
export async function startLoopbackServer(listener: RequestListener): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    host: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
