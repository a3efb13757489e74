import { type ParsedFile, parseFile } from './parsedFile';

/** Parses each (path, text) once; a changed text replaces the entry. */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedFile>();

  get(path: string, text: string): ParsedFile {
    const hit = this.entries.get(path);
    if (hit && hit.text === text) return hit;
    const parsed = parseFile(path, text);
    this.entries.set(path, parsed);
    return parsed;
  }

  delete(path: string): void {
    this.entries.delete(path);
  }
}
