export const id = 471;
export const ids = [471];
export const modules = {

/***/ 2471:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LoadedTrustedRoot: () => (/* reexport */ LoadedTrustedRoot),
  TrustedRootError: () => (/* reexport */ TrustedRootError),
  verifyBundle: () => (/* reexport */ verifyBundle),
  verifyBundleWithKey: () => (/* reexport */ verifyBundleWithKey),
  verifyLegacyKeyAttestationLog: () => (/* reexport */ verifyLegacyKeyAttestationLog),
  verifyLegacyKeylessAttestation: () => (/* reexport */ verifyLegacyKeylessAttestation),
  verifyLegacyKeylessSignature: () => (/* reexport */ verifyLegacyKeylessSignature),
  verifyRekorBundle: () => (/* reexport */ rekor_set/* verifyRekorBundle */.V1)
});

// EXTERNAL MODULE: ./packages/transparency/lib/rekor-set.js
var rekor_set = __webpack_require__(45962);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var dist = __webpack_require__(83917);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __webpack_require__(12645);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __webpack_require__(40353);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/bundle/index.js
var dist_bundle = __webpack_require__(42544);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/key/certificate.js
var certificate = __webpack_require__(38412);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/key/index.js
var dist_key = __webpack_require__(53771);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/policy.js
var dist_policy = __webpack_require__(88037);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/timestamp/index.js
var dist_timestamp = __webpack_require__(27968);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/tlog/index.js
var tlog = __webpack_require__(38218);
;// CONCATENATED MODULE: ./packages/transparency/lib/rfc3161-signature.js

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
/** The DER tag of a SET: signed attributes are signed as one, not with their `[0] IMPLICIT` tag (RFC 5652, 5.4). */
const SET = 0x31;
class TimestampSignatureError extends Error {
}
/**
 * Verifies that `timestamp` (an RFC 3161 TimeStampResp read by sigstore-js) timestamps `signature` and is signed with
 * `key`: the checks of sigstore-js's `RFC3161Timestamp.verify` — a SignedData token over a TSTInfo, whose message
 * imprint is the digest of `signature`, whose digest the signed `messageDigest` attribute holds, and the signed
 * attributes' signature with `key` — made over the token's own DER bytes. sigstore-js re-encodes the TSTInfo and the
 * signed attributes for each check, which took a fifth of a keyless verification; its reader accepts DER only
 * (minimal lengths, short tags, no indefinite length), so an element's own bytes are exactly that re-encoding: its
 * tag, its length and its content (`encoded`, checked against sigstore-js's re-encoding in the tests).
 */
function verifyTimestampSignature(timestamp, signature, key) {
    if (timestamp.contentType !== SIGNED_DATA)
        throw new TimestampSignatureError(`the token's content type is ${timestamp.contentType}, not SignedData`);
    if (timestamp.eContentType !== TST_INFO)
        throw new TimestampSignatureError(`the token encapsulates ${timestamp.eContentType}, not a TSTInfo`);
    const tstInfo = timestamp.tstInfo;
    // The message imprint: the digest of the signature this timestamp is about.
    tstInfo.verify(signature);
    const digestAlgorithm = timestamp.signerDigestAlgorithm;
    if (digestAlgorithm === undefined)
        throw new TimestampSignatureError('the token names a digest algorithm sigstore does not use');
    const attributes = signedAttributes(timestamp.root);
    const signedDigest = attributes.subs.find((attribute) => attribute.subs[0]?.tag.isOID() === true && attribute.subs[0].toOID() === MESSAGE_DIGEST)?.subs[1]?.subs[0]?.value;
    const tstInfoDigest = (0,external_node_crypto_.createHash)(digestAlgorithm).update(encoded(tstInfo.root)).digest();
    if (signedDigest === undefined ||
        signedDigest.length !== tstInfoDigest.length ||
        !(0,external_node_crypto_.timingSafeEqual)(signedDigest, tstInfoDigest))
        throw new TimestampSignatureError('the signed message digest is not the digest of the TSTInfo');
    const signed = encoded(attributes, SET);
    // As sigstore-js: the digest its ECDSA table names, else (an RSA TSA, say) the key type's default, SHA-256.
    // The algorithm identifier is not signed; the key and the signature decide.
    const valid = verifies(timestamp.signatureAlgorithm, signed, key, timestamp.signatureValue);
    if (!valid)
        throw new TimestampSignatureError("the token's signature does not verify");
}
/** node:crypto's verdict, a signature it cannot even read (wrong length, another key type) being false. */
function verifies(algorithm, data, key, signature) {
    try {
        return (0,external_node_crypto_.verify)(algorithm, data, key, signature);
    }
    catch {
        return false;
    }
}
/** The signed attributes (`[0]`) of the token's one SignerInfo, found as sigstore-js finds them. */
function signedAttributes(root) {
    const token = root.subs[1];
    const signedData = token?.subs.find((sub) => sub.tag.isContextSpecific(0))?.subs[0];
    const signerInfo = signedData?.subs[signedData.subs.length - 1]?.subs[0];
    const attributes = signerInfo?.subs.find((sub) => sub.tag.isContextSpecific(0));
    if (attributes === undefined)
        throw new TimestampSignatureError('the token has no signed attributes');
    return attributes;
}
/** An element's DER encoding (with another tag when `tag` is given): its tag, its length, then its content. */
function encoded(element, tag = element.tag.toDER()) {
    const length = element.value.length;
    const lengthBytes = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
        lengthBytes.unshift(rest % 256);
    const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
    return Buffer.concat([Buffer.from(header), element.value]);
}
;// CONCATENATED MODULE: ./packages/transparency/lib/keyless-verification.js


