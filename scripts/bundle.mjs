// Bundles each action's compiled entry (actions/<name>/lib/index.js, from `tsc -b`) with ncc into
// dist/<name>/: index.js, any chunks, licenses.txt, and a package.json that marks the folder as ESM.
// The output is committed and CI rebuilds it and fails on any difference, so the build must be
// deterministic: no cache, no source maps, no minification, assets written in sorted order.
// Usage: node scripts/bundle.mjs [action-name ...]   (default: every actions/* with an action.yml and a package.json)
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ncc = createRequire(import.meta.url)('@vercel/ncc');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function actionNames() {
  const entries = await readdir(path.join(root, 'actions'), { withFileTypes: true });
  return entries
    .filter(
      // A composite action (no package.json, nothing to compile) runs its YAML steps and has no bundle.
      (entry) =>
        entry.isDirectory() &&
        existsSync(path.join(root, 'actions', entry.name, 'action.yml')) &&
        existsSync(path.join(root, 'actions', entry.name, 'package.json')),
    )
    .map((entry) => entry.name)
    .sort();
}

async function bundle(name) {
  const entry = path.join(root, 'actions', name, 'lib', 'index.js');
  if (!existsSync(entry)) throw new Error(`${path.relative(root, entry)} is missing: run \`tsc -b\` first`);
  const { code, assets } = await ncc(entry, {
    cache: false,
    minify: false,
    sourceMap: false,
    sourceMapRegister: false,
    license: 'licenses.txt',
    target: 'es2023',
    quiet: true,
  });
  const out = path.join(root, 'dist', name);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.js'), portable(code, 'index.js'));
  for (const file of Object.keys(assets).sort()) {
    if (file === 'package.json') continue; // written below, the same for every action
    const target = path.join(out, file);
    if (path.relative(out, target).startsWith('..')) throw new Error(`ncc asset ${file} escapes ${out}`);
    await mkdir(path.dirname(target), { recursive: true });
    const { source, permissions } = assets[file];
    await writeFile(
      target,
      typeof source === 'string' || file.endsWith('.js') ? portable(String(source), file) : source,
    );
    if (permissions & 0o111) await chmod(target, 0o755);
  }
  await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n');
  const files = (await readdir(out, { recursive: true })).sort();
  console.log(`dist/${name}: ${files.join(', ')}`);
}

// The same bytes on every machine: LF line endings, no source-map comment left over from tsc, and no
// trace of the checkout's absolute path (which would make the committed dist/ differ per machine).
function portable(text, file) {
  const result = text.replace(/\r\n/g, '\n').replace(/^\/\/# sourceMappingURL=.*\n?/gm, '');
  for (const form of [root, root.replaceAll('\\', '/')]) {
    if (result.includes(form))
      throw new Error(`${file} contains the absolute path ${form}; the bundle would not be reproducible`);
  }
  return result;
}

// A full build also removes the bundles of actions that no longer exist, so dist/ mirrors actions/.
async function removeOrphans(names) {
  const dist = path.join(root, 'dist');
  if (!existsSync(dist)) return;
  for (const entry of await readdir(dist, { withFileTypes: true })) {
    if (entry.isDirectory() && !names.includes(entry.name)) {
      await rm(path.join(dist, entry.name), { recursive: true, force: true });
      console.log(`dist/${entry.name}: removed (no actions/${entry.name}/action.yml)`);
    }
  }
}

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : await actionNames();
if (names.length === 0) console.log('bundle: no actions/*/action.yml found, nothing to bundle');
for (const name of names) await bundle(name);
if (requested.length === 0) await removeOrphans(names);
