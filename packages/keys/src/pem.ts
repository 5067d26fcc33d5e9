import { decodeBase64Strict, encodeBase64 } from '@sigil/core';

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

export type PemDecodeResult =
  | { readonly ok: true; readonly blocks: readonly PemBlock[] }
  | { readonly ok: false; readonly problem: string };

const BEGIN = /^-----BEGIN ([A-Z0-9][A-Z0-9 ]*[A-Z0-9])-----$/;

/**
 * Decodes every PEM block of `text`. Only whitespace may sit between blocks, and blocks may carry no
 * headers. Problems are described by line number only: the text may be secret key material, so it is
 * never quoted back.
 */
export function decodePemBlocks(text: string): PemDecodeResult {
  const lines = text.split('\n').map((line) => line.replace(/[ \t\r]+$/, ''));
  const blocks: PemBlock[] = [];
  let label: string | undefined;
  let body: string[] = [];
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    if (label === undefined) {
      if (line.trim() === '') continue;
      const begin = BEGIN.exec(line);
      if (begin === null) return { ok: false, problem: `line ${lineNumber} is not part of a PEM block` };
      label = begin[1];
      body = [];
      continue;
    }
    if (line === `-----END ${label}-----`) {
      const der = decodeBase64Strict(body.join(''));
      if (der === undefined || der.length === 0) {
        return { ok: false, problem: `the body of the PEM block "${label}" is not valid base64` };
      }
      blocks.push({ label, der });
      label = undefined;
      continue;
    }
    if (line.startsWith('-----')) {
      return { ok: false, problem: `line ${lineNumber} is a PEM boundary that does not close "${label}"` };
    }
    if (line.includes(':')) {
      return { ok: false, problem: `the PEM block "${label}" has headers, which are not supported` };
    }
    body.push(line.trim());
  }
  if (label !== undefined) return { ok: false, problem: `the PEM block "${label}" has no END line` };
  if (blocks.length === 0) return { ok: false, problem: 'no PEM block found' };
  return { ok: true, blocks };
}

/** PEM the way Go's `pem.EncodeToMemory` writes it: 64-column base64 body, newline after the END line. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = encodeBase64(der).replace(/(.{64})/g, '$1\n');
  const wrapped = body.endsWith('\n') ? body : `${body}\n`;
  return `-----BEGIN ${label}-----\n${wrapped}-----END ${label}-----\n`;
}