// sigstore-js's verification steps, composed here with a cache of verified certificates (its `Verifier` checks a
// certificate's chain and SCTs again for every bundle). @sigstore/verify is pinned: these are deep imports.






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
class KeylessVerification {
    #trust;
    #verified = new Map();
    #authorities = new Map();
    constructor(trust) {
        this.#trust = trust;
    }
    verify(entity, thresholds, policy) {
        const times = this.#signingTimes(entity, thresholds.timestampThreshold);
        const signer = this.#certificate(entity, times, thresholds.ctlogThreshold);
        let entries = 0;
        for (const entry of entity.tlogEntries) {
            (0,tlog.verifyTLogInclusion)(entry, this.#trust.tlogs);
            (0,tlog.verifyTLogBody)(entry, entity.signature);
            entries += 1;
        }
        if (entries < thresholds.tlogThreshold)
            throw new verify_dist/* VerificationError */.mk({
                code: 'TLOG_ERROR',
                message: `${entries} transparency-log entries, ${thresholds.tlogThreshold} required`,
            });
        if (!entity.signature.verifySignature(signer.key))
            throw new verify_dist/* VerificationError */.mk({ code: 'SIGNATURE_ERROR', message: 'the signature does not verify' });
        if (policy?.subjectAlternativeName !== undefined)
            (0,dist_policy.verifySubjectAlternativeName)(policy.subjectAlternativeName, signer.identity?.subjectAlternativeName);
        if (policy?.extensions !== undefined)
            (0,dist_policy.verifyExtensions)(policy.extensions, signer.identity?.extensions);
        return signer;
    }
    /** The verified signing times: one per RFC 3161 timestamp (each must verify) and per log entry's integrated time. */
    #signingTimes(entity, threshold) {
        const seen = new Set();
        const times = [];
        for (const timestamp of entity.timestamps) {
            const result = timestamp.$case === 'timestamp-authority'
                ? this.#authorityTimestamp(timestamp.timestamp, entity.signature.signature)
                : (0,dist_timestamp.getTLogTimestamp)(timestamp.tlogEntry);
            if (result === undefined)
                continue;
            const key = `${result.type}:${result.logID.toString('hex')}:${result.timestamp.getTime()}`;
            if (seen.has(key))
                throw new verify_dist/* VerificationError */.mk({ code: 'TIMESTAMP_ERROR', message: 'a timestamp is given twice' });
            seen.add(key);
            times.push(result.timestamp);
        }
        if (times.length < threshold)
            throw new verify_dist/* VerificationError */.mk({
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
    #authorityTimestamp(timestamp, signature) {
        const at = timestamp.signingTime;
        for (const authority of this.#trust.timestampAuthorities) {
            const leaf = authority.certChain[0];
            if (leaf === undefined ||
                authority.validFor.start > at ||
                authority.validFor.end < at ||
                !leaf.serialNumber.equals(timestamp.signerSerialNumber) ||
                !leaf.issuer.equals(timestamp.signerIssuer))
                continue;
            try {
                verifyTimestampSignature(timestamp, signature, this.#authority(authority, at).key);
                return { type: 'timestamp-authority', logID: timestamp.signerSerialNumber, timestamp: at };
            }
            catch {
                // Another authority with the same signer may verify it.
            }
        }
        throw new verify_dist/* VerificationError */.mk({ code: 'TIMESTAMP_ERROR', message: 'timestamp could not be verified' });
    }
    #authority(authority, at) {
        let verified = this.#authorities.get(authority);
        if (verified === undefined || at.getTime() < verified.from || at.getTime() > verified.to) {
            const [leaf, ...issuers] = authority.certChain;
            if (leaf === undefined)
                throw new verify_dist/* VerificationError */.mk({ code: 'TIMESTAMP_ERROR', message: 'no certificate' });
            const path = new certificate.CertificateChainVerifier({
                untrustedCert: leaf,
                trustedCerts: issuers,
                timestamp: at,
            }).verify();
            verified = {
                key: (0,external_node_crypto_.createPublicKey)({ key: leaf.publicKey, format: 'der', type: 'spki' }),
                from: Math.max(...path.map((certificate) => certificate.notBefore.getTime())),
                to: Math.min(...path.map((certificate) => certificate.notAfter.getTime())),
            };
            this.#authorities.set(authority, verified);
        }
        return verified;
    }
    #certificate(entity, times, ctlogThreshold) {
        const { key } = entity;
        if (key.$case !== 'certificate')
            throw new verify_dist/* VerificationError */.mk({
                code: 'CERTIFICATE_ERROR',
                message: 'the bundle is not signed with a certificate',
            });
        const leaf = key.certificate;
        // The certificate's DER content as parsed (re-encoding it would cost more than the lookup saves).
        const id = Buffer.from(leaf.root.value).toString('base64');
        let verified = this.#verified.get(id);
        const inside = (entry) => times.every((time) => time.getTime() >= entry.from && time.getTime() <= entry.to);
        if (verified === undefined || !inside(verified)) {
            const result = (0,dist_key.verifyCertificate)(leaf, [...times], this.#trust);
            verified = { signer: result.signer, scts: result.scts.length, ...this.#validity(leaf, times) };
            this.#verified.set(id, verified);
        }
        if (verified.scts < ctlogThreshold)
            throw new verify_dist/* VerificationError */.mk({
                code: 'CERTIFICATE_ERROR',
                message: `${verified.scts} verified SCTs, ${ctlogThreshold} required`,
            });
        return verified.signer;
    }
    /**
     * When a chain that verified at `times` is valid: the intersection of the validity of every certificate of its
     * path and of the CA the path ends in (a chain is built the same way at any time; only validity depends on it).
     */
    #validity(leaf, times) {
        const at = times[0];
        const path = (0,certificate.verifyCertificateChain)(at, leaf, this.#trust.certificateAuthorities);
        const last = path[path.length - 1];
        const authority = this.#trust.certificateAuthorities.find((candidate) => candidate.validFor.start <= at &&
            candidate.validFor.end >= at &&
            candidate.certChain.some((certificate) => certificate === last || certificate.equals(last)));
        if (authority === undefined)
            return { from: at.getTime(), to: at.getTime() };
        return {
            from: Math.max(authority.validFor.start.getTime(), ...path.map((certificate) => certificate.notBefore.getTime())),
            to: Math.min(authority.validFor.end.getTime(), ...path.map((certificate) => certificate.notAfter.getTime())),
        };
    }
}
;// CONCATENATED MODULE: ./packages/transparency/lib/inclusion-proof.js

/**
 * An inclusion proof's own root hash and tree size must be those of its signed checkpoint: sigstore-js proves
 * inclusion against the checkpoint and ignores the proof's copies, which a strict reader does not leave
 * unchecked. Applied to every log entry of every bundle, keyless or signed with a key.
 */
function proofsMatchCheckpoints(entity) {
    for (const entry of entity.tlogEntries) {
        const proof = entry.inclusionProof;
        if (proof?.checkpoint === undefined)
            continue;
        const [, size, root] = proof.checkpoint.envelope.split('\n');
        const rootHash = root === undefined ? undefined : Buffer.from(root, 'base64');
        if (size !== proof.treeSize || rootHash === undefined || !rootHash.equals(Buffer.from(proof.rootHash))) {
            throw new verify_dist/* VerificationError */.mk({
                code: 'TLOG_INCLUSION_PROOF_ERROR',
                message: "the inclusion proof's root hash or tree size is not its checkpoint's",
            });
        }
    }
}
;// CONCATENATED MODULE: ./packages/transparency/lib/bundle-verifier.js







// @sigstore/verify is pinned: a deep import, as in keyless-verification.ts.



class BundleInputError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
/**
 * Verifies a bundle signed with `publicKey` (cosign `verify-blob --bundle --key`); the bundle's key hint is
 * not trusted. The gate verifies cosign v3's bundle referrers with it, once per trusted and revoked key.
 */
function verifyBundleWithKey(input) {
    const keyFinder = () => ({ publicKey: input.publicKey.keyObject, validFor: () => true });
    return runVerification(input, keyFinder, undefined, { keyId: input.publicKey.id });
}
/** Verifies a keyless (certificate) bundle against the trusted root, optionally requiring an identity. */
function verifyBundle(input) {
    const expected = input.identity;
    // sigstore-js reads a policy subject as an unanchored regular expression (`san.match(subject)`): an
    // exact identity is given as an anchored, escaped pattern, and compared exactly once verified.
    const policy = {
        ...(expected?.subjectAlternativeName === undefined
            ? {}
            : { subjectAlternativeName: exactPattern(expected.subjectAlternativeName) }),
        ...(expected?.issuer === undefined ? {} : { extensions: { issuer: expected.issuer } }),
    };
    const verdict = runVerification(input, undefined, policy, {});
    if (!verdict.ok || expected === undefined)
        return verdict;
    const { subjectAlternativeName, issuer } = verdict.signer;
    if ((expected.subjectAlternativeName !== undefined &&
        subjectAlternativeName !== expected.subjectAlternativeName) ||
        (expected.issuer !== undefined && issuer !== expected.issuer)) {
        return {
            ok: false,
            reason: 'IDENTITY_MISMATCH',
            message: `the certificate names ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}, not ${JSON.stringify(expected.subjectAlternativeName ?? null)} from ${JSON.stringify(expected.issuer ?? null)}`,
        };
    }
    return verdict;
}
const FULCIO_ARC = '1.3.6.1.4.1.57264.1.';
/** Per verified certificate (its signer is remembered by the keyless verification, and so its extensions). */
const extensionsRead = new WeakMap();
function knownFulcioExtensions(oids) {
    let found = extensionsRead.get(oids);
    if (found === undefined) {
        found = Object.freeze(fulcioExtensions(oids));
        extensionsRead.set(oids, found);
    }
    return found;
}
/** Fulcio's extensions of a verified certificate, as text (see `BundleSigner.fulcioExtensions`). */
function fulcioExtensions(oids) {
    const found = {};
    for (const { oid, value } of oids) {
        const dotted = oid?.id.join('.');
        if (dotted === undefined || !dotted.startsWith(FULCIO_ARC))
            continue;
        const arc = Number(dotted.slice(FULCIO_ARC.length));
        const text = arc <= 6 ? Buffer.from(value).toString('utf8') : derUtf8String(value);
        if (text !== undefined)
            found[dotted] = text;
    }
    return found;
}
/** The text of a DER UTF8String (tag 12), or undefined when the bytes are not exactly one. */
function derUtf8String(bytes) {
    if (bytes.length < 2 || bytes[0] !== 0x0c)
        return undefined;
    let length = bytes[1];
    let offset = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        if (count === 0 || count > 3 || bytes.length < 2 + count)
            return undefined;
        length = 0;
        for (let index = 0; index < count; index++)
            length = length * 256 + bytes[2 + index];
        offset = 2 + count;
    }
    if (offset + length !== bytes.length)
        return undefined;
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(offset));
    }
    catch {
        return undefined;
    }
}
function exactPattern(text) {
    return `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}
function runVerification(input, keyFinder, policy, signerBase) {
    return withoutStackTraces(() => verifyOnce(input, keyFinder, policy, signerBase));
}
/**
 * Runs `verify` (synchronous) capturing no stack trace for the errors thrown meanwhile. sigstore-js's ASN.1 reader
 * tries every OCTET STRING as nested DER and throws and catches an error wherever it is not, several times per
 * certificate and timestamp: capturing their stacks took a fifth of a keyless verification. Its failures are
 * reported by message, so nothing is lost; the limit is back before anything else runs.
 */
function withoutStackTraces(verify) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return verify();
    }
    finally {
        Error.stackTraceLimit = limit;
    }
}
function verifyOnce(input, keyFinder, policy, signerBase) {
    try {
        const bundle = readBundle(input.bundle);
        const entity = signedEntity(bundle, input.artifact);
        proofsMatchCheckpoints(entity);
        const thresholds = {
            tlogThreshold: input.tlogThreshold ?? 1,
            timestampThreshold: input.timestampThreshold ?? 1,
            ctlogThreshold: input.ctlogThreshold ?? 1,
        };
        // Keyless against a loaded root: its trust material is built once, and each certificate chained once.
        const signer = keyFinder === undefined && input.trustedRoot instanceof LoadedTrustedRoot
            ? input.trustedRoot.keylessVerification().verify(entity, thresholds, policy)
            : new verify_dist/* Verifier */.BL(readTrustMaterial(input.trustedRoot, keyFinder), thresholds).verify(entity, policy);
        const subject = expectedSubject(input);
        if (subject !== undefined && (0,bundle_dist.isBundleWithDsseEnvelope)(bundle))
            checkStatementSubject(bundle, subject);
        const identity = signer.identity;
        return {
            ok: true,
            signer: {
                ...signerBase,
                ...(identity?.subjectAlternativeName === undefined
                    ? {}
                    : { subjectAlternativeName: identity.subjectAlternativeName }),
                ...(identity?.extensions?.issuer === undefined ? {} : { issuer: identity.extensions.issuer }),
                ...(identity?.oids === undefined ? {} : { fulcioExtensions: knownFulcioExtensions(identity.oids) }),
            },
        };
    }
    catch (error) {
        return { ok: false, ...describeFailure(error) };
    }
}
function readBundle(value) {
    try {
        return (0,bundle_dist.bundleFromJSON)(typeof value === 'string' ? JSON.parse(value) : value);
    }
    catch (cause) {
        throw new BundleInputError('BUNDLE_INVALID', `not a valid Sigstore bundle: ${(0,lib/* messageOf */.bD)(cause)}`);
    }
}
/** A trusted root read once: its logs, CAs and TSAs, for verifying any number of bundles. */
class LoadedTrustedRoot {
    root;
    counts;
    constructor(
    /** @internal */ root, 
    /** How many transparency logs, certificate authorities, CT logs and timestamp authorities it trusts. */
    counts) {
        this.root = root;
        this.counts = counts;
    }
    /** Every certificate of every CA chain, parsed once (the gate asks `issues` for each keyless bundle). */
    #authorityCertificates;
    /**
     * The keys of this root's transparency logs sigil can verify with (ECDSA and RSA; not Ed25519, which only
     * Rekor v2 logs use and cosign's Rekor bundles never name), each identified by its log ID (`PublicKey.id`
     * is the sha256 of the key, as Rekor's log ID is).
     */
    rekorKeys() {
        this.#rekorKeys ??= this.root.tlogs.flatMap((log) => {
            const raw = log.publicKey?.rawBytes;
            if (raw === undefined)
                return [];
            try {
                return [
                    (0,keys_lib/* publicKeyFromKeyObject */.zp)((0,external_node_crypto_.createPublicKey)({ key: Buffer.from(raw), format: 'der', type: 'spki' })),
                ];
            }
            catch {
                return [];
            }
        });
        return [...this.#rekorKeys];
    }
    /** @internal Keyless verification against this root, with its trust material built once (`verifyBundle`). */
    keylessVerification() {
        this.#keyless ??= new KeylessVerification((0,verify_dist/* toTrustMaterial */.jO)(this.root));
        return this.#keyless;
    }
    #keyless;
    /** The Rekor keys, read once (every keyless `.sig` layer's Rekor bundle is checked against them). */
    #rekorKeys;
    /**
     * Whether a certificate authority of this root issued `certificate` (DER): some certificate of some CA's chain
     * is its issuer and its signature verifies with that certificate's key. Validity in time, the rest of the
     * chain and the SCTs are sigstore-js's to check; this tells a foreign certificate apart from the rest.
     */
    issues(certificate) {
        const id = Buffer.from(certificate).toString('base64');
        let issued = this.#issued.get(id);
        if (issued === undefined) {
            issued = this.#issues(certificate);
            this.#issued.set(id, issued);
        }
        return issued;
    }
    /** `issues`' answers by certificate (a job signs every image with one). */
    #issued = new Map();
    #issues(certificate) {
        let leaf;
        try {
            leaf = new external_node_crypto_.X509Certificate(certificate);
        }
        catch {
            return false;
        }
        this.#authorityCertificates ??= this.root.certificateAuthorities.flatMap((authority) => (authority.certChain?.certificates ?? []).flatMap(({ rawBytes }) => {
            try {
                return [new external_node_crypto_.X509Certificate(rawBytes)];
            }
            catch {
                return [];
            }
        }));
        return this.#authorityCertificates.some((ca) => {
            try {
                return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
            }
            catch {
                return false;
            }
        });
    }
    /**
     * Reads a `trusted_root.json` document (text or parsed JSON); sigstore-js must be able to build its trust
     * material (every key and certificate parses). Throws `TrustedRootError` naming what is wrong.
     */
    static load(value) {
        let root;
        try {
            const json = typeof value === 'string' ? JSON.parse(value) : value;
            const mediaType = json?.mediaType;
            if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
                throw new Error(`its mediaType is ${JSON.stringify(mediaType ?? null)}, not application/vnd.dev.sigstore.trustedroot+json;version=0.1 (or a later 0.x)`);
            }
            root = protobuf_specs_dist.TrustedRoot.fromJSON(json);
            (0,verify_dist/* toTrustMaterial */.jO)(root, () => {
                throw new Error('no key');
            });
        }
        catch (cause) {
            throw new TrustedRootError(`the trusted root cannot be read: ${(0,lib/* messageOf */.bD)(cause)}`);
        }
        return new LoadedTrustedRoot(root, {
            tlogs: root.tlogs.length,
            certificateAuthorities: root.certificateAuthorities.length,
            ctlogs: root.ctlogs.length,
            timestampAuthorities: root.timestampAuthorities.length,
        });
    }
}
const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v0\.\d+)?\+json(;version=0\.\d+)?$/;
/** A trusted root that cannot be read (`LoadedTrustedRoot.load`). */
class TrustedRootError extends Error {
}
function readTrustMaterial(value, keyFinder) {
    try {
        if (value instanceof LoadedTrustedRoot)
            return (0,verify_dist/* toTrustMaterial */.jO)(value.root, keyFinder);
        const root = protobuf_specs_dist.TrustedRoot.fromJSON(typeof value === 'string' ? JSON.parse(value) : value);
        return (0,verify_dist/* toTrustMaterial */.jO)(root, keyFinder);
    }
    catch (cause) {
        throw new BundleInputError('TRUSTED_ROOT_INVALID', `the trusted root cannot be read: ${(0,lib/* messageOf */.bD)(cause)}`);
    }
}
function signedEntity(bundle, artifact) {
    if (bundle.content.$case === 'messageSignature' && artifact === undefined) {
        throw new BundleInputError('ARTIFACT_MISSING', 'the bundle signs an artifact (message signature); none was given');
    }
    try {
        return toEntity(bundle, artifact === undefined ? undefined : Buffer.from(artifact));
    }
    catch (cause) {
        throw new BundleInputError('BUNDLE_INVALID', `the bundle's content cannot be read: ${(0,lib/* messageOf */.bD)(cause)}`);
    }
}
/** The hex sha256 a statement subject must carry: the artifact's, else the given subject digest. */
function expectedSubject(input) {
    if (input.artifact !== undefined)
        return (0,external_node_crypto_.createHash)('sha256').update(input.artifact).digest('hex');
    if (input.subjectDigest === undefined)
        return undefined;
    const match = /^sha256:([0-9a-f]{64})$/.exec(input.subjectDigest);
    if (match === null)
        throw new BundleInputError('SUBJECT_MISMATCH', 'subjectDigest is not a sha256:<hex> digest');
    return match[1];
}
/** The digest must be a subject of the signed in-toto statement (only read after the signature verified). */
function checkStatementSubject(bundle, digest) {
    let subjects;
    try {
        subjects = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8')).subject;
    }
    catch {
        throw new BundleInputError('SUBJECT_MISMATCH', 'the signed DSSE payload is not a JSON in-toto statement');
    }
    const named = Array.isArray(subjects) &&
        subjects.some((subject) => subject?.digest?.sha256 === digest);
    if (!named) {
        throw new BundleInputError('SUBJECT_MISMATCH', `no subject of the signed statement has the sha256 ${digest}`);
    }
}
function describeFailure(error) {
    if (error instanceof BundleInputError)
        return { reason: error.reason, message: error.message };
    if (error instanceof verify_dist/* PolicyError */.pn)
        return { reason: 'IDENTITY_MISMATCH', message: `${error.code}: ${error.message}` };
    if (error instanceof verify_dist/* VerificationError */.mk) {
        return { reason: reasonOfVerificationCode(error.code), message: `${error.code}: ${error.message}` };
    }
    throw error;
}
function reasonOfVerificationCode(code) {
    switch (code) {
        case 'PUBLIC_KEY_ERROR':
            return 'KEY_NOT_TRUSTED';
        case 'CERTIFICATE_ERROR':
            return 'CERTIFICATE';
        case 'SIGNATURE_ERROR':
            return 'SIGNATURE';
        case 'TIMESTAMP_ERROR':
            return 'TIMESTAMP';
        case 'NOT_IMPLEMENTED_ERROR':
            return 'UNSUPPORTED';
        default:
            return 'TLOG';
    }
}
/**
 * What sigstore-js's `toSignedEntity` makes of a bundle — its signature, key (hint) or certificate, log entries, and
 * the timestamps to verify (each log entry with an integrated time, each RFC 3161 timestamp) — with the signing
 * certificate parsed once per certificate: a job signs every image with one, and parsing it was a tenth of a keyless
 * verification.
 */
