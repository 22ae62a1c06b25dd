/** What the terminal reports share: where a line goes, and where each figure was written. */

/** Receives one printed block (it may hold several lines). */
export type Print = (s: string) => void;

/** Figure name → the path it was written to, as the report prints it (`packages/examples/out/prelu.svg`). */
export type FigurePaths = Readonly<Record<string, string>>;
