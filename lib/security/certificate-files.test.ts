import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StartupError } from '../runtime/index.js';
import { CertificateFiles } from './certificate-files.js';
import { CertificateAuthority } from './dev-certificates.js';

describe('CertificateFiles', () => {
  let dir: string;
  let ca: CertificateAuthority;
  const files = () => ({ certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem'), caFile: join(dir, 'ca.pem') });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermesh-certfiles-'));
    ca = await CertificateAuthority.create('test');
    await writeFile(join(dir, 'ca.pem'), ca.pem.certPem);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('should refuse to start on a key that is not the certificate\'s, or a missing file, naming the file', async () => {
    const a = await ca.issue({ kind: 'node', name: 'a' });
    const b = await ca.issue({ kind: 'node', name: 'b' });
    await writeFile(files().certFile, a.certPem);
    await writeFile(files().keyFile, b.keyPem);
    assert.throws(() => new CertificateFiles(files()), (err: StartupError) => err instanceof StartupError && err.message.includes(files().keyFile) && /not the private key/.test(err.message));
    assert.throws(() => new CertificateFiles({ ...files(), caFile: join(dir, 'missing.pem') }), /cannot read the CA certificate .*missing\.pem/);
  });

  it('should take a rotation only once certificate and key match, and tell its listeners', async () => {
    const first = await ca.issue({ kind: 'node', name: 'hcm-1' });
    await writeFile(files().certFile, first.certPem);
    await writeFile(files().keyFile, first.keyPem);
    const certificates = new CertificateFiles(files(), { refreshMs: 60_000 });
    const seen: string[] = [];
    certificates.addIdentityCertificateListener((update) => seen.push(update?.certificate.toString() ?? 'none'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, [first.certPem], 'a new listener gets the current pair');
    assert.equal(certificates.identity, 'spiffe://ordermesh/node/hcm-1');
    assert.equal(certificates.refresh(), false, 'nothing changed');
    const second = await ca.issue({ kind: 'node', name: 'hcm-1' });
    await writeFile(files().certFile, second.certPem);
    assert.equal(certificates.refresh(), false, 'the certificate without its key is not taken');
    assert.equal(certificates.pem.cert.toString(), first.certPem);
    await writeFile(files().keyFile, second.keyPem);
    assert.equal(certificates.refresh(), true, 'the complete pair is taken');
    assert.deepEqual(seen, [first.certPem, second.certPem]);
    certificates.close();
  });
});
