import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * A copy of Graph's documentation repository: a checkout (files on disk) or a bare git directory
 * (as `git clone --bare` or a mirror leaves it, read at HEAD without a work tree).
 */
export interface DocsSource {
  repository: string;
  commit: string;
  /** File names in a folder of the repository (empty when the folder is absent). */
  list(dir: string): string[];
  read(path: string): string;
}

function git(gitDir: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function isBareGitDir(dir: string): boolean {
  return existsSync(join(dir, "HEAD")) && existsSync(join(dir, "objects")) && existsSync(join(dir, "refs"));
}

/** The repository's name from its origin, else from the folder (`owner+name/repo` or `name`). */
function repositoryName(gitDir: string | undefined, dir: string): string {
  if (gitDir) {
    try {
      const origin = git(gitDir, ["config", "--get", "remote.origin.url"]).trim();
      const m = /([^/:]+\/[^/]+?)(\.git)?$/.exec(origin);
      if (m) return m[1];
    } catch {
      /* no origin configured */
    }
  }
  const folder = ["repo", ".git"].includes(basename(dir)) ? basename(dirname(dir)) : basename(dir);
  return folder.replace("+", "/");
}

function bareSource(dir: string): DocsSource {
  return {
    repository: repositoryName(dir, dir),
    commit: git(dir, ["rev-parse", "HEAD"]).trim(),
    list(folder) {
      try {
        return git(dir, ["ls-tree", "--name-only", `HEAD:${folder}`])
          .split("\n")
          .filter(Boolean);
      } catch {
        return [];
      }
    },
    read: (path) => git(dir, ["show", `HEAD:${path}`]),
  };
}

function checkoutSource(dir: string): DocsSource {
  const gitDir = existsSync(join(dir, ".git")) ? join(dir, ".git") : undefined;
  let commit = "working tree";
  if (gitDir) {
    try {
      commit = execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      /* not a readable repository: keep "working tree" */
    }
  }
  return {
    repository: repositoryName(gitDir, dir),
    commit,
    list: (folder) => (existsSync(join(dir, folder)) ? readdirSync(join(dir, folder)) : []),
    read: (path) => readFileSync(join(dir, path), "utf8"),
  };
}

/**
 * `path`, or `path@commit` for a copy that is not a git checkout (a few pages saved from a
 * repository too large to fetch whole), so the output still says which commit they came from.
 */
export function openSource(argument: string): DocsSource {
  const m = /^(.*)@([0-9a-f]{40})$/.exec(argument);
  const dir = resolve(m ? m[1] : argument);
  if (!existsSync(dir)) throw new Error(`no documentation at ${dir}`);
  const source = isBareGitDir(dir) ? bareSource(dir) : checkoutSource(dir);
  return m ? { ...source, commit: m[2] } : source;
}
