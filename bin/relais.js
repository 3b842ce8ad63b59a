#!/usr/bin/env node
// The `relais` command: runs the TypeScript CLI through tsx (no build step to forget).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
