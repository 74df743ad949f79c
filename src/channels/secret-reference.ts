/**
 * How an account names a secret: `env:NAME` (an environment variable) or `file:KEY` (a key of the secrets
 * file). The one grammar of a reference, for the senders file and for resolving.
 */
export const SECRET_REFERENCE = /^(?:env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:[A-Za-z0-9_][A-Za-z0-9_.:@+/-]{0,199})$/;

export function isSecretReference(value: unknown): value is string {
  return typeof value === 'string' && SECRET_REFERENCE.test(value);
}
