import net from "node:net";

/**
 * Every test runs with this guard: a socket may only open to loopback. A test (or a library it
 * drives) that tries to reach a Microsoft host, or anything off this machine, fails at once
 * instead of leaking a request. Custom DNS lookups (host-name mapping tests) must resolve to loopback.
 */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const LOOPBACK_ADDRESS = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

type Lookup = NonNullable<net.TcpSocketConnectOpts["lookup"]>;

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
  // net.connect() and net.createConnection() pass their arguments already normalised, as one array [options, cb].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === "object" && !Array.isArray(first)) {
    const options = first as net.TcpSocketConnectOpts & { path?: string };
    if (!options.path) {
      const host = options.host ?? "localhost";
      if (!LOOPBACK_HOST.test(host)) {
        const lookup = options.lookup;
        if (!lookup)
          throw new Error(
            `a test tried to open a connection to ${host}:${options.port}; tests may only reach loopback`,
          );
        options.lookup = ((
          hostname: string,
          lookupOptions: unknown,
          callback: (err: Error | null, address: unknown, family?: number) => void,
        ) => {
          (lookup as (h: string, o: unknown, cb: typeof callback) => void)(
            hostname,
            lookupOptions,
            (err, address, family) => {
              const addresses = Array.isArray(address)
                ? address.map((a: { address: string }) => a.address)
                : [String(address)];
              if (!err && !addresses.every((a) => LOOPBACK_ADDRESS.test(a)))
                callback(
                  new Error(
                    `${hostname} resolved off this machine (${addresses.join(", ")}); tests may only reach loopback`,
                  ),
                  address,
                  family,
                );
              else callback(err, address, family);
            },
          );
        }) as Lookup;
      }
    }
  } else if (typeof first === "number") {
    const host = typeof args[1] === "string" ? args[1] : "localhost";
    if (!LOOPBACK_HOST.test(host))
      throw new Error(`a test tried to open a connection to ${host}:${first}; tests may only reach loopback`);
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
