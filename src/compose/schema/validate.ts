/**
 * Checks one compose file against the compose schema (schema.ts) after interpolation, recording
 * every problem with its file and dotted path. Files are checked one by one (before merging), so
 * each message names the file that holds the problem; checks that need the whole project
 * (references between services, cycles) are in references.ts.
 */
import type { Diagnostics } from '../../diagnostics';
import { reportLegacyFormat } from '../read';
import { COMPOSE_FILE_SCHEMA } from './schema';
import { ValidationContext, validateAt } from './validators';
import type { YamlMap } from '../yaml-value';

/**
 * Validates a file's tree. `skipPaths` are paths whose interpolation failed (already reported),
 * left out so that one mistake gives one message.
 */
export function validateComposeFile(tree: YamlMap, file: string, diags: Diagnostics, skipPaths: ReadonlySet<string> = new Set()): void {
  if (reportLegacyFormat(tree, file, diags)) return;
  validateAt(COMPOSE_FILE_SCHEMA, tree, '', new ValidationContext(file, diags, skipPaths));
}
