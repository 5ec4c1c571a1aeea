// VS Code-style glob patterns for `files.exclude` and `k8sNetworkLens.ignore`, matched against a path relative
// to the workspace folder with `/` separators: `**` any number of folders, `*` and `?` within one name,
// `{a,b}` alternatives, `[abc]` character classes. A pattern that matches a folder excludes everything in it.
// Written here (about 40 lines) rather than adding a dependency to the bundled server.

function toRegExp(glob: string): RegExp | undefined {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches anything.
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:[^/]*/)*';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return undefined;
  }
}

/** A predicate over folder-relative paths (`a/b/c.yaml`): true when any pattern matches the path or one of its folders. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const res = patterns.map((p) => toRegExp(p.trim().replace(/^\.?\//, '').replace(/\/$/, ''))).filter((r): r is RegExp => !!r);
  if (!res.length) return () => false;
  return (rel) => {
    const parts = rel.replace(/\\/g, '/').replace(/^\/+/, '').split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (res.some((r) => r.test(prefix))) return true;
    }
    return false;
  };
}
