import { describe, expect, it } from 'vitest';
import { dependenciesFor, functionManifest, packageOf } from '../../tools/build/function-package.js';

const root = {
  dependencies: { mongodb: '^7.9.0', zod: '^4.6.7', '@google-cloud/functions-framework': '^5.0.5' },
  devDependencies: { vitest: '^4.1.12' },
};

describe('the package.json of a function bundle', () => {
  it.each([
    ['zod', 'zod'],
    ['zod/v4', 'zod'],
    ['@google-cloud/functions-framework', '@google-cloud/functions-framework'],
    ['@google-cloud/functions-framework/testing', '@google-cloud/functions-framework'],
    ['node:crypto', null],
    ['crypto', null],
    ['./local.js', null],
  ])('reads import %s as package %s', (specifier, expected) => {
    expect(packageOf(specifier)).toBe(expected);
  });

  it('lists only the packages the bundle imports, with the root versions', () => {
    expect(dependenciesFor('points', ['zod/v4', 'node:crypto', 'mongodb', 'zod'], root)).toEqual({
      mongodb: '^7.9.0',
      zod: '^4.6.7',
    });
  });

  it('refuses a bundle that imports a dev dependency', () => {
    expect(() => dependenciesFor('points', ['vitest'], root)).toThrow(
      'functions/points.ts imports vitest (only in devDependencies), which package.json "dependencies" does not list',
    );
  });

  it('refuses a bundle that imports a package the root does not list', () => {
    expect(() => dependenciesFor('admin', ['left-pad'], root)).toThrow('functions/admin.ts imports left-pad');
  });

  it('is an ESM module for Node 24 named after the function', () => {
    expect(functionManifest('applyReferralCode', { zod: '^4.6.7' })).toEqual({
      name: 'apply-referral-code',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '>=24' },
      dependencies: { zod: '^4.6.7' },
    });
  });
});