function toEntity(bundle, artifact) {
    const { tlogEntries, timestampVerificationData, content } = bundle.verificationMaterial;
    const timestamps = [];
    for (const entry of tlogEntries) {
        if (entry.integratedTime && entry.integratedTime !== '0')
            timestamps.push({ $case: 'transparency-log', tlogEntry: entry });
    }
    for (const timestamp of timestampVerificationData?.rfc3161Timestamps ?? []) {
        timestamps.push({
            $case: 'timestamp-authority',
            timestamp: dist.RFC3161Timestamp.parse(Buffer.from(timestamp.signedTimestamp)),
        });
    }
    const key = content.$case === 'publicKey'
        ? { $case: 'public-key', hint: content.publicKey.hint }
        : {
            $case: 'certificate',
            certificate: parsedCertificate(content.$case === 'certificate'
                ? content.certificate.rawBytes
                : content.x509CertificateChain.certificates[0]?.rawBytes),
        };
    return { signature: (0,dist_bundle.signatureContent)(bundle, artifact), key, tlogEntries, timestamps };
}
const PARSED_CERTIFICATES_KEPT = 64;
/** Signing certificates by their DER (base64), oldest first; bounded, for long-running callers. */
const parsedCertificates = new Map();
function parsedCertificate(der) {
    if (der === undefined)
        throw new Error('the certificate chain is empty');
    const id = der.toString('base64');
    let certificate = parsedCertificates.get(id);
    if (certificate === undefined) {
        certificate = dist.X509Certificate.parse(Buffer.from(der));
        if (parsedCertificates.size >= PARSED_CERTIFICATES_KEPT) {
            const oldest = parsedCertificates.keys().next().value;
            if (oldest !== undefined)
                parsedCertificates.delete(oldest);
        }
        parsedCertificates.set(id, certificate);
    }
    return certificate;
}
;// CONCATENATED MODULE: ./packages/transparency/lib/legacy-keyless.js





