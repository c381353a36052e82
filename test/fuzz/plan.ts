import { seededRandom } from "../../scripts/seededRandom";
import { valuesFor, verdictFor, type Hostile, type Verdict } from "./catalogue";
import { FIXTURE_IDS } from "./baseline";
import { RECIPIENT_ORACLES } from "./oracles";
import { hasDefault, roleOf, type InputDef, type Role } from "./roles";
import type { Target } from "./targets";

/**
 * The cases: for every input of every target, hostile values from the catalogue (one input at a
 * time, the rest at baseline). The full run takes every value; the CI subset takes the known
 * failures plus a few values per input, drawn with a seed per input so the subset is the same on
 * every run and adding an action does not reshuffle the others.
 */

export interface Case {
  target: Target;
  input: InputDef;
  role: Role;
  hostile: Hostile;
  verdict: Verdict;
}

export interface PlanOptions {
  full: boolean;
  seed: number;
  /** Values per input in the subset, besides the pinned ones. */
  perInput: number;
}

export class NoOracleError extends Error {}

const FIXTURE_ROLES: ReadonlyMap<string, Role> = new Map(
  Object.entries(FIXTURE_IDS).map(([key, f]) => [key, f.role as Role]),
);

export function roleIn(target: Target, input: InputDef): Role {
  return target.kind === "connection" ? "connectionField" : roleOf(input, FIXTURE_ROLES);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const isPinned = (h: Hostile, role: Role) => h.pinned === true || (Array.isArray(h.pinned) && h.pinned.includes(role));

function pick(values: Hostile[], role: Role, count: number, rng: () => number): Hostile[] {
  const pinned = values.filter((h) => isPinned(h, role));
  const rest = values.filter((h) => !isPinned(h, role));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...pinned, ...rest.slice(0, count)];
}

/** The verdict, adjusted where the input's definition says more than the value's kind. */
function verdictIn(h: Hostile, role: Role, input: InputDef): Verdict {
  const verdict = verdictFor(h, role, input, hasDefault(input));
  if (role === "addresses" && h.recipients && !h.recipients.length && input.required) return "reject";
  const choices = (input.model ?? []).map((m) => m.value.toLowerCase());
  if (h.kind === "string" && choices.includes(String(h.make()).trim().toLowerCase())) return "either";
  return verdict;
}

/** Whether a value reads as nothing at all ("", "  ", [], null): the component takes it as not given. */
function blank(h: Hostile): boolean {
  try {
    const value = h.make();
    return value === undefined || value === null || String(value).trim() === "";
  } catch {
    return false;
  }
}

/**
 * Values the case cannot judge here: a blank connection field that has a default falls back to
 * Microsoft's own hosts, which a run on this machine must not reach.
 */
function judgeable(target: Target, input: InputDef, h: Hostile): boolean {
  return !(target.kind === "connection" && hasDefault(input) && blank(h));
}

export function planCases(targets: Target[], options: PlanOptions): Case[] {
  const cases: Case[] = [];
  for (const target of targets) {
    for (const input of target.inputs) {
      if (input.templateValue) continue;
      const role = roleIn(target, input);
      if (role === "addresses" && !RECIPIENT_ORACLES[input.key])
        throw new NoOracleError(`no recipient oracle for ${target.key}.${input.key}`);
      const all = valuesFor(input, role).filter((h) => judgeable(target, input, h));
      const chosen = options.full
        ? all
        : pick(all, role, options.perInput, seededRandom(options.seed ^ hash(`${target.name}.${input.key}`)));
      for (const hostile of chosen)
        cases.push({ target, input, role, hostile, verdict: verdictIn(hostile, role, input) });
    }
  }
  return cases;
}
