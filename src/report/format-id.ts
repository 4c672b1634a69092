// A 64-bit id or address for people: decimal when it fits 32 bits, 0x-hex above (kernel and
// user-space addresses), so small test ids stay small and addresses look like addresses.

const HEX_FROM = 1n << 32n;

/** `id` is a bigint or a decimal string (FindingLock.lock); anything else is returned unchanged. */
export function formatId(id: bigint | string): string {
  if (typeof id === 'string' && !/^\d+$/.test(id)) return id;
  const value = BigInt(id);
  return value >= HEX_FROM ? `0x${value.toString(16)}` : value.toString(10);
}

/** An address, always hex ("0xffffffff81234567"). */
export function formatAddress(address: bigint): string {
  return `0x${address.toString(16)}`;
}
