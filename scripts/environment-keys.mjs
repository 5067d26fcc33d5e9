// Generates one cosign key pair per environment with the sigil library (@sigil/cosign
// generateEnvironmentKeys): public keys into a folder of the repository (infra/keys by convention),
// encrypted private keys into a folder outside it. Keys kept in a secret manager are created with cosign
// instead: see docs/keys.md.
//
//   SIGIL_KEY_PASSWORD_DEV=… SIGIL_KEY_PASSWORD_STAGE=… SIGIL_KEY_PASSWORD_PROD=… \
//     npm run keys -- --public-dir infra/keys --private-dir ~/.sigil/keys [--environments dev,stage,prod]
import { DEFAULT_ENVIRONMENTS, generateEnvironmentKeys } from '@sigil/keys';
import { causeChain } from '@sigil/core';
import { parseArgs } from 'node:util';

const usage =
  'usage: npm run keys -- --public-dir <folder> --private-dir <folder outside the repository> ' +
  `[--environments ${DEFAULT_ENVIRONMENTS.join(',')}]\n` +
  "Each environment's password comes from SIGIL_KEY_PASSWORD_<ENVIRONMENT> (upper case, - as _).";

let options;
try {
  options = parseArgs({
    options: {
      'public-dir': { type: 'string' },
      'private-dir': { type: 'string' },
      environments: { type: 'string', default: DEFAULT_ENVIRONMENTS.join(',') },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (options['public-dir'] === undefined || options['private-dir'] === undefined) {
  console.error(usage);
  process.exit(2);
}

const passwordVariable = (environment) =>
  `SIGIL_KEY_PASSWORD_${environment.toUpperCase().replaceAll('-', '_')}`;
try {
  const keys = await generateEnvironmentKeys({
    environments: options.environments.split(',').map((name) => name.trim()),
    publicKeyDir: options['public-dir'],
    privateKeyDir: options['private-dir'],
    passwordFor: (environment) => process.env[passwordVariable(environment)] ?? '',
  });
  for (const key of keys) {
    console.log(`${key.environment}: ${key.publicKeyPath} (key id sha256:${key.keyId})`);
    console.log(
      `${' '.repeat(key.environment.length)}  ${key.privateKeyPath} (encrypted; keep it out of the repository)`,
    );
  }
} catch (error) {
  for (const line of causeChain(error)) console.error(line);
  if (error?.hint) console.error(`Fix: ${error.hint}`);
  if (error?.code === 'KEY_PASSWORD')
    console.error('Set SIGIL_KEY_PASSWORD_<ENVIRONMENT> for each environment.');
  process.exit(1);
}
