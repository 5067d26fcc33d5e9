import {
  VerificationError,
  type SignedEntity,
  type TrustMaterial,
  type VerificationPolicy,
} from '@sigstore/verify';
// sigstore-js's verification steps, composed here with a cache of verified certificates (its `Verifier` checks a
// certificate's chain and SCTs again for every bundle). @sigstore/verify is pinned: these are deep imports.
import { verifyCertificateChain } from '@sigstore/verify/dist/key/certificate.js';
import { verifyCertificate } from '@sigstore/verify/dist/key/index.js';
import { verifyExtensions, verifySubjectAlternativeName } from '@sigstore/verify/dist/policy.js';
import { getTLogTimestamp, getTSATimestamp } from '@sigstore/verify/dist/timestamp/index.js';
import { verifyTLogBody, verifyTLogInclusion } from '@sigstore/verify/dist/tlog/index.js';

type Signer = ReturnType<typeof verifyCertificate>['signer'];

/** A certificate verified once: who it names, how many SCTs verified, and when that result holds. */
interface VerifiedCertificate {
  readonly signer: Signer;
  readonly scts: number;
  /** The times (ms) at which its chain is valid: every certificate of the path and its CA's validity. */
  readonly from: number;
  readonly to: number;
}

export interface KeylessThresholds {
  readonly tlogThreshold: number;
  readonly timestampThreshold: number;
  readonly ctlogThreshold: number;
}

/**
 * Keyless (certificate) verification against one trusted root, for any number of bundles: sigstore-js's steps in
 * the order of the Sigstore client specification — the signing times from verified RFC 3161 timestamps and log
 * entries, the certificate chained to a Fulcio CA of the root at every one of those times with its SCTs, every
 * log entry's inclusion and body, the signature with the certificate's key, then the identity policy. A
 * certificate whose chain and SCTs verified is remembered with the interval in which its whole path (and its
 * CA) is valid: another bundle signed by the same certificate (a job signs every image with one) at times inside
 * that interval is not chained again. Nothing else is remembered: timestamps, entries and signatures are
 * verified for every bundle, and a certificate that failed is verified again next time.
 */
export class KeylessVerification {
  readonly #trust: TrustMaterial;
  readonly #verified = new Map<string, VerifiedCertificate>();

  constructor(trust: TrustMaterial) {
    this.#trust = trust;
  }

  verify(
    entity: SignedEntity,
    thresholds: KeylessThresholds,
    policy: VerificationPolicy | undefined,
  ): Signer {
    const times = this.#signingTimes(entity, thresholds.timestampThreshold);
    const signer = this.#certificate(entity, times, thresholds.ctlogThreshold);
    let entries = 0;
    for (const entry of entity.tlogEntries) {
      verifyTLogInclusion(entry, this.#trust.tlogs);
      verifyTLogBody(entry, entity.signature);
      entries += 1;
    }
    if (entries < thresholds.tlogThreshold)
      throw new VerificationError({
        code: 'TLOG_ERROR',
        message: `${entries} transparency-log entries, ${thresholds.tlogThreshold} required`,
      });
    if (!entity.signature.verifySignature(signer.key))
      throw new VerificationError({ code: 'SIGNATURE_ERROR', message: 'the signature does not verify' });
    if (policy?.subjectAlternativeName !== undefined)
      verifySubjectAlternativeName(policy.subjectAlternativeName, signer.identity?.subjectAlternativeName);
    if (policy?.extensions !== undefined) verifyExtensions(policy.extensions, signer.identity?.extensions);
    return signer;
  }

  /** The verified signing times: one per RFC 3161 timestamp (each must verify) and per log entry's integrated time. */
  #signingTimes(entity: SignedEntity, threshold: number): Date[] {
    const seen = new Set<string>();
    const times: Date[] = [];
    for (const timestamp of entity.timestamps) {
      const result =
        timestamp.$case === 'timestamp-authority'
          ? getTSATimestamp(timestamp.timestamp, entity.signature.signature, this.#trust.timestampAuthorities)
          : getTLogTimestamp(timestamp.tlogEntry);
      if (result === undefined) continue;
      const key = `${result.type}:${result.logID.toString('hex')}:${result.timestamp.getTime()}`;
      if (seen.has(key))
        throw new VerificationError({ code: 'TIMESTAMP_ERROR', message: 'a timestamp is given twice' });
      seen.add(key);
      times.push(result.timestamp);
    }
    if (times.length < threshold)
      throw new VerificationError({
        code: 'TIMESTAMP_ERROR',
        message: `${times.length} verified timestamps, ${threshold} required`,
      });
    return times;
  }

  #certificate(entity: SignedEntity, times: readonly Date[], ctlogThreshold: number): Signer {
    const { key } = entity;
    if (key.$case !== 'certificate')
      throw new VerificationError({
        code: 'CERTIFICATE_ERROR',
        message: 'the bundle is not signed with a certificate',
      });
    const leaf = key.certificate;
    const id = Buffer.from(leaf.root.toDER()).toString('base64');
    let verified = this.#verified.get(id);
    const inside = (entry: VerifiedCertificate) =>
      times.every((time) => time.getTime() >= entry.from && time.getTime() <= entry.to);
    if (verified === undefined || !inside(verified)) {
      const result = verifyCertificate(leaf, [...times], this.#trust);
      verified = { signer: result.signer, scts: result.scts.length, ...this.#validity(leaf, times) };
      this.#verified.set(id, verified);
    }
    if (verified.scts < ctlogThreshold)
      throw new VerificationError({
        code: 'CERTIFICATE_ERROR',
        message: `${verified.scts} verified SCTs, ${ctlogThreshold} required`,
      });
    return verified.signer;
  }

  /**
   * When a chain that verified at `times` is valid: the intersection of the validity of every certificate of its
   * path and of the CA the path ends in (a chain is built the same way at any time; only validity depends on it).
   */
  #validity(
    leaf: Parameters<typeof verifyCertificateChain>[1],
    times: readonly Date[],
  ): { readonly from: number; readonly to: number } {
    const at = times[0] as Date;
    const path = verifyCertificateChain(at, leaf, this.#trust.certificateAuthorities);
    const last = path[path.length - 1];
    const authority = this.#trust.certificateAuthorities.find(
      (candidate) =>
        candidate.validFor.start <= at &&
        candidate.validFor.end >= at &&
        candidate.certChain.some(
          (certificate) => certificate === last || certificate.equals(last as typeof certificate),
        ),
    );
    if (authority === undefined) return { from: at.getTime(), to: at.getTime() };
    return {
      from: Math.max(
        authority.validFor.start.getTime(),
        ...path.map((certificate) => certificate.notBefore.getTime()),
      ),
      to: Math.min(
        authority.validFor.end.getTime(),
        ...path.map((certificate) => certificate.notAfter.getTime()),
      ),
    };
  }
}
