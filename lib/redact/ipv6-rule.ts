/**
 * IPv6 addresses, full or compressed (`2001:db8::8a2e:370:7334`, `fe80::1%eth0` keeps its zone).
 * A cheap regex finds runs of hex digits and colons with at least two colons; `net.isIPv6`
 * decides. Times (`14:22:05`), MAC addresses and `std::vector` are not addresses. Loopback `::1`
 * and the unspecified `::` stay, like 127.0.0.1: they name the service, not a person.
 */
import { isIPv6 } from "node:net";
import { redactionToken, regexRule, type RedactionRule } from "./rule";

export const ipv6Rule: RedactionRule = regexRule({
  type: "IP_ADDRESS",
  // Eight groups have seven colons, six with an IPv4 tail (`::ffff:1.2.3.4` aside); fewer need a `::`.
  gate: (f) => f.hexColons >= 2 && (f.doubleColon || f.colons >= 6),
  hintPattern: /[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:/,
  // Hex and colons, optionally an embedded IPv4 tail; never glued to a word, a longer run or a port-like `:x`.
  pattern:
    /(?<![A-Za-z0-9_:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?:\.[0-9]{1,3}){0,3}(?![A-Za-z0-9_:])/g,
  replace: (candidate: string) => {
    if (candidate === "::1" || candidate === "::" || !/[0-9]/.test(candidate)) return candidate;
    return isIPv6(candidate) ? redactionToken("IP_ADDRESS") : candidate;
  },
});
