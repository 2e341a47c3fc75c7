// The command-line flags a simulated master reports (`/master/flags`, `flags` in `/master/state`, GET_FLAGS), as
// strings the way Mesos prints them. `--http-auth` turns on both `--authenticate_http_readonly` and
// `--authenticate_http_readwrite` (docs/mesos/http.md#http-authentication).
import type { MasterConfig } from "../protocol";

export function masterFlags(config: MasterConfig): Record<string, string> {
  return {
    cluster: config.cluster,
    hostname: config.ip,
    ip: config.ip,
    port: String(config.port),
    quorum: String(config.quorum),
    zk: config.zk.replace(/\/\/[^@/]*@/, "//"),
    zk_session_timeout: `${config.sessionTimeoutMs / 1000}secs`,
    registry: "replicated_log",
    registry_fetch_timeout: `${config.registryFetchTimeoutMs / 1000}secs`,
    registry_store_timeout: "20secs",
    agent_reregister_timeout: "10mins",
    work_dir: "/var/lib/mesos",
    log_dir: "/var/log/mesos",
    authenticate_http_readonly: String(config.httpAuth !== null),
    authenticate_http_readwrite: String(config.httpAuth !== null),
  };
}
