// The local demo: a real registry on loopback, three sample images (frontend is multi-arch), a fresh
// cosign key pair, and the committed dist/ bundles as the runner runs them: sign-image, attest-sbom (an
// SPDX SBOM on each image, and on each platform of frontend as `platforms: all` needs), attest-provenance
// in a simulated release run of acme/shop, and verify-gate requiring `signature, sbom, provenance` on every
// platform; then an attacker's tampering and the gate blocking it. Along the way install-cosign installs
// the cosign CLI from a local release mirror and sign-image runs it (`engine: cosign`), as it does for KMS
// and k8s:// keys. Then Sigstore bundles as OCI referrers (cosign v3's default format): cosign v3.1.3 with
// its default flags signs and attests an image in a registry with the OCI 1.1 referrers API and the gate
// passes it; sigil writes `signature-format: bundle` into Docker Distribution (the referrers tag fallback),
// cosign v3 verifies it, and an attacker's referrers index copied onto a modified image is blocked. Last,
// `trusted-root` and `require-tlog`: a bundle is refused until a private Rekor log (loopback) holds it; and
// keyless: sigil and cosign v3 sign through a loopback Fulcio, Rekor v2 and TSA, and the gate pins the signing
// workflow.
// Run with `npm run demo` (after scripts/bootstrap.sh, which builds cosign and the referrers registry).
import { generateEnvironmentKeys } from '@sigil/keys';
import { RegistryClient } from '@sigil/oci';
import { cosignAssetFor } from '@sigil/toolkit/tool-install';
import { startMockSigstore } from '@sigil/testing/sigstore';
import { startSigstoreStack } from '@sigil/testing/sigstore-stack';
import { runWorkflow } from '@sigil/testing/workflow-runner';
import {
  pushTestImage,
  pushTestIndex,
  runDistAction,
  startReferrersRegistry,
  startRegistry,
  startReleaseMirror,
} from '@sigil/testing';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (n, text) => console.log(`\n${bold(`${n}. ${text}`)}`);

