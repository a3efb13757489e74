/** A range of offsets in one file's text: start inclusive, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** Where a value came from: the file and the offsets of its text. */
export interface Origin extends Span {
  file: string;
}

/** A value together with the text it was read from. */
export interface Located<T> {
  value: T;
  origin: Origin;
}

export function origin(file: string, span: Span): Origin {
  return { file, start: span.start, end: span.end };
}
