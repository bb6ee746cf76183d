import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '#lib/config/index.js';
import { DEFAULT_CONSOLE_PORT, loadControlPlaneConfig } from './config.js';

describe('control-plane configuration: the web console', () => {
  it('should serve the console on 8080 by default, on a free port for 0, and none for off', () => {
    assert.equal(DEFAULT_CONSOLE_PORT, 8080);
    assert.equal(loadControlPlaneConfig({}, {}).consolePort, 8080);
    assert.equal(loadControlPlaneConfig({ consolePort: '0' }, {}).consolePort, 0);
    assert.equal(loadControlPlaneConfig({}, { ORDERMESH_CONSOLE_PORT: 'off' }).consolePort, undefined);
    assert.equal(loadControlPlaneConfig({ consolePort: '9090' }, { ORDERMESH_CONSOLE_PORT: 'off' }).consolePort, 9090, 'the flag beats the environment');
  });

  it('should name --console-port and --jaeger-ui-url when they are bad, both at once', () => {
    assert.throws(
      () => loadControlPlaneConfig({ consolePort: 'eighty', jaegerUiUrl: 'not a url' }, {}),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 2 && /--console-port/.test(err.message) && /--jaeger-ui-url/.test(err.message),
    );
    assert.throws(() => loadControlPlaneConfig({ consolePort: '70000' }, {}), /--console-port \/ ORDERMESH_CONSOLE_PORT: must be at most 65535/);
    assert.throws(() => loadControlPlaneConfig({ consolePort: 'eighty' }, {}), /--console-port \/ ORDERMESH_CONSOLE_PORT: must be a port number \(0 picks a free one\) or off/);
  });

  it('should link traces under the Jaeger UI URL without a trailing slash', () => {
    assert.equal(loadControlPlaneConfig({}, {}).jaegerUiUrl, 'http://127.0.0.1:16686');
    assert.equal(loadControlPlaneConfig({}, { ORDERMESH_JAEGER_UI_URL: 'http://jaeger:16686/' }).jaegerUiUrl, 'http://jaeger:16686');
  });
});
