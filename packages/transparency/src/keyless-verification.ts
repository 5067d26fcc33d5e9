import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  VerificationError,
  type SignedEntity,
  type TrustMaterial,
  type VerificationPolicy,
} from '@sigstore/verify';
// sigstore-js's verification steps, composed here with a cache of verified certificates (its `Verifier` checks a
// certificate's chain and SCTs again for every bundle). @sigstore/verify is pinned: these are deep imports.
import { CertificateChainVerifier, verifyCertificateChain } from '@sigstore/verify/dist/key/certificate.js';
import { verifyCertificate } from '@sigstore/verify/dist/key/index.js';
import { verifyExtensions, verifySubjectAlternativeName } from '@sigstore/verify/dist/policy.js';
import { getTLogTimestamp } from '@sigstore/verify/dist/timestamp/index.js';
import { verifyTLogBody, verifyTLogInclusion } from '@sigstore/verify/dist/tlog/index.js';
import { verifyTimestampSignature } from './rfc3161-signature.js';

type Signer = ReturnType<typeof verifyCertificate>['signer'];
type CertAuthority = TrustMaterial['timestampAuthorities'][number];
type Rfc3161Timestamp = Extract<
  SignedEntity['timestamps'][number],
  { $case: 'timestamp-authority' }
>['timestamp'];

/** A timestamp authority whose certificate chain verified: its signing key, and when that chain is valid. */
interface VerifiedAuthority {
  readonly key: KeyObject;
  readonly from: number;
  readonly to: number;
}

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
 * that interval is not chained again; likewise a timestamp authority's chain. Nothing else is remembered: each
 * timestamp's signature, entry and bundle signature is verified for every bundle, and what failed is verified
 * again next time.
 */
export class KeylessVerification {
  readonly #trust: TrustMaterial;
  readonly #verified = new Map<string, VerifiedCertificate>();
  readonly #authorities = new Map<CertAuthority, VerifiedAuthority>();

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
          ? this.#authorityTimestamp(timestamp.timestamp, entity.signature.signature)
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

  /**
   * An RFC 3161 timestamp over `signature`, verified as sigstore-js verifies one: a timestamp authority of the root
   * valid at the signing time whose leaf has the signer's serial number and issuer, its chain valid at that time, and
   * the timestamp's signature (over the message imprint of `signature`) by its leaf. An authority's chain is checked
   * once, remembered with the interval in which it is valid.
   */
  #authorityTimestamp(timestamp: Rfc3161Timestamp, signature: Buffer) {
    const at = timestamp.signingTime;
    for (const authority of this.#trust.timestampAuthorities) {
      const leaf = authority.certChain[0];
      if (
        leaf === undefined ||
        authority.validFor.start > at ||
        authority.validFor.end < at ||
        !leaf.serialNumber.equals(timestamp.signerSerialNumber) ||
        !leaf.issuer.equals(timestamp.signerIssuer)
      )
        continue;
      try {
        verifyTimestampSignature(timestamp, signature, this.#authority(authority, at).key);
        return { type: 'timestamp-authority' as const, logID: timestamp.signerSerialNumber, timestamp: at };
      } catch {
        // Another authority with the same signer may verify it.
      }
    }
    throw new VerificationError({ code: 'TIMESTAMP_ERROR', message: 'timestamp could not be verified' });
  }

  #authority(authority: CertAuthority, at: Date): VerifiedAuthority {
    let verified = this.#authorities.get(authority);
    if (verified === undefined || at.getTime() < verified.from || at.getTime() > verified.to) {
      const [leaf, ...issuers] = authority.certChain;
      if (leaf === undefined)
        throw new VerificationError({ code: 'TIMESTAMP_ERROR', message: 'no certificate' });
      const path = new CertificateChainVerifier({
        untrustedCert: leaf,
        trustedCerts: issuers,
        timestamp: at,
      }).verify();
      verified = {
        key: createPublicKey({ key: leaf.publicKey, format: 'der', type: 'spki' }),
        from: Math.max(...path.map((certificate) => certificate.notBefore.getTime())),
        to: Math.min(...path.map((certificate) => certificate.notAfter.getTime())),
      };
      this.#authorities.set(authority, verified);
    }
    return verified;
  }

  #certificate(entity: SignedEntity, times: readonly Date[], ctlogThreshold: number): Signer {
    const { key } = entity;
    if (key.$case !== 'certificate')
      throw new VerificationError({
        code: 'CERTIFICATE_ERROR',
        message: 'the bundle is not signed with a certificate',
      });
    const leaf = key.certificate;
    // The certificate's DER content as parsed (re-encoding it would cost more than the lookup saves).
    const id = Buffer.from(leaf.root.value).toString('base64');
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
