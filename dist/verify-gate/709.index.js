export const id = 709;
export const ids = [709];
export const modules = {

/***/ 61709:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KNOWN_TUF_REPOSITORIES: () => (/* binding */ KNOWN_TUF_REPOSITORIES),
  fetchSigningConfigFromTuf: () => (/* binding */ fetchSigningConfigFromTuf),
  fetchTrustedRootFromTuf: () => (/* binding */ fetchTrustedRootFromTuf),
  mergeTrustedRoots: () => (/* binding */ mergeTrustedRoots)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/lib/index.js + 9 modules
var lib = __webpack_require__(12645);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var dist = __webpack_require__(84423);
;// CONCATENATED MODULE: ./packages/transparency/trust-data/tuf-repo.github.com/root.json
const root_namespaceObject = /*#__PURE__*/JSON.parse('{"signatures":[{"keyid":"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","sig":""},{"keyid":"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","sig":""},{"keyid":"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","sig":""},{"keyid":"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","sig":"3046022100ca341d3ba2ef7657d69c2825729959681f55aec497b612e81a547e2abb616b49022100cd605b412a3d991f92e0818e07e60383bbd23904723eec221d6e39fdfeae3104"},{"keyid":"5e01c9a0b2641a8965a4a74e7df0bc7b2d8278a2c3ca0cf7a3f2f783d3c69800","sig":"3046022100d0f70effe60d6a18319e2890088cd01d45c654ee6d2ce1d5c3cdcf2dc7f637570221008f947a2d7334d948f1c4794b0a465f1dfb99a578dd8d1f4563cee0581f457db2"},{"keyid":"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44","sig":"304502201ae931db1c48020fb37af54d446ac856306f619dfc3f93ddcff70d2880e443dc022100992b70451aa74805adef24e85ec352e598812267f623979bd4ce719b66b62d22"},{"keyid":"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","sig":"3045022023bba8e14c177609f43873aa0087ef983ddd2bad9a0a832c0cf279e1be8798f2022100facfaecc1d7ee793042eaaa6970fb9ca700c3bdbf4ee43ed0f8d0fc3aef96563"},{"keyid":"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","sig":"3046022100d2f6cceb05d135ce6a6ce7fe1dc76c24508154ad71c433028e64ca95ba716ffb022100f0592d60eb67508dd5f9cc593a4cca33bbaf94882c3d74a560fda845a456c6cc"},{"keyid":"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","sig":"30450221009af2f0c534ed92de909a3b727f7101319c18e10623de8f48a0eba980d3d54d830220095842b16c58567c71f9dfa0b54e79daca1b2fecf3cb2ea4ee6d8393bdf93294"}],"signed":{"_type":"root","consistent_snapshot":true,"expires":"2025-04-11T14:36:57Z","keys":{"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENki7aZVips5SgRzCd/Om0CGzQKY/\\nnv84giqVDmdwb2ys82Z6soFLasvYYEEQcwqaC170n9gr93wHUgPc796uJA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@ashtom"},"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElD0o2sOZN9n3RKQ7PtMLAoXj+2Ai\\nn4PKT/pfnzDlNLrD3VTQwCc4sR4t+OLu4KQ+qk+kXkR9YuBsu3bdJZ1OWw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@nerdneha"},"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEimKcdST+ORD+g0aGEFDOVZDAaIYg\\nIgesNKiIe2L7MUsYx5UHhzQ08quvew13eYSCNJnfwooFZu7cdTu8AwqFjQ==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@alexiswales"},"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBagkskNOpOTbetTX5CdnvMy+LiWn\\nonRrNrqAHL4WgiebH7Uig7GLhC3bkeA/qgb926/vr9qhOPG9Buj2HatrPw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@gregose"},"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7IEoVNwrprchXGhT5sAhSax7SOd3\\n8duuISghCzfmHdKJWSbV2wJRamRiUVRtmA83K/qm5cT20WXMCT5QeM/D3A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@trevrosen"},"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC2wJ3xscyXxBLybJ9FVjwkyQMe53\\nRHUz77AjMO8MzVaT8xw6ZvJqdNZiytYtigWULlINxw6frNsWJKb/f7lC8A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@kommendorkapten"},"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDdORwcruW3gqAgaLjH/nNdGMB4kQ\\nAvA+wD6DyO4P/wR8ee2ce83NZHq1ZADKhve0rlYKaKy3CqyQ5SmlZ36Zhw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@krukow"},"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENynVdQnM9h7xU71G7PiJpQaDemub\\nkbjsjYwLlPJTQVuxQO8WeIpJf8MEh5rf01t2dDIuCsZ5gRx+QvDv0UzfsA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@mph4"},"eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENKNcNcX+d73lS1TRFb9Vnp8JvOoh\\nzYQ+in43iGenbG8RGo9L/6FJ2hoRbVU6xskvyuErcdPbCdI4GxrQ5i8hkw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-online-uri":"azurekms://production-tuf-root.vault.azure.net/keys/Online-Key/aaf375fd8ed24acb949a5cc173700b05"}},"roles":{"root":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"snapshot":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":21,"x-tuf-on-ci-signing-period":7},"targets":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"timestamp":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":7,"x-tuf-on-ci-signing-period":6}},"spec_version":"1.0.31","version":3,"x-tuf-on-ci-expiry-period":240,"x-tuf-on-ci-signing-period":60}}');
// EXTERNAL MODULE: ./packages/transparency/lib/service-url.js
var service_url = __webpack_require__(10343);
;// CONCATENATED MODULE: ./packages/transparency/lib/tuf-trusted-root.js






/**
 * The TUF repositories sigil knows, each with the root it starts from: the public-good Sigstore (its root embedded
 * in `@sigstore/tuf`) and GitHub's, whose trusted root holds `fulcio.githubapp.com` and GitHub's timestamp authority
 * (artifact attestations of private repositories; the root `gh attestation verify` embeds, see trust-data/README.md).
 */
const KNOWN_TUF_REPOSITORIES = {
    'public-good': { mirrorURL: 'https://tuf-repo-cdn.sigstore.dev' },
    github: { mirrorURL: 'https://tuf-repo.github.com', root: root_namespaceObject },
};
/**
 * The `trusted_root.json` target of a TUF repository, as text: the client refreshes root (each new root signed by
 * the previous one), timestamp, snapshot and targets, checks every signature, threshold, version and expiry, and
 * the target's length and hash, caching what it verified under `cachePath` (a later run reads the cache and only
 * refreshes what changed). Anything that does not verify, or a repository that cannot be reached, is
 * TRUST_ROOT_UNAVAILABLE naming the repository: the gate then verifies nothing keyless.
 */
function fetchTrustedRootFromTuf(request) {
    return fetchTufTarget(request, 'trusted_root.json', {
        what: 'the trusted root',
        hint: 'Check that the runner reaches the TUF repository, or give `trusted-root` a trusted_root.json file (offline or private Sigstore).',
    });
}
/**
 * The signing config (`signing_config.v0.2.json`) a Sigstore instance distributes through its TUF repository: the
 * Fulcio, Rekor and TSA to sign with (cosign v3 and sigstore-js discover their services this way). Verified as the
 * trusted root is; TRUST_ROOT_UNAVAILABLE when it cannot be.
 */
function fetchSigningConfigFromTuf(request) {
    return fetchTufTarget(request, 'signing_config.v0.2.json', {
        what: 'the signing config',
        hint: 'Check that the runner reaches the TUF repository, or name the services (`signing-config` file, or `fulcio-url` and `rekor-url`).',
    });
}
/** One target of a TUF repository, verified (see `fetchTrustedRootFromTuf`). */
async function fetchTufTarget(request, target, failure) {
    const problem = (0,service_url/* checkServiceUrl */.Jb)(request.mirrorURL);
    if (problem !== undefined)
        throw new lib/* SigilError */.XU('INPUT_INVALID', `the TUF repository ${JSON.stringify(request.mirrorURL)} ${problem}`);
    const mirrorURL = request.mirrorURL.replace(/\/+$/, '');
    let rootPath = request.rootPath;
    if (request.root !== undefined) {
        const anchors = external_node_path_.join(request.cachePath, 'anchors');
        await (0,promises_.mkdir)(anchors, { recursive: true });
        rootPath = external_node_path_.join(anchors, `${encodeURIComponent(new URL(mirrorURL).host)}.root.json`);
        await (0,promises_.writeFile)(rootPath, JSON.stringify(request.root));
    }
    try {
        const client = await (0,dist.initTUF)({
            mirrorURL,
            cachePath: request.cachePath,
            ...(rootPath === undefined ? {} : { rootPath }),
            timeout: request.timeoutMs ?? 15_000,
            retry: { retries: 2 },
        });
        return await client.getTarget(target);
    }
    catch (error) {
        const code = error?.code;
        const detail = [error, error?.cause]
            .map((part) => (part instanceof Error ? part.message : undefined))
            .filter((message) => message !== undefined && message !== '')
            .join(': ');
        throw new lib/* SigilError */.XU('TRUST_ROOT_UNAVAILABLE', `${failure.what} could not be fetched and verified through the TUF repository ${mirrorURL}${typeof code === 'string' ? ` (${code})` : ''}${detail === '' ? '' : `: ${detail}`}`, {
            cause: error,
            hint: failure.hint,
        });
    }
}
const ROOT_LISTS = ['tlogs', 'certificateAuthorities', 'ctlogs', 'timestampAuthorities'];
/**
 * Several trusted roots as one (parsed JSON in, parsed JSON out): their transparency logs, certificate
 * authorities, CT logs and timestamp authorities side by side, so that evidence of either instance verifies (the
 * signer policy still decides who may sign). One root is returned as it is. Nothing is dropped: any other field is
 * kept, and roots of different media types give a media type no loader accepts, for the strict loader to refuse.
 */
function mergeTrustedRoots(documents) {
    if (documents.length === 1)
        return documents[0];
    const merged = {};
    const mediaTypes = new Set();
    for (const document of documents) {
        if (typeof document !== 'object' || document === null || Array.isArray(document))
            return document;
        const root = document;
        mediaTypes.add(root['mediaType']);
        for (const [key, value] of Object.entries(root)) {
            if (ROOT_LISTS.includes(key)) {
                const list = merged[key];
                // A list that is not an array is kept (whichever it is) for the loader to refuse.
                merged[key] =
                    list === undefined
                        ? value
                        : Array.isArray(list) && Array.isArray(value)
                            ? [...list, ...value]
                            : Array.isArray(list)
                                ? value
                                : list;
            }
            else if (!(key in merged))
                merged[key] = value;
        }
    }
    merged['mediaType'] = mediaTypes.size === 1 ? [...mediaTypes][0] : [...mediaTypes].map(String).join(' + ');
    return merged;
}

/***/ })

};
