export const id = 875;
export const ids = [875];
export const modules = {

/***/ 2875:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LoadedTrustedRoot: () => (/* reexport */ LoadedTrustedRoot),
  TrustedRootError: () => (/* reexport */ TrustedRootError),
  verifyBundle: () => (/* reexport */ verifyBundle),
  verifyBundleWithKey: () => (/* reexport */ verifyBundleWithKey)
});

// UNUSED EXPORTS: KeylessSigner, fetchRunnerIdToken, readSigningConfig, verifyRekorBundle

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
;// CONCATENATED MODULE: ./packages/transparency/lib/runner-id-token.js


const PERMISSION_HINT = (/* unused pure expression or super */ null && ('Give the job `permissions: id-token: write` (workflows triggered by pull requests from forks get no ' +
    'token, whatever the permissions say).'));
/**
 * Asks the runner for the job's OIDC identity token, as `@actions/core`'s `getIDToken` does: `GET` the request
 * URL with `&audience=<audience>` appended, the request token as Bearer, and read `value` of the JSON answer.
 * Neither the request token nor the identity token is ever part of an error message.
 */
async function fetchRunnerIdToken(request) {
    const { requestUrl, requestToken, audience } = request;
    if (!requestUrl || !requestToken) {
        const missing = [
            ...(requestUrl ? [] : ['ACTIONS_ID_TOKEN_REQUEST_URL']),
            ...(requestToken ? [] : ['ACTIONS_ID_TOKEN_REQUEST_TOKEN']),
        ];
        throw new SigilError('ID_TOKEN_PERMISSION', `the runner offers this job no OIDC identity token (${missing.join(' and ')} not set): keyless signing needs the id-token: write permission`, { hint: PERMISSION_HINT });
    }
    if (audience === '')
        throw new SigilError('INPUT_INVALID', 'the identity token audience is empty');
    let url;
    try {
        url = new URL(`${requestUrl}&audience=${encodeURIComponent(audience)}`);
    }
    catch {
        throw new SigilError('ID_TOKEN_REQUEST_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
    }
    const where = `${url.origin}${url.pathname}`;
    const secrets = [requestToken];
    const fetchFn = request.fetchFn ?? fetch;
    const retries = request.retries ?? 3;
    const timeoutMs = request.timeoutMs ?? 15_000;
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0)
            await delay(Math.min(250 * 2 ** (attempt - 1), 2_000));
        let response;
        try {
            response = await fetchFn(url, {
                headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
                signal: AbortSignal.timeout(timeoutMs),
                redirect: 'error',
            });
        }
        catch (error) {
            lastProblem = redactSecrets(describeNetworkError(error), secrets);
            continue;
        }
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
            await response.body?.cancel();
            lastProblem = `HTTP ${response.status}`;
            continue;
        }
        if (!response.ok) {
            await response.body?.cancel();
            throw new SigilError('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} refused the request: HTTP ${response.status}`, {
                hint: response.status === 401 || response.status === 403
                    ? 'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not this job’s (it is only valid in the job it was issued to).'
                    : PERMISSION_HINT,
            });
        }
        return readTokenAnswer(await response.text(), where, secrets);
    }
    throw new SigilError('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} failed ${retries + 1} times (last: ${lastProblem})`, { hint: 'Re-run the job; the runner’s token service was unavailable.' });
}
function readTokenAnswer(text, where, secrets) {
    let value;
    try {
        value = JSON.parse(text)?.value;
    }
    catch {
        throw new SigilError('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} did not answer JSON`);
    }
    if (typeof value !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
        throw new SigilError('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} answered ${value === undefined ? 'without a `value`' : 'a `value` that is not a JWT'}`);
    }
    // The request token never comes back in a real answer; never hand it on if it did.
    if (secrets.some((secret) => value.includes(secret))) {
        throw new SigilError('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} answered a bad token`);
    }
    return value;
}
function describeNetworkError(error) {
    if (error instanceof Error) {
        if (error.name === 'TimeoutError' || error.name === 'AbortError')
            return 'timed out';
        const cause = error.cause;
        const code = cause?.code;
        return typeof code === 'string' ? `${error.message} (${code})` : error.message;
    }
    return String(error);
}
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/signer/fulcio/ca.js
var ca = __webpack_require__(5875);
;// CONCATENATED MODULE: ./packages/transparency/lib/fulcio-certificate.js

const SAN_OID = Buffer.from([0x55, 0x1d, 0x11]);
const ISSUER_V2_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x08]);
const ISSUER_V1_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x01]);
/** A certificate's PEM as Go's `pem.Encode` writes it: 64 columns, a newline at the end. */
function fulcio_certificate_certificatePem(certificate) {
    const body = certificate.raw.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
/** Whether the certificate certifies `key` (same SubjectPublicKeyInfo). */
function fulcio_certificate_certifiesKey(certificate, key) {
    const spki = (k) => k.export({ format: 'der', type: 'spki' });
    return spki(certificate.publicKey).equals(spki(key));
}
/** The SAN and issuer of a Fulcio certificate, or undefined when it has either not exactly as Fulcio writes it. */
function fulcio_certificate_fulcioIdentity(certificate) {
    const extensions = readExtensions(certificate.raw);
    if (extensions === undefined)
        return undefined;
    const san = extensions.get(SAN_OID.toString('hex'));
    const subjectAlternativeName = san === undefined ? undefined : readSan(san);
    const v2 = extensions.get(ISSUER_V2_OID.toString('hex'));
    const v1 = extensions.get(ISSUER_V1_OID.toString('hex'));
    const issuer = v2 !== undefined ? readUtf8String(v2) : v1 === undefined ? undefined : utf8(v1);
    if (subjectAlternativeName === undefined || issuer === undefined)
        return undefined;
    return { subjectAlternativeName, issuer };
}
/** The extensions of a DER certificate: hex OID → the extnValue OCTET STRING's content. */
function readExtensions(der) {
    const certificate = read(der, 0, der.length);
    if (certificate?.tag !== 0x30)
        return undefined;
    const tbs = read(der, certificate.start, certificate.end);
    if (tbs?.tag !== 0x30)
        return undefined;
    let extensions;
    for (let at = tbs.start; at < tbs.end;) {
        const element = read(der, at, tbs.end);
        if (element === undefined)
            return undefined;
        if (element.tag === 0xa3)
            extensions = read(der, element.start, element.end);
        at = element.end;
    }
    if (extensions?.tag !== 0x30)
        return undefined;
    const found = new Map();
    for (let at = extensions.start; at < extensions.end;) {
        const extension = read(der, at, extensions.end);
        if (extension?.tag !== 0x30)
            return undefined;
        const oid = read(der, extension.start, extension.end);
        if (oid?.tag !== 0x06)
            return undefined;
        let value = read(der, oid.end, extension.end);
        if (value?.tag === 0x01)
            value = read(der, value.end, extension.end);
        if (value?.tag !== 0x04 || value.end !== extension.end)
            return undefined;
        const key = der.subarray(oid.start, oid.end).toString('hex');
        if (found.has(key))
            return undefined;
        found.set(key, der.subarray(value.start, value.end));
        at = extension.end;
    }
    return found;
}
/** The one URI (tag [6]) or e-mail (tag [1]) name of a SubjectAltName. */
function readSan(value) {
    const names = read(value, 0, value.length);
    if (names?.tag !== 0x30 || names.end !== value.length)
        return undefined;
    const found = [];
    for (let at = names.start; at < names.end;) {
        const name = read(value, at, names.end);
        if (name === undefined)
            return undefined;
        if (name.tag === 0x86 || name.tag === 0x81)
            found.push(value.subarray(name.start, name.end).toString('latin1'));
        at = name.end;
    }
    return found.length === 1 ? found[0] : undefined;
}
function readUtf8String(value) {
    const text = read(value, 0, value.length);
    if (text?.tag !== 0x0c || text.end !== value.length)
        return undefined;
    return utf8(value.subarray(text.start, text.end));
}
function utf8(bytes) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        return undefined;
    }
}
/** One DER element at `offset` (single-byte tags, definite minimal lengths), within `limit`. */
function read(bytes, offset, limit) {
    if (offset + 2 > limit)
        return undefined;
    const tag = bytes[offset];
    const first = bytes[offset + 1];
    let length = first;
    let start = offset + 2;
    if (first >= 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 3 || start + count > limit)
            return undefined;
        length = 0;
        for (let index = 0; index < count; index++)
            length = length * 256 + bytes[start + index];
        if (length < 0x80)
            return undefined;
        start += count;
    }
    const end = start + length;
    return end > limit ? undefined : { tag, start, end };
}
;// CONCATENATED MODULE: ./packages/transparency/lib/service-url.js
/**
 * Why `url` cannot be a Sigstore service sigil sends a token or signatures to, or undefined: it must be https,
 * or http to a loopback address (a local test stack), with no credentials, query or fragment.
 */
