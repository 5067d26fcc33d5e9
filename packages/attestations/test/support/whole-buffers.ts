import { preAuthEncodingHeader } from '../../src/dsse.js';
import { inTotoStatementParts, type StatementInput } from '../../src/in-toto-statement.js';

/** `parts` joined into one buffer. */
function joined(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

/**
 * The in-toto statement as one buffer: the parts `inTotoStatementParts` gives the signer and the envelope
 * (sigil itself never holds the statement whole).
 */
export function inTotoStatement(input: StatementInput): Uint8Array {
  return joined(inTotoStatementParts(input));
}

/** The whole DSSE pre-authentication encoding, header ‖ payload, as a signer hashes it in two parts. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  return joined([preAuthEncodingHeader(payloadType, payload.length), payload]);
}
