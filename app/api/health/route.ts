// GET /api/health: liveness; answers once the server serves.
export function GET(): Response {
  return Response.json({ ok: true });
}
