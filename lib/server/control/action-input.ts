// Request bodies of the action routes (validated; unknown keys refused).
import { z } from "zod";

const common = {
  reason: z.string().max(1000, "reason is at most 1000 characters").optional(),
  force: z.boolean().optional(),
  confirmName: z.string().max(64).optional(),
};

export const masterActionSchema = z.strictObject({
  action: z.enum(["stop", "start", "restart"], { error: 'action must be "stop", "start" or "restart"' }),
  ...common,
});

export const rollingRestartSchema = z.strictObject(common);
