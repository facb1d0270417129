/**
 * The repository documents itself: every link in README.md, bench/README.md and docs/*.md that is not a web
 * address must resolve to a file or folder inside this repository (a clone holds nothing else), and every
 * `docs/….md` a source file cites must exist. A link to `../shared/design.md`, or a citation of a document
 * that was renamed, fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The Markdown documents of the repository (not node_modules, not build output). */
function documents(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f));
  return [join(ROOT, 'README.md'), join(ROOT, 'bench', 'README.md'), ...docs].filter((f) => existsSync(f));
}

/** Targets of inline links `[text](target)` and reference definitions `[id]: target`, outside code blocks. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** Why a link from `file` is broken, or undefined when it is a web address or resolves inside the repository. */
export function brokenLink(file: string, target: string, root = ROOT): string | undefined {
  if (/^(https?:|mailto:)/i.test(target) || target.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `${target}: not a web address or a path in the repository`;
  const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
  const absolute = resolve(dirname(file), path);
  const inside = relative(root, absolute);
  if (inside.startsWith('..') || resolve(root, inside) !== absolute) return `${target}: leaves the repository`;
  if (!existsSync(absolute)) return `${target}: no such file in the repository`;
  return undefined;
}

/** Source files (ts, vue) under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('documentation links', () => {
  it('every README and docs link stays inside the repository and resolves', () => {
    const broken = documents().flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const why = brokenLink(file, target);
        return why === undefined ? [] : [`${relative(ROOT, file)}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('catches a link that leaves the repository, a missing file and a foreign scheme', () => {
    const readme = join(ROOT, 'README.md');
    expect(linkTargets('See [design](../shared/design.md) §4, [x][r] and `[not](a/link.md)`.\n\n[r]: docs/nope.md\n')).toEqual([
      '../shared/design.md',
      'docs/nope.md',
    ]);
    expect(brokenLink(readme, '../shared/design.md')).toMatch(/leaves the repository/);
    expect(brokenLink(readme, 'docs/nope.md')).toMatch(/no such file/);
    expect(brokenLink(readme, 'file:///etc/passwd')).toMatch(/not a web address/);
    expect(brokenLink(readme, 'docs/architecture.md#4-processes')).toBeUndefined();
    expect(brokenLink(readme, 'https://arxiv.org/abs/1802.03268')).toBeUndefined();
  });

  it('every docs/*.md a source file cites exists', () => {
    const missing = ['src', 'test', 'bench', 'scripts'].flatMap((dir) =>
      existsSync(join(ROOT, dir))
        ? sources(join(ROOT, dir))
            // This file names missing documents on purpose, to test the check itself.
            .filter((file) => file !== join(ROOT, 'test', 'architecture', 'doc-links.test.ts'))
            .flatMap((file) =>
            [...readFileSync(file, 'utf8').matchAll(/\bdocs\/[\w.-]+\.md\b/g)]
              .map((m) => m[0])
              .filter((doc) => !existsSync(join(ROOT, doc)))
              .map((doc) => `${relative(ROOT, file)} cites ${doc}`),
          )
        : [],
    );
    expect(missing).toEqual([]);
  });
});
