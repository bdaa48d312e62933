/** A random (version 4) UUID, from the platform's secure generator. */
export function uuid(): string {
  return globalThis.crypto.randomUUID();
}
