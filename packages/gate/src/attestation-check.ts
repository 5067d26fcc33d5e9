import { attestationRef, type AttestationVerdict } from '@sigil/attestations';
import type { ImageTarget } from '@sigil/oci';
import type { Registry } from '@sigil/oci';
import { attestationReasonOf, bundleSigner, mostSignificantBundle, outcomesOf } from './bundle-checks.js';
import { bundleEvidence, type BundleEvidence, type JudgedBundle } from './bundle-evidence.js';
import { evidenceOrder } from './evidence-order.js';
import { nativeEvidenceVerifier, type EvidenceVerifier } from './evidence-verifier.js';
import { isAbsence } from './failure-fixes.js';
import type { GatePolicy } from './gate-policy.js';
import { layerAttestationKeyLog } from './key-attestation-log.js';
import { layerAttestationKeyless } from './keyless-layer.js';
import type { AttestationCheck, AttestationCheckReason } from './gate-verdict.js';
import { predicateValidator, provenanceClaims, type ProvenanceMismatch } from './predicate-policy.js';
import {
  SBOM_PREDICATE_TYPES,
  isProvenanceRequirement,
  requirementName,
  type Requirement,
} from './requirement.js';
import { SLSA_PROVENANCE_V02, SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';

type AttestationRequirement = Exclude<Requirement, { kind: 'signature' }>;
type Target = Pick<ImageTarget, 'image' | 'repo' | 'digest'>;

/**
 * Checks one attestation requirement for one digest: `sbom` passes on a verified SPDX or CycloneDX
 * attestation, `provenance` on a verified SLSA v1 provenance (naming the policy's source and builder), a
 * predicate-type URI on a verified attestation of exactly that type — by a trusted key, or keyless by a signer
 * `policy.keyless` accepts (a legacy `.att` layer with cosign's certificate, chain and Rekor bundle annotations,
 * verified as keyless `.sig` layers are), or in a Sigstore bundle referrer. Every predicate type is verified
 * against the same `.att` read (`registry` is expected to share reads; see `ReadOnceRegistry`).
 */
export async function attestationCheck(
  registry: Registry,
  target: Target,
  requirement: AttestationRequirement,
  policy: GatePolicy,
  platform?: string,
  verifier: EvidenceVerifier = nativeEvidenceVerifier,
): Promise<AttestationCheck> {
  const predicateTypes =
    requirement.kind === 'sbom'
      ? SBOM_PREDICATE_TYPES
      : [requirement.kind === 'provenance' ? SLSA_PROVENANCE_V1 : requirement.predicateType];
  const constrained = isProvenanceRequirement(requirement);
  const order = evidenceOrder(policy);
  const host = target.repo.registry;
  if (order.bundlesFirst(host)) {
    // The `.att` tag is not read (yet): it counts as empty, and is read only if the bundles do not pass.
    const unread: AttestationVerdict = {
      image: target.image,
      digest: target.digest,
      attestationRef: attestationRef(target.repo, target.digest),
      predicateType: predicateTypes[0] ?? '',
      verified: false,
      reason: 'NO_ATTESTATIONS',
      message: 'the .att tag was not read: the Sigstore bundles decided',
      layers: [],
      acceptedKeyIds: [],
      revokedSignatures: [],
    };
    const early = bundleCheck(
      await bundleEvidence(registry, target, policy),
      predicateTypes,
      policy,
      constrained,
      unread,
      {
        check: requirementName(requirement),
        digest: target.digest,
        ...(platform === undefined ? {} : { platform }),
        attestationRef: unread.attestationRef,
        predicateType: unread.predicateType,
        attestationLayers: [],
        acceptedKeyIds: [],
        revokedSignatures: [],
      },
      platform === undefined ? '' : `platform ${platform} (${target.digest}): `,
    );
    if (early?.passed === true) return early;
  }
  // One predicate type after another, stopping at the first that verifies: the `.att` reads are shared,
  // and CycloneDX is looked at only for an image without a verified SPDX document.
  const outcomes: { verdict: AttestationVerdict; mismatches: ProvenanceMismatch[] }[] = [];
  const keyless = await layerAttestationKeyless(policy);
  const keyLog = await layerAttestationKeyLog(policy);
  for (const predicateType of predicateTypes) {
    const mismatches: ProvenanceMismatch[] = [];
    const verdict = await verifier.verifyAttestations(registry, target, {
      trustedKeys: policy.signature.trustedKeys,
      revokedKeys: policy.signature.revokedKeys ?? [],
      ...(keyless === undefined ? {} : { keyless }),
      ...(keyLog === undefined ? {} : { keyLog }),
      predicateType,
      validatePredicate: predicateValidator(
        predicateType,
        constrained ? (policy.provenance ?? {}) : {},
        mismatches,
      ),
    });
    outcomes.push({ verdict, mismatches });
    if (verdict.verified) break;
  }
  const accepted = outcomes.find((outcome) => outcome.verdict.verified);
  const reported =
    accepted ??
    outcomes.find(({ verdict }) => verdict.reason === undefined || !isAbsence(verdict.reason)) ??
    outcomes[0];
  if (reported === undefined) throw new Error('attestationCheck: no predicate type to verify');
  const { verdict, mismatches } = reported;
  const name = requirementName(requirement);
  const where = platform === undefined ? '' : `platform ${platform} (${target.digest}): `;
  const evidence = {
    check: name,
    digest: target.digest,
    ...(platform === undefined ? {} : { platform }),
    attestationRef: verdict.attestationRef,
    predicateType: verdict.predicateType,
    attestationLayers: verdict.layers,
    acceptedKeyIds: verdict.acceptedKeyIds,
    revokedSignatures: verdict.revokedSignatures,
  };
  // With require-tlog a legacy attestation counts only when logged: a keyless layer verifies only at the time its
  // Rekor entry was integrated, so a verified one was logged; a key-based one when its Rekor bundle verified.
  const requireTlog =
    policy.transparency?.requireTlog === true &&
    !verdict.layers.some(
      (layer) => layer.verified && (layer.identity !== undefined || layer.logged === true),
    );
  const hadLegacy = outcomes.some(
    ({ verdict: outcome }) => outcome.reason === undefined || !isAbsence(outcome.reason),
  );
  if (verdict.verified && !requireTlog) {
    order.learn(host, target.digest, true, false);
    return {
      ...evidence,
      source: 'att-tag',
      passed: true,
      message: `${where}${verdict.message}`,
      ...(constrained ? { provenance: provenanceClaims(verdict.statement) } : {}),
    };
  }
  const bundles = await bundleEvidence(registry, target, policy);
  const fromBundles = bundleCheck(bundles, predicateTypes, policy, constrained, verdict, evidence, where);
  order.learn(host, target.digest, hadLegacy, fromBundles?.passed === true);
  const judged = bundles.bundles.length === 0 ? {} : { bundles: outcomesOf(bundles.bundles) };
  if (verdict.verified) {
    // require-tlog, and the verified `.att` layers carry no verified Rekor bundle: a Sigstore bundle may have one.
    if (fromBundles?.passed === true) return fromBundles;
    return {
      ...evidence,
      ...judged,
      passed: false,
      reason: 'TLOG_MISSING',
      message: `${where}${verdict.message}, but require-tlog is on and no attestation of the type with a verified transparency-log entry was found (an .att layer with a Rekor bundle that verifies against trusted-root, or a Sigstore bundle with a verified entry)`,
    };
  }
  if (fromBundles !== undefined) return fromBundles;
  if (bundles.error !== undefined && verdict.reason !== undefined && isAbsence(verdict.reason)) {
    return {
      ...evidence,
      ...judged,
      passed: false,
      reason: bundles.error.code === 'MANIFEST_NOT_FOUND' ? 'INTERNAL' : bundles.error.code,
      message: `${where}${verdict.message}; the Sigstore bundle referrers could not be read: ${bundles.error.message}`,
    };
  }
  const mismatch = verdict.reason === 'PREDICATE_INVALID' ? mostTelling(mismatches) : undefined;
  const reason: AttestationCheckReason = mismatch?.reason ?? verdict.reason ?? 'INTERNAL';
  const absent = isAbsence(reason);
  const detail =
    mismatch !== undefined
      ? `${verdict.predicateType}: ${mismatch.message}`
      : absent && requirement.kind === 'sbom'
        ? `no SBOM attestation (SPDX or CycloneDX) for this digest: ${verdict.message}`
        : verdict.message;
  return {
    ...evidence,
    ...judged,
    passed: false,
    reason,
    message: `${where}${detail}${absent ? `. ${howToAttest(requirement, verdict)}` : ''}`,
  };
}

/** Whether a signed statement's predicate type is `required` (SPDX also in its versioned forms, `…/v2.3`). */
function predicateTypeMatches(statementType: string, required: string): boolean {
  return (
    statementType === required ||
    (required === SPDX_PREDICATE_TYPE && statementType.startsWith(`${SPDX_PREDICATE_TYPE}/v`))
  );
}

/**
 * The check from Sigstore bundle attestations, when they decide it: the first predicate type (in the
 * requirement's order) with a verified bundle whose predicate validates passes; otherwise, when the `.att`
 * tag had nothing of the type (absent), the most significant failure among the bundles of the type.
 */
function bundleCheck(
  evidence: BundleEvidence,
  predicateTypes: readonly string[],
  policy: GatePolicy,
  constrained: boolean,
  legacy: AttestationVerdict,
  base: Omit<AttestationCheck, 'passed' | 'reason' | 'message'>,
  where: string,
): AttestationCheck | undefined {
  const { bundles, source } = evidence;
  if (bundles.length === 0 || source === undefined) return undefined;
  const judged = outcomesOf(bundles);
  const invalid: {
    bundle: JudgedBundle;
    predicateType: string;
    message: string;
    mismatch?: ProvenanceMismatch;
  }[] = [];
  for (const predicateType of predicateTypes) {
    for (const bundle of bundles) {
      const statement = bundle.statement;
      if (!bundle.outcome.verified || statement === undefined) continue;
      if (!predicateTypeMatches(statement.predicateType, predicateType)) continue;
      const mismatches: ProvenanceMismatch[] = [];
      const validation = predicateValidator(
        predicateType,
        constrained ? (policy.provenance ?? {}) : {},
        mismatches,
      )(statement.predicate);
      if (!validation.ok) {
        invalid.push({
          bundle,
          predicateType,
          message: validation.message,
          ...(mismatches[0] === undefined ? {} : { mismatch: mostTelling(mismatches) ?? mismatches[0] }),
        });
        continue;
      }
      return {
        ...base,
        source,
        bundles: judged,
        predicateType: statement.predicateType,
        acceptedKeyIds: bundle.outcome.keyId === undefined ? [] : [bundle.outcome.keyId],
        passed: true,
        message: `${where}verified ${statement.predicateType} attestation in Sigstore bundle ${bundle.outcome.manifest} (${source}) by ${bundleSigner(bundle.outcome)}`,
        ...(constrained ? { provenance: provenanceClaims(statement) } : {}),
      };
    }
  }
  const absent = legacy.reason !== undefined && isAbsence(legacy.reason);
  if (!absent) return undefined;
  const firstInvalid = invalid[0];
  if (firstInvalid !== undefined) {
    return {
      ...base,
      bundles: judged,
      passed: false,
      reason: firstInvalid.mismatch?.reason ?? 'PREDICATE_INVALID',
      message: `${where}${firstInvalid.predicateType} in Sigstore bundle ${firstInvalid.bundle.outcome.manifest}: ${firstInvalid.mismatch?.message ?? firstInvalid.message}`,
    };
  }
  const relevant = bundles.filter(
    ({ outcome }) =>
      outcome.predicateType === undefined ||
      predicateTypes.some((type) => predicateTypeMatches(outcome.predicateType ?? '', type)),
  );
  const failed = mostSignificantBundle(relevant);
  if (failed?.problem === undefined) return undefined;
  return {
    ...base,
    bundles: judged,
    passed: false,
    reason: attestationReasonOf(failed.problem),
    message: `${where}no attestation verified (.att: ${legacy.message}); Sigstore bundle ${failed.manifest}: ${failed.message}`,
  };
}

/** A wrong source says more than a wrong builder. */
function mostTelling(mismatches: readonly ProvenanceMismatch[]): ProvenanceMismatch | undefined {
  return (
    mismatches.find((mismatch) => mismatch.reason === 'PROVENANCE_SOURCE_MISMATCH') ??
    mismatches.find((mismatch) => mismatch.reason === 'PROVENANCE_BUILDER_MISMATCH')
  );
}

/** The fix for a missing attestation, in the words of the inputs and actions a user would change. */
function howToAttest(requirement: AttestationRequirement, verdict: AttestationVerdict): string {
  switch (requirement.kind) {
    case 'sbom':
      return (
        'Attest an SBOM to this digest with the attest-sbom action (SPDX or CycloneDX JSON; `cosign attest --type spdxjson` also works), ' +
        'or, if this gate should not require SBOMs, set `require` without `sbom` (e.g. `require: signature`; the default is `signature, sbom`)'
      );
    case 'provenance': {
      const legacy = verdict.layers.some(
        (layer) => (layer.statementPredicateType ?? layer.predicateType) === SLSA_PROVENANCE_V02,
      );
      return (
        'Attest SLSA v1 provenance to this digest with the attest-provenance action (or `cosign attest --type slsaprovenance1`)' +
        (legacy
          ? `; the attestations here include SLSA v0.2 provenance, which counts only when \`require\` lists ${SLSA_PROVENANCE_V02}`
          : '') +
        ', or set `require` without `provenance`'
      );
    }
    case 'attestation':
      return `Attest a ${requirement.predicateType} predicate to this digest (\`cosign attest --type ${requirement.predicateType}\`), or remove it from \`require\``;
  }
}
