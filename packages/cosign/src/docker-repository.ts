import { isManifestDigest } from './digest.js';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES: readonly string[] = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/**
 * The repository a docker reference names, as `<registry>/<path>`, with any tag or digest removed and
 * Docker Hub spelled one way (`docker.io`, `index.docker.io`, `busybox` and `library/busybox` are the
 * same repository). `undefined` when the text is not a docker reference. Registry hosts compare
 * case-insensitively; repository paths are lowercase by definition.
 */
export function dockerRepositoryOf(reference: string): string | undefined {
  let name = reference;
  const at = name.indexOf('@');
  if (at !== -1) {
    if (!isManifestDigest(name.slice(at + 1))) return undefined;
    name = name.slice(0, at);
  }
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    if (!TAG.test(name.slice(colon + 1))) return undefined;
    name = name.slice(0, colon);
  }
  const [registry, path] = splitRegistry(name);
  if (path === '' || !path.split('/').every((component) => PATH_COMPONENT.test(component))) return undefined;
  if (registry === DOCKER_HUB && !path.includes('/')) return `${DOCKER_HUB}/library/${path}`;
  return `${registry}/${path}`;
}

/** docker/distribution's rule: the first component is a registry if it has a dot or port, is localhost, or has capitals. */
function splitRegistry(name: string): [string, string] {
  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return [DOCKER_HUB, name];
  }
  const registry = first.toLowerCase();
  return [DOCKER_HUB_ALIASES.includes(registry) ? DOCKER_HUB : registry, name.slice(slash + 1)];
}
