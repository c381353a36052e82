import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CERT_DIR } from "../sandbox/seed";

/**
 * Debian's Chromium, driven by playwright-core (never a browser download): headless, with a new empty
 * profile, nothing in the background (no sync, updates, QUIC or prefetching), and no host name but
 * loopback resolvable, so a page can reach nothing off this machine. The sandbox's development
 * certificate is trusted by its public key (pages stay secure: Chromium cancels downloads from pages
 * whose certificate errors were merely ignored).
 */

export const CHROMIUM_PATH = "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium is not installed at ${CHROMIUM_PATH}: the web UI's browser tests and screenshots need Debian's ` +
    "chromium package. Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this " +
    "where it is missing)."
  );
}

/** The base64 SHA-256 of a certificate's public key, as --ignore-certificate-errors-spki-list takes it. */
function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

export async function launchChromium(
  viewport = { width: 1280, height: 800 },
  certificate = readFileSync(join(CERT_DIR, "server.pem"), "utf8"),
): Promise<Chromium> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const profile = mkdtempSync(join(tmpdir(), "sandbox-ui-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, `--ignore-certificate-errors-spki-list=${spkiHash(certificate)}`],
    acceptDownloads: true,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
