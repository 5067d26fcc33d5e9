import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Defects planted in copies of the repository's clean ci.yml (and in a template and a composite action),
 * linted the way `npm run lint` lints: `node scripts/lint-workflows.mjs <files>`, with the zizmor that
 * scripts/bootstrap.sh installs. Each defect must be reported on its line by sigil's own rule and, where
 * zizmor has an audit for it, by zizmor too. The CLI runs in a child process: Jest refuses the
 * module.registerHooks call that lets plain Node load @actions/workflow-parser.
 */
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repositoryRoot, 'scripts', 'lint-workflows.mjs');
const versions = JSON.parse(await readFile(join(repositoryRoot, 'tools', 'versions.json'), 'utf8')) as {
  zizmor: string;
};
const zizmor = join(
  process.env.SIGIL_TOOLS_DIR || join(homedir(), '.cache', 'sigil-tools'),
  `zizmor-${versions.zizmor}`,
  'bin',
  'zizmor',
);
const cleanWorkflow = await readFile(join(repositoryRoot, '.github', 'workflows', 'ci.yml'), 'utf8');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lint(files: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...files], { cwd: repositoryRoot, env }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

/** `text` with `pattern` replaced; throws when ci.yml no longer has what the planting expects. */
function plant(text: string, pattern: RegExp, replacement: string): string {
  const planted = text.replace(pattern, replacement);
  if (planted === text) throw new Error(`ci.yml no longer matches ${String(pattern)}: update the planting`);
  return planted;
}

