#!/usr/bin/env node
// Thin launcher for the bundled CLI (built by `npm ci` through the prepare script).
require("../server/out/cli.js");
