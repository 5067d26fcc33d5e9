import { VerificationError, type SignedEntity } from '@sigstore/verify';

/**
 * An inclusion proof's own root hash and tree size must be those of its signed checkpoint: sigstore-js proves
 * inclusion against the checkpoint and ignores the proof's copies, which a strict reader does not leave
 * unchecked. Applied to every log entry of every bundle, keyless or signed with a key.
 */
export function proofsMatchCheckpoints(entity: SignedEntity): void {
  for (const entry of entity.tlogEntries) {
    const proof = entry.inclusionProof;
    if (proof?.checkpoint === undefined) continue;
    const [, size, root] = proof.checkpoint.envelope.split('\n');
    const rootHash = root === undefined ? undefined : Buffer.from(root, 'base64');
    if (size !== proof.treeSize || rootHash === undefined || !rootHash.equals(Buffer.from(proof.rootHash))) {
      throw new VerificationError({
        code: 'TLOG_INCLUSION_PROOF_ERROR',
        message: "the inclusion proof's root hash or tree size is not its checkpoint's",
      });
    }
  }
}
