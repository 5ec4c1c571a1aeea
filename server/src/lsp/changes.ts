// Remembers, per open document, how much of the start and the end of its text is unchanged since it was last
// analysed, from the ranges of the change events. The analysis uses it to re-split only around the edits instead of
// comparing the whole text on every keystroke (see core/yaml/documents.ts resplit).
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface Unchanged {
  prefix: number;
  suffix: number;
}

export class ChangeTracker {
  /** Per URI, since the last analysis; absent = no analysis to compare with. */
  private readonly since = new Map<string, Unchanged>();

  /** For `new TextDocuments(tracker.documents)`: the standard TextDocument, with the change ranges noted. */
  readonly documents = {
    create: TextDocument.create,
    update: (doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => this.update(doc, changes, version),
  };

  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let u = this.since.get(doc.uri);
    if (!u) return TextDocument.update(doc, changes, version);
    for (const change of changes) {
      if ('range' in change && change.range) {
        const a = doc.offsetAt(change.range.start);
        const b = doc.offsetAt(change.range.end);
        const length = doc.getText().length;
        u = { prefix: Math.min(u.prefix, a, b), suffix: Math.min(u.suffix, length - Math.max(a, b)) };
      } else {
        u = { prefix: 0, suffix: 0 };
      }
      // One change at a time: each range is in the coordinates of the text the previous change produced.
      doc = TextDocument.update(doc, [change], version);
    }
    this.since.set(doc.uri, u);
    return doc;
  }

  /** How the current text relates to the text of the last analysis (undefined: unknown, compare the texts). */
  unchanged(uri: string): Unchanged | undefined {
    return this.since.get(uri);
  }

  /** The document's current text has just been analysed. */
  analysed(uri: string): void {
    this.since.set(uri, { prefix: Number.MAX_SAFE_INTEGER, suffix: Number.MAX_SAFE_INTEGER });
  }

  forget(uri: string): void {
    this.since.delete(uri);
  }
}
