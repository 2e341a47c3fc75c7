// Every answer carries the headers a security review expects, and the app still works under its own policy: a page
// that loads, hydrates and streams without the browser refusing anything.
import { expect, test } from "./fixtures";

const EXPECTED = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

test("pages and API answers carry the security headers, with a policy that forbids framing", async ({ request }) => {
  for (const path of ["/login", "/api/health", "/api/clusters", "/does-not-exist"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers, path).toMatchObject(EXPECTED);
    const policy = headers["content-security-policy"] ?? "";
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).toContain("default-src 'self'");
    expect(policy, path).toContain("object-src 'none'");
    expect(policy, path).not.toContain("unsafe-eval");
  }
});

test("the cluster overview renders and goes live under the policy, with nothing refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  await expect(page.getByText(/^Live$/).first()).toBeVisible();
  expect(refused).toEqual([]);
});
