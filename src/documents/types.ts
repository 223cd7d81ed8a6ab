// What text extraction hands to the report parsers: pages of rows rebuilt from coordinates.
// Coordinates are PDF points (1/72 in) from the page's top-left corner, whichever path (text layer
// or OCR) produced them, so a parser can tell columns apart by x and rows apart by y.

/** One run of text on a row: a word or a span the PDF drew in one piece. */
export interface TextCell {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** OCR's confidence for this run, 0–1; absent on the text-layer path. */
  confidence?: number;
}

/** One row of a page: the cells whose vertical centres line up, left to right. */
export interface TextLine {
  /** 1-based page number. */
  page: number;
  /** 0-based row number within the page, top to bottom. */
  line: number;
  x: number;
  y: number;
  width: number;
  height: number;
  cells: TextCell[];
  /** The cells joined with single spaces (two spaces where a wide gap separates columns). */
  text: string;
}

export type ExtractionMethod = 'text' | 'ocr';

export interface ExtractedPage {
  page: number;
  method: ExtractionMethod;
  /** 1 for a text layer; OCR's mean word confidence (0–1) otherwise. */
  confidence: number;
  width: number;
  height: number;
  lines: TextLine[];
}

export interface ExtractedDocument {
  mimeType: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/heic';
  pages: ExtractedPage[];
  /** 'text' or 'ocr' when every page took the same path, else 'mixed'. */
  method: ExtractionMethod | 'mixed';
  /** Wall time spent, for the benchmark and the job's result. */
  millis: number;
}
