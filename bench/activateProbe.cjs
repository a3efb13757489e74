// Child process of the extension benchmark: require + activate of a bundle with the `vscode`
// stand-in, in a fresh process (cold require cache). Prints {requireMs, activateMs} as JSON.
'use strict';
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS probe: it hooks require */
const Module = require('node:module');
const { join } = require('node:path');
const stubPath = join(__dirname, 'vscodeStub.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolve.call(this, request, ...rest);
};
const bundle = process.argv[2];
const t0 = process.hrtime.bigint();
const extension = require(bundle);
const t1 = process.hrtime.bigint();
const context = {
  subscriptions: [],
  asAbsolutePath: (p) => join(__dirname, '..', p),
  extensionPath: join(__dirname, '..'),
};
// The synchronous part of activate: views, commands, providers registered; the language server
// start it then awaits is not part of this figure (it is a separate process).
void Promise.resolve(extension.activate(context)).catch(() => undefined);
const t2 = process.hrtime.bigint();
// what activate registered before its first await (a figure of a crashed activate would mean nothing)
const registered = context.subscriptions.length;
process.stdout.write(
  JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, registered }),
);
process.exit(0);
