export interface Release {
  readonly repository: string;
  readonly sha: string;
  readonly version: string;
}
export declare function pinnableFiles(base?: string): Promise<string[]>;
export declare function pinReferences(text: string, release: Release): string;
export declare function unpinnedReferences(
  text: string,
  repository: string,
): { readonly line: number; readonly message: string }[];