function service_url_checkServiceUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'is not a URL';
    }
    if (parsed.username !== '' || parsed.password !== '')
        return 'carries credentials';
    if (parsed.search !== '' || parsed.hash !== '')
        return 'has a query or fragment';
    if (parsed.protocol === 'https:')
        return undefined;
    if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))
        return undefined;
    return 'is not https (plain http only to a loopback address)';
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
;// CONCATENATED MODULE: ./packages/transparency/lib/sigstore-failure.js


const RETRIED = (status) => status >= 500 || status === 408 || status === 429;
/**
 * A sigstore-js failure (its `InternalError`, whose cause is an `HTTPError` with `statusCode` or a network
 * error) as a `SigilError` naming the service and URL. sigstore-js's own messages are not passed on (its
 * FulcioSigner quotes the token); the server's message is, with every secret redacted, and no cause is kept.
 */
function sigstore_failure_sigstoreFailure(service, url, error, secrets) {
    const cause = error?.cause ?? error;
    const status = cause?.statusCode;
    const detail = redactSecrets(serverMessage(cause), secrets).slice(0, 300);
    if (typeof status === 'number') {
        if (service === 'Fulcio' && (status === 401 || status === 403)) {
            return new SigilError('ID_TOKEN_REFUSED', `Fulcio at ${url} refused the identity token (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`, {
                hint: 'The token must be fresh and minted for the audience Fulcio expects: `oidc-audience` must be ' +
                    '`sigstore` for public Fulcio (fulcio.sigstore.dev).',
            });
        }
        if (RETRIED(status)) {
            return new SigilError('SIGSTORE_UNREACHABLE', `${service} at ${url} kept failing (HTTP ${status}${detail === '' ? '' : `: ${detail}`}), retries exhausted`, { hint: `Re-run the job when ${service} is available.` });
        }
        return new SigilError('SIGSTORE_REFUSED', `${service} at ${url} refused the request (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`);
    }
    return new SigilError('SIGSTORE_UNREACHABLE', `${service} at ${url} could not be reached, retries exhausted${detail === '' ? '' : ` (${detail})`}`, { hint: `Check that ${url} is right and reachable from the runner, or re-run the job.` });
}
/** HTTPError's message is `(<status>) <server message>`; a network error's, what failed. */
function serverMessage(cause) {
    if (!(cause instanceof Error))
        return '';
    const code = cause.code;
    const message = cause.message.replace(/^\(\d+\)\s*/, '');
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
;// CONCATENATED MODULE: ./packages/transparency/lib/keyless-signer.js




// Fulcio's client without FulcioSigner: FulcioSigner asks for a certificate on every signature and keeps only
// the leaf; sigil asks once per signer and needs the chain (cosign's `.sig` chain annotation).




/** A certificate closer than this to its end signs nothing: the log and the TSA must see it valid. */
const EXPIRY_MARGIN_MS = 60_000;
/**
 * Keyless signing with one ephemeral P-256 key and one Fulcio certificate per instance, asked for on first use
 * and shared by every signature (cosign asks per image; a job signing 100 images asks once). Bundles are built
 * by sigstore-js (`DSSEBundleBuilder`, `MessageSignatureBundleBuilder`) around this signer, logged by its
 * `RekorWitness` (Rekor v1; an entry that already exists is fetched, not an error) and timestamped by its
 * `TSAWitness`. Failures are `SigilError`s naming the service and URL; the token is in none of them.
 */
class KeylessSigner {
    #options;
    #key;
    #subject;
    #fetch;
    #now;
    #certificate;
    #dsseWitnesses;
    #rekorWitness;
    constructor(options) {
        for (const [name, url] of [
            ['fulcioURL', options.fulcioURL],
            ['rekorURL', options.rekorURL],
            ['tsaURL', options.tsaURL],
        ]) {
            if (url === undefined)
                continue;
            const problem = checkServiceUrl(url);
            if (problem !== undefined)
                throw new SigilError('INPUT_INVALID', `${name} ${JSON.stringify(url)} ${problem}`);
        }
        this.#subject = tokenSubject(options.identityToken);
        this.#options = {
            ...options,
            fulcioURL: options.fulcioURL.replace(/\/+$/, ''),
            ...(options.rekorURL === undefined ? {} : { rekorURL: options.rekorURL.replace(/\/+$/, '') }),
        };
        const retries = options.retries ?? 3;
        if (!Number.isSafeInteger(retries) || retries < 0 || retries > 10) {
            throw new SigilError('INPUT_INVALID', 'retries must be an integer from 0 to 10');
        }
        this.#fetch = {
            retry: { retries, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
            timeout: options.timeoutMs ?? 30_000,
        };
        this.#now = options.now ?? Date.now;
        this.#key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    }
    /** The signing certificate (asked of Fulcio on first use, then held). */
    async certificate() {
        const { pem, chain, subjectAlternativeName, issuer } = await this.#held();
        return { pem, ...(chain === undefined ? {} : { chain }), subjectAlternativeName, issuer };
    }
    /**
     * Signs `payload` (e.g. an in-toto statement) into a DSSE envelope and returns the Sigstore bundle v0.3 (JSON):
     * the certificate, the Rekor `dsse` entry (promise and proof) with `rekorURL`, the RFC 3161 timestamp with
     * `tsaURL`.
     */
    async signDsse(payload, payloadType) {
        const held = await this.#held();
        this.#dsseWitnesses ??= [
            ...(this.#options.rekorURL === undefined ? [] : [this.#rekor()]),
            ...(this.#options.tsaURL === undefined
                ? []
                : [new TSAWitness({ tsaBaseURL: this.#options.tsaURL, ...this.#fetch })]),
        ];
        const builder = new DSSEBundleBuilder({ signer: this.#signer(held), witnesses: this.#dsseWitnesses });
        const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload), type: payloadType }));
        if (this.#options.rekorURL !== undefined)
            logEntry(bundle, this.#options.rekorURL);
        return bundleToJSON(bundle);
    }
    /**
     * Signs `payload` (a simple-signing payload) for cosign's legacy `.sig` layer; with `rekorURL`, logs it as a
     * `hashedrekord` entry and returns the entry as cosign's `dev.sigstore.cosign/bundle` annotation.
     */
    async signBlob(payload) {
        const held = await this.#held();
        const rekorURL = this.#options.rekorURL;
        const builder = new MessageSignatureBundleBuilder({
            signer: this.#signer(held),
            witnesses: rekorURL === undefined ? [] : [this.#rekor()],
        });
        const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload) }));
        if (bundle.content.$case !== 'messageSignature')
            throw new SigilError('INTERNAL', 'not a message signature');
        const signature = new Uint8Array(bundle.content.messageSignature.signature);
        return {
            signature,
            certificatePem: held.pem,
            chainPem: (held.chain ?? []).join(''),
            ...(rekorURL === undefined ? {} : { rekorBundle: cosignRekorBundle(logEntry(bundle, rekorURL), rekorURL) }),
        };
    }
    #rekor() {
        this.#rekorWitness ??= new RekorWitness({
            rekorBaseURL: this.#options.rekorURL,
            majorApiVersion: 1,
            entryType: 'dsse',
            fetchOnConflict: true,
            ...this.#fetch,
        });
        return this.#rekorWitness;
    }
    /** sigstore-js's `Signer` over the held key and certificate. */
    #signer(held) {
        return {
            sign: (data) => {
                const now = this.#now();
                if (now > held.notAfter - EXPIRY_MARGIN_MS) {
                    return Promise.reject(new SigilError('SIGN_FAILED', `the signing certificate expires at ${new Date(held.notAfter).toISOString()}: too late to sign with it`, { hint: 'Sign fewer images per step (a Fulcio certificate lives 10 minutes), or re-run the job.' }));
                }
                return Promise.resolve({
                    signature: sign('sha256', data, this.#key.privateKey),
                    key: { $case: 'x509Certificate', certificate: held.pem },
                });
            },
        };
    }
    #held() {
        if (this.#certificate === undefined) {
            const request = this.#requestCertificate();
            this.#certificate = request;
            // A failure is not held: the next signature asks again (each ask is retried, bounded).
            request.catch(() => {
                if (this.#certificate === request)
                    this.#certificate = undefined;
            });
        }
        return this.#certificate;
    }
    async #requestCertificate() {
        const { fulcioURL, identityToken } = this.#options;
        const publicKey = this.#key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
        const challenge = sign('sha256', Buffer.from(this.#subject), this.#key.privateKey);
        const client = new CAClient({ fulcioBaseURL: fulcioURL, ...this.#fetch });
        let pems;
        try {
            pems = await client.createSigningCertificate(identityToken, publicKey, challenge);
        }
        catch (error) {
            throw sigstoreFailure('Fulcio', fulcioURL, error, [identityToken]);
        }
        const protocol = (problem) => new SigilError('SIGSTORE_PROTOCOL', `Fulcio at ${fulcioURL} answered ${problem}`);
        if (!Array.isArray(pems) || pems.length === 0)
            throw protocol('no certificate chain');
        let certificates;
        try {
            certificates = pems.map((pem) => new X509Certificate(pem));
        }
        catch {
            throw protocol('a certificate that cannot be parsed');
        }
        const leaf = certificates[0];
        if (!certifiesKey(leaf, this.#key.publicKey))
            throw protocol('a certificate for another key');
        const identity = fulcioIdentity(leaf);
        if (identity === undefined)
            throw protocol('a certificate without a subject alternative name or issuer');
        const chain = certificates.slice(1).map(certificatePem);
        return {
            pem: certificatePem(leaf),
            ...(chain.length === 0 ? {} : { chain }),
            ...identity,
            notAfter: Date.parse(leaf.validTo),
        };
    }
    /** Runs a bundle builder, naming the service that failed. */
    async #witnessed(create) {
        try {
            return await create();
        }
        catch (error) {
            if (error instanceof SigilError)
                throw error;
            const code = error?.code;
            const service = typeof code === 'string' && code.startsWith('TSA_') ? 'TSA' : 'Rekor';
            const url = (service === 'TSA' ? this.#options.tsaURL : this.#options.rekorURL) ?? '';
            throw sigstoreFailure(service, url, error, [this.#options.identityToken]);
        }
    }
}
/** The bundle's one log entry, which must carry Rekor's promise (the SET) and inclusion proof. */
function logEntry(bundle, rekorURL) {
    const entries = bundle.verificationMaterial.tlogEntries;
    const entry = entries[0];
    if (entries.length !== 1 || entry === undefined) {
        throw new SigilError('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned ${entries.length} entries, not one`);
    }
    if (entry.inclusionPromise === undefined || entry.inclusionProof === undefined) {
        throw new SigilError('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned an entry without ${entry.inclusionPromise === undefined ? 'a SignedEntryTimestamp' : 'an inclusion proof'}`);
    }
    return entry;
}
/**
 * cosign's `dev.sigstore.cosign/bundle` (`bundle.RekorBundle` in cosign's pkg/cosign/bundle): Go's JSON of
 * `{SignedEntryTimestamp []byte; Payload {body, integratedTime, logIndex, logID}}`, in that field order.
 */
function cosignRekorBundle(entry, rekorURL) {
    const integratedTime = Number(entry.integratedTime);
    const logIndex = Number(entry.logIndex);
    if (!Number.isSafeInteger(integratedTime) || !Number.isSafeInteger(logIndex)) {
        throw new SigilError('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned an entry with a bad time or index`);
    }
    return JSON.stringify({
        SignedEntryTimestamp: Buffer.from(entry.inclusionPromise?.signedEntryTimestamp ?? []).toString('base64'),
        Payload: {
            body: Buffer.from(entry.canonicalizedBody).toString('base64'),
            integratedTime,
            logIndex,
            logID: Buffer.from(entry.logId?.keyId ?? []).toString('hex'),
        },
    });
}
/**
 * Fulcio's challenge: the token's subject (its `email` for e-mail issuers), which the key signs as proof of
 * possession. The token itself is never quoted.
 */
function tokenSubject(token) {
    const invalid = (problem) => new SigilError('INPUT_INVALID', `the identity token ${problem}`, {
        hint: 'Pass the OIDC token the runner issued (fetchRunnerIdToken), not another value.',
    });
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[\w-]+$/.test(part)))
        throw invalid('is not a JWT');
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        throw invalid('has claims that are not JSON');
    }
    const subject = typeof claims?.email === 'string' ? claims.email : claims?.sub;
    if (typeof subject !== 'string' || subject === '')
        throw invalid('has no subject');
    return subject;
}
;// CONCATENATED MODULE: ./packages/transparency/lib/signing-config.js


const MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const TOP_KEYS = new Set([
    'mediaType',
    'caUrls',
    'oidcUrls',
    'rekorTlogUrls',
    'tsaUrls',
    'rekorTlogConfig',
    'tsaConfig',
]);
const SERVICE_KEYS = new Set(['url', 'majorApiVersion', 'validFor', 'operator']);
const SELECTORS = (/* unused pure expression or super */ null && (['ANY', 'ALL', 'EXACT']));
/**
 * Reads a Sigstore signing config (`application/vnd.dev.sigstore.signingconfig.v0.2+json`, what `cosign
 * signing-config create` writes): text (no duplicate keys) or parsed JSON, no unknown fields. Picks the newest
 * Fulcio (API v1), Rekor (API v1) and TSA (API v1) valid at `now`. A config whose valid logs are all Rekor v2 is
 * `NOT_YET_SUPPORTED`; a log selector asking for more than one log, too.
 */
function readSigningConfig(json, now = new Date()) {
    const top = signing_config_object(parse(json), 'the signing config');
    for (const key of top.keys())
        if (!TOP_KEYS.has(key))
            signing_config_invalid(`the signing config has an unknown field "${key}"`);
    if (top.get('mediaType') !== MEDIA_TYPE) {
        signing_config_invalid(`its mediaType is ${JSON.stringify(top.get('mediaType') ?? null)}, not ${MEDIA_TYPE}`);
    }
    const time = now.getTime();
    const cas = services(top, 'caUrls');
    services(top, 'oidcUrls');
    const logs = services(top, 'rekorTlogUrls');
    const tsas = services(top, 'tsaUrls');
    const logSelector = selector(top, 'rekorTlogConfig');
    const tsaSelector = selector(top, 'tsaConfig');
    const fulcio = newestValid(cas, 1, time);
    if (fulcio === undefined) {
        signing_config_invalid(`no Fulcio (caUrls, majorApiVersion 1) is valid now (${now.toISOString()})`);
    }
    const rekor = pick(logs, logSelector, time, 'Rekor', 'rekorTlogUrls');
    const tsa = pick(tsas, tsaSelector, time, 'TSA', 'tsaUrls');
    return {
        fulcioURL: fulcio.url,
        ...(rekor === undefined ? {} : { rekorURL: rekor.url }),
        ...(tsa === undefined ? {} : { tsaURL: tsa.url }),
    };
}
function pick(list, config, time, what, field) {
    if (list.length === 0)
        return undefined;
    const valid = list.filter((service) => isValid(service, time));
    const v1 = valid.filter((service) => service.majorApiVersion === 1);
    if (valid.length === 0)
        signing_config_invalid(`no ${what} of ${field} is valid now`);
    if (v1.length === 0) {
        throw new SigilError('NOT_YET_SUPPORTED', `the signing config's ${what} services valid now speak API version ${[...new Set(valid.map((service) => service.majorApiVersion))].join(', ')}; sigil signs with v1 only`, { hint: `Use a signing config that lists a ${what} v1 service (cosign signing-config create --no-default-rekor… with a v1 URL).` });
    }
    const wanted = config === undefined ? 1 : config.selector === 'EXACT' ? (config.count ?? 1) : config.selector === 'ALL' ? v1.length : 1;
    if (wanted > 1) {
        throw new SigilError('NOT_YET_SUPPORTED', `the signing config asks for ${wanted} ${what} services (${config?.selector}); sigil writes to one`);
    }
    return newestValid(v1, 1, time);
}
function newestValid(list, version, time) {
    return list
        .filter((service) => service.majorApiVersion === version && isValid(service, time))
        .sort((a, b) => b.start - a.start)[0];
}
function isValid(service, time) {
    return service.start <= time && (service.end === undefined || time < service.end);
}
function services(top, field) {
    const value = top.get(field);
    if (value === undefined)
        return [];
    if (!Array.isArray(value))
        signing_config_invalid(`${field} is not a list`);
    return value.map((entry, index) => service(entry, `${field}[${index}]`));
}
function service(value, where) {
    const entry = signing_config_object(value, where);
    for (const key of entry.keys())
        if (!SERVICE_KEYS.has(key))
            signing_config_invalid(`${where} has an unknown field "${key}"`);
    const url = entry.get('url');
    if (typeof url !== 'string')
        signing_config_invalid(`${where}.url is not a string`);
    const problem = checkServiceUrl(url);
    if (problem !== undefined)
        signing_config_invalid(`${where}.url ${problem}`);
    const version = entry.get('majorApiVersion');
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
        signing_config_invalid(`${where}.majorApiVersion is not a positive integer`);
    }
    const operator = entry.get('operator');
    if (operator !== undefined && typeof operator !== 'string')
        signing_config_invalid(`${where}.operator is not a string`);
    const validFor = signing_config_object(entry.get('validFor'), `${where}.validFor`);
    for (const key of validFor.keys()) {
        if (key !== 'start' && key !== 'end')
            signing_config_invalid(`${where}.validFor has an unknown field "${key}"`);
    }
    const start = timestamp(validFor.get('start'), `${where}.validFor.start`);
    if (start === undefined)
        signing_config_invalid(`${where}.validFor.start is missing`);
    const end = timestamp(validFor.get('end'), `${where}.validFor.end`);
    if (end !== undefined && end <= start)
        signing_config_invalid(`${where}.validFor ends before it starts`);
    return { url: url.replace(/\/+$/, ''), majorApiVersion: version, start, end };
}
function selector(top, field) {
    const value = top.get(field);
    if (value === undefined)
        return undefined;
    const config = signing_config_object(value, field);
    for (const key of config.keys()) {
        if (key !== 'selector' && key !== 'count')
            signing_config_invalid(`${field} has an unknown field "${key}"`);
    }
    const name = config.get('selector');
    if (!SELECTORS.includes(name))
        signing_config_invalid(`${field}.selector is not ANY, ALL or EXACT`);
    const count = config.get('count');
    if (count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)) {
        signing_config_invalid(`${field}.count is not a positive integer`);
    }
    if (name === 'EXACT' && count === undefined)
        signing_config_invalid(`${field}.selector EXACT needs a count`);
    return { selector: name, count: count };
}
/** RFC 3339 with a `Z` or offset, as protobuf's JSON writes a Timestamp. */
function timestamp(value, where) {
    if (value === undefined)
        return undefined;
    if (typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
        signing_config_invalid(`${where} is not an RFC 3339 time`);
    }
    const time = Date.parse(value);
    if (Number.isNaN(time))
        signing_config_invalid(`${where} is not an RFC 3339 time`);
    return time;
}
function parse(json) {
    let text;
    if (typeof json === 'string')
        text = json;
    else if (json instanceof Uint8Array)
        text = new TextDecoder().decode(json);
    else {
        try {
            text = JSON.stringify(json) ?? '';
        }
        catch {
            signing_config_invalid('the signing config is not JSON');
        }
    }
    const parsed = parseStrictJson(text);
    if (!parsed.ok)
        signing_config_invalid(`the signing config is not valid JSON: ${parsed.message}`);
    return parsed.value;
}
function signing_config_object(value, what) {
    if (!(value instanceof Map))
        signing_config_invalid(`${what} is not a JSON object`);
    return value;
}
function signing_config_invalid(message) {
    throw new SigilError('SIGNING_CONFIG_INVALID', message, {
        hint: 'Pass a Sigstore signing config v0.2 (`cosign signing-config create`, or the one of the Sigstore instance).',
    });
}
;// CONCATENATED MODULE: ./packages/transparency/lib/index.js






/***/ })

};