function check(run, what) {
  if (run.timedOut) throw new Error(`${what}: the action timed out`);
  if (run.exitCode !== 0 && what !== 'verify-gate') {
    throw new Error(`${what} failed:\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

function printAnnotations(run) {
  for (const annotation of run.annotations) {
    console.log(`   ${annotation.level}: ${annotation.message.split('\n').join('\n      ')}`);
  }
}

/**
 * The SBOM of the demo release, as `syft -o spdx-json` shapes it. (attest-sbom can run syft on each image
 * itself; the demo's images hold random bytes, about which syft has nothing to say.)
 */
function demoSbom() {
  return JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'acme-shop-1.0',
    documentNamespace: 'https://sigil.invalid/demo/acme-shop-1.0',
    creationInfo: {
      created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      creators: ['Tool: sigil-demo'],
    },
    packages: [
      { SPDXID: 'SPDXRef-Package-musl', name: 'musl', versionInfo: '1.2.5', licenseConcluded: 'MIT' },
      {
        SPDXID: 'SPDXRef-Package-openssl',
        name: 'openssl',
        versionInfo: '3.3.2',
        licenseConcluded: 'Apache-2.0',
      },
    ],
  });
}

/** What the runner sets for a run of acme/shop's release workflow (attest-provenance reads these). */
const RELEASE_RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY_OWNER_ID: '7890',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.0.0',
  GITHUB_SHA: 'c0ffee'.padEnd(40, '0'),
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/tags/v1.0.0',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

const toolsDir = process.env.SIGIL_TOOLS_DIR ?? join(homedir(), '.cache', 'sigil-tools');
const versions = JSON.parse(readFileSync('tools/versions.json', 'utf8'));

/** The cosign CLI bootstrap built (`major`: v2 or v3); missing means bootstrap has not run. */
function cosignBinary(major) {
  const path = join(toolsDir, `cosign-${versions.cosign[major]}`, 'cosign');
  if (!existsSync(path)) throw new Error(`${path} is missing: run ./scripts/bootstrap.sh first`);
  return path;
}

/** Runs cosign v3 with a private HOME; fails the demo on a non-zero exit unless `allowFailure`. */
function cosignV3(args, { home, env = {}, allowFailure = false }) {
  return new Promise((resolve, reject) => {
    execFile(
      cosignBinary('v3'),
      args,
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error !== null && !allowFailure) reject(new Error(`cosign ${args[0]} failed:\n${stderr}`));
        else resolve({ code: error === null ? 0 : 1, stdout, stderr });
      },
    );
  });
}

/** The gate's checks of each image, as `check: result (where the evidence was found)` lines. */
function printChecks(run) {
  const report = JSON.parse(readFileSync(run.outputs['report-path'], 'utf8'));
  for (const image of report.images) {
    const checks = image.checks.map(
      (check) =>
        `${check.check} ${check.passed ? 'pass' : check.reason}${check.source === undefined ? '' : ` (from the ${check.source})`}`,
    );
    console.log(`   ${image.image}: ${checks.join(', ')}`);
  }
}

/**
 * Sigstore bundles as OCI referrers: cosign v3 with its defaults in the referrers-API registry; sigil's own
 * bundles in Docker Distribution (fallback referrers tag); a copied referrers index blocked.
 */
async function bundleSteps({ dir, prodKey, prodPub, password }) {
  const home = mkdtempSync(join(tmpdir(), 'sigil-demo-cosign-'));
  const signingConfig = join(home, 'signing-config.json');
  const trustedRoot = join(home, 'trusted-root.json');
  // cosign v3's defaults want a signing config; this one names no services (nothing goes to a public log).
  await cosignV3(['signing-config', 'create', '--out', signingConfig], { home });
  writeFileSync(
    trustedRoot,
    JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' }),
  );
  const provenancePath = 'test/fixtures/attestation/slsa-provenance-v1.json';

  step(
    9,
    `cosign v3.1.3 with its default flags signs and attests payments:1.0 in ${referrersRegistry.host} (OCI 1.1 referrers API)`,
  );
  const payments = await pushTestImage(
    client,
    { registry: referrersRegistry.host, repository: 'demo/payments' },
    { tag: '1.0' },
  );
  const paymentsRef = `${referrersRegistry.host}/demo/payments@${payments.digest}`;
  const defaults = ['--key', prodKey, '--signing-config', signingConfig, '--allow-http-registry', '--yes'];
  const env = { COSIGN_PASSWORD: password };
  await cosignV3(['sign', ...defaults, paymentsRef], { home, env });
  await cosignV3(
    ['attest', ...defaults, '--type', 'spdxjson', '--predicate', join(dir, 'sbom.spdx.json'), paymentsRef],
    { home, env },
  );
  await cosignV3(
    ['attest', ...defaults, '--type', 'slsaprovenance1', '--predicate', provenancePath, paymentsRef],
    { home, env },
  );
  const listed = await client.listReferrers(
    { registry: referrersRegistry.host, repository: 'demo/payments' },
    payments.digest,
  );
  console.log(
    `   ${listed.descriptors.length} Sigstore bundle referrers, listed through the ${listed.source}; no .sig or .att tag`,
  );
  const cosignGate = check(
    await runDistAction('verify-gate', {
      inputs: { images: paymentsRef, 'public-keys': prodPub, require: 'signature, sbom, provenance' },
    }),
    'verify-gate',
  );
  console.log(`   verify-gate: exit ${cosignGate.exitCode}, verified=${cosignGate.outputs.verified}`);
  printChecks(cosignGate);
  if (cosignGate.exitCode !== 0)
    throw new Error(`the gate should have passed cosign v3's bundles:\n${cosignGate.stdout}`);

  step(
    10,
    `sigil writes bundles (signature-format: bundle) for api:1.0 in ${registry.host} (Docker Distribution: the referrers tag)`,
  );
  const apiRepo = { registry: registry.host, repository: 'demo/api' };
  const api = await pushTestImage(client, apiRepo, { tag: '1.0' });
  const apiRef = `${registry.host}/demo/api:1.0`;
  const bundleInputs = { images: apiRef, key: prodKey, 'signature-format': 'bundle' };
  const runs = [
    check(await runDistAction('sign-image', { inputs: bundleInputs, env }), 'sign-image'),
    check(
      await runDistAction('attest-sbom', {
        inputs: { ...bundleInputs, sbom: join(dir, 'sbom.spdx.json') },
        env,
      }),
      'attest-sbom',
    ),
    check(
      await runDistAction('attest-provenance', { inputs: bundleInputs, env: { ...env, ...RELEASE_RUN } }),
      'attest-provenance',
    ),
  ];
  for (const written of [
    ...JSON.parse(runs[0].outputs.signatures),
    ...JSON.parse(runs[1].outputs.attestations),
    ...JSON.parse(runs[2].outputs.attestations),
  ]) {
    console.log(
      `   ${written.predicateType ?? 'signature'} -> ${written.format} ${written.ref} (listed through the ${written.listedThrough})`,
    );
  }
  const pinnedApi = `${registry.host}/demo/api@${api.digest}`;
  const verified = await cosignV3(
    [
      'verify',
      '--key',
      prodPub,
      '--trusted-root',
      trustedRoot,
      '--insecure-ignore-tlog',
      '--allow-http-registry',
      pinnedApi,
    ],
    { home },
  );
  const verifiedAttestations = await cosignV3(
    [
      'verify-attestation',
      '--key',
      prodPub,
      '--type',
      'spdxjson',
      '--trusted-root',
      trustedRoot,
      '--insecure-ignore-tlog',
      '--allow-http-registry',
      pinnedApi,
    ],
    { home },
  );
  console.log(
    `   cosign v3 verify: exit ${verified.code}; verify-attestation --type spdxjson: exit ${verifiedAttestations.code}`,
  );
  const apiGateInputs = {
    images: apiRef,
    'public-keys': prodPub,
    require: 'signature, sbom, provenance',
    'provenance-source': 'github.com/acme/shop',
  };
  const apiGate = check(await runDistAction('verify-gate', { inputs: apiGateInputs }), 'verify-gate');
  console.log(`   verify-gate: exit ${apiGate.exitCode}, verified=${apiGate.outputs.verified}`);
  printChecks(apiGate);
  if (apiGate.exitCode !== 0)
    throw new Error(`the gate should have passed sigil's bundles:\n${apiGate.stdout}`);

  step(11, "Tampering: a modified api under api:1.0, with the old image's referrers index copied to it");
  const evilApi = await pushTestImage(client, apiRepo, { tag: '1.0' });
  const fallback = (digest) => `sha256-${digest.slice('sha256:'.length)}`;
  const index = await client.getManifest(apiRepo, fallback(api.digest));
  await client.putManifest(apiRepo, fallback(evilApi.digest), index.bytes, index.mediaType);
  console.log(`   api:1.0 now -> ${evilApi.digest}, listing the bundles of ${api.digest}`);
  const apiBlocked = check(await runDistAction('verify-gate', { inputs: apiGateInputs }), 'verify-gate');
  console.log(`   verify-gate: exit ${apiBlocked.exitCode}, verified=${apiBlocked.outputs.verified}`);
  printChecks(apiBlocked);
  const apiFailed = JSON.parse(apiBlocked.outputs.failed ?? '[]');
  if (
    apiBlocked.exitCode !== 1 ||
    !['signature', 'sbom', 'provenance'].every((name) => apiFailed.some((failure) => failure.check === name))
  ) {
    throw new Error('the gate should have blocked the tampered api image on all three requirements');
  }
  await Promise.all([cosignGate, ...runs, apiGate, apiBlocked].map((run) => run.cleanup()));
  await transparencySteps({ prodKey, prodPub, env });
  await keylessSteps();
  await workflowSteps();
  return [...new Set(apiFailed.map((failure) => failure.reason))].join(', ');
}

/**
 * Keyless: a loopback Sigstore (GitHub-shaped OIDC issuer, Fulcio, Rekor v1 and v2, TSA) stands in for the
 * public-good one; its signing config lists both logs, and sigil and cosign v3 log in Rekor v2.
 * sigil's sign-image signs keyless as acme/shop's release workflow (the runner's OIDC variables, as with
 * `permissions: id-token: write`); cosign v3 signs another image as the nightly workflow; the gate pins the
 * release workflow, passes the release and blocks the nightly; cosign v3 verifies sigil's keyless signature.
 */
async function keylessSteps() {
  step(
    13,
    "Keyless: acme/shop's release workflow signs search:1.0 with sigil (runner OIDC → loopback Fulcio, Rekor v2, TSA)",
  );
  // The signing config lists a Rekor v1 and a Rekor v2 log, as the public-good one does: sigil and cosign v3 pick v2.
  const stack = await startSigstoreStack({
    issuer: 'github',
    identity: { repository: 'acme/shop', workflow: '.github/workflows/release.yml', ref: 'refs/heads/main' },
    rekorVersions: [1, 2],
  });
  const runs = [];
  try {
    const home = mkdtempSync(join(tmpdir(), 'sigil-demo-keyless-'));
    const files = await stack.writeFiles(home);
    const repo = { registry: referrersRegistry.host, repository: 'demo/search' };
    const release = await pushTestImage(client, repo, { tag: '1.0' });
    const nightly = await pushTestImage(client, repo, { tag: 'nightly' });
    const releaseRef = `${referrersRegistry.host}/demo/search@${release.digest}`;
    const nightlyRef = `${referrersRegistry.host}/demo/search@${nightly.digest}`;
    const signed = check(
      await runDistAction('sign-image', {
        inputs: { images: releaseRef, 'signing-config': files.signingConfig },
        env: stack.env(),
      }),
      'sign-image',
    );
    runs.push(signed);
    const [signature] = JSON.parse(signed.outputs.signatures);
    console.log(
      `   no key: one Fulcio certificate for ${stack.identity.subjectAlternativeName}; ${signature.format} signature ${signature.ref}, logged in the Rekor v2 log at index ${signature.tlogIndex} (a hashedrekord 0.0.2 entry; the time from the TSA)`,
    );
    if ((stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0) !== 1)
      throw new Error('sign-image should have logged its signature in the Rekor v2 log');
    await cosignV3(
      [
        'sign',
        '--identity-token',
        stack.token({
          identity: {
            repository: 'acme/shop',
            workflow: '.github/workflows/nightly.yml',
            ref: 'refs/heads/main',
          },
        }),
        '--signing-config',
        files.signingConfig,
        '--trusted-root',
        files.trustedRoot,
        '--allow-http-registry',
        '--yes',
        nightlyRef,
      ],
      { home, env: { TUF_ROOT: join(home, 'tuf') } },
    );
    console.log('   cosign v3 signed search:nightly keyless as acme/shop/.github/workflows/nightly.yml');
    const gated = check(
      await runDistAction('verify-gate', {
        inputs: {
          images: `${releaseRef}\n${nightlyRef}`,
          require: 'signature',
          'signer-workflow': 'acme/shop/.github/workflows/release.yml',
          'trusted-root': files.trustedRoot,
        },
      }),
      'verify-gate',
    );
    runs.push(gated);
    console.log(
      `   signer-workflow acme/shop/.github/workflows/release.yml: exit ${gated.exitCode}, verified=${gated.outputs.verified}`,
    );
    printChecks(gated);
    const failed = JSON.parse(gated.outputs.failed);
    if (
      gated.exitCode !== 1 ||
      failed.length !== 1 ||
      failed[0].image !== nightlyRef ||
      failed[0].reason !== 'SIGNER_MISMATCH'
    )
      throw new Error(
        `the gate should pass the release workflow's image and block the nightly's:\n${gated.stdout}`,
      );
    const verified = await cosignV3(
      [
        'verify',
        '--trusted-root',
        files.trustedRoot,
        '--certificate-identity',
        stack.identity.subjectAlternativeName,
        '--certificate-oidc-issuer',
        stack.identity.issuer,
        '--allow-http-registry',
        releaseRef,
      ],
      { home, env: { TUF_ROOT: join(home, 'tuf') } },
    );
    console.log(`   cosign v3 verify of sigil's keyless signature (identity pinned): exit ${verified.code}`);
  } finally {
    await Promise.all(runs.map((run) => run.cleanup()));
    await stack.stop();
  }
}

/**
 * trusted-root and require-tlog: a private Sigstore on loopback (a Rekor v1 log and an RFC 3161 TSA from
 * @sigstore/mock, with its own trusted_root.json) logs and timestamps a bundle sign-image wrote; the gate
 * refuses the bundle until it carries a log entry that verifies against that root.
 */
/** The ten-line caller of the README, run job by job: sign-and-attest.yml, then verify-gate.yml for production. */
async function workflowSteps() {
  step(
    14,
    "Reusable workflows: acme/shop's 10-line caller runs sign-and-attest.yml, then verify-gate.yml for production",
  );
  const stack = await startSigstoreStack({
    issuer: 'github',
    identity: { repository: 'acme/shop', workflow: '.github/workflows/release.yml', ref: 'refs/heads/main' },
  });
  try {
    const caller = mkdtempSync(join(tmpdir(), 'sigil-demo-caller-'));
    mkdirSync(join(caller, '.github', 'workflows'), { recursive: true });
    await stack.writeFiles(join(caller, 'sigstore'));
    writeFileSync(join(caller, 'sbom.spdx.json'), demoSbom());
    const repo = { registry: registry.host, repository: 'demo/checkout' };
    const { digest } = await pushTestImage(client, repo, { tag: '1.0' });
    const workflow = (pinnedIdentity) => `name: release
on: push
permissions: {}
jobs:
  supply-chain:
    permissions: { contents: read, id-token: write }
    uses: sigil-dev/sigil/.github/workflows/sign-and-attest.yml@main
    with:
      images: ${registry.host}/demo/checkout:1.0
      sbom: sbom.spdx.json
      signing-config: sigstore/signing_config.json
      trusted-root: sigstore/trusted_root.json
  promote:
    needs: supply-chain
    permissions: { contents: read }
    uses: sigil-dev/sigil/.github/workflows/verify-gate.yml@main
    with:
      environment: production
      images: \${{ needs.supply-chain.outputs.images }}
      certificate-identity: ${pinnedIdentity}
      trusted-root: sigstore/trusted_root.json
      require: signature, sbom, provenance
`;
    const run = async (pinnedIdentity) => {
      writeFileSync(join(caller, '.github', 'workflows', 'release.yml'), workflow(pinnedIdentity));
      return runWorkflow({
        repositoryRoot: process.cwd(),
        repository: 'sigil-dev/sigil',
        workflow: '.github/workflows/release.yml',
        caller: {
          root: caller,
          repository: 'acme/shop',
          ref: 'refs/heads/main',
          sha: 'c0ffee'.padEnd(40, '0'),
          eventName: 'push',
        },
        oidc: (claims) => stack.env({ claims }),
        // actions/checkout, as it behaves: the caller's repository in the job's workspace.
        standIns: {
          'actions/checkout': async ({ workspace }) => (cpSync(caller, workspace, { recursive: true }), {}),
        },
      });
    };
    const passed = await run('${{ needs.supply-chain.outputs.certificate-identity }}');
    const supply = passed.jobs['supply-chain'];
    for (const [id, job] of Object.entries(supply.called?.jobs ?? {})) {
      const steps = job.steps.map((s) => `${s.name}: ${s.conclusion}`).join(', ');
      console.log(`   sign-and-attest.yml job ${id} (id-token: ${job.permissions['id-token']}): ${steps}`);
    }
    console.log(`   outputs: images=${supply.outputs.images}`);
    console.log(`            certificate-identity=${supply.outputs['certificate-identity']}`);
    const gate = passed.jobs.promote;
    console.log(
      `   verify-gate.yml in environment ${gate.called?.jobs.gate?.environment}: verified=${gate.outputs.verified}`,
    );
    if (
      passed.conclusion !== 'success' ||
      gate.outputs.verified !== 'true' ||
      !supply.outputs.images.endsWith(digest)
    ) {
      throw new Error(
        `the reusable workflows should have signed, attested and passed demo/checkout:\n${passed.log}`,
      );
    }
    const blocked = await run('https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main');
    const reasons = [
      ...new Set(JSON.parse(blocked.jobs.promote.outputs.failed || '[]').map((f) => f.reason)),
    ];
    console.log(
      `   the same gate pinned to acme/shop's own release.yml: ${blocked.conclusion}, ${reasons.join(', ')}`,
    );
    if (blocked.conclusion !== 'failure' || !reasons.includes('CERTIFICATE_IDENTITY_MISMATCH')) {
      throw new Error('a gate pinned to another identity should have blocked the promotion');
    }
  } finally {
    await stack.stop();
  }
}

async function transparencySteps({ prodKey, prodPub, env }) {
  step(12, 'trusted-root and require-tlog: a private Rekor log and timestamp authority (loopback)');
  const sigstore = await startMockSigstore();
  const home = mkdtempSync(join(tmpdir(), 'sigil-demo-tlog-'));
  const rootPath = join(home, 'trusted_root.json');
  writeFileSync(rootPath, JSON.stringify(sigstore.trustedRoot));
  const repo = { registry: registry.host, repository: 'demo/ledger' };
  const ledger = await pushTestImage(client, repo, { tag: '1.0' });
  const ledgerRef = `${registry.host}/demo/ledger@${ledger.digest}`;
  const signed = check(
    await runDistAction('sign-image', {
      inputs: { images: ledgerRef, key: prodKey, 'signature-format': 'bundle' },
      env,
    }),
    'sign-image',
  );
  const gateInputs = {
    images: ledgerRef,
    'public-keys': prodPub,
    require: 'signature',
    'trusted-root': rootPath,
    'require-tlog': 'true',
  };
  const unlogged = check(await runDistAction('verify-gate', { inputs: gateInputs }), 'verify-gate');
  console.log(
    `   unlogged bundle: verify-gate exit ${unlogged.exitCode}, verified=${unlogged.outputs.verified}`,
  );
  printChecks(unlogged);
  if (unlogged.exitCode !== 1) throw new Error('the gate should have refused a bundle without a log entry');

  // The private Rekor logs the bundle's DSSE signature, the TSA timestamps it, and the logged bundle is listed.
  const [written] = JSON.parse(signed.outputs.signatures);
  const referrer = written.ref.slice(written.ref.indexOf('@') + 1);
  const manifest = JSON.parse(new TextDecoder().decode((await client.getManifest(repo, referrer)).bytes));
  const bundle = JSON.parse(new TextDecoder().decode(await client.getBlob(repo, manifest.layers[0].digest)));
  const publicKeyPem = readFileSync(prodPub, 'utf8');
  const logged = {
    ...bundle,
    verificationMaterial: {
      ...bundle.verificationMaterial,
      tlogEntries: [await sigstore.logDsse(bundle, publicKeyPem)],
      timestampVerificationData: {
        rfc3161Timestamps: [{ signedTimestamp: await sigstore.timestampDsse(bundle) }],
      },
    },
  };
  const blob = await client.putBlob(repo, new TextEncoder().encode(JSON.stringify(logged)));
  const loggedManifest = { ...manifest, layers: [{ ...manifest.layers[0], ...blob }] };
  await client.pushReferrer(repo, {
    manifest: new TextEncoder().encode(JSON.stringify(loggedManifest)),
    subject: ledger.digest,
    artifactType: manifest.artifactType,
    annotations: manifest.annotations,
  });
  console.log(
    `   logged in the private Rekor at index ${logged.verificationMaterial.tlogEntries[0].logIndex}, timestamped`,
  );
  const passed = check(await runDistAction('verify-gate', { inputs: gateInputs }), 'verify-gate');
  console.log(`   logged bundle: verify-gate exit ${passed.exitCode}, verified=${passed.outputs.verified}`);
  printChecks(passed);
  if (passed.exitCode !== 0)
    throw new Error(`the gate should have passed the logged bundle:\n${passed.stdout}`);
  await Promise.all([signed, unlogged, passed].map((run) => run.cleanup()));
}

const registry = await startRegistry();
const referrersRegistry = await startReferrersRegistry();
const client = new RegistryClient({ timeoutMs: 60_000 });
let exitCode = 1;
try {
  step(1, `Local registry (Docker Distribution) at ${registry.host}`);
  const repo = (name) => ({ registry: registry.host, repository: `demo/${name}` });
  const backend = await pushTestImage(client, repo('backend'), { tag: '1.0' });
  const worker = await pushTestImage(client, repo('worker'), { tag: '1.0' });
  const frontend = await pushTestIndex(client, repo('frontend'), { tag: '1.0' });
  const images = [
    `${registry.host}/demo/backend:1.0`,
    `${registry.host}/demo/worker:1.0`,
    `${registry.host}/demo/frontend:1.0`,
  ];
  console.log(`   pushed backend ${backend.digest}`);
  console.log(`   pushed worker  ${worker.digest}`);
  console.log(`   pushed frontend ${frontend.digest} (index: linux/amd64, linux/arm64)`);

  step(2, 'Key pairs for the dev, stage and prod environments (cosign format; public keys in infra/keys)');
  const dir = mkdtempSync(join(tmpdir(), 'sigil-demo-'));
  const passwords = Object.fromEntries(
    ['dev', 'stage', 'prod'].map((environment) => [environment, randomBytes(18).toString('base64url')]),
  );
  const password = passwords.prod;
  const keys = await generateEnvironmentKeys({
    environments: ['dev', 'stage', 'prod'],
    publicKeyDir: join(dir, 'infra', 'keys'),
    privateKeyDir: join(dir, 'private'),
    passwordFor: (environment) => passwords[environment],
  });
  for (const key of keys)
    console.log(`   ${key.environment}: ${key.publicKeyPath} and ${key.privateKeyPath}`);
  const prodKey = join(dir, 'private', 'prod.key');
  const prodPub = join(dir, 'infra', 'keys', 'prod.pub');

  step(3, 'sign-image (dist/sign-image, as the runner runs it): all three, every platform of frontend');
  const signed = check(
    await runDistAction('sign-image', {
      inputs: { images: images.join('\n'), key: prodKey, recursive: true },
      env: { COSIGN_PASSWORD: password },
    }),
    'sign-image',
  );
  printAnnotations(signed);
  for (const signature of JSON.parse(signed.outputs.signatures)) {
    console.log(`   signed ${signature.image} -> ${signature.ref}`);
  }

  const cosignVersion = versions.cosign.v2;
  const cosignBuild = cosignBinary('v2');
  step(
    '3b',
    `install-cosign (dist/install-cosign) from a local release mirror: cosign ${cosignVersion}, then sign-image with engine: cosign`,
  );
  const mirror = await startReleaseMirror();
  const { asset } = cosignAssetFor(process.platform, process.arch);
  mirror.put(`/${cosignVersion}/${asset}`, { file: cosignBuild });
  // The go-install build is not upstream's binary, so it is installed as a version sigil holds no checksum
  // for, with its sha256 in `checksum` (the held v3.1.3 pin would refuse it).
  const checksum = createHash('sha256').update(readFileSync(cosignBuild)).digest('hex');
  const installed = check(
    await runDistAction('install-cosign', {
      inputs: { 'cosign-version': cosignVersion, 'download-url': mirror.url, checksum },
    }),
    'install-cosign',
  );
  await mirror.stop();
  console.log(
    `   cosign-path=${installed.outputs['cosign-path']} cosign-version=${installed.outputs['cosign-version']} cache-hit=${installed.outputs['cache-hit']}`,
  );
  const addedPath = readFileSync(
    join(dirname(installed.runnerTemp), 'file-commands', 'add_path'),
    'utf8',
  ).trim();
  const viaCosign = check(
    await runDistAction('sign-image', {
      inputs: { images: images[0], key: prodKey, engine: 'cosign' },
      env: { COSIGN_PASSWORD: password, PATH: `${addedPath}${delimiter}${process.env.PATH}` },
    }),
    'sign-image (engine: cosign)',
  );
  for (const signature of JSON.parse(viaCosign.outputs.signatures)) {
    const note = signature.deduplicated ? ' (already signed with this key: nothing written)' : '';
    console.log(`   cosign signed ${signature.image} -> ${signature.ref}${note}`);
  }
  await Promise.all([installed, viaCosign].map((run) => run.cleanup()));

  step(
    4,
    'attest-sbom (dist/attest-sbom): the release SBOM on backend, worker and each platform of frontend',
  );
  writeFileSync(join(dir, 'sbom.spdx.json'), demoSbom());
  const frontendPlatforms = frontend.images.map((image) => `${registry.host}/demo/frontend@${image.digest}`);
  const sbom = check(
    await runDistAction('attest-sbom', {
      inputs: {
        images: [images[0], images[1], ...frontendPlatforms].join('\n'),
        sbom: join(dir, 'sbom.spdx.json'),
        key: prodKey,
      },
      env: { COSIGN_PASSWORD: password },
    }),
    'attest-sbom',
  );
  for (const attestation of JSON.parse(sbom.outputs.attestations)) {
    console.log(`   SBOM of ${attestation.image} -> ${attestation.ref}`);
  }

  step(5, "attest-provenance (dist/attest-provenance) in a simulated run of acme/shop's release workflow");
  const provenance = check(
    await runDistAction('attest-provenance', {
      inputs: { images: images.join('\n'), key: prodKey, recursive: true },
      env: { COSIGN_PASSWORD: password, ...RELEASE_RUN },
    }),
    'attest-provenance',
  );
  for (const attestation of JSON.parse(provenance.outputs.attestations)) {
    const platform = attestation.platform === undefined ? '' : ` (${attestation.platform})`;
    console.log(`   provenance of ${attestation.image}${platform} -> ${attestation.ref}`);
  }

  const gateInputs = {
    images: images.join('\n'),
    'public-keys': prodPub,
    require: 'signature, sbom, provenance',
    'provenance-source': 'github.com/acme/shop',
    'provenance-builder': 'https://github.com/acme/shop/.github/workflows/release.yml',
    platforms: 'all',
  };
  step(6, "verify-gate: signature, SBOM and provenance of acme/shop's release workflow, on every platform");
  const passed = check(await runDistAction('verify-gate', { inputs: gateInputs }), 'verify-gate');
  console.log(`   exit ${passed.exitCode}, verified=${passed.outputs.verified}`);
  if (passed.exitCode !== 0 || passed.outputs.verified !== 'true') {
    throw new Error(`the gate should have passed:\n${passed.stdout}`);
  }

  step(
    7,
    'Tampering: an attacker pushes a modified worker under worker:1.0 and copies the old .sig and .att to it',
  );
  const evil = await pushTestImage(client, repo('worker'), { tag: '1.0' });
  for (const suffix of ['sig', 'att']) {
    const from = `sha256-${worker.digest.slice('sha256:'.length)}.${suffix}`;
    const to = `sha256-${evil.digest.slice('sha256:'.length)}.${suffix}`;
    const copied = await client.getManifest(repo('worker'), from);
    await client.putManifest(repo('worker'), to, copied.bytes, copied.mediaType);
  }
  console.log(`   worker:1.0 now -> ${evil.digest}, with the signature and attestations of ${worker.digest}`);

  step(8, 'verify-gate again');
  const blocked = check(await runDistAction('verify-gate', { inputs: gateInputs }), 'verify-gate');
  console.log(`   exit ${blocked.exitCode}, verified=${blocked.outputs.verified}`);
  printAnnotations(blocked);
  console.log(`   failed=${blocked.outputs.failed}`);
  console.log(`\n${bold('The job summary the gate wrote:')}\n`);
  console.log(blocked.summary);
  const failed = JSON.parse(blocked.outputs.failed ?? '[]');
  const workerRef = `${registry.host}/demo/worker:1.0`;
  const blockedWorker =
    blocked.exitCode === 1 &&
    failed.length > 0 &&
    failed.every((failure) => failure.image === workerRef) &&
    ['signature', 'sbom', 'provenance'].every((check) => failed.some((failure) => failure.check === check));
  if (!blockedWorker) {
    throw new Error(
      'the gate should have blocked exactly the tampered worker image, on all three requirements',
    );
  }
  const reasons = failed.map((failure) => `${failure.check}: ${failure.reason}`).join(', ');
  console.log(`   blocked: ${reasons}`);
  await Promise.all([signed, sbom, provenance, passed, blocked].map((run) => run.cleanup()));

  const bundleReasons = await bundleSteps({ dir, prodKey, prodPub, password });
  console.log(
    bold(
      `\nDemo OK: signed and attested 3 images (4 platform manifests), the gate passed them, then blocked the tampered one (${reasons}); ` +
        `passed an image cosign v3 signed with its defaults (bundle referrers), wrote bundles with sigil that cosign v3 verifies, and blocked a copied referrers index (${bundleReasons}); required a transparency-log entry verified against a private trusted root; pinned a keyless signature to its workflow and refused another workflow's (SIGNER_MISMATCH); ran the 10-line caller of the reusable workflows and blocked a promotion pinned to the wrong identity.`,
    ),
  );
  exitCode = 0;
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  client.close();
  await Promise.all([registry.stop(), referrersRegistry.stop()]);
}
process.exit(exitCode);
