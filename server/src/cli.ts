// `k8s-network-lens check [paths...]`: the same engine as the editor, for CI.
import { runCli } from './cli/run';
import { setFlagsFromString } from 'node:v8';

// A regular expression that backtracks excessively (a pathological glob in a workspace's settings, a rule's pattern on
// a hostile file) falls back to V8's linear-time engine instead of freezing the process.
try {
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
} catch {
  // an older runtime without the flag: the regex audit in the tests is the only guard then
}

// `k8s-network-lens check | head`: the reader went away; stop quietly instead of printing a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = runCli(process.argv.slice(2), process.stdout, process.stderr);
