import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { OrdermeshError } from '../errors/index.js';
import { StartupError } from '../runtime/index.js';

/** Where bearer tokens' keys come from, and what a token must say. */
export interface JwtSettings {
  /** A JWKS file (`{"keys": [...]}`, public keys only) whose keys may sign tokens. */
  keysFile: string;
  /** Required `iss`; undefined: any. */
  issuer?: string | undefined;
  /** Required `aud`; undefined: any. */
  audience?: string | undefined;
}

/** The identity of a bearer-token caller: `jwt:` and the token's `sub`. */
export function jwtIdentity(subject: string): string {
  return `jwt:${subject}`;
}

/** Thrown by {@link JwtVerifier.verify} when a token is not acceptable; the message says why. */
export class InvalidTokenError extends OrdermeshError {
}

/** Tokens remembered after verification, at most (oldest forgotten first). */
const CACHE_SIZE = 4_096;

/**
 * Verifies bearer tokens (JWS-signed JWTs, with `jose`) against the keys of a JWKS file: the
 * signature, `exp`/`nbf`, and `iss`/`aud` when configured; the caller is `jwt:<sub>`.
 * A verified token is remembered until it expires, so a caller that sends the same token on every
 * call pays for one signature check, not one per call.
 */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;
  private readonly verified = new Map<string, { identity: string; expiresAtMs: number }>();

  /** Thrown by: StartupError when the keys file cannot be read or is not a JWKS. */
  constructor(private readonly settings: JwtSettings) {
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(readFileSync(settings.keysFile, 'utf8')) as JSONWebKeySet;
      this.keys = createLocalJWKSet(jwks);
    } catch (err) {
      throw new StartupError(`cannot read the JWT keys file ${settings.keysFile} (a JWKS: {"keys": [...]}): ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * The identity a token proves (`jwt:<sub>`).
   * Thrown by (rejects with): InvalidTokenError naming what is wrong (signature, expiry, issuer,
   * audience, no subject).
   */
  async verify(token: string): Promise<string> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.identity;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      }));
    } catch (err) {
      throw new InvalidTokenError(`the bearer token was not accepted: ${(err as Error).message}`, { cause: err });
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('the bearer token was not accepted: it has no subject (sub)');
    const identity = jwtIdentity(payload.sub);
    // A token without exp is remembered briefly, so a revoked key stops it soon.
    const expiresAtMs = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 60_000;
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { identity, expiresAtMs });
    return identity;
  }
}
