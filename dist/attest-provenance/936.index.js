export const id = 936;
export const ids = [936];
export const modules = {

/***/ 17936:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KeyBundleLog: () => (/* reexport */ KeyBundleLog),
  KeylessSigner: () => (/* reexport */ KeylessSigner),
  fetchRunnerIdToken: () => (/* reexport */ fetchRunnerIdToken),
  readSigningConfig: () => (/* reexport */ signing_config/* readSigningConfig */.A)
});

// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __webpack_require__(12645);
;// CONCATENATED MODULE: ./packages/transparency/lib/secret-redaction.js
/**
 * `text` with every secret, and every dot-separated part of one (a JWT's header, claims and signature), replaced
 * by `***`. For messages of other code (sigstore-js, a server's answer) that may quote a token.
 */
function redactSecrets(text, secrets) {
    const parts = secrets
        .flatMap((secret) => [secret, ...secret.split('.')])
        .filter((part) => part.length >= 8);
    parts.sort((a, b) => b.length - a.length);
    let redacted = text;
    for (const part of parts)
        redacted = redacted.split(part).join('***');
    return redacted;
}
;// CONCATENATED MODULE: ./packages/transparency/lib/runner-id-token.js


const PERMISSION_HINT = 'Give the job `permissions: id-token: write` (workflows triggered by pull requests from forks get no ' +
    'token, whatever the permissions say).';
/**
 * Asks the runner for the job's OIDC identity token, as `@actions/core`'s `getIDToken` does: `GET` the request
 * URL with `&audience=<audience>` appended, the request token as Bearer, and read `value` of the JSON answer.
 * Neither the request token nor the identity token is ever part of an error message.
 *
 * @public For the keyless signing actions (issue 11), which do not use it yet.
 */
