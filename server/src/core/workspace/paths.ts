// Paths and URIs as the caller keys files (paths in the CLI, file system paths in the server): `/` or `\`.

/** The folder of a path or URI (`a/b/c.yaml` -> `a/b`). */
export function folderOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(0, i) : '';
}
