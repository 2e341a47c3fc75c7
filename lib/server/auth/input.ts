// Request bodies of the auth, user and token routes.
import { z } from "zod";
import { ROLES } from "@/lib/shared/roles";
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_MIN_DAYS } from "@/lib/shared/tokens";

const username = z
  .string({ error: "username is required" })
  .trim()
  .min(1, "username is required")
  .max(64, "username is at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "username may use letters, digits, '.', '_', '@' and '-'");
const password = z
  .string({ error: "password is required" })
  .min(8, "password is at least 8 characters")
  .max(256, "password is at most 256 characters");

export const loginSchema = z.strictObject({
  username: z.string({ error: "username is required" }).min(1, "username is required").max(64),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(256),
});

export const newUserSchema = z.strictObject({
  username,
  password,
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
});

export const userUpdateSchema = z
  .strictObject({
    password: password.optional(),
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }).optional(),
  })
  .refine((u) => u.password !== undefined || u.role !== undefined, { message: "give password or role" });

export const newTokenSchema = z.strictObject({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, "name is required")
    .max(64, "name is at most 64 characters"),
  expiresInDays: z
    .number({ error: "expiresInDays must be a number of days" })
    .int("expiresInDays must be a whole number of days")
    .min(TOKEN_MIN_DAYS, `expiresInDays is at least ${TOKEN_MIN_DAYS}`)
    .max(TOKEN_MAX_DAYS, `expiresInDays is at most ${TOKEN_MAX_DAYS}`)
    .default(TOKEN_DEFAULT_DAYS),
});

export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z.string({ error: "currentPassword is required" }).min(1, "currentPassword is required").max(256),
    newPassword: password,
  })
  .refine((c) => c.currentPassword !== c.newPassword, {
    path: ["newPassword"],
    message: "the new password must differ from the current one",
  });
