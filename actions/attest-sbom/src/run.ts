import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { ConcurrencyLimit } from '@sigil/core';
import { pinnedReference, type ImageTarget } from '@sigil/oci';
import { planScans, runSyft, type ScanTarget, type SyftExec, type SyftSource } from '@sigil/sbom';
import { attestInFormats } from '@sigil/signer';
import {
  nativeSigningEngineOnly,
  signerReport,
  resolveImages,
  throwIfAnyImageFailed,
  withRegistry,
  workOnEachImage,
  type RunDependencies,
  type RunnerEnvironment,
  writtenLocation,
} from '@sigil/toolkit';
import type { AttestSbomInputs } from './inputs.js';
import { prepareGeneratedSbom, prepareSbomFile, type PreparedSbom, type SbomFacts } from './prepared-sbom.js';
import type { AttestedSbom, ImageAttestations, ImageOutcome } from './outcome.js';
import { attestSbomReport } from './report.js';
import { sbomSummary } from './summary.js';

/** The runner-facing dependencies, plus where generated SBOMs go and how syft is run. */
export interface AttestSbomDependencies extends RunDependencies {
  readonly environment: Pick<RunnerEnvironment, 'dockerConfigPath' | 'path' | 'home' | 'runnerTemp'>;
  readonly syftExec: SyftExec;
}

/** syft scans at once, whatever `concurrency` says: each takes a CPU and the image's size in memory. */
const SYFT_SCANS_AT_ONCE = 2;

/**
 * Attests an SBOM to every image of the list (tags resolved once, each digest once): a given file or
 * one directory scan to every image, or with `scan: image` one syft scan per image — per platform for
 * an index, each attested to its platform's digest. Sets the outputs, writes the report and summary,
 * then fails if any image could not be attested.
 */
export async function run(
  inputs: AttestSbomInputs,
  dependencies: AttestSbomDependencies,
): Promise<ImageOutcome[]> {
  const { logger, outputs } = dependencies;
  const concurrency = inputs.registry.concurrency;
  const limits = { maxBytes: inputs.maxSbomBytes, predicateType: inputs.predicateType };
  const folder =
    inputs.sbom.kind === 'file'
      ? undefined
      : await mkdtemp(path.join(dependencies.environment.runnerTemp, 'sigil-sbom-'));
  const scanSlots = new ConcurrencyLimit(SYFT_SCANS_AT_ONCE);
  const scan = async (source: SyftSource, fileName: string, describes: string): Promise<PreparedSbom> => {
    if (inputs.sbom.kind === 'file' || folder === undefined) throw new Error('no syft for a given SBOM file');
    const syft = inputs.sbom.syft;
    const bytes = await scanSlots.run(() =>
      runSyft({
        source,
        syft,
        exec: dependencies.syftExec,
        env: syftEnvironment(dependencies.environment),
        ...(inputs.registry.credentials === undefined ? {} : { credentials: inputs.registry.credentials }),
        logger,
      }),
    );
    return prepareGeneratedSbom(bytes, path.join(folder, fileName), describes, limits);
  };

  // One SBOM for every image is made (and checked) before any registry work, so a bad file fails fast.
  let shared: PreparedSbom | undefined;
  if (inputs.sbom.kind === 'file') shared = await prepareSbomFile(inputs.sbom.path, limits);
  else if (inputs.sbom.kind === 'directory-scan') {
    const { directory, given } = inputs.sbom;
    shared = await scan(
      { directory },
      `${fileStem(path.basename(directory))}.spdx.json`,
      `directory ${given}`,
    );
  }

  return withRegistry(inputs.registry, dependencies, async (registry) => {
    const makeEngine = dependencies.signingEngine ?? nativeSigningEngineOnly;
    const engine = await makeEngine(inputs.key, registry, inputs.registry);
    // One attestation per format (legacy first): the same SBOM in the `.att` tag and as a bundle referrer.
    const attest = async (scanTarget: ScanTarget, sbom: PreparedSbom): Promise<AttestedSbom[]> => {
      const attestations = await attestInFormats(
        engine,
        scanTarget.target,
        { predicateType: sbom.facts.predicateType, predicate: sbom.bytes },
        { replace: inputs.replace, logger, format: inputs.signatureFormat },
      );
      const platform = scanTarget.platform === undefined ? {} : { platform: scanTarget.platform };
      return attestations.map((attestation) => ({ attestation, ...platform, sbom: sbom.facts }));
    };
    // A platform image shared by two listed indexes is scanned and attested once.
    const scanned = new Map<string, Promise<AttestedSbom[]>>();
    const scanAndAttest = (scanTarget: ScanTarget): Promise<AttestedSbom[]> => {
      const id = pinnedReference(scanTarget.target);
      let done = scanned.get(id);
      if (done === undefined) {
        const platform = scanTarget.platform === undefined ? '' : ` (${scanTarget.platform})`;
        const source = { image: id, insecureRegistries: inputs.registry.insecureRegistries };
        done = scan(source, sbomFileName(scanTarget), `image ${scanTarget.target.image}${platform}`).then(
          (sbom) => attest(scanTarget, sbom),
        );
        scanned.set(id, done);
      }
      return done;
    };
    const attestSboms = async (target: ImageTarget): Promise<ImageAttestations> => {
      if (shared !== undefined)
        return { index: false, attested: await attest({ target }, shared), skipped: [] };
      const plan = await planScans(registry, target);
      if (plan.index) {
        const platforms = plan.scans.map((entry) => entry.platform).join(', ');
        logger.info(
          `${target.image} is an index: one SBOM per platform (${platforms}), each attested to its platform's digest.`,
        );
      }
      // Every platform finishes (or fails) before the image's outcome is recorded.
      const settled = await Promise.allSettled(plan.scans.map(scanAndAttest));
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      const attested = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
      return { index: plan.index, attested, skipped: plan.skipped };
    };

    const resolutions = await resolveImages(registry, inputs.images, { concurrency, logger });
    const outcomes = await workOnEachImage(
      resolutions,
      { concurrency, logger, verb: 'attested' },
      attestSboms,
    );
    setOutputs(outcomes, inputs.sbom.kind === 'file' ? undefined : folder, shared, outputs);
    const signer = await signerReport(inputs.key, engine);
    const report = attestSbomReport(inputs, signer, outcomes, (dependencies.now ?? (() => new Date()))());
    outputs.set('report-path', await dependencies.writeReport('attest-sbom-report', report));
    if (inputs.showSummary) await dependencies.writeSummary(sbomSummary(outcomes, signer));
    throwIfAnyImageFailed(outcomes, 'attested');
    return outcomes;
  });
}

