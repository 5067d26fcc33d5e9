import { SigilError } from '@sigil/errors';
import type { HttpResponse } from './transport.js';

/** Answers 401 challenges for the registry client. */
export class Authenticator {
  /** An Authorization header already known for this registry and scopes. */
  cached(_registry: string, _scopes: readonly string[]): string | undefined {
    return undefined;
  }

  /** After a 401: an Authorization header that should be accepted, or REGISTRY_AUTH. */
  async authorize(
    registry: string,
    _scopes: readonly string[],
    _response: HttpResponse,
    _previous: string | undefined,
  ): Promise<string> {
    throw new SigilError('REGISTRY_AUTH', `registry ${registry} requires authentication`, {
      input: 'registry-username',
      hint: 'Run docker login for this registry, or set registry-username and registry-password.',
    });
  }

  /** The error for a 401 that persisted after authorizing. */
  async rejected(registry: string, _response: HttpResponse): Promise<SigilError> {
    return new SigilError('REGISTRY_AUTH', `registry ${registry} rejected the credentials`, {
      input: 'registry-username',
      hint: 'Check registry-username and registry-password, or run docker login for this registry.',
    });
  }
}
