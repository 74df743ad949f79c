import type { ImportRow } from './row';

/** One X account as the graph records it: an id, a handle, or both. */
export interface XProfile {
  /** Row id; absent for a profile this batch creates. */
  id?: string;
  personId: string;
  xUserId: string | null;
  handle: string | null;
}

export interface XProfileWrites {
  inserts: XProfile[];
  /** Existing profiles that gain the id or handle they lacked. */
  fills: { id: string; xUserId: string | null; handle: string | null }[];
}

/**
 * Identifiers are only ever added, never rewritten. A row's id and handle go into one profile when they can:
 * a new profile when neither is known, or into the known profile that lacks the other. When the known
 * profile already has a different handle (a rename) or id, the newcomer gets a profile of its own; all of
 * them belong to the row's person, so the person keeps every handle it was ever seen with.
 */
export function planXProfiles(rows: readonly { row: ImportRow; personId: string }[], existing: readonly XProfile[]): XProfileWrites {
  const byId = new Map<string, XProfile>();
  const byHandle = new Map<string, XProfile>();
  const register = (p: XProfile) => {
    if (p.xUserId !== null) byId.set(p.xUserId, p);
    if (p.handle !== null) byHandle.set(p.handle, p);
  };
  existing.forEach((p) => register({ ...p }));
  const inserts: XProfile[] = [];
  const filled = new Set<XProfile>();
  const add = (personId: string, xUserId: string | null, handle: string | null) => {
    const profile = { personId, xUserId, handle };
    inserts.push(profile);
    register(profile);
  };
  const fill = (profile: XProfile) => {
    register(profile);
    if (profile.id !== undefined) filled.add(profile);
  };

  for (const { row, personId } of rows) {
    const { xUserId, xHandle } = row;
    const withId = xUserId === undefined ? undefined : byId.get(xUserId);
    const withHandle = xHandle === undefined ? undefined : byHandle.get(xHandle);
    if (xUserId !== undefined && xHandle !== undefined) {
      if (!withId && !withHandle) add(personId, xUserId, xHandle);
      else if (withId && !withHandle) {
        if (withId.handle === null) fill(Object.assign(withId, { handle: xHandle }));
        else add(personId, null, xHandle);
      } else if (!withId && withHandle) {
        if (withHandle.xUserId === null) fill(Object.assign(withHandle, { xUserId }));
        else add(personId, xUserId, null);
      }
    } else if (xUserId !== undefined && !withId) add(personId, xUserId, null);
    else if (xHandle !== undefined && !withHandle) add(personId, null, xHandle);
  }
  const fills = [...filled].map((p) => ({ id: p.id as string, xUserId: p.xUserId, handle: p.handle }));
  return { inserts, fills };
}
