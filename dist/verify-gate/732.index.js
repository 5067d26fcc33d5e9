export const id = 732;
export const ids = [732];
export const modules = {

/***/ 4970:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LoadedTrustedRoot: () => (/* reexport */ LoadedTrustedRoot),
  TrustedRootError: () => (/* reexport */ TrustedRootError),
  verifyBundle: () => (/* reexport */ verifyBundle),
  verifyBundleWithKey: () => (/* reexport */ verifyBundleWithKey)
});

// UNUSED EXPORTS: verifyRekorBundle

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 10 modules
var lib = __webpack_require__(8186);
// EXTERNAL MODULE: ./packages/keys/lib/index.js + 11 modules
var keys_lib = __webpack_require__(353);
;// CONCATENATED MODULE: ./packages/transparency/lib/rekor-set.js





class RekorSetError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
/**
 * Verifies a cosign Rekor bundle the way cosign's `VerifySET` does: the SignedEntryTimestamp is a Rekor
 * signature over the RFC 8785 canonical JSON of `Payload`, and the logged `hashedrekord` entry must name
 * this layer's payload hash, signature and key.
 *
 * @public No action checks Rekor SETs yet: kept, with its golden-vector tests, for keyless verification
 * (docs/architecture.md, "where bundles and keyless grow").
 */