/**
 * Sigstore bundle v0.1: the version whose log entries may carry only an inclusion promise (a SET), which is all
 * cosign's Rekor bundle annotation holds (v0.2 on require an inclusion proof).
 */
const BUNDLE_V01_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
/**
 * Verifies a keyless `.sig` layer as cosign does, by reading it as the Sigstore bundle v0.1 it amounts to (a
 * message signature over the payload, the certificate chain, one `hashedrekord` entry with its inclusion
 * promise) and verifying that with sigstore-js (`verifyBundle`): the leaf must chain to a certificate authority
 * of `trustedRoot` at the time Rekor integrated the entry (the layer's chain annotation adds no trust: only the
 * leaf is read from the bundle), carry an SCT of one of its CT logs, the SET must verify with one of its logs,
 * the logged entry must be this signature over this payload, and the signature must verify with the leaf's key.
 * Before that the Rekor bundle is checked as cosign's `VerifyBundle` does (`verifyRekorBundle`): besides the SET,
 * the logged entry must name this certificate's key, which sigstore-js does not compare.
 *
 * Without a Rekor bundle there is no verified time for the short-lived certificate, so no such signature verifies
 * (`TIMESTAMP`, as sigstore-js says of a bundle with neither entry nor timestamp); `tlogThreshold` (default 1)
 * only says how that is reported (`TLOG` when an entry is required).
 */
