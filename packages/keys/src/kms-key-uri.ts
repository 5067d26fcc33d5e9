import { SigilError } from '@sigil/core';

/** Key URIs sigil hands to the cosign CLI verbatim: the KMS providers and Kubernetes secrets. */
export const KMS_SCHEMES = ['awskms', 'gcpkms', 'azurekms', 'hashivault', 'k8s'] as const;
export type KmsScheme = (typeof KMS_SCHEMES)[number];

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?`;
const AWS_KEY_ID = String.raw`(?:[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}|mrk-[A-Fa-f0-9]{32})`;
const AWS_ARN = String.raw`arn:(?:aws|aws-us-gov|aws-cn):kms:[a-z0-9-]+:\d{12}:`;
const AWS_ALIAS = String.raw`alias/[A-Za-z0-9/_-]+`;
const GCP_SEGMENT = String.raw`[A-Za-z0-9][A-Za-z0-9_.:-]*`;
const DNS_LABEL = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;

/**
 * The shape of each provider's key URI, as the cosign CLI (sigstore's KMS clients and its Kubernetes
 * secret reader) parses them — narrowed to characters those services allow, so nothing that could be
 * read as a flag, a path or a shell word reaches cosign.
 */
const SHAPES: Readonly<Record<KmsScheme, { pattern: RegExp; example: string }>> = {
  awskms: {
    pattern: new RegExp(
      String.raw`^awskms://(?:${HOST})?/(?:${AWS_KEY_ID}|${AWS_ARN}key/${AWS_KEY_ID}|${AWS_ALIAS}|${AWS_ARN}${AWS_ALIAS})$`,
    ),
    example: 'awskms:///alias/release, awskms:///arn:aws:kms:us-east-1:123456789012:key/<key id>',
  },
  gcpkms: {
    pattern: new RegExp(
      String.raw`^gcpkms://projects/${GCP_SEGMENT}/locations/${GCP_SEGMENT}/keyRings/${GCP_SEGMENT}/cryptoKeys/${GCP_SEGMENT}(?:/(?:cryptoKeyVersions|versions)/\d+)?$`,
    ),
    example: 'gcpkms://projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
  },
  azurekms: {
    pattern: new RegExp(String.raw`^azurekms://${HOST}/[A-Za-z0-9-]{1,127}(?:/[a-z0-9]+)?$`),
    example: 'azurekms://VAULT.vault.azure.net/KEY',
  },
  hashivault: {
    pattern: /^hashivault:\/\/\w(?:[\w.-]*\w)?$/,
    example: 'hashivault://KEY (with VAULT_ADDR and VAULT_TOKEN in the step env)',
  },
  k8s: {
    // Namespace: an RFC 1123 label; secret name: an RFC 1123 subdomain (what Kubernetes accepts).
    pattern: new RegExp(String.raw`^k8s://${DNS_LABEL}/${DNS_LABEL}(?:\.${DNS_LABEL})*$`),
    example: 'k8s://NAMESPACE/SECRET, e.g. k8s://troubleshooting-agent/prod',
  },
};

const MAX_URI_LENGTH = 2048;

/**
 * Checks that `uri` (already known to start with `scheme://`) has the shape its provider requires, and
 * returns it unchanged: it is passed to cosign verbatim. A wrong shape is INPUT_INVALID naming `input`.
 */
export function validateKmsKeyUri(uri: string, scheme: KmsScheme, input: string): string {
  const shape = SHAPES[scheme];
  if (uri.length <= MAX_URI_LENGTH && shape.pattern.test(uri)) return uri;
  throw new SigilError(
    'INPUT_INVALID',
    `input \`${input}\`: "${shown(uri)}" is not a valid ${scheme}:// key URI`,
    {
      input,
      hint: `Write it as ${shape.example}.`,
    },
  );
}

function shown(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
