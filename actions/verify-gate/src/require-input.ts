import { SigilError } from '@sigil/core';
import {
  isProvenanceRequirement,
  requirementName,
  type ProvenancePolicy,
  type Requirement,
} from '@sigil/gate';
import type { InputReader } from '@sigil/toolkit';

/** The contract's default: every image is signed and carries an SBOM. */
const DEFAULT_REQUIRE = 'signature, sbom';

const WORDS = ['signature', 'sbom', 'provenance'] as const;
const ALLOWED = `\`signature\`, \`sbom\`, \`provenance\`, or a predicate-type URI (https://…, http://…, urn:…)`;

export interface RequireInputs {
  readonly requirements: readonly Requirement[];
  readonly provenance: ProvenancePolicy;
}

/**
 * Reads `require` (a list: lines and commas; `#` after a blank starts a comment, so a URI keeps its
 * fragment), `provenance-source` and `provenance-builder`. Strict: an unknown word or a malformed URI is
 * an error listing what is allowed, and a provenance setting without a provenance requirement is an error
 * (it would check nothing). An empty `require` means the default, `signature, sbom`.
 */
export function readRequireInputs(inputs: InputReader): RequireInputs {
  const entries = listEntries(inputs.string('require') ?? DEFAULT_REQUIRE);
  const requirements = new Map<string, Requirement>();
  for (const entry of entries) {
    const requirement = parseRequirement(entry);
    requirements.set(requirementName(requirement), requirement);
  }
  if (requirements.size === 0) {
    throw new SigilError('INPUT_INVALID', 'input `require` lists nothing', {
      input: 'require',
      hint: `List what every image must carry: ${ALLOWED}.`,
    });
  }
  const list = [...requirements.values()];
  const sourceText = inputs.string('provenance-source');
  const builderText = inputs.string('provenance-builder');
  const provenance: ProvenancePolicy = {
    ...(sourceText === undefined ? {} : { source: parseSource(sourceText) }),
    ...(builderText === undefined ? {} : { builderIdPrefix: parseBuilder(builderText) }),
  };
  if (!list.some(isProvenanceRequirement)) {
    for (const [input, given] of [
      ['provenance-source', sourceText],
      ['provenance-builder', builderText],
    ] as const) {
      if (given === undefined) continue;
      throw new SigilError(
        'INPUT_INVALID',
        `input \`${input}\` has no effect: \`require\` lists no provenance (${list.map(requirementName).join(', ')})`,
        { input, hint: 'Add `provenance` to `require`, or remove this input.' },
      );
    }
  }
  return Object.freeze({ requirements: Object.freeze(list), provenance: Object.freeze(provenance) });
}

function listEntries(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function parseRequirement(entry: string): Requirement {
  const word = WORDS.find((candidate) => candidate === entry.toLowerCase());
  if (word !== undefined) return { kind: word };
  if (isPredicateTypeUri(entry)) return { kind: 'attestation', predicateType: entry };
  throw new SigilError(
    'INPUT_INVALID',
    `input \`require\`: ${JSON.stringify(entry)} is neither a known requirement nor a predicate-type URI`,
    { input: 'require', hint: `Each entry of \`require\` is ${ALLOWED}.` },
  );
}

/** An absolute http(s) URL with a host, or a URN (`urn:<namespace>:<rest>`); no blanks. */
function isPredicateTypeUri(text: string): boolean {
  if (/\s/.test(text)) return false;
  if (/^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/i.test(text)) return true;
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * `github.com/acme/app`, `https://github.com/acme/app` (a trailing `/` or `.git` is ignored) →
 * `https://github.com/acme/app`. A bare `acme/app` is refused: without a host it would match any server.
 */
function parseSource(text: string): string {
  const refuse = (problem: string) =>
    new SigilError('INPUT_INVALID', `input \`provenance-source\` ${problem}: ${JSON.stringify(text)}`, {
      input: 'provenance-source',
      hint: 'Name the repository with its host, e.g. `github.com/acme/app` or `https://github.com/acme/app`.',
    });
  const trimmed = text.replace(/\/+$/, '').replace(/\.git$/, '');
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw refuse('is not a repository URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('must be an http(s) URL');
  if (url.search !== '' || url.hash !== '' || url.username !== '' || /\s/.test(text)) {
    throw refuse('must name a repository, with no query, fragment, credentials or blanks');
  }
  const host = withScheme.slice(withScheme.indexOf('://') + 3).split('/')[0] ?? '';
  if (!/[.:]/.test(host) && host.toLowerCase() !== 'localhost') throw refuse('names no host');
  if (url.pathname === '/' || url.pathname === '') throw refuse('names a host but no repository');
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** A builder id prefix: an absolute URI (`https://github.com/actions/runner`, …). */
function parseBuilder(text: string): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(text)) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`provenance-builder\` is not a builder id URI: ${JSON.stringify(text)}`,
      {
        input: 'provenance-builder',
        hint: 'Give the start of the builder id, e.g. `https://github.com/acme/app/.github/workflows/release.yml`.',
      },
    );
  }
  return text;
}
