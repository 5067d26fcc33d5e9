import type { RegistryClient } from '@sigil/oci';

export declare const ARTIFACT_TYPE: string;
export declare function releasedFiles(base?: string): string[];
export declare function pushActionsArtifact(options: {
  readonly repository: string;
  readonly tag: string;
  readonly client: RegistryClient;
  readonly base?: string;
  readonly created?: string;
}): Promise<{ readonly image: string; readonly digest: string; readonly files: number }>;
