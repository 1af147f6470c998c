/** Room tokens (HMAC-signed, expiring, rotatable keys), the operator key check, and the persistent signing keyring. */
export { MAX_TOKEN_LENGTH, type TokenClaims, type TokenRole, type TokenSecret, type TokenKeys } from './token-claims.ts';
export { signToken } from './sign-token.ts';
export { verifyToken, type VerifyTokenResult, type TokenRejection } from './verify-token.ts';
export { createTokenVerifier, type TokenVerifier } from './token-verifier.ts';
export { parseBearer } from './parse-bearer.ts';
export { checkAdminKey } from './admin-key.ts';
export { safeEqual } from './safe-equal.ts';
export { generateSecret } from './generate-secret.ts';
export { loadOrCreateSecret, SecretFileError, SECRET_FILE, type LoadedSecrets } from './load-or-create-secret.ts';
