import { describe, expect, it } from "vitest";
import { masterAddress, parseSimOptions } from "./options";

describe("parseSimOptions", () => {
  it("has the documented defaults", () => {
    const options = parseSimOptions([]);
    expect(options).toMatchObject({
      masters: 3,
      quorum: 2,
      agents: 5,
      tasks: 20,
      mesosVersion: "1.11.0",
      basePort: 5050,
      sessionTimeoutMs: 10_000,
      registryFetchTimeoutMs: 60_000,
      restartDelayMs: 20_000,
      controlPort: 5049,
      seed: 1,
      httpAuth: null,
      heartbeatSeconds: 15,
      taskChurn: 0,
    });
    expect(masterAddress(options, 2)).toEqual({ ip: "127.0.0.1", port: 5052 });
  });

  it("derives the majority quorum and reads every option", () => {
    const options = parseSimOptions([
      "--masters",
      "5",
      "--agents",
      "10000",
      "--tasks",
      "100000",
      "--mesos-version",
      "0.23.0",
      "--hosts",
      "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6",
      "--restart-delay",
      "off",
      "--seed",
      "42",
    ]);
    expect(options).toMatchObject({
      masters: 5,
      quorum: 3,
      agents: 10_000,
      tasks: 100_000,
      restartDelayMs: null,
      seed: 42,
    });
    expect(masterAddress(options, 1)).toEqual({ ip: "127.0.0.3", port: 5050 });
    expect(parseSimOptions(["--heartbeat-interval", "0.5", "--task-churn", "1000"])).toMatchObject({
      heartbeatSeconds: 0.5,
      taskChurn: 1000,
    });
    expect(parseSimOptions(["--mesos-version", "1.0.0", "--http-auth", "ops:s3:cret"]).httpAuth).toEqual({
      principal: "ops",
      secret: "s3:cret",
    });
  });

  it.each([
    [["--zk", "zk://127.0.0.1:2181/"], /not supported/],
    [["--masters", "0"], /--masters must be a whole number from 1 to 9/],
    [["--masters", "3", "--quorum", "4"], /--quorum must be a whole number from 1 to 3/],
    [["--mesos-version", "banana"], /version/i],
    [["--hosts", "127.0.0.2,127.0.0.3"], /names 2 addresses for 3 masters/],
    [["--hosts", "10.0.0.1,127.0.0.3,127.0.0.4"], /not a loopback address/],
    [["--hosts", "127.0.0.2,127.0.0.2,127.0.0.4"], /distinct/],
    [["--http-auth", "nopassword"], /user:secret/],
    [["--mesos-version", "0.28.0", "--http-auth", "a:b"], /from Mesos 1\.0\.0/],
    [["--session-timeout", "10"], /--session-timeout/],
    [["--heartbeat-interval", "0"], /--heartbeat-interval must be a number of seconds/],
    [["--heartbeat-interval", ""], /--heartbeat-interval/],
    [["--task-churn", "1001"], /--task-churn must be a whole number from 0 to 1000/],
    [["--bogus", "1"], /Unknown option/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseSimOptions(argv)).toThrow(message);
  });
});
