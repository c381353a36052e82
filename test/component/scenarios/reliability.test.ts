import { runReliability, table } from "../../../scripts/reliability";

/**
 * `npm run reliability` in a reduced size: sends (some with attachments over 3 MB), Send Draft,
 * replies, forwards, events and folders through the component while the sandbox fails a fifth of
 * Graph and upload requests before and after acting. Every message is counted in the recipients'
 * mailboxes against what its action reported.
 */

it("delivers every message exactly once under a 20 % fault mix, and every action reports what happened", async () => {
  const report = await runReliability({
    sends: 150,
    faultRate: 0.2,
    concurrency: 6,
    hostile: 100,
    deltaDays: 30,
    burst: 200,
    seed: 7,
  });
  const summary = table(report) + "\n" + report.problems.join("\n");
  expect({
    lost: report.lost,
    duplicated: report.duplicated,
    falselyReportedFailed: report.falselyReportedFailed,
  }).toEqual({ lost: 0, duplicated: 0, falselyReportedFailed: 0 });
  expect(report.draftsLeftBehind).toBe(0);
  expect(report.problems).toEqual([]);
  // The faults were real: about a fifth of requests, of every kind, and actions met them.
  expect(report.requests.faultedShare).toBeGreaterThan(0.1);
  expect(report.requests.faultedShare).toBeLessThan(0.3);
  expect(Object.keys(report.requests.faulted).length).toBeGreaterThanOrEqual(6);
  expect(report.outcomes.confirmedAfterLostAnswer).toBeGreaterThan(0);
  expect(report.outcomes.retriedAfterLostAnswer).toBeGreaterThan(0);
  expect(report.messagesExpected).toBeGreaterThan(150);
  expect(report.uploads.count).toBe(8);
  expect(report.uploads.ratio).toBeGreaterThanOrEqual(1);
  expect(report.hostile).toMatchObject({ ran: true, sent: 100, answered: 100, crashes: 0, hangs: 0 });
  // Polling through expiring delta links loses and repeats nothing; the webhook read every notified message.
  expect(report.delta).toMatchObject({ delivered: 90, emitted: 90, lost: 0, duplicated: 0, restartDays: [19, 25] });
  expect(report.webhook).toMatchObject({ notifications: 200, batchRequests: 20, itemsRead: 400 });
  expect(summary).toMatch(/\| messages lost \| 0 \|/);
}, 300_000);
