/**
 * 64-bit FNV-1a (Fowler–Noll–Vo), used to turn a canonical arc string into a short, stable archId. Not a
 * cryptographic hash: it only has to spread distinct architectures evenly, and at 64 bits a collision among
 * a million sampled architectures has probability ≈ 3e-8.
 */

const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** FNV-1a 64 of an ASCII string, as 16 lowercase hex digits. Each char code is hashed as one byte. */
export function fnv1a64Hex(text: string): string {
  let hash = OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    hash = ((hash ^ BigInt(text.charCodeAt(i) & 0xff)) * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
