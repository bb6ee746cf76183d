import { z } from 'zod';
import { parseConfig } from '../config/index.js';
import type { TlsFiles } from './certificate-files.js';
import type { JwtSettings } from './jwt-verifier.js';

/** The TLS flags every ordermesh command that serves or calls takes (they beat the environment). */
export interface SecurityFlags {
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  tlsCa?: string | undefined;
}

/** A process's validated security settings. */
export interface SecurityConfig {
  /** This process's certificate, key and the mesh CA; undefined: plaintext (the local dev cluster only). */
  tls: TlsFiles | undefined;
  /** How often the TLS files are checked for a rotation. */
  tlsRefreshMs: number;
  /** The policy file mapping identities to roles; undefined: the built-in DEFAULT_POLICY. */
  policyFile: string | undefined;
  /** Bearer tokens accepted from callers outside the mesh; undefined: none. */
  jwt: JwtSettings | undefined;
}

/** How users spell each setting, for error messages and docs/configuration.md. */
export const SECURITY_NAMES: Readonly<Record<string, string>> = {
  certFile: '--tls-cert / ORDERMESH_TLS_CERT',
  keyFile: '--tls-key / ORDERMESH_TLS_KEY',
  caFile: '--tls-ca / ORDERMESH_TLS_CA',
  tlsRefreshMs: 'ORDERMESH_TLS_REFRESH_MS',
  policyFile: 'ORDERMESH_AUTH_POLICY',
  jwtKeysFile: 'ORDERMESH_JWT_KEYS',
  jwtIssuer: 'ORDERMESH_JWT_ISSUER',
  jwtAudience: 'ORDERMESH_JWT_AUDIENCE',
};

const optionalPath = z.string().min(1).optional();

/** The command-line options of the TLS flags, in node:util parseArgs form (cli/main.ts). */
export const SECURITY_FLAG_OPTIONS = {
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string' },
} as const;

/** The TLS flags out of parsed command-line flags. */
export function securityFlags(flags: Record<string, string | boolean | undefined>): SecurityFlags {
  const text = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  return { tlsCert: text(flags['tls-cert']), tlsKey: text(flags['tls-key']), tlsCa: text(flags['tls-ca']) };
}

/**
 * Reads a process's security settings from its flags and environment (called by each service's
 * config.ts, the reader of process.env), listing every problem at once. The certificate, key and
 * CA go together: all three (mutual TLS) or none (plaintext).
 * Thrown by: ConfigError listing every invalid setting.
 */
export function loadSecurityConfig(service: string, flags: SecurityFlags, env: NodeJS.ProcessEnv): SecurityConfig {
  const schema = z
    .object({
      certFile: optionalPath,
      keyFile: optionalPath,
      caFile: optionalPath,
      tlsRefreshMs: z.coerce.number().int('must be a whole number').min(100, 'must be at least 100').max(3_600_000, 'must be at most 3600000'),
      policyFile: optionalPath,
      jwtKeysFile: optionalPath,
      jwtIssuer: optionalPath,
      jwtAudience: optionalPath,
    })
    .superRefine((c, ctx) => {
      const given = [c.certFile, c.keyFile, c.caFile].filter((v) => v !== undefined).length;
      if (given !== 0 && given !== 3) {
        for (const key of ['certFile', 'keyFile', 'caFile'] as const) {
          if (c[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'the certificate, key and CA go together: give all three or none' });
        }
      }
      if (given === 0 && c.jwtKeysFile) ctx.addIssue({ code: 'custom', path: ['jwtKeysFile'], message: 'bearer tokens need TLS (a token sent in plaintext can be replayed): set the TLS files too' });
      if (given === 0 && c.policyFile) ctx.addIssue({ code: 'custom', path: ['policyFile'], message: 'a policy needs TLS to know who calls: set the TLS files too' });
    });
  const c = parseConfig(
    service,
    schema,
    {
      certFile: flags.tlsCert ?? (env.ORDERMESH_TLS_CERT || undefined),
      keyFile: flags.tlsKey ?? (env.ORDERMESH_TLS_KEY || undefined),
      caFile: flags.tlsCa ?? (env.ORDERMESH_TLS_CA || undefined),
      tlsRefreshMs: env.ORDERMESH_TLS_REFRESH_MS ?? '5000',
      policyFile: env.ORDERMESH_AUTH_POLICY || undefined,
      jwtKeysFile: env.ORDERMESH_JWT_KEYS || undefined,
      jwtIssuer: env.ORDERMESH_JWT_ISSUER || undefined,
      jwtAudience: env.ORDERMESH_JWT_AUDIENCE || undefined,
    },
    SECURITY_NAMES,
  );
  const tls = c.certFile && c.keyFile && c.caFile ? { certFile: c.certFile, keyFile: c.keyFile, caFile: c.caFile } : undefined;
  const jwt = c.jwtKeysFile ? { keysFile: c.jwtKeysFile, issuer: c.jwtIssuer, audience: c.jwtAudience } : undefined;
  return { tls, tlsRefreshMs: c.tlsRefreshMs, policyFile: c.policyFile, jwt };
}

/** No TLS, no authorization: the local dev cluster's default (and what a config without security means). */
export const PLAINTEXT: Readonly<SecurityConfig> = { tls: undefined, tlsRefreshMs: 5_000, policyFile: undefined, jwt: undefined };
