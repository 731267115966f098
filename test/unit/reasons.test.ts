// The reason catalogue is complete in both directions: every reason the code can give is listed, and
// every listed reason is asserted by some test; and what it says to users is German.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../../src/domain/reasons.js';
import { WARNING_REASONS } from '../../src/domain/warnings.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const REASON_LITERAL = /reason: '([A-Z][A-Z0-9_]+)'/g;

function reasonsNamedIn(files: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) for (const match of readFileSync(file, 'utf8').matchAll(REASON_LITERAL)) found.add(match[1]!);
  return found;
}

const catalogue = new Set(Object.keys(REFUSAL_REASONS));
const warningCatalogue = new Set(Object.keys(WARNING_REASONS));
const sourceFiles = filesUnder('src').filter((file) => !file.endsWith('reasons.ts'));
const testFiles = filesUnder('test').filter((file) => file !== join('test', 'unit', 'reasons.test.ts'));

/** Words that give an English sentence away; none of them is a German word. */
const ENGLISH_WORDS = /\b(the|must|not|is|are|cannot|already|should|please|which|with|would|exceeds?)\b/i;

describe('the reason catalogue', () => {
  it('lists every reason the code gives', () => {
    const unlisted = [...reasonsNamedIn(sourceFiles)].filter((reason) => !catalogue.has(reason) && !warningCatalogue.has(reason));
    expect(unlisted).toEqual([]);
  });

  it('has every listed reason asserted by some test', () => {
    const tested = new Set<string>();
    for (const file of testFiles) {
      const text = readFileSync(file, 'utf8');
      for (const reason of catalogue) if (text.includes(`'${reason}'`)) tested.add(reason);
    }
    expect([...catalogue].filter((reason) => !tested.has(reason)).sort()).toEqual([]);
  });

  it('describes every reason in German', () => {
    for (const [reason, description] of Object.entries(REFUSAL_REASONS)) {
      expect(description, reason).not.toMatch(ENGLISH_WORDS);
      expect(description, reason).toMatch(/[.]$/);
    }
  });

  it('is the table of reasons in the README, row for row', () => {
    expect(readmeTable('| Reason ')).toEqual(Object.entries(REFUSAL_REASONS));
  });
});

/** The rows of the README table whose header starts with `header`. */
function readmeTable(header: string): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf(header), readme.indexOf('\n\n', readme.indexOf(header)));
  return [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\| (.+?) +\|$/gm)].map((match) => [match[1]!, match[2]!]);
}

describe('the warning catalogue', () => {
  it('has every warning asserted by some test, described in German, and is the README table', () => {
    const tested = new Set<string>();
    for (const file of testFiles) {
      const text = readFileSync(file, 'utf8');
      for (const reason of warningCatalogue) if (text.includes(`'${reason}'`)) tested.add(reason);
    }
    expect([...warningCatalogue].filter((reason) => !tested.has(reason))).toEqual([]);
    for (const [reason, description] of Object.entries(WARNING_REASONS)) {
      expect(description, reason).not.toMatch(ENGLISH_WORDS);
      expect(description, reason).toMatch(/[.]$/);
    }
    expect(readmeTable('| Warning ')).toEqual(Object.entries(WARNING_REASONS));
  });
});