async function fetchRunnerIdToken(request) {
    const { requestUrl, requestToken, audience } = request;
    if (!requestUrl || !requestToken) {
        const missing = [
            ...(requestUrl ? [] : ['ACTIONS_ID_TOKEN_REQUEST_URL']),
            ...(requestToken ? [] : ['ACTIONS_ID_TOKEN_REQUEST_TOKEN']),
        ];
        throw new lib/* SigilError */.XU('ID_TOKEN_PERMISSION', `the runner offers this job no OIDC identity token (${missing.join(' and ')} not set): keyless signing needs the id-token: write permission`, { hint: PERMISSION_HINT });
    }
    if (audience === '')
        throw new lib/* SigilError */.XU('INPUT_INVALID', 'the identity token audience is empty');
    let url;
    try {
        url = new URL(`${requestUrl}&audience=${encodeURIComponent(audience)}`);
    }
    catch {
        throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
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
            throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} refused the request: HTTP ${response.status}`, {
                hint: response.status === 401 || response.status === 403
                    ? 'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not this job’s (it is only valid in the job it was issued to).'
                    : PERMISSION_HINT,
            });
        }
        return readTokenAnswer(await response.text(), where, secrets);
    }
    throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} failed ${retries + 1} times (last: ${lastProblem})`, { hint: 'Re-run the job; the runner’s token service was unavailable.' });
}
function readTokenAnswer(text, where, secrets) {
    let value;
    try {
        value = JSON.parse(text)?.value;
    }
    catch {
        throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} did not answer JSON`);
    }
    if (typeof value !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
        throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} answered ${value === undefined ? 'without a `value`' : 'a `value` that is not a JWT'}`);
    }
    // The request token never comes back in a real answer; never hand it on if it did.
    if (secrets.some((secret) => value.includes(secret))) {
        throw new lib/* SigilError */.XU('ID_TOKEN_REQUEST_FAILED', `the runner's token endpoint ${where} answered a bad token`);
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
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(15179);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/signer/fulcio/ca.js
var ca = __webpack_require__(5875);
;// CONCATENATED MODULE: ./packages/transparency/lib/fulcio-certificate.js
const SAN_OID = Buffer.from([0x55, 0x1d, 0x11]);
const ISSUER_V2_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x08]);
const ISSUER_V1_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x01]);
/** A certificate's PEM as Go's `pem.Encode` writes it: 64 columns, a newline at the end. */
function certificatePem(certificate) {
    const body = certificate.raw.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
/** Whether the certificate certifies `key` (same SubjectPublicKeyInfo). */
function certifiesKey(certificate, key) {
    const spki = (k) => k.export({ format: 'der', type: 'spki' });
    return spki(certificate.publicKey).equals(spki(key));
}
/** The SAN and issuer of a Fulcio certificate, or undefined when it has either not exactly as Fulcio writes it. */
function fulcioIdentity(certificate) {
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
/** Fulcio's extension arc, 1.3.6.1.4.1.57264.1 (DER content of the OID, as hex). */
const FULCIO_ARC_HEX = '2b0601040183bf3001';
/** 1.3.6.1.4.1.57264.1.21, the Run Invocation URI: it names the run attempt, so a re-run differs only there. */
const RUN_INVOCATION_OID_HEX = `${FULCIO_ARC_HEX}15`;
/**
 * Whether two Fulcio certificates were issued for the same signer: the same subject alternative name and the
 * same Fulcio extensions (issuer, and for GitHub Actions the repository, ref, commit, workflow, trigger, runner
 * environment…), the Run Invocation URI aside — a re-run of the same job is the same signer. False when either
 * cannot be read.
 */
function sameFulcioSigner(a, b) {
    const claims = (certificate) => {
        const extensions = readExtensions(certificate.raw);
        if (extensions === undefined)
            return undefined;
        const kept = new Map();
        for (const [oid, value] of extensions) {
            const fulcio = oid.startsWith(FULCIO_ARC_HEX) && oid !== RUN_INVOCATION_OID_HEX;
            if (fulcio || oid === SAN_OID.toString('hex'))
                kept.set(oid, value);
        }
        return kept.has(SAN_OID.toString('hex')) ? kept : undefined;
    };
    const first = claims(a);
    const second = claims(b);
    if (first === undefined || second === undefined || first.size !== second.size)
        return false;
    for (const [oid, value] of first)
        if (!second.get(oid)?.equals(value))
            return false;
    return true;
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
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(83917);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/rekor/v2/index.js
var v2 = __webpack_require__(13835);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/external/rekor-v2.js
var rekor_v2 = __webpack_require__(65973);
;// CONCATENATED MODULE: ./packages/transparency/lib/sigstore-failure.js


const RETRIED = (status) => status >= 500 || status === 408 || status === 429;
/**
 * A sigstore-js failure (its `InternalError`, whose cause is an `HTTPError` with `statusCode` or a network
 * error) as a `SigilError` naming the service and URL. sigstore-js's own messages are not passed on (its
 * FulcioSigner quotes the token); the server's message is, with every secret redacted, and no cause is kept.
 */
function sigstoreFailure(service, url, error, secrets) {
    const cause = error?.cause ?? error;
    const status = cause?.statusCode;
    const detail = redactSecrets(serverMessage(cause), secrets).slice(0, 300);
    if (typeof status === 'number') {
        if (service === 'Fulcio' && (status === 401 || status === 403)) {
            return new lib/* SigilError */.XU('ID_TOKEN_REFUSED', `Fulcio at ${url} refused the identity token (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`, {
                hint: 'The token must be fresh and minted for the audience Fulcio expects: `oidc-audience` must be ' +
                    '`sigstore` for public Fulcio (fulcio.sigstore.dev).',
            });
        }
        if (RETRIED(status)) {
            return new lib/* SigilError */.XU('SIGSTORE_UNREACHABLE', `${service} at ${url} kept failing (HTTP ${status}${detail === '' ? '' : `: ${detail}`}), retries exhausted`, { hint: `Re-run the job when ${service} is available.` });
        }
        return new lib/* SigilError */.XU('SIGSTORE_REFUSED', `${service} at ${url} refused the request (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`);
    }
    return new lib/* SigilError */.XU('SIGSTORE_UNREACHABLE', `${service} at ${url} could not be reached, retries exhausted${detail === '' ? '' : ` (${detail})`}`, { hint: `Check that ${url} is right and reachable from the runner, or re-run the job.` });
}
/** HTTPError's message is `(<status>) <server message>`; a network error's, what failed. */
function serverMessage(cause) {
    if (!(cause instanceof Error))
        return '';
    const code = cause.code;
    const message = cause.message.replace(/^\(\d+\)\s*/, '');
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
;// CONCATENATED MODULE: ./packages/transparency/lib/rekor-v2-witness.js





// sigstore-js's Rekor v2 HTTP client (`POST <url>/api/v2/log/entries`, retried as its other clients). Its witness
// is not used: it logs DSSE envelopes as `dsse` 0.0.2 entries, which Rekor v2 (rekor-tiles v2.3.0 on) refuses.


const KIND = 'hashedrekord';
const API_VERSION = '0.0.2';
/**
 * Logs signatures in a Rekor v2 log (rekor-tiles), as its client specification asks: every signature is a
 * `hashedrekord` 0.0.2 entry — a message signature with its artifact digest, a DSSE envelope with the SHA-256
 * of its pre-authentication encoding (Rekor v2 has no `dsse` type) — whose verifier is the signing certificate
 * (keyless) or the public key (signed with a key), P-256 only. Rekor v2 answers with an inclusion proof and a
 * checkpoint, never an integrated time or a SignedEntryTimestamp: a signature's time must come from a timestamp
 * authority. The entry is checked before it is used: one `hashedrekord` 0.0.2 entry whose canonicalized body
 * is exactly the entry asked for (the body verifiers reconstruct), with a proof and checkpoint.
 */
class RekorV2Witness {
    #client;
    #url;
    constructor(options) {
        this.#url = options.rekorURL.replace(/\/+$/, '');
        this.#client = new rekor_v2.RekorV2({ baseURL: this.#url, retry: options.retry, timeout: options.timeout });
    }
    async testify(content, publicKey) {
        const { request, body } = hashedRekordV002(content, publicKey);
        let entry;
        try {
            entry = (await this.#client.createEntry(request));
        }
        catch (error) {
            throw sigstoreFailure('Rekor', this.#url, error, []);
        }
        const problem = entryProblem(entry, body);
        if (problem !== undefined)
            throw new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Rekor v2 at ${this.#url} returned ${problem}`);
        return { tlogEntries: [entry] };
    }
}
/**
 * The `hashedrekord` 0.0.2 request for `content` signed by `publicKey` (a certificate or public key, PEM), and
 * the entry body Rekor v2 logs for it: the protobuf JSON of the entry, canonicalized (RFC 8785).
 */
function hashedRekordV002(content, publicKey) {
    let digest;
    let signature;
    if (content.$case === 'messageSignature') {
        const { messageDigest } = content.messageSignature;
        if (messageDigest === undefined)
            throw new lib/* SigilError */.XU('INTERNAL', 'the message signature names no digest');
        digest = messageDigest.digest;
        signature = content.messageSignature.signature;
    }
    else {
        const envelope = content.dsseEnvelope;
        const [only, ...more] = envelope.signatures;
        if (only === undefined || more.length > 0)
            throw new lib/* SigilError */.XU('INTERNAL', 'a DSSE envelope to log must carry one signature');
        digest = (0,external_node_crypto_.createHash)('sha256')
            .update(core_dist.dsse.preAuthEncoding(envelope.payloadType, envelope.payload))
            .digest();
        signature = only.sig;
    }
    const certificate = /-----BEGIN CERTIFICATE-----/.test(publicKey)
        ? new external_node_crypto_.X509Certificate(publicKey)
        : undefined;
    const key = certificate?.publicKey ?? (0,external_node_crypto_.createPublicKey)(publicKey);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', 'sigil logs ECDSA P-256 signatures in Rekor v2; this signature is made with another key type');
    }
    const verifier = {
        verifier: certificate
            ? {
                $case: 'x509Certificate',
                x509Certificate: { rawBytes: certificate.raw },
            }
            : {
                $case: 'publicKey',
                publicKey: { rawBytes: key.export({ format: 'der', type: 'spki' }) },
            },
        keyDetails: protobuf_specs_dist.PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
    };
    const request = {
        spec: {
            $case: 'hashedRekordRequestV002',
            hashedRekordRequestV002: { digest, signature: { content: signature, verifier } },
        },
    };
    const entry = {
        kind: KIND,
        apiVersion: API_VERSION,
        spec: {
            spec: {
                $case: 'hashedRekordV002',
                hashedRekordV002: {
                    data: { algorithm: protobuf_specs_dist.HashAlgorithm.SHA2_256, digest },
                    signature: { content: signature, verifier },
                },
            },
        },
    };
    return { request, body: Buffer.from(core_dist.json.canonicalize(v2.Entry.toJSON(entry)), 'utf8') };
}
/** What is wrong with Rekor v2's answer for the entry `body`, or undefined. */
function entryProblem(entry, body) {
    if (entry.kindVersion?.kind !== KIND || entry.kindVersion.version !== API_VERSION)
        return `a ${JSON.stringify(entry.kindVersion?.kind ?? null)} ${JSON.stringify(entry.kindVersion?.version ?? null)} entry, not ${KIND} ${API_VERSION}`;
    if (!Buffer.from(entry.canonicalizedBody).equals(body))
        return 'an entry whose body is not the one logged';
    if (entry.logId === undefined || entry.logId.keyId.length === 0)
        return 'an entry without a log ID';
    if (!/^\d+$/.test(entry.logIndex))
        return 'an entry without a log index';
    if (entry.inclusionProof?.checkpoint === undefined || entry.inclusionProof.checkpoint.envelope === '')
        return 'an entry without an inclusion proof and checkpoint';
    return undefined;
}
// EXTERNAL MODULE: ./packages/transparency/lib/service-url.js
var service_url = __webpack_require__(10343);
;// CONCATENATED MODULE: ./packages/transparency/lib/keyless-signer.js




// Fulcio's client without FulcioSigner: FulcioSigner asks for a certificate on every signature and keeps only
// the leaf; sigil asks once per signer and needs the chain (cosign's `.sig` chain annotation).





/** A certificate closer than this to its end signs nothing: the log and the TSA must see it valid. */
const EXPIRY_MARGIN_MS = 60_000;
/**
 * Keyless signing with one ephemeral P-256 key and one Fulcio certificate per instance, asked for on first use
 * and shared by every signature (cosign asks per image; a job signing 100 images asks once). Bundles are built
 * by sigstore-js (`DSSEBundleBuilder`, `MessageSignatureBundleBuilder`) around this signer, logged by its
 * `RekorWitness` (Rekor v1; an entry that already exists is fetched, not an error) or sigil's `RekorV2Witness`
 * (Rekor v2: bundles only, with a TSA) and timestamped by its `TSAWitness`. Failures are `SigilError`s naming the service and URL; the token is in none of them.
 *
 * @public For the keyless signing actions (issue 11), which do not use it yet.
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
            const problem = (0,service_url/* checkServiceUrl */.Jb)(url);
            if (problem !== undefined)
                throw new lib/* SigilError */.XU('INPUT_INVALID', `${name} ${JSON.stringify(url)} ${problem}`);
        }
        if (options.rekorVersion === 2 && options.rekorURL !== undefined && options.tsaURL === undefined) {
            throw new lib/* SigilError */.XU('INPUT_INVALID', `the Rekor v2 log ${options.rekorURL} gives no signing time, and no timestamp authority is named: the short-lived certificate could not be checked once it expires`, { hint: 'Use a signing config that names a TSA beside its Rekor v2 log (or give `tsa-url`).' });
        }
        this.#subject = tokenSubject(options.identityToken);
        this.#options = {
            ...options,
            fulcioURL: options.fulcioURL.replace(/\/+$/, ''),
            ...(options.rekorURL === undefined ? {} : { rekorURL: options.rekorURL.replace(/\/+$/, '') }),
        };
        this.#fetch = (0,service_url/* sigstoreFetchOptions */.V8)(options);
        this.#now = options.now ?? Date.now;
        this.#key = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
    }
    /** The signing certificate (asked of Fulcio on first use, then held). */
    async certificate() {
        const { pem, chain, subjectAlternativeName, issuer } = await this.#held();
        return { pem, ...(chain === undefined ? {} : { chain }), subjectAlternativeName, issuer };
    }
    /** The Rekor every signature is logged in; undefined when signatures are not logged (timestamps only). */
    get rekorURL() {
        return this.#options.rekorURL;
    }
    /** The API of `rekorURL`'s log (1 unless the options said 2). */
    get rekorVersion() {
        return this.#options.rekorVersion ?? 1;
    }
    /**
     * Whether `certificate` (DER or PEM) was issued to this signer: by the CA that issued this signer's certificate,
     * for the same identity and claims (a re-run of the job is the same signer: see `sameFulcioSigner`). A stored
     * signature it certifies is what this signer would write again, so re-running a job writes nothing twice.
     */
    async issuedToThisSigner(certificate) {
        const held = await this.#held();
        let stored;
        try {
            stored = new external_node_crypto_.X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
        }
        catch {
            return false;
        }
        const issuer = held.issuedBy;
        return (issuer !== undefined &&
            stored.checkIssued(issuer) &&
            stored.verify(issuer.publicKey) &&
            sameFulcioSigner(stored, held.leaf));
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
                : [new sign_dist/* TSAWitness */.gs({ tsaBaseURL: this.#options.tsaURL, ...this.#fetch })]),
        ];
        const builder = new sign_dist/* DSSEBundleBuilder */.VV({ signer: this.#signer(held), witnesses: this.#dsseWitnesses });
        const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload), type: payloadType }));
        if (this.#options.rekorURL !== undefined)
            logEntry(bundle, this.#options.rekorURL, this.rekorVersion);
        return (0,dist.bundleToJSON)(bundle);
    }
    /**
     * Signs `payload` (an in-toto statement) as a DSSE envelope for cosign's legacy `.att` layer: the signature over
     * the DSSE pre-authentication encoding, logged as a Rekor `dsse` entry (cosign's default entry type), returned
     * with the certificate, chain and cosign's `dev.sigstore.cosign/bundle` annotation. Needs `rekorURL`: a legacy
     * layer has no other place for a timestamp.
     */
    async signDsseLayer(payload, payloadType) {
        const rekorURL = this.#legacyLog();
        const held = await this.#held();
        if (rekorURL === undefined)
            throw new lib/* SigilError */.XU('NOT_YET_SUPPORTED', "a keyless .att layer needs a transparency log: the layer has no place for a timestamp authority's answer", {
                input: 'tlog-upload',
                hint: 'Keep `tlog-upload` on, or write bundles (`signature-format: bundle`).',
            });
        const builder = new sign_dist/* DSSEBundleBuilder */.VV({ signer: this.#signer(held), witnesses: [this.#rekor()] });
        const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload), type: payloadType }));
        if (bundle.content.$case !== 'dsseEnvelope')
            throw new lib/* SigilError */.XU('INTERNAL', 'not a DSSE envelope');
        const envelope = bundle.content.dsseEnvelope;
        const [signed] = envelope.signatures;
        if (signed === undefined)
            throw new lib/* SigilError */.XU('INTERNAL', 'the DSSE envelope has no signature');
        return {
            // What sigstore-js's RekorWitness logged (`JSON.stringify(envelopeToJSON(envelope))`), byte for byte.
            envelope: new TextEncoder().encode(JSON.stringify((0,dist.envelopeToJSON)(envelope))),
            signature: new Uint8Array(signed.sig),
            certificatePem: held.pem,
            chainPem: (held.chain ?? []).join(''),
            ...rekorAnnotation(logEntry(bundle, rekorURL, 1), rekorURL),
        };
    }
    /**
     * Signs `payload` (a simple-signing payload) for cosign's legacy `.sig` layer; with `rekorURL`, logs it as a
     * `hashedrekord` entry and returns the entry as cosign's `dev.sigstore.cosign/bundle` annotation.
     */
    async signBlob(payload) {
        const rekorURL = this.#legacyLog();
        const held = await this.#held();
        const builder = new sign_dist/* MessageSignatureBundleBuilder */.z3({
            signer: this.#signer(held),
            witnesses: rekorURL === undefined ? [] : [this.#rekor()],
        });
        const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload) }));
        if (bundle.content.$case !== 'messageSignature')
            throw new lib/* SigilError */.XU('INTERNAL', 'not a message signature');
        const signature = new Uint8Array(bundle.content.messageSignature.signature);
        return {
            signature,
            certificatePem: held.pem,
            chainPem: (held.chain ?? []).join(''),
            ...(rekorURL === undefined ? {} : rekorAnnotation(logEntry(bundle, rekorURL, 1), rekorURL)),
        };
    }
    /**
     * The log of a legacy `.sig` / `.att` layer: cosign's `dev.sigstore.cosign/bundle` annotation is a Rekor v1
     * entry with its SignedEntryTimestamp, which a Rekor v2 log never gives.
     */
    #legacyLog() {
        if (this.rekorVersion === 2)
            throw new lib/* SigilError */.XU('INPUT_INVALID', `the legacy .sig / .att layers carry a Rekor v1 entry (cosign's Rekor bundle), and ${this.#options.rekorURL ?? 'the log'} is a Rekor v2 log`, {
                input: 'signature-format',
                hint: 'Write Sigstore bundles (`signature-format: bundle`), or use a signing config with a Rekor v1 log.',
            });
        return this.#options.rekorURL;
    }
    #rekor() {
        const rekorURL = this.#options.rekorURL;
        this.#rekorWitness ??=
            this.rekorVersion === 2
                ? new RekorV2Witness({ rekorURL, ...this.#fetch })
                : new sign_dist/* RekorWitness */.fU({
                    rekorBaseURL: rekorURL,
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
                    return Promise.reject(new lib/* SigilError */.XU('SIGN_FAILED', `the signing certificate expires at ${new Date(held.notAfter).toISOString()}: too late to sign with it`, {
                        hint: 'Sign fewer images per step (a Fulcio certificate lives 10 minutes), or re-run the job.',
                    }));
                }
                return Promise.resolve({
                    signature: (0,external_node_crypto_.sign)('sha256', data, this.#key.privateKey),
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
        const challenge = (0,external_node_crypto_.sign)('sha256', Buffer.from(this.#subject), this.#key.privateKey);
        const client = new ca.CAClient({ fulcioBaseURL: fulcioURL, ...this.#fetch });
        let pems;
        try {
            pems = await client.createSigningCertificate(identityToken, publicKey, challenge);
        }
        catch (error) {
            throw sigstoreFailure('Fulcio', fulcioURL, error, [identityToken]);
        }
        const protocol = (problem) => new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Fulcio at ${fulcioURL} answered ${problem}`);
        if (!Array.isArray(pems) || pems.length === 0)
            throw protocol('no certificate chain');
        let certificates;
        try {
            certificates = pems.map((pem) => new external_node_crypto_.X509Certificate(pem));
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
        const issuedBy = certificates[1];
        return {
            pem: certificatePem(leaf),
            ...(chain.length === 0 ? {} : { chain }),
            ...identity,
            notAfter: Date.parse(leaf.validTo),
            leaf,
            ...(issuedBy === undefined ? {} : { issuedBy }),
        };
    }
    /** Runs a bundle builder, naming the service that failed. */
    async #witnessed(create) {
        try {
            return await create();
        }
        catch (error) {
            if (error instanceof lib/* SigilError */.XU)
                throw error;
            const code = error?.code;
            const service = typeof code === 'string' && code.startsWith('TSA_') ? 'TSA' : 'Rekor';
            const url = (service === 'TSA' ? this.#options.tsaURL : this.#options.rekorURL) ?? '';
            throw sigstoreFailure(service, url, error, [this.#options.identityToken]);
        }
    }
}
/**
 * The bundle's one log entry, which must carry Rekor's promise (the SET) and inclusion proof; a Rekor v2 entry,
 * an inclusion proof (its witness checked the rest).
 */
function logEntry(bundle, rekorURL, version) {
    const entries = bundle.verificationMaterial.tlogEntries;
    const entry = entries[0];
    if (entries.length !== 1 || entry === undefined) {
        throw new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned ${entries.length} entries, not one`);
    }
    if (version === 2 && entry.inclusionProof !== undefined)
        return entry;
    if (entry.inclusionPromise === undefined || entry.inclusionProof === undefined) {
        throw new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned an entry without ${entry.inclusionPromise === undefined ? 'a SignedEntryTimestamp' : 'an inclusion proof'}`);
    }
    return entry;
}
/**
 * cosign's `dev.sigstore.cosign/bundle` (`bundle.RekorBundle` in cosign's pkg/cosign/bundle): Go's JSON of
 * `{SignedEntryTimestamp []byte; Payload {body, integratedTime, logIndex, logID}}`, in that field order.
 */
function rekorAnnotation(entry, rekorURL) {
    return { rekorBundle: cosignRekorBundle(entry, rekorURL), logIndex: entry.logIndex };
}
function cosignRekorBundle(entry, rekorURL) {
    const integratedTime = Number(entry.integratedTime);
    const logIndex = Number(entry.logIndex);
    if (!Number.isSafeInteger(integratedTime) || !Number.isSafeInteger(logIndex)) {
        throw new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned an entry with a bad time or index`);
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
    const invalid = (problem) => new lib/* SigilError */.XU('INPUT_INVALID', `the identity token ${problem}`, {
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
// EXTERNAL MODULE: ./packages/transparency/lib/signing-config.js
var signing_config = __webpack_require__(38278);
;// CONCATENATED MODULE: ./packages/transparency/lib/key-bundle-log.js






/**
 * Logs key-based DSSE bundles in a transparency log as cosign v3 does when asked to: a Rekor v1 `dsse` entry
 * (the envelope's signature with the public key as its verifier; an entry that already exists is fetched, so
 * a re-run logs nothing twice) whose promise and inclusion proof go into the bundle's `tlogEntries` — or a
 * Rekor v2 `hashedrekord` 0.0.2 entry of the envelope's PAE with its inclusion proof — and, with a TSA, an
 * RFC 3161 timestamp of the signature. The bundle's signature is not touched.
 *
 * @public For the actions' `tlog-upload` (key-based Sigstore bundles).
 */
class KeyBundleLog {
    #rekor;
    #tsa;
    #services;
    constructor(services) {
        (0,service_url/* checkServiceInputs */.nK)([
            ['rekor-url', services.rekorURL],
            ['tsa-url', services.tsaURL],
        ]);
        const fetchOptions = (0,service_url/* sigstoreFetchOptions */.V8)(services);
        this.#services = { ...services, rekorURL: services.rekorURL.replace(/\/+$/, '') };
        this.#rekor =
            services.rekorVersion === 2
                ? new RekorV2Witness({ rekorURL: this.#services.rekorURL, ...fetchOptions })
                : new sign_dist/* RekorWitness */.fU({
                    rekorBaseURL: this.#services.rekorURL,
                    majorApiVersion: 1,
                    entryType: 'dsse',
                    fetchOnConflict: true,
                    ...fetchOptions,
                });
        this.#tsa =
            services.tsaURL === undefined
                ? undefined
                : new sign_dist/* TSAWitness */.gs({ tsaBaseURL: services.tsaURL, ...fetchOptions });
    }
    /** Logs (and timestamps) `bundle`, a key-based DSSE bundle's JSON bytes signed by `publicKeyPem`. */
    async log(bundle, publicKeyPem) {
        let parsed;
        try {
            parsed = (0,dist.bundleFromJSON)(JSON.parse(new TextDecoder().decode(bundle)));
        }
        catch (error) {
            throw new lib/* SigilError */.XU('INTERNAL', `the bundle to log cannot be read: ${String(error)}`);
        }
        if (parsed.content.$case !== 'dsseEnvelope')
            throw new lib/* SigilError */.XU('INTERNAL', 'only DSSE bundles are logged');
        const { rekorURL, tsaURL } = this.#services;
        let entries;
        try {
            entries = (await this.#rekor.testify(parsed.content, publicKeyPem)).tlogEntries ?? [];
        }
        catch (error) {
            // The Rekor v2 witness names its failures itself; sigstore-js's are named here.
            if (error instanceof lib/* SigilError */.XU)
                throw error;
            throw sigstoreFailure('Rekor', rekorURL, error, []);
        }
        const entry = entries[0];
        // A Rekor v2 entry was checked by its witness (an inclusion proof and checkpoint, the body logged).
        const v2 = this.#services.rekorVersion === 2;
        if (entries.length !== 1 || entry === undefined || (!v2 && entry.inclusionPromise === undefined))
            throw new lib/* SigilError */.XU('SIGSTORE_PROTOCOL', `Rekor at ${rekorURL} returned ${entries.length === 1 ? 'an entry without a SignedEntryTimestamp' : `${entries.length} entries, not one`}`);
        let timestamps;
        if (this.#tsa !== undefined) {
            try {
                const { rfc3161Timestamps = [] } = await this.#tsa.testify(parsed.content);
                timestamps = { rfc3161Timestamps };
            }
            catch (error) {
                throw sigstoreFailure('TSA', tsaURL ?? '', error, []);
            }
        }
        const logged = {
            ...parsed,
            verificationMaterial: {
                ...parsed.verificationMaterial,
                tlogEntries: [entry],
                ...(timestamps === undefined ? {} : { timestampVerificationData: timestamps }),
            },
        };
        return {
            bundle: new TextEncoder().encode(JSON.stringify((0,dist.bundleToJSON)(logged))),
            logIndex: entry.logIndex,
            integratedTime: entry.integratedTime,
        };
    }
}
;// CONCATENATED MODULE: ./packages/transparency/lib/keyless.js
// Keyless signing (GitHub OIDC → Fulcio → Rekor / TSA) and transparency-log upload, a subpath of its own: it loads @sigstore/sign, which
// verification (the package's index, what install-cosign and the gate load) does not need.





/***/ })

};
