import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addressBucket, appendPeer, clientAddress, parseTrustedProxies, stampPeerAddresses } from "./client-address";

const withXff = (value: string | null) =>
  new Request("http://127.0.0.1/api/auth/login", { headers: value === null ? {} : { "x-forwarded-for": value } });

afterEach(() => vi.unstubAllEnvs());

describe("clientAddress", () => {
  it("takes the right-most hop (the socket's, stamped by this server), never one the client sent", () => {
    const none = parseTrustedProxies("");
    expect(clientAddress(withXff("203.0.113.9, 198.51.100.4"), none)).toBe("198.51.100.4");
    expect(clientAddress(withXff("192.0.2.1"), none)).toBe("192.0.2.1");
    expect(clientAddress(withXff("::ffff:192.0.2.1"), none)).toBe("192.0.2.1");
    expect(clientAddress(withXff(null), none)).toBe("unknown");
  });

  it("believes the hop left of a trusted proxy, and only then", () => {
    const proxies = parseTrustedProxies(" 10.0.0.0/8, 192.0.2.5 ,2001:db8::/32");
    expect(clientAddress(withXff("203.0.113.9, 198.51.100.4, 10.1.2.3"), proxies)).toBe("198.51.100.4");
    expect(clientAddress(withXff("203.0.113.9, 198.51.100.4, 192.0.2.5"), proxies)).toBe("198.51.100.4");
    expect(clientAddress(withXff("203.0.113.9, 10.9.9.9, 2001:db8::1"), proxies)).toBe("203.0.113.9");
    expect(clientAddress(withXff("10.0.0.1, 10.0.0.2"), proxies)).toBe("10.0.0.1"); // from the proxy itself
    expect(clientAddress(withXff("203.0.113.9, 198.51.100.4"), proxies)).toBe("198.51.100.4");
  });

  it("reads TRUSTED_PROXIES, ignoring an entry that is not an address or a range", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.stubEnv("TRUSTED_PROXIES", "10.0.0.1, not-an-ip, 10.0.0.0/99");
    expect(clientAddress(withXff("203.0.113.9, 10.0.0.1"))).toBe("203.0.113.9");
    expect(clientAddress(withXff("203.0.113.9, 10.0.0.2"))).toBe("10.0.0.2");
    expect(error).toHaveBeenCalledTimes(2);
    vi.stubEnv("TRUSTED_PROXIES", "");
    expect(clientAddress(withXff("203.0.113.9, 10.0.0.1"))).toBe("10.0.0.1");
    error.mockRestore();
  });
});

describe("the socket's address", () => {
  it("is appended to X-Forwarded-For, as a proxy would", () => {
    const headers: Record<string, string | undefined> = {};
    appendPeer(headers, "192.0.2.1");
    expect(headers["x-forwarded-for"]).toBe("192.0.2.1");
    appendPeer(headers, "10.0.0.1");
    expect(headers["x-forwarded-for"]).toBe("192.0.2.1, 10.0.0.1");
  });

  it("is stamped on every request a Node server receives, whatever X-Forwarded-For the client sends", async () => {
    stampPeerAddresses();
    stampPeerAddresses(); // once per process, however often it is called
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers["x-forwarded-for"]));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const send = (localAddress: string, xff?: string) =>
      new Promise<void>((resolve, reject) =>
        httpRequest({ host: "127.0.0.1", port, localAddress, headers: xff ? { "X-Forwarded-For": xff } : {} }, (r) =>
          r.resume().on("end", resolve),
        )
          .on("error", reject)
          .end(),
      );
    await send("127.0.0.5", "203.0.113.1");
    await send("127.0.0.6");
    await new Promise((resolve) => server.close(resolve));
    expect(seen).toEqual(["203.0.113.1, 127.0.0.5", "127.0.0.6"]);
    expect(seen.map((xff) => clientAddress(withXff(xff), parseTrustedProxies("")))).toEqual(["127.0.0.5", "127.0.0.6"]);
  });
});

describe("addressBucket", () => {
  it("counts IPv4 addresses one by one and IPv6 ones by their /64", () => {
    expect(addressBucket("192.0.2.1")).toBe("192.0.2.1");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("unknown")).toBe("unknown");
  });
});
