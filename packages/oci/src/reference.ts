import { isIPv4, isIPv6 } from 'node:net';
import { SigilError } from '@sigil/core';
import { isSha256Digest } from './digest.js';
import type { ImageReference, RepositoryRef } from './types.js';

/** Where Docker Hub references resolve: the host cosign and go-containerregistry use. */
export const DOCKER_HUB_REGISTRY = 'index.docker.io';

const NAME_MAX_LENGTH = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;
const HINT = 'Write it as registry/repository:tag or registry/repository@sha256:<64 lowercase hex>.';

/** Distribution's tag grammar. */
export function isTag(value: string): boolean {
  return TAG.test(value);
}

/** Distribution's repository grammar: lowercase path components separated by single slashes. */
export function isRepositoryPath(value: string): boolean {
  return value.split('/').every((component) => PATH_COMPONENT.test(component));
}

function invalid(input: string, reason: string): SigilError {
  return new SigilError('REFERENCE_INVALID', `image reference "${input}" is invalid: ${reason}`, {
    hint: HINT,
  });
}

/**
 * Parses an image reference strictly and normalises Docker Hub names (`busybox` →
 * `index.docker.io/library/busybox:latest`). A reference without tag or digest gets the tag `latest`.
 */
export function parseReference(input: string): ImageReference {
  const { name, tag, digest } = splitReference(input);
  const repo = parseName(input, name);
  if (tag === undefined && digest === undefined) return { ...repo, tag: 'latest' };
  return {
    ...repo,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** `registry/repository[:tag][@digest]`, the normalised form. */
export function formatReference(ref: ImageReference): string {
  let text = repositoryName(ref);
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  return text;
}

/** `registry/repository`: the identity cosign writes into signature payloads. */
export function repositoryName(ref: RepositoryRef): string {
  return `${ref.registry}/${ref.repository}`;
}

function splitReference(input: string): { name: string; tag?: string; digest?: string } {
  if (input.length === 0) throw invalid(input, 'it is empty');
  if (/\s/.test(input)) throw invalid(input, 'it contains whitespace');
  const parts = input.split('@');
  if (parts.length > 2) throw invalid(input, 'it contains more than one "@"');
  const [nameAndTag = '', digest] = parts;
  if (digest !== undefined) checkDigest(input, digest);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  if (colon < 0) return { name: nameAndTag, ...(digest === undefined ? {} : { digest }) };
  const tag = nameAndTag.slice(colon + 1);
  if (!isTag(tag)) {
    throw invalid(
      input,
      `tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
    );
  }
  return { name: nameAndTag.slice(0, colon), tag, ...(digest === undefined ? {} : { digest }) };
}

function checkDigest(input: string, digest: string): void {
  if (isSha256Digest(digest)) return;
  if (!digest.startsWith('sha256:')) {
    throw invalid(input, `digest "${digest}" is not supported: only sha256:<64 lowercase hex> digests are`);
  }
  throw invalid(input, `digest "${digest}" must be "sha256:" followed by 64 lowercase hex characters`);
}

function parseName(input: string, name: string): RepositoryRef {
  if (name.length === 0) throw invalid(input, 'the repository name is empty');
  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? name : name.slice(0, firstSlash);
  const hasRegistry = firstSlash >= 0 && looksLikeRegistry(first);
  // Host names are case-insensitive; one spelling keeps identities comparable.
  let registry = hasRegistry ? first.toLowerCase() : DOCKER_HUB_REGISTRY;
  let repository = hasRegistry ? name.slice(firstSlash + 1) : name;
  if (hasRegistry) checkRegistry(input, registry);
  if (registry === 'docker.io') registry = DOCKER_HUB_REGISTRY;
  for (const component of repository.split('/')) checkPathComponent(input, component);
  if (registry === DOCKER_HUB_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  if (registry.length + 1 + repository.length > NAME_MAX_LENGTH) {
    throw invalid(input, `the name is longer than ${NAME_MAX_LENGTH} characters`);
  }
  return { registry, repository };
}

/** Docker's rule: the first component is a registry if it has a "." or ":", is `localhost`, or is an IPv6 literal. */
function looksLikeRegistry(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component.startsWith('[') ||
    component !== component.toLowerCase()
  );
}

function checkRegistry(input: string, registry: string): void {
  let host = registry;
  let port: string | undefined;
  if (registry.startsWith('[')) {
    const close = registry.indexOf(']');
    if (close < 0) throw invalid(input, `registry "${registry}" has an unclosed "["`);
    host = registry.slice(1, close);
    const rest = registry.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) throw invalid(input, `registry "${registry}" is malformed`);
    if (rest !== '') port = rest.slice(1);
    if (!isIPv6(host)) throw invalid(input, `registry "${registry}" is not a valid IPv6 address`);
  } else {
    const colon = registry.indexOf(':');
    if (colon >= 0) {
      host = registry.slice(0, colon);
      port = registry.slice(colon + 1);
    }
    const valid = isIPv4(host) || host.split('.').every((label) => DOMAIN_LABEL.test(label));
    if (!valid) throw invalid(input, `registry host "${host}" is not a valid host name`);
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    throw invalid(input, `registry port "${port}" must be a number from 1 to 65535`);
  }
}

function checkPathComponent(input: string, component: string): void {
  if (component.length === 0) throw invalid(input, 'the repository has an empty path component');
  if (PATH_COMPONENT.test(component)) return;
  if (PATH_COMPONENT.test(component.toLowerCase())) {
    throw invalid(input, `repository component "${component}" must be lowercase`);
  }
  throw invalid(
    input,
    `repository component "${component}" may only contain lowercase letters, digits and single separators (".", "_", "__", "-")`,
  );
}
