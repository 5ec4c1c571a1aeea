// `k8s-network-lens check [paths...]`: the same engine as the editor, for CI.
import { runCli } from './cli/run';

process.exitCode = runCli(process.argv.slice(2), process.stdout, process.stderr);
