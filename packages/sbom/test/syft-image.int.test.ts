import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import { parseSbom, processSyftExec, runSyft, type SyftExec } from '@sigil/sbom';
import { findFreePort, startRegistry, type StartedRegistry } from '@sigil/testing';
import { pushFileImage, pushFileIndex } from './support/file-image.js';
import { alpineFiles } from './support/image-files.js';
import { syftBinary, syftEnv } from './support/syft-binary.js';

let server: StartedRegistry;
let client: RegistryClient;
const syft = syftBinary();
const exec = processSyftExec({ timeoutMs: 120_000 });

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

async function failure(promise: Promise<unknown>): Promise<SigilError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

describe('runSyft on an image in a registry (no Docker daemon)', () => {
  it('finds the apk and npm packages of a real layer and names the image it scanned', async () => {
    const image = await pushFileImage(client, repo('sbom/alpine'), alpineFiles('x86_64'));
    const reference = `${server.host}/sbom/alpine@${image.digest}`;
    const sbom = parseSbom(
      await runSyft({ source: { image: reference }, syft, exec, env: syftEnv() }),
      'syft output',
    );
    expect(sbom.format).toBe('spdx-json');
    expect(sbom.specVersion).toBe('2.3');
    expect(sbom.name).toBe(`${server.host}/sbom/alpine`);
    const byName = new Map(sbom.packages.map((p) => [p.name, p]));
    expect(byName.get('musl')).toMatchObject({
      version: '1.2.5-r0',
      license: 'MIT',
      purl: 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3',
    });
    expect(byName.get('zlib')).toMatchObject({ version: '1.3.1-r1', license: 'Zlib' });
    expect(byName.get('left-pad')).toMatchObject({
      version: '1.3.0',
      purl: 'pkg:npm/left-pad@1.3.0',
      license: 'WTFPL',
    });
  });

  it('scans each platform of an index by its own digest, and one platform of the index with --platform', async () => {
    const index = await pushFileIndex(client, repo('sbom/multi'), [
      { platform: { os: 'linux', architecture: 'amd64' }, files: alpineFiles('x86_64') },
      { platform: { os: 'linux', architecture: 'arm64' }, files: alpineFiles('aarch64') },
    ]);
    const muslArch = async (image: string, platform?: string): Promise<string | undefined> => {
      const bytes = await runSyft({
        source: { image, ...(platform === undefined ? {} : { platform }) },
        syft,
        exec,
        env: syftEnv(),
      });
      return parseSbom(bytes, 'syft output').packages.find((p) => p.name === 'musl')?.purl;
    };
    const [amd64, arm64] = index.images;
    expect(await muslArch(`${server.host}/sbom/multi@${amd64!.digest}`)).toContain('arch=x86_64');
    expect(await muslArch(`${server.host}/sbom/multi@${arm64!.digest}`)).toContain('arch=aarch64');
    expect(await muslArch(`${server.host}/sbom/multi@${index.digest}`, 'linux/arm64')).toContain(
      'arch=aarch64',
    );
  });

  it('reports a digest the registry does not have as MANIFEST_NOT_FOUND with syft stderr as the cause', async () => {
    const missing = `${server.host}/sbom/alpine@sha256:${'0'.repeat(64)}`;
    const error = await failure(runSyft({ source: { image: missing }, syft, exec, env: syftEnv() }));
    expect(error.code).toBe('MANIFEST_NOT_FOUND');
    expect(error.message).toContain(missing);
    expect(String((error.cause as Error).message)).toMatch(/MANIFEST_UNKNOWN|manifest unknown|not found/i);
  });
});

describe('runSyft failures', () => {
  it('asks for a platform the index lists when --platform names one it does not', async () => {
    const index = await pushFileIndex(client, repo('sbom/two'), [
      { platform: { os: 'linux', architecture: 'amd64' }, files: alpineFiles('x86_64') },
      { platform: { os: 'linux', architecture: 'arm64' }, files: alpineFiles('aarch64') },
    ]);
    const image = `${server.host}/sbom/two@${index.digest}`;
    const error = await failure(
      runSyft({ source: { image, platform: 'linux/s390x' }, syft, exec, env: syftEnv() }),
    );
    expect(error.code).toBe('SBOM_GENERATION_FAILED');
    expect(error.input).toBe('platforms');
    expect(error.message).toContain('no child with platform linux/s390x');
  });

  it('reports a registry nobody listens on as REGISTRY_UNREACHABLE', async () => {
    const port = await findFreePort();
    const image = `127.0.0.1:${port}/sbom/none@sha256:${'1'.repeat(64)}`;
    const error = await failure(runSyft({ source: { image }, syft, exec, env: syftEnv() }));
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(error.message).toContain('connection refused');
  });

  it('names the scan input for a directory that does not exist, and sbom when syft is missing', async () => {
    const missingDirectory = await failure(
      runSyft({ source: { directory: '/nonexistent/sigil-sbom' }, syft, exec, env: syftEnv() }),
    );
    expect(missingDirectory).toMatchObject({ code: 'INPUT_INVALID', field: 'scan-source' });
    expect(missingDirectory.message).toContain('/nonexistent/sigil-sbom');
    const missingSyft = await failure(
      runSyft({ source: { directory: '.' }, syft: '/nonexistent/syft', exec, env: syftEnv() }),
    );
    expect(missingSyft).toMatchObject({ code: 'SBOM_GENERATION_FAILED', field: 'sbom-document' });
    expect(missingSyft.message).toBe('syft is not at /nonexistent/syft');
  });
});

describe('runSyft against a registry that requires a login', () => {
  let secured: StartedRegistry;
  let securedClient: RegistryClient;

  beforeAll(async () => {
    secured = await startRegistry({ auth: 'htpasswd' });
    securedClient = new RegistryClient({
      credentials: createCredentialSource({ explicit: secured.credentials! }),
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    securedClient.close();
    await secured.stop();
  });

  it('passes the credentials in syft environment only, never in argv, and fails REGISTRY_AUTH without them', async () => {
    const { username, password } = secured.credentials!;
    const repository: RepositoryRef = { registry: secured.host, repository: 'sbom/private' };
    const image = await pushFileImage(securedClient, repository, alpineFiles('x86_64'));
    const reference = `${secured.host}/sbom/private@${image.digest}`;
    const calls: { args: readonly string[]; env: Readonly<Record<string, string>> }[] = [];
    const recording: SyftExec = (command, args, options) => {
      calls.push({ args, env: options.env });
      return exec(command, args, options);
    };

    const denied = await failure(
      runSyft({ source: { image: reference }, syft, exec: recording, env: syftEnv() }),
    );
    expect(denied.code).toBe('REGISTRY_AUTH');
    const wrong = await failure(
      runSyft({
        source: { image: reference },
        syft,
        exec: recording,
        env: syftEnv(),
        credentials: { username, password: `${password}-wrong` },
      }),
    );
    expect(wrong.code).toBe('REGISTRY_AUTH');

    const bytes = await runSyft({
      source: { image: reference },
      syft,
      exec: recording,
      env: syftEnv(),
      credentials: { username, password },
    });
    expect(parseSbom(bytes, 'syft output').packages.map((p) => p.name)).toContain('musl');
    const withLogin = calls[2]!;
    expect(withLogin.args.join(' ')).not.toContain(password);
    expect(withLogin.env).toMatchObject({
      SYFT_REGISTRY_AUTH_AUTHORITY: secured.host,
      SYFT_REGISTRY_AUTH_USERNAME: username,
      SYFT_REGISTRY_AUTH_PASSWORD: password,
    });
  });
});
