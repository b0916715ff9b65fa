/**
 * Addresses in the configuration: which hosts are this machine only (the portal binds to one by
 * default, and plain http is accepted only on one), and the address ranges of the reverse
 * proxies whose forwarded client address the portal believes (MESHPLANE_TRUSTED_PROXIES).
 */
import { BlockList, isIP } from "node:net";

/** `host` is a name or address that only this machine reaches (URL hostnames included). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, how a dual-stack socket reports IPv4) as IPv4. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The ranges in `entries` (addresses or CIDR ranges, IPv4 or IPv6); throws naming the first
 * entry that is neither.
 */
export function addressRanges(entries: readonly string[]): BlockList {
  const ranges = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, ...rest] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const bits = prefix === undefined ? maxBits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
    if (family === 0 || rest.length > 0 || bits < 0 || bits > maxBits) {
      throw new RangeError(`"${entry}" is not an IP address or CIDR range`);
    }
    ranges.addSubnet(address, bits, family === 4 ? "ipv4" : "ipv6");
  }
  return ranges;
}

/** Whether `address` (as a socket or a forwarded header gives it) lies in `ranges`. */
export function inRanges(ranges: BlockList, address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  return family !== 0 && ranges.check(plain, family === 4 ? "ipv4" : "ipv6");
}
