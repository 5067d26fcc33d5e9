import { NodeHttpTransport, RegistryClient } from '@sigil/oci';

/** What RegistryClient takes: `http` is the transport its requests go through. */
export type ClientOptions = NonNullable<ConstructorParameters<typeof RegistryClient>[0]>;

/**
 * A registry client whose requests to `upstream` travel through the proxy at `proxyHost` (a fault or
 * tampering proxy in front of it). Images keep the registry's name, so what is written or read through the
 * proxy is the same content a direct client sees under the same name. `close()` closes its transport too.
 */
export function clientThrough(upstream: string, proxyHost: string, options: ClientOptions): RegistryClient {
  const transport = new NodeHttpTransport({ concurrency: 8 });
  const send: ClientOptions['http'] = (request) => {
    if (request.url.host !== upstream) return transport.send(request);
    const url = new URL(request.url);
    url.host = proxyHost;
    return transport.send({ ...request, url });
  };
  const client = new RegistryClient({ ...options, http: send });
  const close = client.close.bind(client);
  client.close = () => {
    close();
    transport.close();
  };
  return client;
}
