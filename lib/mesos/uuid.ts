/** A version-4 UUID drawn from `random` (uniform in [0, 1)), so a seeded generator gives the same ids every run. */
export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, (_, i) => {
    const nibble = Math.min(15, Math.floor(random() * 16));
    return (i === 12 ? 4 : i === 16 ? (nibble & 0x3) | 0x8 : nibble).toString(16);
  }).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
