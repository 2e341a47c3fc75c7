"use client";
// The browser's state-changing requests about people: logging in and out, your password, your API tokens, and the
// users an admin manages. Each is a TanStack mutation that updates the queries it affects; pages keep their own
// redirects and messages.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { csrfHeaders, fetchJson, jsonRequest } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { CreatedToken, UserUpdateResult, UserView } from "@/lib/shared/api-types";
import type { Role } from "@/lib/shared/roles";

/**
 * POST /api/auth/login. Not through fetchJson: a wrong pair is a 401, which here is an answer to show, not a lost
 * session to send to the login page.
 */
export function useLogin() {
  return useMutation({
    mutationFn: async (credentials: { username: string; password: string }) => {
      let response: Response;
      try {
        response = await fetch("/api/auth/login", jsonRequest("POST", credentials));
      } catch (e) {
        throw new Error(`the server cannot be reached: ${(e as Error).message}`);
      }
      if (response.ok) return;
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
    },
  });
}

/** POST /api/auth/logout. Any answer (a 401 too: the session was already gone) means signed out. */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      await fetch("/api/auth/logout", { method: "POST", headers: csrfHeaders("POST") });
    },
  });
}

/** POST /api/auth/password: the server ends your other sessions. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (change: { currentPassword: string; newPassword: string }) =>
      fetchJson<null>("/api/auth/password", jsonRequest("POST", change)),
  });
}

/** POST /api/tokens: a new token valid for `expiresInDays`, whose secret this answer alone carries. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: { name: string; expiresInDays: number }) =>
      fetchJson<CreatedToken>("/api/tokens", jsonRequest("POST", token)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}

/** DELETE /api/tokens/:id; the list is read again even after a refusal (the token may be gone already). */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => fetchJson<null>(`/api/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}

export type UserChange =
  | { kind: "add"; user: { username: string; password: string; role: Role } }
  | { kind: "update"; id: number; changes: { role: string } | { password: string } }
  | { kind: "remove"; id: number };

/** An admin revokes one of a user's API tokens; that user's list is read again either way. */
export function useRevokeUserToken(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: number) => fetchJson<null>(`/api/users/${userId}/tokens/${tokenId}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.userTokens(userId) }),
  });
}

function sendUserChange(change: UserChange): Promise<UserView | UserUpdateResult | null> {
  switch (change.kind) {
    case "add":
      return fetchJson<UserView>("/api/users", jsonRequest("POST", change.user));
    case "update":
      return fetchJson<UserUpdateResult>(`/api/users/${change.id}`, jsonRequest("PUT", change.changes));
    case "remove":
      return fetchJson<null>(`/api/users/${change.id}`, { method: "DELETE" });
  }
}

/**
 * Adds, changes or removes a user (admins only). The list is read again after every attempt, refused ones too, so a
 * role picker the server refused shows the stored role again.
 */
export function useUserChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendUserChange,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
