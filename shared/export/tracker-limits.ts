/**
 * The documented limits of the trackers we export to, and how text is fitted to them.
 *
 * Where each number comes from (looked up for issue #15; lengths in characters):
 * - GitHub: issue title 256 and body 65,536 (the REST API's 422 answers, "title is too long
 *   (maximum is 256 characters)", "body is too long (maximum is 65536 characters)"); label name 50
 *   (the API's "name is too long (maximum is 50 characters)", reproduced with `gh label create`
 *   in zenn.dev/shunsuke_suzuki/scraps/ee793cc40b3d03) and label description 100
 *   (github.com/openclaw/clawsweeper/pull/77).
 * - Jira: Summary fewer than 255, so at most 254 (Jira answers "Summary must be less than 255
 *   characters": github.com/gravitational/teleport/pull/42825, release-engineering/Sync2Jira#119;
 *   the export used 255 before); labels hold no spaces, which our slugs never do.
 * - Azure DevOps: Title is a String field, at most 255 Unicode characters (learn.microsoft.com,
 *   "Work item fields and attributes", String data type); tags are joined with "; " so a tag holds
 *   no ";" or "," (our slugs never do).
 * - Linear: no title or label length is documented. Searching the docs corpus ("Linear issue
 *   title maximum length characters", "linear.app docs issue title limit characters label name
 *   limit", "Linear GraphQL IssueCreateInput title string validation length 255") found Linear's
 *   API described only as `title: String` (e.g. the IssueCreateInput of docs.rs/linear-queries)
 *   and no limit. Titles are therefore not cut for Linear: the schema keeps them to 200 characters
 *   (names) and "Security: " + a journey name to 210, well inside every limit above.
 * Labels and tags are slugs of at most 60 characters (`journey-` + a 50-character slug, or a
 * category slug): only GitHub's 50 is ever too short.
 */
import { characterBoundary } from './csv-safety.ts';
import { fnv1a } from './fnv1a.ts';

export const GITHUB_LIMITS = { title: 256, body: 65_536, label: 50, labelDescription: 100 } as const;
export const JIRA_SUMMARY_LIMIT = 254;
export const AZURE_DEVOPS_TITLE_LIMIT = 255;

/** "…" cut: for titles, where a short mark reads better than "…[truncated]". */
export function limitTitle(title: string, max: number): string {
  if (title.length <= max) return title;
  return `${title.slice(0, characterBoundary(title, max - 1))}…`;
}

/** Six base-36 characters from the label (and a salt, for the rare collision). */
function labelCode(label: string, salt: number): string {
  return (fnv1a(label, salt * 0x9e3779b1) % 36 ** 6).toString(36).padStart(6, '0');
}

/**
 * Fits labels to `max` characters. A label that fits is kept as it is; a longer one becomes its
 * beginning, "-" and a six-character code derived from the whole label: stable (the same label
 * gives the same short label in every export, so re-running an import reuses it) and unique
 * within the export (a collision takes the next salt). Returns full label → label to use.
 */
export function fitLabels(labels: Iterable<string>, max: number): Map<string, string> {
  const fitted = new Map<string, string>();
  const used = new Set<string>();
  const long: string[] = [];
  for (const label of labels) {
    if (fitted.has(label)) continue;
    if (label.length <= max) {
      fitted.set(label, label);
      used.add(label);
    } else if (!long.includes(label)) long.push(label);
  }
  for (const label of long) {
    const head = label.slice(0, characterBoundary(label, max - 7)).replace(/-+$/, '');
    let short = '';
    for (let salt = 0; !short || used.has(short); salt++) short = `${head}-${labelCode(label, salt)}`;
    fitted.set(label, short);
    used.add(short);
  }
  return fitted;
}
