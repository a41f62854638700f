// Types for eslint.layering.js, imported by tests/layering.test.ts.
import type { Linter } from 'eslint';

export declare const layering: Linter.Config[];