/** A step inserted as the first step of ci.yml's first job. */
function withFirstStep(step: string): string {
  return plant(cleanWorkflow, /^( {4}steps:\n)/m, `$1${step}`);
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

const planted = {
  clean: cleanWorkflow,
  unpinned: plant(cleanWorkflow, /actions\/checkout@[0-9a-f]{40} # v[\d.]+/, 'actions/checkout@v4'),
  injection: withFirstStep('      - run: echo "${{ github.event.pull_request.title }}"\n'),
  blockScalar: withFirstStep(
    [
      '      - name: Greet',
      '        env:',
      '          TITLE: ${{ github.event.pull_request.title }}',
      '        run: |',
      '          echo "title: $TITLE" # ${{ github.sha }} is not attacker-controlled',
      '          echo "branch: ${{ github.head_ref }}"',
      '',
    ].join('\n'),
  ),
  credentials: plant(
    cleanWorkflow,
    /(- uses: actions\/checkout@\S+ # \S+)\n\s+with:\n\s+persist-credentials: false/,
    '$1',
  ),
  writeAll: plant(cleanWorkflow, /^permissions:\n {2}contents: read$/m, 'permissions: write-all'),
  sigilReferences: withFirstStep(
    [
      '      - uses: sigil-dev/sigil/actions/sign-image@main',
      '      - uses: sigil-dev/sigil/actions/sign-image@v1',
      '      - uses: sigil-dev/sigil/actions/no-such-action@main',
      '',
    ].join('\n'),
  ),
};
type Planted = keyof typeof planted;

const template = withFirstStep('      - uses: ./actions/sign-image\n');
/** A composite action's metadata whose only step is `step` (lines indented for `runs.steps`). */
function compositeAction(step: string[]): string {
  return [
    'name: demo',
    'description: A composite action.',
    'inputs:',
    '  image:',
    '    description: The image.',
    '    required: true',
    'runs:',
    '  using: composite',
    '  steps:',
    ...step,
    '',
  ].join('\n');
}
const actions = {
  // The schema requires `shell:` too, so zizmor cannot load this one: the lint must say so and audit the rest.
  noShell: compositeAction(['    - run: cosign version']),
  injection: compositeAction(['    - shell: bash', '      run: cosign sign "${{ inputs.image }}"']),
};

let scratch: string;
const files = {} as Record<Planted, string>;
let templateFile: string;
let incompleteTemplateFile: string;
const actionFiles = {} as Record<keyof typeof actions, string>;
let result: Run;

/** The messages the lint printed for `file` at `line`. */
function messagesAt(file: string, line: number): string[] {
  const prefix = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}(?::\\d+)?: `);
  return result.stderr
    .split('\n')
    .filter((output) => prefix.test(output))
    .map((output) => output.replace(prefix, ''));
}

/** Every message the lint printed for `file`. */
function messagesFor(file: string): string[] {
  return result.stderr.split('\n').filter((output) => output.startsWith(`${file}:`));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sigil-lint-'));
  for (const [name, text] of Object.entries(planted) as [Planted, string][]) {
    const folder = join(scratch, name, '.github', 'workflows');
    await mkdir(folder, { recursive: true });
    files[name] = join(folder, 'ci.yml');
    await writeFile(files[name], text);
  }
  const templates = join(scratch, 'action-templates', 'workflow-templates');
  await mkdir(templates, { recursive: true });
  templateFile = join(templates, 'sign.yml');
  await writeFile(templateFile, template);
  incompleteTemplateFile = join(templates, 'gate.yml');
  await writeFile(incompleteTemplateFile, cleanWorkflow);
  await writeFile(join(templates, 'gate.properties.json'), JSON.stringify({ name: 'Gate' }));
  for (const [name, text] of Object.entries(actions) as [keyof typeof actions, string][]) {
    actionFiles[name] = join(scratch, 'actions', name, 'action.yml');
    await mkdir(dirname(actionFiles[name]), { recursive: true });
    await writeFile(actionFiles[name], text);
  }
  result = await lint([
    ...Object.values(files),
    templateFile,
    incompleteTemplateFile,
    ...Object.values(actionFiles),
  ]);
});

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('lint-workflows on planted defects', () => {
  it('runs the zizmor that scripts/bootstrap.sh installs (./scripts/bootstrap.sh when this fails)', () => {
    expect(existsSync(zizmor)).toBe(true);
    expect(result.stderr).not.toContain('zizmor is not installed');
    // The one file planted to be unloadable is the only one zizmor could not audit.
    expect(result.stderr.split('\n').filter((line) => line.includes('zizmor failed'))).toEqual([
      expect.stringMatching(new RegExp(`^${actionFiles.noShell}: `)),
    ]);
  });

  it('finds nothing in a clean copy of ci.yml, and fails the run for the planted ones', () => {
    expect(messagesFor(files.clean)).toEqual([]);
    expect(result.code).toBe(1);
  });

  it('reports an action referenced by tag instead of a full commit SHA', () => {
    const messages = messagesAt(files.unpinned, lineOf(planted.unpinned, 'actions/checkout@v4'));
    expect(messages).toContainEqual(
      expect.stringContaining('actions/checkout@v4 is not pinned to a full commit SHA'),
    );
    expect(messages).toContainEqual(expect.stringContaining('[zizmor:unpinned-uses'));
  });

  it('reports a pull request title expanded into a run: script, by its own rule and by zizmor', () => {
    const messages = messagesAt(
      files.injection,
      lineOf(planted.injection, 'github.event.pull_request.title'),
    );
    expect(messages).toContainEqual(
      expect.stringContaining('`${{ github.event.pull_request.title }}` is expanded into a `run:` script'),
    );
    expect(messages).toContainEqual(expect.stringContaining('[zizmor:template-injection'));
  });

  it('reports an untrusted expression on its own line of a block scalar, and not one passed through env:', () => {
    const ownRule = (line: number) =>
      messagesAt(files.blockScalar, line).filter((message) =>
        message.includes('is expanded into a `run:` script'),
      );
    expect(ownRule(lineOf(planted.blockScalar, 'github.head_ref'))).toEqual([
      expect.stringContaining('`${{ github.head_ref }}`'),
    ]);
    expect(ownRule(lineOf(planted.blockScalar, 'TITLE: ${{'))).toEqual([]);
    expect(ownRule(lineOf(planted.blockScalar, 'github.sha'))).toEqual([]);
  });

  it('reports a checkout that keeps its credentials', () => {
    const line = lineOf(planted.credentials, 'actions/checkout@');
    expect(planted.credentials.split('\n')[line]).not.toContain('with:');
    const messages = messagesAt(files.credentials, line);
    expect(messages).toContainEqual(expect.stringContaining('must set `with: persist-credentials: false`'));
    expect(messages).toContainEqual(expect.stringContaining('[zizmor:artipacked'));
  });

  it('reports every job without its own permissions when the workflow grants write-all', () => {
    for (const job of ['test', 'portable', 'dist']) {
      expect(messagesAt(files.writeAll, lineOf(planted.writeAll, `  ${job}:`))).toContainEqual(
        expect.stringContaining(`job \`${job}\` needs its own \`permissions:\``),
      );
    }
    expect(messagesFor(files.writeAll)).toContainEqual(
      expect.stringContaining('[zizmor:excessive-permissions'),
    );
  });

  it("accepts sigil's own actions on main, and nothing else but a full SHA", () => {
    const at = (needle: string) => messagesAt(files.sigilReferences, lineOf(planted.sigilReferences, needle));
    expect(at('sign-image@main')).toEqual([]);
    expect(at('sign-image@v1')).toEqual([
      expect.stringContaining('sigil-dev/sigil/actions/sign-image@v1 is not pinned to a full commit SHA'),
    ]);
    expect(at('no-such-action@main')).toEqual([
      expect.stringContaining('there is no actions/no-such-action/action.yml'),
    ]);
  });

  it('reports a workflow template without its properties file, or with an incomplete one, or a local action', () => {
    expect(messagesFor(templateFile)).toContainEqual(expect.stringContaining('needs sign.properties.json'));
    expect(messagesAt(templateFile, lineOf(template, './actions/sign-image'))).toContainEqual(
      expect.stringContaining("resolves against the caller's workspace"),
    );
    expect(messagesFor(incompleteTemplateFile)).toEqual([]);
    expect(messagesFor(incompleteTemplateFile.replace(/\.yml$/, '.properties.json'))).toEqual([
      expect.stringContaining('needs a non-empty string `description`'),
    ]);
  });

  it('reports a composite action step without a shell, which zizmor cannot load', () => {
    const messages = messagesAt(actionFiles.noShell, lineOf(actions.noShell, 'cosign version'));
    expect(messages).toContainEqual(expect.stringContaining('must declare `shell:`'));
    expect(messagesFor(actionFiles.noShell)).toContainEqual(
      expect.stringContaining(`zizmor failed: failed to load file://${actionFiles.noShell} as action`),
    );
  });

  it('reports a composite action that expands an input into its script, by its own rule and by zizmor', () => {
    const messages = messagesAt(actionFiles.injection, lineOf(actions.injection, 'cosign sign'));
    expect(messages).toContainEqual(
      expect.stringContaining('`${{ inputs.image }}` is expanded into a `run:` script'),
    );
    expect(messages).toContainEqual(expect.stringContaining('[zizmor:template-injection'));
  });
});

describe('lint-workflows without zizmor', () => {
  it('fails and names ./scripts/bootstrap.sh', async () => {
    const missing = await lint([join(repositoryRoot, '.github', 'workflows', 'ci.yml')], {
      ...process.env,
      SIGIL_TOOLS_DIR: join(tmpdir(), 'sigil-no-tools-here'),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('zizmor is not installed here: run ./scripts/bootstrap.sh');
  });
});
