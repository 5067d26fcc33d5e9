// The local demo: a real registry on loopback, three sample images (frontend is multi-arch), a fresh
// cosign key pair, signing with the committed dist/sign-image bundle, the gate with dist/verify-gate,
// then an attacker's tampering and the gate blocking it. Run with `npm run demo`.
import { generateKeyPair } from '@sigil/cosign';
import { RegistryClient } from '@sigil/oci';
import { pushTestImage, pushTestIndex, runDistAction, startRegistry } from '@sigil/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (n, text) => console.log(`\n${bold(`${n}. ${text}`)}`);

function check(run, what) {
  if (run.timedOut) throw new Error(`${what}: the action timed out`);
  return run;
}

function printAnnotations(run) {
  for (const annotation of run.annotations) {
    console.log(`   ${annotation.level}: ${annotation.message.split('\n').join('\n      ')}`);
  }
}

const registry = await startRegistry();
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

  step(2, 'A key pair for the "prod" environment (cosign format)');
  const dir = mkdtempSync(join(tmpdir(), 'sigil-demo-'));
  const password = randomBytes(18).toString('base64url');
  const pair = await generateKeyPair(password);
  writeFileSync(join(dir, 'prod.key'), pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'prod.pub'), pair.publicKeyPem);
  console.log(`   ${join(dir, 'prod.key')} (ENCRYPTED SIGSTORE PRIVATE KEY) and prod.pub`);

  step(3, 'sign-image (dist/sign-image, as the runner runs it): all three, every platform of frontend');
  const signed = check(
    await runDistAction('sign-image', {
      inputs: { images: images.join('\n'), key: join(dir, 'prod.key'), recursive: true },
      env: { COSIGN_PASSWORD: password },
    }),
    'sign-image',
  );
  printAnnotations(signed);
  if (signed.exitCode !== 0) throw new Error(`sign-image failed:\n${signed.stdout}\n${signed.stderr}`);
  for (const signature of JSON.parse(signed.outputs.signatures)) {
    console.log(`   signed ${signature.image} -> ${signature.ref}`);
  }

  step(4, 'verify-gate: signature by prod.pub required on every platform');
  const passed = check(
    await runDistAction('verify-gate', {
      inputs: { images: images.join('\n'), 'public-keys': join(dir, 'prod.pub'), platforms: 'all' },
    }),
    'verify-gate',
  );
  console.log(`   exit ${passed.exitCode}, verified=${passed.outputs.verified}`);
  if (passed.exitCode !== 0 || passed.outputs.verified !== 'true') {
    throw new Error(`the gate should have passed:\n${passed.stdout}`);
  }

  step(5, 'Tampering: an attacker pushes a modified worker under worker:1.0 and replays the old signature');
  const evil = await pushTestImage(client, repo('worker'), { tag: '1.0' });
  const oldSig = `sha256-${worker.digest.slice('sha256:'.length)}.sig`;
  const newSig = `sha256-${evil.digest.slice('sha256:'.length)}.sig`;
  const sig = await client.getManifest(repo('worker'), oldSig);
  await client.putManifest(repo('worker'), newSig, sig.bytes, sig.mediaType);
  console.log(`   worker:1.0 now -> ${evil.digest}, with the .sig of ${worker.digest} copied to it`);

  step(6, 'verify-gate again');
  const blocked = check(
    await runDistAction('verify-gate', {
      inputs: { images: images.join('\n'), 'public-keys': join(dir, 'prod.pub'), platforms: 'all' },
    }),
    'verify-gate',
  );
  console.log(`   exit ${blocked.exitCode}, verified=${blocked.outputs.verified}`);
  printAnnotations(blocked);
  console.log(`   failed=${blocked.outputs.failed}`);
  console.log(`\n${bold('The job summary the gate wrote:')}\n`);
  console.log(blocked.summary);
  const failed = JSON.parse(blocked.outputs.failed ?? '[]');
  const blockedWorker =
    blocked.exitCode === 1 && failed.length === 1 && failed[0].image === `${registry.host}/demo/worker:1.0`;
  if (!blockedWorker) throw new Error('the gate should have blocked exactly the tampered worker image');
  console.log(
    bold(
      `Demo OK: signed 3 images (4 platform manifests), the gate passed them, then blocked the tampered one (${failed[0].reason}).`,
    ),
  );
  await Promise.all([signed.cleanup(), passed.cleanup(), blocked.cleanup()]);
  exitCode = 0;
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  client.close();
  await registry.stop();
}
process.exit(exitCode);
