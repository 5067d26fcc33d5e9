/** The in-toto predicate type of SLSA Provenance v1 (`cosign attest --type slsaprovenance1`). */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** SLSA Provenance v0.2 (`cosign attest --type slsaprovenance`), still written by older tooling. */
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
/** The build type GitHub's own build provenance (`actions/attest-build-provenance`) uses. */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/** A SLSA v1 resource descriptor, as far as provenance uses it. */
interface ResourceDescriptor {
  readonly uri?: string;
  readonly digest?: Readonly<Record<string, string>>;
  readonly name?: string;
}

/** The SLSA Provenance v1 predicate sigil writes (https://slsa.dev/spec/v1.0/provenance). */
export interface SlsaProvenanceV1 {
  readonly buildDefinition: {
    readonly buildType: string;
    readonly externalParameters: Readonly<Record<string, unknown>>;
    readonly internalParameters?: Readonly<Record<string, unknown>>;
    readonly resolvedDependencies?: readonly ResourceDescriptor[];
  };
  readonly runDetails: {
    readonly builder: { readonly id: string };
    readonly metadata?: { readonly invocationId?: string };
  };
}
