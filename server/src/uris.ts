import { fileURLToPath, pathToFileURL } from 'node:url';

/** File paths inside the core; URIs at the LSP edge. Non-file URIs keep their text as a path. */
export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(path: string): string {
  return path.startsWith('/') ? pathToFileURL(path).href : path;
}