function verifyLegacyKeylessSignature(input) {
    return verifyRebuilt(legacyKeylessBundle(input, input.trustedRoot), input.payload, input);
}
/**
 * Verifies a keyless `.att` layer (`cosign attest`, v2 and v3 in the legacy format) the same way, as the bundle v0.1
 * it amounts to: the DSSE envelope, the certificate chain, and the Rekor entry of cosign's bundle annotation — a
 * `dsse` 0.0.1 entry (cosign's default `--rekor-entry-type`) or an `intoto` 0.0.2 one — with its inclusion promise.
 * sigstore-js verifies the chain at the time Rekor integrated the entry, the SCT, the SET, that the entry logs this
 * envelope's signature and payload hash, and the signature over DSSE's pre-authentication encoding. Before that the
 * entry must name this certificate's key (its one logged verifier), which sigstore-js does not compare. What the
 * statement says (subject, predicate) is the caller's to check once this verified.
 */
function verifyLegacyKeylessAttestation(input) {
    return verifyRebuilt(legacyAttestationBundle(input), undefined, input);
}
/**
 * Verifies the Rekor entry of a key-based `.att` layer (cosign `attest --key` with a transparency log) as the
 * Sigstore bundle v0.1 the layer amounts to, as keyless layers are: the logged entry (`dsse` 0.0.1 or `intoto`
 * 0.0.2) must name `publicKey` as its one verifier; sigstore-js then verifies the SET with a log of `trustedRoot`,
 * that the entry logs this envelope's signature and payload, and the signature with `publicKey`. A verified layer
 * counts as logged (verify-gate `require-tlog`).
 */
