// What the API answers, typed once for the routes that send it and the pages that read it (browser-safe).
import type { MasterView } from "@/lib/shared/cluster-state";
import type { InspectedServer } from "@/lib/zk/inspection";

/** A cluster as the API and pages show it. Credentials are write-only: only the user name is shown. */
export interface ClusterView {
  id: number;
  name: string;
  zk: string | null;
  masters: string[] | null;
  quorum: number | null;
  description: string;
  httpAuth: { username: string } | null;
  /** Where masters may be (host names, `*.suffix`, IPs, CIDR ranges); null: anywhere but link-local and metadata. */
  allowedMasters: string[] | null;
  /** The controller settings without the private key (`hasStoredKey` says whether one is stored). */
  controller: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** One part of a master's own view, with its own error so one refusal does not hide the rest. */
export type MasterDetailsPart<T> = { ok: true; value: T; ms: number } | { ok: false; error: string; ms: number };

export interface MasterDetails {
  master: MasterView;
  health: MasterDetailsPart<null>;
  version: MasterDetailsPart<Record<string, unknown>>;
  flags: MasterDetailsPart<Record<string, string>>;
  metrics: MasterDetailsPart<Record<string, number>>;
}

export interface TestedMaster {
  id: string;
  address: string | null;
  format: string;
  version: string | null;
  isLeader: boolean;
  reachable: boolean | null;
  error: string | null;
  /** Why it was not contacted (outside the allowed addresses, a link-local or metadata address); null when it was. */
  blocked: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  findings: string[];
  zk: { reachable: boolean; error: string | null; pathExists: boolean; servers: InspectedServer[] } | null;
  masters: TestedMaster[];
  leader: { id: string; address: string | null } | null;
  /** The masters' addresses found, ready to adopt as the cluster's allowlist (ZooKeeper clusters). */
  suggestedAllowlist: string[];
}

/** A user as GET/POST /api/users and PUT /api/users/:id answer (never the password hash). */
export interface UserView {
  id: number;
  username: string;
  /** One of ROLES (lib/shared/roles), as stored. */
  role: string;
  createdAt: string;
}

/** An API token as GET /api/tokens lists it: its prefix only, never the secret. */
export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** After this instant the token no longer authenticates. */
  expiresAt: string;
}

/** What POST /api/tokens answers: the only time the whole secret (`token`) is shown. */
export interface CreatedToken {
  id: number;
  name: string;
  token: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
}

/** What PUT /api/users/:id answers: the user, and how many of their API tokens the change revoked. */
export interface UserUpdateResult extends UserView {
  /** A password reset and a lower role revoke every API token of the user; otherwise 0. */
  tokensRevoked: number;
}
