import * as toolCache from '@actions/tool-cache';

/** How a tool's release archive is packed. */
export type ToolArchiveFormat = 'tar.gz' | 'zip';

/**
 * Unpacks a verified archive into an empty folder with @actions/tool-cache: `tar` for `.tar.gz` (GNU tar and
 * bsdtar refuse members that climb out with `..` and strip leading `/`), `unzip` or PowerShell for `.zip`.
 * Owners recorded in the archive are not restored, as upstream installers do (`tar --no-same-owner`).
 */
export function archiveExtractor(
  format: ToolArchiveFormat,
): (archive: string, folder: string) => Promise<void> {
  return async (archive, folder) => {
    if (format === 'zip') await toolCache.extractZip(archive, folder);
    else await toolCache.extractTar(archive, folder, ['xz', '--no-same-owner']);
  };
}
