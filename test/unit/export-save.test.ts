/**
 * The app's save path for export files: one file is saved as that file; a split Azure DevOps
 * export is NAME-1.csv, NAME-2.csv, … following the name the person gave the first part; a
 * cancelled or failed save stops and says what was saved.
 */
import { describe, expect, it } from 'vitest';
import { exportAzureDevOps } from '../../shared/export/azure-devops-csv.ts';
import { exportJira } from '../../shared/export/jira-csv.ts';
import type { SaveFileRequest, SaveFileResult } from '../../shared/platform-api.ts';
import { isNumberedSeries, partName, saveExportFiles } from '../../renderer/backlog/save-export.ts';
import { checkoutSession } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

/** A platform whose dialog answers each save with `answer(request)`. */
function fakeSave(answer: (request: SaveFileRequest, index: number) => SaveFileResult) {
  const requests: SaveFileRequest[] = [];
  return {
    requests,
    save: async (request: SaveFileRequest) => {
      requests.push(request);
      return answer(request, requests.length - 1);
    },
  };
}

describe('saving export files', () => {
  it('saves a one-file export as that file', async () => {
    const { files } = exportJira(checkoutSession(), { now: NOW });
    const platform = fakeSave((r) => ({ status: 'saved', fileName: r.suggestedName }));
    expect(await saveExportFiles(files, platform.save)).toEqual({ saved: ['checkout-review-jira.csv'], stopped: null });
    expect(platform.requests.map((r) => [r.suggestedName, r.kind])).toEqual([['checkout-review-jira.csv', 'csv']]);
  });

  it('saves a split Azure DevOps export as NAME-1.csv, NAME-2.csv … after the first name chosen', async () => {
    const { files } = exportAzureDevOps(checkoutSession(), { now: NOW, maxRowsPerFile: 4 });
    expect(files.length).toBeGreaterThan(2);
    expect(isNumberedSeries(files.map((f) => f.name))).toBe(true);
    expect(files[0]!.name).toBe('checkout-review-azure-devops-1.csv');

    const accepted = fakeSave((r) => ({ status: 'saved', fileName: r.suggestedName }));
    expect((await saveExportFiles(files, accepted.save)).saved).toEqual(files.map((f) => f.name));

    const renamed = fakeSave((r, i) => ({ status: 'saved', fileName: i === 0 ? 'q3-backlog-1.csv' : r.suggestedName }));
    const result = await saveExportFiles(files, renamed.save);
    expect(result.saved).toEqual(files.map((_, i) => `q3-backlog-${i + 1}.csv`));
    expect(renamed.requests.map((r) => r.content)).toEqual(files.map((f) => f.content));
  });

  it('continues a series from a first name without a number', () => {
    expect(partName('backlog.csv', 1)).toBe('backlog-2.csv');
    expect(partName('backlog-1.csv', 2)).toBe('backlog-3.csv');
    expect(partName('backlog', 1)).toBe('backlog-2');
    expect(isNumberedSeries(['issues.json', 'create-issues.sh'])).toBe(false);
  });

  it('stops at a cancelled or failed save and says which files were saved', async () => {
    const { files } = exportAzureDevOps(checkoutSession(), { now: NOW, maxRowsPerFile: 4 });
    const cancelled = fakeSave((r, i) => (i === 1 ? { status: 'cancelled' } : { status: 'saved', fileName: r.suggestedName }));
    expect(await saveExportFiles(files, cancelled.save)).toEqual({ saved: [files[0]!.name], stopped: { reason: 'cancelled', file: files[1]!.name } });
    expect(cancelled.requests).toHaveLength(2);
    const failed = fakeSave((r, i) => (i === 0 ? { status: 'error', message: 'disk full' } : { status: 'saved', fileName: r.suggestedName }));
    expect(await saveExportFiles(files, failed.save)).toEqual({ saved: [], stopped: { reason: 'error', file: files[0]!.name, message: 'disk full' } });
  });
});
