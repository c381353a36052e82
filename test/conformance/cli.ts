import { formatReport } from "./report";
import { runConformance } from "./runner";

/**
 * `npm run conformance`: replays Graph's reference examples against a fresh sandbox and prints
 * matched/total for status and shape, overall and per resource, and every mismatch by cause.
 */
async function main(): Promise<void> {
  const outcomes = await runConformance();
  console.log(formatReport(outcomes));
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
