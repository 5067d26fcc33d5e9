import { reservedAnnotationKey } from '@sigil/signatures';
import { SigilError } from '@sigil/core';
import type { InputReader } from './input-reader.js';

/**
 * The `annotations` input (`key=value` lines) of sign-image and verify-gate. A key the payload reserves
 * for a non-string value (`timestamp`) is refused: signed as a string it makes a payload the gate,
 * podman and skopeo reject; required by the gate it could never match.
 */
export function readAnnotations(inputs: InputReader): Readonly<Record<string, string>> {
  const annotations = inputs.keyValueLines('annotations');
  const reserved = reservedAnnotationKey(annotations);
  if (reserved !== undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`annotations\` uses the reserved key ${JSON.stringify(reserved)}: a signed payload carries optional.${reserved} as an integer, never as an annotation string`,
      { input: 'annotations', hint: `Rename the annotation (e.g. \`build-${reserved}\`).` },
    );
  }
  return Object.freeze(annotations);
}
