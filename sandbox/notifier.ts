import {
  createCipheriv,
  createHash,
  createHmac,
  publicEncrypt,
  randomBytes,
  constants,
  X509Certificate,
} from "node:crypto";
import type { Clock } from "./clock";
import type { ChangeEvent, Store } from "./store";
import type { TokenIssuer } from "./tokens";
import { eventJson } from "./graph/events";
import { messageJson, stripSelectOnly } from "./graph/serialize";

/**
 * Change notifications, as Graph delivers them: the validation handshake when a subscription is
 * made; notifications POSTed to the subscriber within a second of a change (several per POST when
 * they come together), retried with backoff on anything but a timely 2xx; subscriptions that expire
 * on the sandbox's clock; lifecycle notifications on demand; and rich notifications encrypted with
 * the subscriber's certificate, with validation tokens.
 */

/** Graph's change-tracking app: the `azp` of notification validation tokens. */
export const CHANGE_TRACKING_APP_ID = "0bf30f3b-4a52-48df-9a82-234910c4a086";

export interface Subscription {
  id: string;
  resource: string;
  applicationId: string;
  tenantId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
  includeResourceData: boolean;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  /** What the resource names: whose mailbox, messages or events, which folder or calendar. */
  target: { userId: string; kind: "message" | "event"; containerId?: string };
  /** Notifications still to be lost before a `missed` lifecycle event (for tests of resync). */
  toLose: number;
  missed: boolean;
  /** Notifications name messages by their immutable ids (the subscription was created asking for them). */
  immutableIds?: boolean;
}

export interface Delivery {
  url: string;
  kind: "validation" | "notification" | "lifecycle";
  attempt: number;
  status: number;
  body: string;
  time: string;
}

export interface NotifierOptions {
  /** First retry delay after a failed delivery; it doubles each time (default 1 s). */
  retryBaseMs?: number;
  /** Deliveries attempted before a notification is dropped (default 15: well past 4 hours at the cap). */
  maxAttempts?: number;
  /** Longest wait between retries (default 20 minutes). */
  retryCapMs?: number;
}

const DELIVERY_TIMEOUT_MS = 3000;
const VALIDATION_TIMEOUT_MS = 10_000;

interface Pending {
  url: string;
  kind: "notification" | "lifecycle";
  items: Record<string, unknown>[];
  tokens: string[];
  attempt: number;
}

