// The actions of the cluster on screen, kept current by the stream's `action` messages (pure, browser-safe).
import type { ActionView, StoppedMaster } from "@/lib/shared/actions";

export interface ActionsList {
  active: ActionView | null;
  recent: ActionView[];
  stopped: StoppedMaster[];
}

export const EMPTY_ACTIONS: ActionsList = { active: null, recent: [], stopped: [] };

/** A running action becomes `active`; a finished one moves to the front of `recent` (once). */
export function applyAction(list: ActionsList, action: ActionView): ActionsList {
  if (action.status === "running") return { ...list, active: action };
  const recent = [action, ...list.recent.filter((a) => a.id !== action.id)].slice(0, 20);
  return { ...list, active: list.active?.id === action.id ? null : list.active, recent };
}

/** The countdown before a confirmed action is sent: whole seconds left, never below 0. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