function setOutputs(
  outcomes: readonly ImageOutcome[],
  folder: string | undefined,
  shared: PreparedSbom | undefined,
  outputs: { set(name: string, value: unknown): void },
): void {
  const attested = outcomes.flatMap((outcome) => (outcome.ok ? outcome.result.attested : []));
  const sboms = new Map<string, SbomFacts>();
  if (shared !== undefined) sboms.set(shared.facts.path, shared.facts);
  for (const { sbom } of attested) sboms.set(sbom.path, sbom);
  const [only] = sboms.values();
  outputs.set(
    'sbom-path',
    sboms.size === 1 && only !== undefined ? only.path : sboms.size === 0 ? '' : (folder ?? ''),
  );
  outputs.set('sbom-digest', [...new Set([...sboms.values()].map((sbom) => sbom.digest))].join('\n'));
  outputs.set(
    'attestations',
    attested.map(({ attestation, platform, sbom }) => ({
      image: attestation.image,
      digest: attestation.digest,
      ...(platform === undefined ? {} : { platform }),
      predicateType: attestation.predicateType,
      ...writtenLocation(attestation),
      sbomPath: sbom.path,
      sbomDigest: sbom.digest,
      replaced: attestation.replaced,
      deduplicated: attestation.deduplicated,
    })),
  );
}

/** syft sees PATH, HOME, the Docker config folder (registry credentials) and the runner's temp folder. */
function syftEnvironment(
  environment: Pick<RunnerEnvironment, 'dockerConfigPath' | 'path' | 'home' | 'runnerTemp'>,
): Record<string, string> {
  return {
    PATH: environment.path,
    HOME: environment.home,
    DOCKER_CONFIG: path.dirname(environment.dockerConfigPath),
    TMPDIR: environment.runnerTemp,
  };
}

/** `team_app-0123456789ab-linux-arm64.spdx.json`: readable, and unique per digest and platform. */
function sbomFileName(scan: ScanTarget): string {
  const hex = scan.target.digest.slice('sha256:'.length, 'sha256:'.length + 12);
  const platform = scan.platform === undefined ? '' : `-${scan.platform}`;
  return `${fileStem(`${scan.target.repo.repository}-${hex}${platform}`)}.spdx.json`;
}

function fileStem(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'sbom';
}
