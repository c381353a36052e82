import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CERT_DIR } from "../../sandbox";

/**
 * A local change-notification endpoint for the subscription examples: it passes Graph's
 * validation handshake (200, text/plain, the token echoed) and accepts notifications (202).
 * It serves HTTPS with the sandbox's development certificate, which covers 127.0.0.1.
 */
export interface NotificationServer {
  url: string;
  stop(): Promise<void>;
}

export async function startNotificationServer(): Promise<NotificationServer> {
  const server = createServer(
    {
      cert: readFileSync(join(CERT_DIR, "server.pem"), "utf8"),
      key: readFileSync(join(CERT_DIR, "server-key.pem"), "utf8"),
    },
    (req, res) => {
      const token = new URL(req.url ?? "/", "https://127.0.0.1").searchParams.get("validationToken");
      req.resume();
      req.on("end", () => {
        if (token !== null) {
          res.writeHead(200, { "Content-Type": "text/plain" }).end(token);
        } else {
          res.writeHead(202).end();
        }
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/notifications`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