function verifyLegacyKeyAttestationLog(input) {
    const logged = loggedAttestationEntry(input.rekorBundle, input.publicKey.keyObject);
    if (!logged.ok)
        return logged;
    const signature = (0,lib/* decodeBase64Strict */.Fm)(input.envelope.signature);
    if (signature === undefined || signature.length === 0)
        return failure('SIGNATURE', 'the signature is not base64');
    const verdict = verifyBundleWithKey({
        bundle: {
            mediaType: BUNDLE_V01_MEDIA_TYPE,
            verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [logged.tlogEntry] },
            dsseEnvelope: dsseEnvelopeJson(input.envelope, signature),
        },
        trustedRoot: input.trustedRoot,
        publicKey: input.publicKey,
        tlogThreshold: 1,
        timestampThreshold: 1,
    });
    return verdict.ok ? { ...verdict, entry: logged.entry } : verdict;
}
function verifyRebuilt(read, artifact, { trustedRoot, tlogThreshold }) {
    if (!read.ok)
        return read;
    const verdict = verifyBundle({
        bundle: read.bundle,
        ...(artifact === undefined ? {} : { artifact }),
        trustedRoot,
        tlogThreshold: tlogThreshold ?? 1,
        timestampThreshold: 1,
        ctlogThreshold: 1,
    });
    if (!verdict.ok || read.entry === undefined)
        return verdict;
    return { ...verdict, entry: read.entry };
}
function keylessMaterial(layer) {
    const leaf = certificates(layer.certificate, 'dev.sigstore.cosign/certificate');
    if (!leaf.ok)
        return leaf;
    const [certificate] = leaf.certificates;
    if (certificate === undefined || leaf.certificates.length !== 1) {
        return failure('CERTIFICATE', 'the certificate annotation holds more than one certificate');
    }
    // cosign v3 writes an empty chain annotation (its certificate comes from Fulcio without the chain).
    const chain = layer.chain === undefined || layer.chain.trim() === ''
        ? { ok: true, certificates: [] }
        : certificates(layer.chain, 'dev.sigstore.cosign/chain');
    if (!chain.ok)
        return chain;
    const signature = (0,lib/* decodeBase64Strict */.Fm)(layer.signature);
    if (signature === undefined || signature.length === 0)
        return failure('SIGNATURE', 'the signature is not base64');
    return {
        ok: true,
        certificate,
        signature,
        material: {
            x509CertificateChain: {
                certificates: [certificate, ...chain.certificates].map((der) => ({ rawBytes: base64(der) })),
            },
            tlogEntries: [],
        },
    };
}
/** The `.sig` layer as a Sigstore bundle v0.1 (protobuf JSON), once its Rekor bundle matched it (see above). */
function legacyKeylessBundle(layer, trustedRoot) {
    const read = keylessMaterial(layer);
    if (!read.ok)
        return read;
    const { certificate, signature, material } = read;
    let entry;
    if (layer.rekorBundle !== undefined) {
        const signerKey = keyOf(certificate);
        if (signerKey === undefined)
            return failure('CERTIFICATE', 'the certificate holds a key of an algorithm sigil does not verify');
        const logged = (0,rekor_set/* verifyRekorBundle */.V1)({
            bundle: layer.rekorBundle,
            rekorKeys: trustedRoot.rekorKeys(),
            payload: layer.payload,
            signature: layer.signature,
            signerKey,
        });
        if (!logged.ok) {
            return failure('TLOG', `the Rekor bundle does not verify against the trusted root: ${logged.message}`);
        }
        const read = readRekorBundle(layer.rekorBundle);
        if (!read.ok)
            return read;
        material.tlogEntries.push(tlogEntry(read.bundle, { kind: 'hashedrekord', version: '0.0.1' }));
        entry = { logIndex: logged.logIndex, integratedTime: logged.integratedTime };
    }
    return {
        ok: true,
        bundle: {
            mediaType: BUNDLE_V01_MEDIA_TYPE,
            verificationMaterial: material,
            messageSignature: {
                messageDigest: {
                    algorithm: 'SHA2_256',
                    digest: (0,external_node_crypto_.createHash)('sha256').update(layer.payload).digest('base64'),
                },
                signature: base64(signature),
            },
        },
        ...(entry === undefined ? {} : { entry }),
    };
}
/**
 * The `.att` layer as a Sigstore bundle v0.1 with its DSSE envelope, once its Rekor entry was read and found to
 * name this certificate's key; the SET, the logged signature and payload hash are sigstore-js's to verify.
 */
