import type { Span } from '../text/origin';

/** One replacement in one file's text, in offsets of the original text. */
export interface TextChange {
  span: Span;
  newText: string;
}

/** A key the new format drops: commented out in place, and listed. */
export interface DroppedKey {
  /** `stop`, `profile-config`, `os.version`, … */
  key: string;
  file: string;
  /** 1-based line of the key in the original text. */
  line: number;
  /** What lxops does instead, and what to do about it. */
  instead: string;
}

/** Stable codes of the notes: something that converts, but may behave differently under lxops. */
export const NOTE_CODES = [
  'profile-pattern-kept',
  'conditional-path',
  'reserved-path-character',
  'builtin-property-precedence',
  'os-merge-order',
  'include-not-read',
  'empty-os',
] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

export interface MigrationNote {
  code: NoteCode;
  file: string;
  line: number;
  message: string;
}

/** Stable codes of the reasons a file is not converted. */
export const PROBLEM_CODES = [
  'yaml-errors',
  'duplicate-keys',
  'header-near-miss',
  'not-a-mapping',
  'anchor-in-changed-key',
  'os-and-ostype',
  'os-not-a-mapping',
  'unusual-key-syntax',
  'file-unreadable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Why a file is not converted; says what to do. */
export interface ConvertProblem {
  code: ProblemCode;
  file: string;
  line: number;
  message: string;
}

/**
 * What converting one file gives. `converted`: edits to apply; `already`: the file is `#lxops-v1`;
 * `skipped`: not a config (`#cloud-config`, unknown); `error`: not converted, see `problems`.
 */
export interface FileConversion {
  file: string;
  status: 'converted' | 'already' | 'skipped' | 'error';
  /** The text the edits apply to. */
  text: string;
  /** Sorted by offset, not overlapping. */
  changes: TextChange[];
  /** The text after the changes (the original text unless converted). */
  output: string;
  dropped: DroppedKey[];
  notes: MigrationNote[];
  problems: ConvertProblem[];
}

/** How one file is converted: as a root config (gets the lxdops profile name kept) or not. */
export interface ConvertOptions {
  /** Add `profile-pattern: (instance).lxdops`: a root whose include tree relies on lxdops' default. */
  keepProfilePattern: boolean;
}
