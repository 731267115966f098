// What users read is German: every string literal of the code that can reach a finance officer, an
// auditor or an administrator (refusals, import problems, warnings, report texts, the command-line
// tools) is searched for English sentences. Code, log messages, GraphQL descriptions and internal
// errors (`new Error(…)`, programming mistakes that end as the generic message) stay English.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where user-facing texts are written. The benchmark and the data generator are tools for measuring, in English. */
const FOLDERS = ['src/services', 'src/domain', 'src/reports', 'src/http', 'scripts/cli'];
const FILES = ['src/schema/errors.ts', 'src/config.ts', 'scripts/grants.ts'];
const EXCLUDED = new Set(['scripts/cli/generate.ts', 'src/http/ide.ts']);

/** Words of English sentences that German never uses; two different ones in a text give it away. */
const ENGLISH =
  /\b(the|must|cannot|should|please|which|would|already|exceeds?|is|are|has|been|not|and|of|to|with|for|no|only|this|that|can|be)\b/gi;

const LITERAL = /'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/gs;

/** A literal that is not for users: an internal error, a log line, SQL, an import. */
function internal(before: string, literal: string): boolean {
  if (/(new (Range|Type)?Error\(|(logger|log)\.\w+\([^;]*$|\.(debug|info|warn|error|fatal)\(\{[^;]*$|import [^;]*$|from\s*$)/.test(before))
    return true;
  return (
    /\b(select|where|join|insert into|when .* then)\b/i.test(literal) || /[\w}]\.(payment_date|approval_(start|end)|month)\b/.test(literal)
  );
}

function sourceFiles(): string[] {
  const inFolders = FOLDERS.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(folder, name)),
  );
  return [...inFolders, ...FILES].filter((file) => !EXCLUDED.has(file));
}

/** Comments blanked out, so that positions stay and English comments do not count. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|[\s;,{}()])\/\/[^\n]*/g, (comment, lead: string) => lead + ' '.repeat(comment.length - lead.length));
}

describe('user-facing texts', () => {
  it('have no English sentence', () => {
    const found: string[] = [];
    for (const file of sourceFiles()) {
      const text = withoutComments(readFileSync(file, 'utf8'));
      for (const match of text.matchAll(LITERAL)) {
        const literal = match[0];
        const before = text.slice(Math.max(0, match.index - 80), match.index);
        if (internal(before, literal)) continue;
        const words = new Set([...literal.replace(/\$\{[^}]*\}/g, ' ').matchAll(ENGLISH)].map((word) => word[0].toLowerCase()));
        if (words.size >= 2) found.push(`${file}:${text.slice(0, match.index).split('\n').length}: ${literal.slice(0, 100)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('would find one', () => {
    // The check itself: an English refusal is caught, a German one with an API name in it is not.
    const words = (literal: string) => new Set([...literal.matchAll(ENGLISH)].map((word) => word[0].toLowerCase())).size;
    expect(words("'The amount must not be negative.'")).toBeGreaterThanOrEqual(2);
    expect(words("'Der Betrag (amount) darf nicht negativ sein.'")).toBeLessThan(2);
  });
});
