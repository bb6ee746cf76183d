/**
 * The one place lib/testing reads the environment, so every variable the harness honours is
 * listed here and nowhere else.
 */

/** What the test environment asks of the harness. */
export interface TestingEnv {
  /** ORDERMESH_ETCD_BIN: the etcd binary to run instead of the one on PATH. */
  readonly etcdBin: string | undefined;
  /** ORDERMESH_TEST_ETCD_ENDPOINTS: a shared etcd started by the test runner (comma-separated). */
  readonly etcdEndpoints: readonly string[] | undefined;
  /** ORDERMESH_TEST_DATABASE_URL: a shared Postgres server started by the test runner. */
  readonly databaseUrl: string | undefined;
  /** PATH, to find `etcd`. */
  readonly path: string;
}

/** Reads the harness's variables from `env` (default `process.env`); empty values count as unset. */
export function readTestingEnv(env: NodeJS.ProcessEnv = process.env): TestingEnv {
  const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);
  const endpoints = nonEmpty(env['ORDERMESH_TEST_ETCD_ENDPOINTS'])
    ?.split(',')
    .map((endpoint) => endpoint.trim())
    .filter((endpoint) => endpoint !== '');
  return {
    etcdBin: nonEmpty(env['ORDERMESH_ETCD_BIN']),
    etcdEndpoints: endpoints && endpoints.length > 0 ? endpoints : undefined,
    databaseUrl: nonEmpty(env['ORDERMESH_TEST_DATABASE_URL']),
    path: env['PATH'] ?? '',
  };
}
