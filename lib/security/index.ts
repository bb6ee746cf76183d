// dev-certificates.ts is imported by path (cli/certs.ts, tests): it loads an X.509 library no server needs.
export { Authorizer, forwardPrincipal, PRINCIPAL_METADATA, type AuthorizableCall, type AuthorizerOptions } from './authorizer.js';
export { CertificateFiles, TlsMaterialError, type CertificateFilesOptions, type TlsFiles } from './certificate-files.js';
export { meshChannelCredentials, serverCredentials } from './credentials.js';
export { PermissionDeniedError, UnauthenticatedError } from './errors.js';
export { InvalidTokenError, jwtIdentity, JwtVerifier, type JwtSettings } from './jwt-verifier.js';
export { openMeshSecurity, type MeshSecurity, type ServerSecurity } from './mesh-security.js';
export { AccessPolicy, DEFAULT_POLICY, loadPolicyFile, parsePolicy, type PolicyDocument } from './policy.js';
export { ROLE_METHODS, ROLES, rolesFor, type Role } from './roles.js';
export { loadSecurityConfig, PLAINTEXT, SECURITY_FLAG_OPTIONS, SECURITY_NAMES, securityFlags, type SecurityConfig, type SecurityFlags } from './security-config.js';
export { isMeshIdentity, spiffeId, spiffeIdOf, TRUST_DOMAIN, type IdentityKind } from './spiffe.js';