function verifyRekorBundle(check) {
    try {
        const bundle = readBundle(check.bundle);
        const rekorKey = check.rekorKeys.find((key) => key.id === bundle.logId);
        if (rekorKey === undefined) {
            throw new RekorSetError('REKOR_KEY_UNKNOWN', `no trusted Rekor key has the log ID ${bundle.logId}`);
        }
        if (!verifyWithPublicKey(rekorKey, canonicalPayload(bundle), bundle.signedEntryTimestamp)) {
            throw new RekorSetError('SET_INVALID', `the SignedEntryTimestamp does not verify with Rekor key ${rekorKey.id}`);
        }
        checkEntry(bundle.body, check);
        return {
            ok: true,
            logId: bundle.logId,
            logIndex: bundle.logIndex,
            integratedTime: bundle.integratedTime,
        };
    }
    catch (error) {
        if (error instanceof RekorSetError)
            return { ok: false, reason: error.reason, message: error.message };
        throw error;
    }
}
/** RFC 8785: keys sorted, no whitespace; strings as JSON.stringify writes them, integers in decimal. */
function canonicalPayload(bundle) {
    const text = `{"body":${JSON.stringify(bundle.body)},"integratedTime":${bundle.integratedTime},` +
        `"logID":${JSON.stringify(bundle.logId)},"logIndex":${bundle.logIndex}}`;
    return new TextEncoder().encode(text);
}
function readBundle(text) {
    const parsed = parseStrictJson(text);
    if (!parsed.ok)
        invalid(`the Rekor bundle is not valid JSON: ${parsed.message}`);
    const top = object(parsed.value, 'the Rekor bundle');
    const payload = object(top.get('Payload'), 'Payload');
    const signedEntryTimestamp = decodeBase64Strict(string(top.get('SignedEntryTimestamp'), 'SignedEntryTimestamp'));
    if (signedEntryTimestamp === undefined)
        invalid('SignedEntryTimestamp is not base64');
    const logId = string(payload.get('logID'), 'Payload.logID');
    if (!/^[0-9a-f]{64}$/.test(logId))
        invalid('Payload.logID is not a hex SHA-256');
    return {
        signedEntryTimestamp,
        body: string(payload.get('body'), 'Payload.body'),
        integratedTime: integer(payload.get('integratedTime'), 'Payload.integratedTime'),
        logIndex: integer(payload.get('logIndex'), 'Payload.logIndex'),
        logId,
    };
}
function checkEntry(body, check) {
    const bytes = decodeBase64Strict(body);
    const parsed = bytes === undefined ? undefined : parseStrictJsonBytes(bytes);
    if (parsed === undefined || !parsed.ok)
        invalid('Payload.body is not base64 of a JSON Rekor entry');
    const entry = object(parsed.value, 'the Rekor entry');
    if (entry.get('kind') !== 'hashedrekord' || entry.get('apiVersion') !== '0.0.1') {
        invalid('the Rekor entry is not a hashedrekord 0.0.1 entry');
    }
    const spec = object(entry.get('spec'), 'spec');
    const hash = object(object(spec.get('data'), 'spec.data').get('hash'), 'spec.data.hash');
    const signature = object(spec.get('signature'), 'spec.signature');
    const publicKey = object(signature.get('publicKey'), 'spec.signature.publicKey');
    const payloadHash = createHash('sha256').update(check.payload).digest('hex');
    if (hash.get('algorithm') !== 'sha256' || hash.get('value') !== payloadHash) {
        mismatch('the logged entry is for another payload (its hash is not the sha256 of this layer)');
    }
    const loggedSignature = decodeBase64Strict(string(signature.get('content'), 'spec.signature.content'));
    const layerSignature = decodeBase64Strict(check.signature);
    if (loggedSignature === undefined || layerSignature === undefined)
        invalid('a signature is not base64');
    if (!Buffer.from(loggedSignature).equals(layerSignature)) {
        mismatch('the logged signature is not the layer signature');
    }
    const loggedKey = keyOfLoggedPem(string(publicKey.get('content'), 'spec.signature.publicKey.content'));
    if (loggedKey.id !== check.signerKey.id)
        mismatch('the logged entry was signed by another key');
}
/** `publicKey.content` is base64 of a PEM: the public key, or the leaf certificate for keyless signing. */
function keyOfLoggedPem(content) {
    const pemBytes = decodeBase64Strict(content);
    const decoded = pemBytes === undefined ? undefined : decodePemBlocks(new TextDecoder().decode(pemBytes));
    const block = decoded?.ok === true && decoded.blocks.length === 1 ? decoded.blocks[0] : undefined;
    if (block === undefined)
        invalid('the logged key is not base64 of one PEM block');
    if (block.label !== 'CERTIFICATE' && block.label !== 'PUBLIC KEY') {
        invalid(`the logged key is a "${block.label}" PEM block`);
    }
    let key;
    try {
        key =
            block.label === 'CERTIFICATE'
                ? new X509Certificate(block.der).publicKey
                : createPublicKey({ key: Buffer.from(block.der), format: 'der', type: 'spki' });
    }
    catch {
        invalid(`the logged "${block.label}" cannot be parsed`);
    }
    try {
        return publicKeyFromKeyObject(key);
    }
    catch {
        mismatch('the logged key is of an algorithm sigil does not verify');
    }
}
function object(value, what) {
    if (!(value instanceof Map))
        invalid(`${what} is not a JSON object`);
    return value;
}
function string(value, what) {
    if (typeof value !== 'string')
        invalid(`${what} is not a string`);
    return value;
}
function integer(value, what) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        invalid(`${what} is not an integer`);
    return value;
}
function invalid(message) {
    throw new RekorSetError('BUNDLE_INVALID', message);
}
function mismatch(message) {
    throw new RekorSetError('ENTRY_MISMATCH', message);
}
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(9654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(4187);
;// CONCATENATED MODULE: ./packages/transparency/lib/bundle-verifier.js





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
    try {
        const bundle = bundle_verifier_readBundle(input.bundle);
        const trustMaterial = readTrustMaterial(input.trustedRoot, keyFinder);
        const entity = signedEntity(bundle, input.artifact);
        const verifier = new verify_dist/* Verifier */.BL(trustMaterial, {
            tlogThreshold: input.tlogThreshold ?? 1,
            timestampThreshold: input.timestampThreshold ?? 1,
            ctlogThreshold: input.ctlogThreshold ?? 1,
        });
        const signer = verifier.verify(entity, policy);
        const subject = expectedSubject(input);
        if (subject !== undefined && (0,dist.isBundleWithDsseEnvelope)(bundle))
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
                ...(identity?.oids === undefined ? {} : { fulcioExtensions: fulcioExtensions(identity.oids) }),
            },
        };
    }
    catch (error) {
        return { ok: false, ...describeFailure(error) };
    }
}
function bundle_verifier_readBundle(value) {
    try {
        return (0,dist.bundleFromJSON)(typeof value === 'string' ? JSON.parse(value) : value);
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
    /**
     * Whether a certificate authority of this root issued `certificate` (DER): some certificate of some CA's chain
     * is its issuer and its signature verifies with that certificate's key. Validity in time, the rest of the
     * chain and the SCTs are sigstore-js's to check; this tells a foreign certificate apart from the rest.
     */
    issues(certificate) {
        let leaf;
        try {
            leaf = new external_node_crypto_.X509Certificate(certificate);
        }
        catch {
            return false;
        }
        return this.root.certificateAuthorities.some((authority) => (authority.certChain?.certificates ?? []).some(({ rawBytes }) => {
            try {
                const ca = new external_node_crypto_.X509Certificate(rawBytes);
                return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
            }
            catch {
                return false;
            }
        }));
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
        return (0,verify_dist/* toSignedEntity */.DC)(bundle, artifact === undefined ? undefined : Buffer.from(artifact));
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
;// CONCATENATED MODULE: ./packages/transparency/lib/index.js



/***/ })

};
