/**
 * The identifiers that say two records are one person. Each is unique in the graph: it belongs to exactly one
 * live person. Values are normalised (see normalize.ts); a crypto value is `chain:address`.
 */
export type IdentifierKind = 'x_user_id' | 'x_handle' | 'email' | 'crypto' | 'linkedin';

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/** One string per identifier, for maps and sets. Unambiguous: the kind never contains `:`. */
export function identifierKey(id: Identifier): string {
  return `${id.kind}:${id.value}`;
}

export function cryptoValue(chain: string, address: string): string {
  return `${chain}:${address}`;
}

/** The chain and address of a crypto value: chain names never contain `:`. */
export function splitCryptoValue(value: string): { chain: string; address: string } {
  const at = value.indexOf(':');
  return { chain: value.slice(0, at), address: value.slice(at + 1) };
}

/** Orders bigint ids held as strings (no leading zeros): shorter is smaller, then by digits. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