function legacyAttestationBundle(layer) {
    const { envelope } = layer;
    const read = keylessMaterial({ ...layer, signature: envelope.signature });
    if (!read.ok)
        return read;
    const { certificate, signature, material } = read;
    let entry;
    if (layer.rekorBundle !== undefined) {
        const logged = loggedAttestationEntry(layer.rekorBundle, new external_node_crypto_.X509Certificate(certificate).publicKey);
        if (!logged.ok)
            return logged;
        material.tlogEntries.push(logged.tlogEntry);
        entry = logged.entry;
    }
    return {
        ok: true,
        bundle: {
            mediaType: BUNDLE_V01_MEDIA_TYPE,
            verificationMaterial: material,
            dsseEnvelope: dsseEnvelopeJson(envelope, signature),
        },
        ...(entry === undefined ? {} : { entry }),
    };
}
/**
 * An `.att` layer's Rekor bundle (cosign's annotation) as a bundle's log entry, once its logged entry names
 * `signerKey` as its one verifier (see `loggedEnvelopeEntry`); with the entry's index and integrated time.
 */
function loggedAttestationEntry(rekorBundle, signerKey) {
    const read = readRekorBundle(rekorBundle);
    if (!read.ok)
        return read;
    const logged = loggedEnvelopeEntry(read.bundle.body, signerKey);
    if (!logged.ok)
        return logged;
    return {
        ok: true,
        tlogEntry: tlogEntry(read.bundle, logged.kindVersion),
        entry: { logIndex: read.bundle.logIndex, integratedTime: read.bundle.integratedTime },
    };
}
/** A layer's DSSE envelope (its one signature) as a bundle's `dsseEnvelope` (protobuf JSON). */
function dsseEnvelopeJson(envelope, signature) {
    return {
        payload: base64(envelope.payload),
        payloadType: envelope.payloadType,
        signatures: [{ sig: base64(signature), keyid: '' }],
    };
}
/** cosign's Rekor bundle annotation, read strictly; one that is not is `TLOG` (an entry that does not verify). */
function readRekorBundle(text) {
    const read = (0,rekor_set/* readCosignRekorBundle */.DD)(text);
    return read.ok
        ? read
        : failure('TLOG', `the Rekor bundle (dev.sigstore.cosign/bundle) is not cosign's: ${read.message}`);
}
/**
 * The logged entry of an `.att` layer: a Rekor `dsse` 0.0.1 entry (`spec.signatures[].verifier`) or an `intoto`
 * 0.0.2 one (`spec.content.envelope.signatures[].publicKey`), each base64 of a PEM certificate or key. It must log
 * one signature, by the signer's key: the certificate's (as cosign compares the logged key with the certificate's),
 * or the trusted key that verified a key-based layer.
 */