export class Notifier {
  readonly subscriptions = new Map<string, Subscription>();
  readonly deliveries: Delivery[] = [];
  /** Notifications given up on after every retry failed. */
  readonly dropped: Pending[] = [];
  private readonly batches = new Map<string, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: TokenIssuer,
    private readonly options: NotifierOptions = {},
  ) {
    store.on("change", (c: ChangeEvent) => this.onChange(c));
  }

  /** Subscriptions still alive on the sandbox's clock (expired ones are removed, as Graph does). */
  active(): Subscription[] {
    const now = this.clock.now();
    for (const [id, s] of this.subscriptions)
      if (Date.parse(s.expirationDateTime) <= now) this.subscriptions.delete(id);
    return [...this.subscriptions.values()];
  }

  /** POSTs the validation token and checks the answer: 200, text/plain, the token itself, within 10 s. */
  async validate(url: string): Promise<boolean> {
    const token =
      "Validation: Testing client application reachability for subscription Request-Id: " +
      randomBytes(16).toString("hex");
    const target = `${url}${url.includes("?") ? "&" : "?"}validationToken=${encodeURIComponent(token)}`;
    try {
      const res = await fetch(target, {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
      });
      const body = await res.text();
      this.record({ url, kind: "validation", attempt: 1, status: res.status, body });
      return res.status === 200 && /^text\/plain/i.test(res.headers.get("content-type") ?? "") && body === token;
    } catch {
      this.record({ url, kind: "validation", attempt: 1, status: 0, body: "" });
      return false;
    }
  }

  /** Sends a lifecycle notification for a subscription now. */
  lifecycle(id: string, event: "reauthorizationRequired" | "subscriptionRemoved" | "missed"): void {
    const s = this.subscriptions.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    if (event === "subscriptionRemoved") this.subscriptions.delete(id);
    this.enqueue(
      s.lifecycleNotificationUrl ?? s.notificationUrl,
      "lifecycle",
      {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: s.expirationDateTime,
        tenantId: s.tenantId,
        clientState: s.clientState,
        lifecycleEvent: event,
      },
      [],
    );
  }

  /**
   * Loses the next `count` notifications of a subscription, then tells the subscriber with a `missed` lifecycle event.
   */
  lose(id: string, count: number): void {
    const s = this.subscriptions.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    s.toLose = count;
  }

  /** Waits until every queued notification has been delivered or dropped. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.batches.size || this.inFlight.size || this.timers.size) && Date.now() < deadline) {
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 10))]);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private onChange(c: ChangeEvent): void {
    if (c.resource === "mailFolder") return;
    for (const s of this.active()) {
      if (s.target.userId !== c.userId || s.target.kind !== c.resource) continue;
      if (s.target.containerId && s.target.containerId !== c.folderId) continue;
      if (
        !s.changeType
          .split(",")
          .map((t) => t.trim())
          .includes(c.changeType)
      )
        continue;
      if (s.toLose > 0) {
        s.toLose--;
        if (s.toLose === 0) this.later(() => this.lifecycle(s.id, "missed"), 50);
        continue;
      }
      const { item, tokens } = this.notification(s, c);
      this.enqueue(s.notificationUrl, "notification", item, tokens);
    }
  }

  private notification(s: Subscription, c: ChangeEvent): { item: Record<string, unknown>; tokens: string[] } {
    const type = c.resource === "message" ? "Message" : "Event";
    const id = s.immutableIds && c.immutableId ? c.immutableId : c.id;
    const path = `Users/${c.userId}/${type}s/${id}`;
    const mb = this.store.mailboxes.get(c.userId);
    const entity = c.resource === "message" ? mb?.messages.get(c.id) : mb?.events.get(c.id);
    const item: Record<string, unknown> = {
      subscriptionId: s.id,
      subscriptionExpirationDateTime: s.expirationDateTime,
      changeType: c.changeType,
      resource: path,
      resourceData: {
        "@odata.type": `#Microsoft.Graph.${type}`,
        "@odata.id": path,
        ...(entity ? { "@odata.etag": `W/"${entity.changeKey}"` } : {}),
        id,
      },
      clientState: s.clientState,
      tenantId: s.tenantId,
    };
    if (!s.includeResourceData || !s.encryptionCertificate || !entity) return { item, tokens: [] };
    const json =
      c.resource === "message"
        ? stripSelectOnly(messageJson(entity as never, { immutableIds: s.immutableIds }), undefined)
        : eventJson(entity as never, "UTC");
    item.encryptedContent = encrypt(JSON.stringify(json), s.encryptionCertificate, s.encryptionCertificateId ?? "");
    return { item, tokens: [this.validationToken(s)] };
  }

  private validationToken(s: Subscription): string {
    const now = Math.floor(this.clock.now() / 1000);
    return this.tokens.sign({
      aud: s.applicationId,
      iss: `https://sts.windows.net/${s.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      appid: CHANGE_TRACKING_APP_ID,
      azp: CHANGE_TRACKING_APP_ID,
      tid: s.tenantId,
      ver: "1.0",
    });
  }

  private enqueue(url: string, kind: Pending["kind"], item: Record<string, unknown>, tokens: string[]): void {
    if (this.stopped) return;
    const key = `${kind} ${url}`;
    const batch = this.batches.get(key);
    if (batch) {
      batch.items.push(item);
      for (const t of tokens) if (!batch.tokens.includes(t)) batch.tokens.push(t);
      return;
    }
    const pending: Pending = { url, kind, items: [item], tokens: [...tokens], attempt: 0 };
    this.batches.set(key, pending);
    // Changes that come together go in one POST, well within a second.
    this.later(() => {
      this.batches.delete(key);
      this.send(pending);
    }, 20);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private send(p: Pending): void {
    if (this.stopped) return;
    p.attempt++;
    const body = JSON.stringify({ value: p.items, ...(p.tokens.length ? { validationTokens: p.tokens } : {}) });
    const work = (async () => {
      let status: number;
      try {
        const res = await fetch(p.url, {
          method: "POST",
          headers: { "Content-Type": "application/json; charset=utf-8" },
          body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      this.record({ url: p.url, kind: p.kind, attempt: p.attempt, status, body });
      if (status >= 200 && status < 300) return;
      if (p.attempt >= (this.options.maxAttempts ?? 15)) {
        this.dropped.push(p);
        return;
      }
      const delay = Math.min(
        (this.options.retryBaseMs ?? 1000) * 2 ** (p.attempt - 1),
        this.options.retryCapMs ?? 20 * 60_000,
      );
      this.later(() => this.send(p), delay);
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private record(d: Omit<Delivery, "time">): void {
    this.deliveries.push({ ...d, time: this.clock.iso() });
  }
}

/**
 * Graph's rich-notification encryption: AES-256-CBC (IV = key's first 16 bytes), HMAC-SHA256 signature, RSA-OAEP
 * wrapped key.
 */
export function encrypt(plaintext: string, certificate: string, certificateId: string): Record<string, string> {
  const cert = new X509Certificate(certificate.includes("BEGIN") ? certificate : Buffer.from(certificate, "base64"));
  const key = randomBytes(32);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    data: data.toString("base64"),
    dataSignature: createHmac("sha256", key).update(data).digest("base64"),
    dataKey: publicEncrypt(
      { key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
      key,
    ).toString("base64"),
    encryptionCertificateId: certificateId,
    encryptionCertificateThumbprint: createHash("sha1").update(cert.raw).digest("hex").toUpperCase(),
  };
}
