// Mesos' JSON number and string formatting, which changed over the versions (docs/mesos/http.md#metrics-snapshot and
// the fixtures): up to 1.6 `/` is written `\/`; whole doubles print as `3.0` in 0.26-0.28 (fixtures 0.26, 0.27) and
// from 1.7 (rapidjson; fixture 1.8), as `3` otherwise (fixtures 0.19, 1.2); before 1.7 doubles carry 15 significant
// digits.
import type { MesosFeatures } from "../lib/mesos/versions";

export interface JsonStyle {
  escapeSlash: boolean;
  wholeDoublesWithPointZero: boolean;
  fifteenDigits: boolean;
}

export function jsonStyle(features: MesosFeatures): JsonStyle {
  return {
    escapeSlash: features.jsonEscapesSlash,
    wholeDoublesWithPointZero: features.wholeNumbersAsFloat,
    // The writer that escaped slashes (before rapidjson, 1.7) is also the one that printed 15 digits.
    fifteenDigits: features.jsonEscapesSlash,
  };
}

const MARK = "\u0001";

/** A C++ double whose whole value must print as `3.0`; JSON.stringify writes a marker that `writeJson` replaces. */
class PointZero {
  constructor(readonly value: number) {}
  toJSON(): string {
    return `${MARK}${this.value}${MARK}`;
  }
}

export type Num = number | PointZero;

/** Formats a value Mesos holds as a double, for the given style. */
export function double(style: JsonStyle, value: number): Num {
  const rounded = style.fifteenDigits && !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
  return style.wholeDoublesWithPointZero && Number.isInteger(rounded) && Math.abs(rounded) < 1e15
    ? new PointZero(rounded)
    : rounded;
}

const MARKED = /"\\u0001(-?\d+)\\u0001"/g;

/** Serialises like the version's master does (compact, one line). */
export function writeJson(style: JsonStyle, value: unknown): string {
  let text = JSON.stringify(value);
  if (style.wholeDoublesWithPointZero) text = text.replace(MARKED, "$1.0");
  if (style.escapeSlash) text = text.replace(/\//g, "\\/");
  return text;
}

const JSONP_CALLBACK = /^[A-Za-z_$][\w$.]*(\[\d+\])?$/;

/** libprocess' `?jsonp=cb` support: `cb(<json>);` as text/javascript. Returns null for an unsafe callback. */
export function jsonp(callback: string, json: string): string | null {
  return JSONP_CALLBACK.test(callback) && callback.length <= 128 ? `${callback}(${json});` : null;
}
