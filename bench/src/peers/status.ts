/**
 * A peer library is either loaded (with what the report should say about it) or not (with why).
 * Loading never throws: a peer that cannot load is reported as "cannot run: <reason>".
 */
export type PeerStatus<T> =
  | { readonly ok: true; readonly peer: T; readonly version: string; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Narrows an optional peer, or returns the reason it is missing. */
export function peerOr<T>(status: PeerStatus<T>): T | string {
  return status.ok ? status.peer : status.reason;
}
