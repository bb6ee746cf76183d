// `npm run lint`: the rules the code relies on and that the compiler does not hold. Type-aware
// (typescript-eslint reads tsconfig.json through its project service), so a promise nobody awaits
// or a promise handed where a void callback is expected is an error, and so is an import cycle.
// Restricted imports keep the layers: generated proto code only through lib/proto, one package
// area's test servers (`*/src/testing`) only inside that area, nothing below cli/ imports it, and
// no relative import climbs two folders (the package.json subpath imports do that).
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The top-level folders whose sources are linted, each a package area. */
const AREAS = ['lib', 'cli', 'warehouse', 'control-plane', 'wms-sim', 'ecom-sim', 'test', 'loadtest', 'bench', 'deploy'];
/** Areas whose own test servers live in a `testing` folder inside them. */
const AREAS_WITH_TESTING = ['cli', 'warehouse', 'control-plane', 'wms-sim', 'ecom-sim', 'loadtest', 'bench', 'deploy'];
/** Areas below cli/ in the layers: they must not import it. */
const BELOW_CLI = ['lib', 'warehouse', 'control-plane', 'wms-sim', 'ecom-sim'];

const generatedProto = {
  regex: '^#lib/proto/generated(/|$)|(^|/)proto/generated(/|$)',
  message: 'Generated proto types come only through #lib/proto/index.js.',
};

/** Imports into another area's `testing` folder (by subpath or by a relative path that climbs into it). */
function othersTesting(area) {
  const others = AREAS_WITH_TESTING.filter((a) => a !== area).join('|');
  return {
    regex: `^#(${others})/(.*/)?testing/|^(\\.\\./)+(${others})/(.*/)?testing/`,
    message:
      "Another package area's test servers are its own: shared test support lives in #lib/testing/index.js or #test/support/index.js.",
  };
}

const deepRelative = {
  regex: '^(\\.\\./){2,}',
  message: 'A relative import climbs one folder at most; further away, use the subpath import (#lib/..., #warehouse/..., see package.json "imports").',
};

const cli = {
  regex: '^#cli/|^(\\.\\./)+cli/',
  message: 'cli/ is the top layer: nothing below it imports it; move what is shared into lib/.',
};

/** The restricted-import patterns for files of `area` (and, for lib/proto, whether generated code is allowed). */
function restrictions(area, { generatedAllowed = false } = {}) {
  return [
    ...(generatedAllowed ? [] : [generatedProto]),
    deepRelative,
    othersTesting(area),
    ...(BELOW_CLI.includes(area) ? [cli] : []),
  ];
}

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'lib/proto/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'warehouse/drizzle.config.ts'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // Without these, import-x parses no .ts file it follows and so sees no cycle at all.
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Resolves the package.json "imports" (#lib/*, #warehouse/*, ...) through their "types"
      // condition, so that no-cycle follows subpath imports as well as relative ones.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // typescript-eslint's recommended type-aware rules, except those below: each of those
      // disagrees with an idiom the code uses on purpose.
      ...Object.assign({}, ...tseslint.configs.recommendedTypeChecked.map((c) => c.rules ?? {})),
      // callUnary(client, client.CreateOrder, ...) hands the method with its receiver; callUnary binds it.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await still turns a throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      // Rejections and throws carry AbortSignal.reason (unknown) or grpc-js status objects
      // ({ code, details }), which grpc-js sends as the call's status: not always an Error.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      // grpc-js hands status codes as plain numbers; comparing them with grpc.status is right.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowArray: true },
      ],
      // `let x; const y = new Y(() => x?.z()); x = new X(y)`: two objects that refer to each other.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's runner awaits the tests it is handed; their promises are its to track.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...AREAS.map((area) => ({
    files: [`${area}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictions(area) }] },
  })),
  {
    files: ['lib/proto/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictions('lib', { generatedAllowed: true }) }] },
  },
);
