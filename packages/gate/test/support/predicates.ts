import { buildProvenance, type BuildContext } from '@sigil/provenance';

const encoder = new TextEncoder();

export const bytes = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** A small SPDX 2.3 JSON document, as `syft -o spdx-json` shapes it. */
export function spdxDocument(name = 'app'): Record<string, unknown> {
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://anchore.com/syft/image/${name}-5f1c1b1e`,
    creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
    packages: [
      {
        SPDXID: 'SPDXRef-Package-npm-left-pad',
        name: 'left-pad',
        versionInfo: '1.3.0',
        licenseConcluded: 'WTFPL',
        externalRefs: [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:npm/left-pad@1.3.0',
          },
        ],
      },
    ],
  };
}

/** A small CycloneDX 1.5 JSON BOM. */
export function cycloneDxBom(): Record<string, unknown> {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
  };
}

/** The run of acme/app's release workflow on a GitHub-hosted runner. */
function buildContext(overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    serverUrl: 'https://github.com',
    repository: 'acme/app',
    repositoryId: '123456',
    repositoryOwnerId: '7890',
    eventName: 'push',
    ref: 'refs/tags/v1.2.0',
    sha: 'a'.repeat(40),
    workflowRef: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
    runId: '4242',
    runAttempt: '1',
    runnerEnvironment: 'github-hosted',
    ...overrides,
  };
}

/** SLSA v1 provenance as GitHub's build provenance shapes it (see @sigil/provenance). */
export function slsaProvenance(overrides: Partial<BuildContext> = {}): object {
  return buildProvenance(buildContext(overrides));
}
