import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes an SPDX 2.3 document shaped like syft's (packages with CPE and purl references, licences,
 * suppliers, one CONTAINS relationship each) until it reaches `targetBytes`; returns the package count.
 * Every 7th name has a non-ASCII character, as real package metadata does.
 */
export async function writeLargeSpdx(path: string, targetBytes: number): Promise<{ packages: number }> {
  const out = createWriteStream(path);
  let written = 0;
  const write = async (text: string): Promise<void> => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"registry.example/big",` +
      `"documentNamespace":"https://anchore.com/syft/image/registry.example/big-0b0f7c1e-3c0e-4a57-9a3f-2f4f0f6b1a10",` +
      `"creationInfo":{"licenseListVersion":"3.27","creators":["Organization: Anchore, Inc","Tool: syft-1.57.0"],"created":"2026-01-15T10:00:00Z"},"packages":[`,
  );
  const relationships: string[] = [];
  let relationshipBytes = 0;
  let packages = 0;
  while (written + relationshipBytes < targetBytes) {
    const name = packages % 7 === 0 ? `paquete-ñ-${packages}` : `package-${packages}`;
    const version = `${packages % 13}.${packages % 101}.${packages % 7}`;
    const id = `SPDXRef-Package-npm-${name}-${packages.toString(16).padStart(16, '0')}`;
    await write(
      `${packages === 0 ? '' : ','}{"name":"${name}","SPDXID":"${id}","versionInfo":"${version}",` +
        `"supplier":"Organization: Example Maintainers ${packages % 50}","originator":"Person: Jane Doe (jane@example.org)",` +
        `"downloadLocation":"https://registry.npmjs.org/${name}/-/${name}-${version}.tgz","filesAnalyzed":false,` +
        `"sourceInfo":"acquired package info from installed node module manifest file: /usr/lib/node_modules/${name}/package.json",` +
        `"licenseConcluded":"NOASSERTION","licenseDeclared":"${packages % 3 === 0 ? 'MIT' : 'Apache-2.0'}","copyrightText":"NOASSERTION",` +
        `"externalRefs":[{"referenceCategory":"SECURITY","referenceType":"cpe23Type","referenceLocator":"cpe:2.3:a:${name}:${name}:${version}:*:*:*:*:*:*:*"},` +
        `{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/${encodeURIComponent(name)}@${version}"}]}`,
    );
    const relationship = `{"spdxElementId":"SPDXRef-DocumentRoot-Image-big","relatedSpdxElement":"${id}","relationshipType":"CONTAINS"}`;
    relationships.push(relationship);
    relationshipBytes += relationship.length + 1;
    packages += 1;
  }
  await write('],"relationships":[');
  for (let i = 0; i < relationships.length; i += 1) await write(`${i === 0 ? '' : ','}${relationships[i]}`);
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { packages };
}
