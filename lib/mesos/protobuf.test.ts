import { describe, expect, it } from "vitest";
import { MASTER_INFO_SCHEMA } from "./master-info-proto";
import { decodeMessage, encodeMessage, ProtoWriter, readFields, type MessageSchema } from "./protobuf";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("varints", () => {
  it.each<[bigint, string]>([
    [0n, "00"],
    [1n, "01"],
    [127n, "7f"],
    [128n, "8001"],
    [300n, "ac02"],
    [5050n, "ba27"],
    [4294967295n, "ffffffff0f"],
    [2n ** 53n, "8080808080808010"],
    [2n ** 64n - 1n, "ffffffffffffffffff01"],
  ])("%s ↔ %s", (value, bytes) => {
    const encoded = new ProtoWriter().varint(1, value).finish();
    expect(encoded.toString("hex")).toBe(`08${bytes}`);
    expect(readFields(encoded)).toEqual({ ok: true, value: [{ number: 1, wireType: 0, value }] });
  });

  it("writes negative int32 values as ten bytes, like protobuf", () => {
    expect(new ProtoWriter().varint(3, -1).finish().toString("hex")).toBe("18ffffffffffffffffff01");
  });

  it.each([
    ["truncated", "0880", /truncated varint at byte 1/],
    ["beyond 64 bits in the 10th byte", "08ffffffffffffffffff02", /overflows 64 bits/],
    ["longer than 10 bytes", "08ffffffffffffffffff8101", /overflows 64 bits|longer than 10 bytes/],
    ["a truncated key", "80", /truncated varint at byte 0/],
  ])("refuses a varint %s", (_, bytes, reason) => {
    const result = readFields(hex(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });
});

describe("readFields", () => {
  it("reads every wire type and skips groups, nested ones too", () => {
    const bytes = hex("0801 1203616263 1d01020304 190102030405060708 2b 0801 33 1002 34 2c 2005");
    const result = readFields(bytes);
    expect(result).toEqual({
      ok: true,
      value: [
        { number: 1, wireType: 0, value: 1n },
        { number: 2, wireType: 2, value: Buffer.from("abc") },
        { number: 3, wireType: 5, value: hex("01020304") },
        { number: 3, wireType: 1, value: hex("0102030405060708") },
        { number: 4, wireType: 0, value: 5n },
      ],
    });
  });

  it("reads an empty message", () => {
    expect(readFields(new Uint8Array())).toEqual({ ok: true, value: [] });
  });

  it.each([
    ["a length past the end", "0a05616263", /length 5 of field 1 runs past the end/],
    ["a huge length", "0affffffffffffffffff01", /runs past the end/],
    ["a fixed32 past the end", "0d0102", /runs past the end/],
    ["a fixed64 past the end", "09010203040506", /runs past the end/],
    ["field number 0", "0001", /invalid field number 0/],
    ["wire type 6", "0e", /invalid wire type 6/],
    ["wire type 7", "0f", /invalid wire type 7/],
    ["a stray end of group", "0c", /unexpected end of group 1/],
    ["a mismatched end of group", "0b14", /unexpected end of group 2/],
    ["an unterminated group", "0b0801", /unterminated group 1/],
    ["groups nested too deeply", "0b".repeat(100), /nested too deeply/],
    ["a key wider than 32 bits", "80808080808001", /does not fit in 32 bits/],
  ])("refuses %s without throwing", (_, bytes, reason) => {
    const result = readFields(hex(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });
});

const INNER: MessageSchema = { 1: { name: "a", kind: "uint32" }, 2: { name: "b", kind: "string" } };
const OUTER: MessageSchema = {
  1: { name: "id", kind: "string", required: true },
  2: { name: "inner", kind: "message", schema: INNER },
  3: { name: "list", kind: "message", schema: INNER, repeated: true },
  4: { name: "level", kind: "enum", values: ["NONE", "LOW", "HIGH"] },
  5: { name: "delta", kind: "int32" },
};

describe("decodeMessage / encodeMessage", () => {
  it("encodes in field-number order whatever the key order, and decodes back", () => {
    const value = { delta: -2, level: "HIGH", list: [{ a: 1 }, { b: "x" }], inner: { b: "y", a: 7 }, id: "m" };
    const bytes = encodeMessage(value, OUTER);
    expect(bytes.toString("hex")).toBe(
      "0a016d" + "1205" + "0807" + "120179" + "1a020801" + "1a03120178" + "2002" + "28feffffffffffffffff01",
    );
    expect(decodeMessage(bytes, OUTER)).toEqual({ ok: true, value });
  });

  it("keeps the last scalar and merges a repeated embedded message, as protobuf does", () => {
    const bytes = hex("0a0161 0a0162 12020801 120312017a 12020803");
    expect(decodeMessage(bytes, OUTER)).toEqual({ ok: true, value: { id: "b", inner: { a: 3, b: "z" } } });
  });

  it("reads an unknown enum number as an unset field (proto2)", () => {
    expect(decodeMessage(hex("0a016d2009"), OUTER)).toEqual({ ok: true, value: { id: "m" } });
  });

  it("truncates a uint32 read from a wider varint to its low 32 bits", () => {
    expect(decodeMessage(hex("0a016d 12 06 0881808080 10"), OUTER)).toEqual({
      ok: true,
      value: { id: "m", inner: { a: 1 } },
    });
  });

  it.each([
    ["a missing required field", "1200", /missing required field id \(1\)/],
    ["a wrong wire type", "0a016d 1001", /field 2 \(inner\) has wire type 0, expected 2/],
    ["a bad nested message", "0a016d 1a03 0a0178", /list: field 1 \(a\) has wire type 2, expected 0/],
    ["a string that is not UTF-8", "0a02c328", /field 1 \(id\) is not valid UTF-8/],
  ])("reports %s", (_, bytes, reason) => {
    const result = decodeMessage(hex(bytes), OUTER);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it("refuses to encode values that do not fit", () => {
    expect(() => encodeMessage({}, OUTER)).toThrow(/missing required field id/);
    expect(() => encodeMessage({ id: 1 }, OUTER)).toThrow(RangeError);
    expect(() => encodeMessage({ id: "m", inner: { a: -1 } }, OUTER)).toThrow(RangeError);
    expect(() => encodeMessage({ id: "m", inner: { a: 2 ** 32 } }, OUTER)).toThrow(RangeError);
    expect(() => encodeMessage({ id: "m", delta: 2 ** 31 }, OUTER)).toThrow(RangeError);
    expect(() => encodeMessage({ id: "m", level: "MEDIUM" }, OUTER)).toThrow(RangeError);
    expect(() => encodeMessage({ id: "m", list: { a: 1 } }, OUTER)).toThrow(/must be an array/);
  });
});

describe("MASTER_INFO_SCHEMA (docs/mesos/zookeeper.md#masterinfo-protobuf-fields)", () => {
  it("matches the field numbers and types of mesos.proto", () => {
    const summary = Object.entries(MASTER_INFO_SCHEMA).map(
      ([number, spec]) => `${number}:${spec.name}:${spec.kind}${spec.required ? "!" : ""}${spec.repeated ? "*" : ""}`,
    );
    expect(summary).toEqual([
      "1:id:string!",
      "2:ip:uint32!",
      "3:port:uint32!",
      "4:pid:string",
      "5:hostname:string",
      "6:version:string",
      "7:address:message",
      "8:domain:message",
      "9:capabilities:message*",
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
    const bytes = encodeMessage(info, MASTER_INFO_SCHEMA);
    expect(bytes.toString("hex")).toBe(
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
    expect(decodeMessage(bytes, MASTER_INFO_SCHEMA)).toEqual({ ok: true, value: info });
  });
});
