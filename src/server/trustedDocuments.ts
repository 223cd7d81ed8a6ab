import fs from 'node:fs';
import path from 'node:path';
import { PersistedPlugin } from '@grafserv/persisted';
import { SafeError } from 'postgraphile/grafast';

/**
 * Trusted documents (TRUSTED_DOCUMENTS_DIR): the server runs only the operations in that
 * directory, one `<id>.graphql` file each (the id is usually the sha256 of the text, as clients
 * such as Apollo and Relay send it). Read once at startup: add documents and restart.
 *
 * @grafserv/persisted swaps the id for the document's text; the small middleware before it
 * refuses requests without a known id with a clear code, before the plugin sees them (the plugin
 * itself would log the whole payload, variables included, to the console).
 */
export function loadTrustedDocuments(directory: string): Record<string, string> {
  const documents: Record<string, string> = {};
  let files: string[];
  try {
    files = fs.readdirSync(directory);
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_DIR ${directory} cannot be read: ${(error as Error).message}`);
  }
  for (const file of files) {
    const match = /^([a-zA-Z0-9_-]+)\.graphql$/.exec(file);
    if (match?.[1]) documents[match[1]] = fs.readFileSync(path.join(directory, file), 'utf8');
  }
  return documents;
}

interface PersistedBody {
  id?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } | null;
}

function documentIdOf(body: PersistedBody): unknown {
  return body.extensions?.persistedQuery?.sha256Hash ?? body.documentId ?? body.id;
}

export function trustedDocumentsPreset(directory: string): GraphileConfig.Preset {
  const documents = loadTrustedDocuments(directory);
  const gate: GraphileConfig.Plugin = {
    name: 'VitalisTrustedDocumentsGatePlugin',
    version: '1.0.0',
    before: ['PersistedPlugin'],
    grafserv: {
      middleware: {
        processGraphQLRequestBody(next, event) {
          const id = documentIdOf(event.body as PersistedBody);
          if (typeof id !== 'string') {
            throw new SafeError('Only trusted documents are accepted here: send the documentId of a registered operation instead of a query', {
              statusCode: 400,
              code: 'TRUSTED_DOCUMENT_REQUIRED',
            });
          }
          if (!Object.prototype.hasOwnProperty.call(documents, id)) {
            throw new SafeError('Unknown documentId: this operation is not registered with the server', {
              statusCode: 400,
              code: 'TRUSTED_DOCUMENT_NOT_FOUND',
            });
          }
          return next();
        },
      },
    },
  };
  return {
    plugins: [gate, PersistedPlugin],
    grafserv: {
      persistedOperations: documents,
      allowUnpersistedOperation: false,
    },
  };
}
