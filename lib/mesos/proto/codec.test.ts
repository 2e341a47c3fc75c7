import { describe, expect, it } from "vitest";
import { decodeMasterInfo, encodeMasterInfo, MAX_MASTER_INFO_BYTES } from "./codec";
import { messageType } from "./root";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const hexOf = (result: { ok: true; value: Uint8Array } | { ok: false; error: string }) =>
  result.ok ? Buffer.from(result.value).toString("hex") : result.error;

describe("mesos.MasterInfo (docs/mesos/zookeeper.md#masterinfo-protobuf-fields)", () => {
  it("has the field numbers and types of mesos.proto", () => {
    const summary = messageType("mesos.MasterInfo").fieldsArray.map(
      (field) => `${field.id}:${field.name}:${field.type}${field.required ? "!" : ""}${field.repeated ? "*" : ""}`,
    );
    expect(summary).toEqual([
      "1:id:string!",
      "2:ip:uint32!",
      "3:port:uint32!",
      "4:pid:string",
      "5:hostname:string",
      "6:version:string",
      "7:address:Address",
      "8:domain:DomainInfo",
      "9:capabilities:Capability*",
    ]);
  });

  it("round-trips address, domain and capabilities", () => {
    const info = {
      id: "i",
      ip: 184549386,
      port: 5050,
      address: { hostname: "m1", ip: "10.0.0.11", port: 5050 },
      domain: { fault_domain: { region: { name: "r" }, zone: { name: "z" } } },
      capabilities: [{ type: "AGENT_UPDATE" }, { type: "QUOTA_V2" }],
    };
    const bytes = hexOf(encodeMasterInfo(info));
    expect(bytes).toBe(
      "0a0169" +
        "108a808058" +
        "18ba27" +
        "3a12" +
        "0a026d31" +
        "120931302e302e302e3131" +
        "18ba27" +
        "420c0a0a" +
        "0a030a0172" +
        "12030a017a" +
        "4a020801" +
        "4a020803",
    );
    expect(decodeMasterInfo(hex(bytes))).toEqual({ ok: true, value: info });
  });

  it("reads a capability number it does not know as a capability without a type", () => {
    expect(decodeMasterInfo(hex("0a0169 1001 18ba27 4a020809 4a020801"))).toEqual({
      ok: true,
      value: { id: "i", ip: 1, port: 5050, capabilities: [{}, { type: "AGENT_UPDATE" }] },
    });
  });

  it("refuses what does not fit, as a result", () => {
    expect(encodeMasterInfo({ id: "i", ip: -1, port: 5050 })).toEqual({
      ok: false,
      error: "mesos.MasterInfo.ip: -1 does not fit in uint32",
    });
    expect(encodeMasterInfo({ id: "i", ip: 1 })).toEqual({
      ok: false,
      error: "mesos.MasterInfo.port: missing required field",
    });
    expect(encodeMasterInfo({ id: "i", ip: 1, port: 1, capabilities: [{ type: "FUTURE" }] })).toMatchObject({
      ok: false,
    });
    expect(decodeMasterInfo(new Uint8Array(MAX_MASTER_INFO_BYTES + 1))).toMatchObject({ ok: false });
  });
});
