/**
 * The registry of export formats: what the Export menu lists and what the CLI's `--format`
 * accepts. Each format is a pure function of the session document (and an already derived
 * backlog, when the caller has one) to files, with counts of rows and of neutralized and
 * truncated CSV cells for the "n cells made formula-safe" message.
 */
import type { SessionDocument } from '../schema.ts';
import { exportAzureDevOps } from './azure-devops-csv.ts';
import type { ExportOptions, ExportResult } from './format.ts';
import { exportGenericCsv } from './generic-csv.ts';
import { exportGithub } from './github-issues.ts';
import { exportJira, exportJiraFlat } from './jira-csv.ts';
import { exportLinear } from './linear-csv.ts';
import { exportMarkdownReport } from './markdown-report.ts';
import { exportThreatComposer } from './threat-composer.ts';

export type ExportFormatId = 'jira' | 'jira-flat' | 'azure-devops' | 'linear' | 'github' | 'csv' | 'markdown' | 'threat-composer';

export interface ExportFormat {
  id: ExportFormatId;
  label: string;
  description: string;
  /** May produce more than one file (the CLI then wants `--out DIRECTORY`). */
  multiFile: boolean;
  run(doc: SessionDocument, options?: ExportOptions): ExportResult;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    id: 'jira',
    label: 'Jira (CSV, with epics)',
    description: 'For the Jira admin CSV importer: journeys as Epics, items as Stories and Tasks linked by Parent.',
    multiFile: false,
    run: exportJira,
  },
  {
    id: 'jira-flat',
    label: 'Jira (CSV, flat)',
    description: 'For the non-admin Jira importer: one Story or Task per item, journeys as labels.',
    multiFile: false,
    run: exportJiraFlat,
  },
  {
    id: 'azure-devops',
    label: 'Azure DevOps (CSV)',
    description: 'For Boards “Import work items”: Epics per journey with child items; split into files of 1,000 rows.',
    multiFile: true,
    run: exportAzureDevOps,
  },
  {
    id: 'linear',
    label: 'Linear (CSV)',
    description: 'Title, Markdown description, priority, labels and status for Linear’s CSV import.',
    multiFile: false,
    run: exportLinear,
  },
  {
    id: 'github',
    label: 'GitHub issues',
    description: 'issues.json plus create-issues.sh, a script that creates the issues with the GitHub CLI.',
    multiFile: true,
    run: exportGithub,
  },
  {
    id: 'csv',
    label: 'Generic CSV',
    description: 'Every item with journey, step, priority, rank, risk and acceptance criteria; UTF-8 with BOM for Excel.',
    multiFile: false,
    run: exportGenericCsv,
  },
  {
    id: 'markdown',
    label: 'Markdown report',
    description: 'Summary, journeys with their threats, outcomes, mitigations, accepted risks and the ranked backlog.',
    multiFile: false,
    run: exportMarkdownReport,
  },
  {
    id: 'threat-composer',
    label: 'Threat Composer (.tc.json)',
    description: 'Threats with their grammar, priority and status, mitigations and links, for AWS Threat Composer; journey and step kept as custom metadata.',
    multiFile: false,
    run: exportThreatComposer,
  },
];

export function findExportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}

export type { ExportFile, ExportOptions, ExportResult, AdoProcess } from './format.ts';
export type { CsvStats } from './csv-safety.ts';
export type { ExportSummary } from './summary.ts';
export { summaryLines } from './summary.ts';
