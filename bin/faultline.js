#!/usr/bin/env node
// faultline's command line; the code is compiled to dist/ by `npm run build` (run on install).
import { main } from '../dist/cli/main.js';

main(process.argv);
