// Like the tests, the conformance replay reaches nothing but loopback (the guard refuses any other connection).
import "../setup/loopbackOnly";
import { formatReport } from "./report";
import { loadExamples, loadIssueExamples, runConformance } from "./runner";

/**
 * `npm run conformance`: replays Graph's reference examples against a fresh sandbox and prints
 * matched/total for status and shape, overall and per resource, and every mismatch by cause.
 */
async function main(): Promise<void> {
  const extracted = loadExamples();
  const all = await runConformance([...extracted, ...loadIssueExamples()]);
  console.log(formatReport(all.slice(0, extracted.length)));
  console.log("\n--- vectors written from issue 12 ---");
  console.log(formatReport(all.slice(extracted.length)));
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
