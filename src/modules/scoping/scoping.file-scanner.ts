import { runScope, type ScopeResult } from '../../scan/index.js';
import type { FileScanner } from './scoping.service.js';

/**
 * The scanner the incident service uses: the engine over one stored file, with file names in the result
 * shown as the person named the file (an upload's name, not its storage path).
 */
export const engineScanner: FileScanner = async (input) => {
  const result = await runScope({
    customers: input.index,
    inputs: [input.path],
    columnOverrides: input.columnOverrides,
    signal: input.signal,
    onProgress: input.onProgress,
  });
  return renameFiles(result, input.path, input.display);
};

/** Replaces the storage path with the display name in every place the result names a file (entries of archives keep their suffix). */
export function renameFiles(result: ScopeResult, storedPath: string, display: string): ScopeResult {
  const rename = (f: string) => (f.startsWith(storedPath) ? display + f.slice(storedPath.length) : f);
  for (const r of result.files) r.file = rename(r.file);
  for (const r of result.review) r.file = rename(r.file);
  result.affected.renameSources(rename);
  result.unmatched_individuals.renameSources(rename);
  return result;
}