function loggedEnvelopeEntry(body, signerKey) {
    const bytes = (0,lib/* decodeBase64Strict */.Fm)(body);
    const parsed = bytes === undefined ? undefined : (0,lib/* parseStrictJsonBytes */.ml)(bytes);
    const entry = parsed?.ok === true ? objectOf(parsed.value) : undefined;
    if (entry === undefined)
        return failure('TLOG', 'the Rekor bundle does not hold a JSON Rekor entry');
    const kind = entry.get('kind');
    const version = entry.get('apiVersion');
    const spec = objectOf(entry.get('spec'));
    let loggedKeys;
    if (kind === 'dsse' && version === '0.0.1') {
        loggedKeys = arrayOf(spec?.get('signatures')).map((signature) => objectOf(signature)?.get('verifier'));
    }
    else if (kind === 'intoto' && version === '0.0.2') {
        const envelope = objectOf(objectOf(spec?.get('content'))?.get('envelope'));
        loggedKeys = arrayOf(envelope?.get('signatures')).map((signature) => objectOf(signature)?.get('publicKey'));
    }
    else {
        return failure('TLOG', `the Rekor entry is a ${JSON.stringify(kind ?? null)} ${JSON.stringify(version ?? null)} entry, not a dsse 0.0.1 or intoto 0.0.2 entry of a DSSE envelope`);
    }
    const [logged] = loggedKeys;
    if (loggedKeys.length !== 1 || logged === undefined)
        return failure('TLOG', `the Rekor entry logs ${loggedKeys.length} signatures, not the envelope's one`);
    const key = typeof logged === 'string' ? (0,rekor_set/* readLoggedKey */.i5)(logged) : undefined;
    if (key === undefined || !key.ok)
        return failure('TLOG', 'the logged key is not base64 of a PEM certificate or key');
    if (!key.key.equals(signerKey))
        return failure('TLOG', 'the logged entry was signed by another key');
    return { ok: true, kindVersion: { kind, version } };
}
/**
 * The bundle's log entry from cosign's Rekor bundle: the SET, the canonicalized body (of `kindVersion`), the log's
 * ID (hex in cosign's JSON, bytes in the bundle).
 */
function tlogEntry(rekorBundle, kindVersion) {
    return {
        logIndex: String(rekorBundle.logIndex),
        logId: { keyId: Buffer.from(rekorBundle.logId, 'hex').toString('base64') },
        kindVersion,
        integratedTime: String(rekorBundle.integratedTime),
        inclusionPromise: { signedEntryTimestamp: base64(rekorBundle.signedEntryTimestamp) },
        canonicalizedBody: rekorBundle.body,
    };
}
/** The DER certificates of an annotation holding PEM `CERTIFICATE` blocks only (at least one). */
function certificates(text, annotation) {
    const decoded = (0,keys_lib/* decodePemBlocks */.vj)(text);
    if (!decoded.ok)
        return failure('CERTIFICATE', `the ${annotation} annotation is not PEM: ${decoded.problem}`);
    if (decoded.blocks.length === 0)
        return failure('CERTIFICATE', `the ${annotation} annotation holds no certificate`);
    const wrong = decoded.blocks.find(({ label }) => label !== 'CERTIFICATE');
    if (wrong !== undefined)
        return failure('CERTIFICATE', `the ${annotation} annotation holds a "${wrong.label}" PEM block`);
    for (const { der } of decoded.blocks) {
        try {
            new external_node_crypto_.X509Certificate(der);
        }
        catch (cause) {
            return failure('CERTIFICATE', `the ${annotation} annotation holds a certificate that cannot be read: ${(0,lib/* messageOf */.bD)(cause)}`);
        }
    }
    return { ok: true, certificates: decoded.blocks.map(({ der }) => der) };
}
function keyOf(certificate) {
    try {
        return (0,keys_lib/* publicKeyFromKeyObject */.zp)(new external_node_crypto_.X509Certificate(certificate).publicKey);
    }
    catch {
        return undefined;
    }
}
function objectOf(value) {
    return value instanceof Map ? value : undefined;
}
function arrayOf(value) {
    return Array.isArray(value) ? value : [];
}
function base64(bytes) {
    return Buffer.from(bytes).toString('base64');
}
function failure(reason, message) {
    return { ok: false, reason, message };
}
;// CONCATENATED MODULE: ./packages/transparency/lib/index.js




/***/ })

};
