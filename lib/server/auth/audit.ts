import "server-only";
// The audit trail of what admins do to users and their tokens: one line each in the server's log, with who did it.
// (Actions on masters have theirs in the cluster's history; a user belongs to no cluster.)

export type AuditSink = (line: string) => void;

let sink: AuditSink = (line) => console.log(line);

/** Tests listen here; returns a function that puts the previous sink back. */
export function setAuditSink(next: AuditSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/** `[audit] admin "alice": revoked API token 7 ("ci") of "bob"` */
export function audit(actor: string, what: string): void {
  sink(`[audit] ${JSON.stringify(actor)}: ${what}`);
}
