import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LxdopsServer } from './lxdopsServer';

// Transport from the command line: --stdio, --node-ipc or --socket=N (vscode-languageserver reads argv).
new LxdopsServer(createConnection(ProposedFeatures.all)).listen();
