/**
 * Gives a books connector its `documents` object: the connector hands over its books
 * (connectors/books.ts) and the accounting engine posts through them, so the connector
 * never imports the engine. Used where connectors are registered.
 */
import { DOCUMENTS_OBJECT, hasBooks } from '../connectors/books'
import type { Connector, ConnectorSession, ObjectAdapter } from '../connectors/types'
import { DocumentsAdapter } from './documents'

/** The session, its `documents` object now the accounting engine over the session's books. */
export function booksSessionWithDocuments<S extends ConnectorSession>(session: S): S {
  if (!hasBooks(session)) return session
  let documents: ObjectAdapter | undefined
  const inner = session.object.bind(session)
  const books = session.books.bind(session)
  session.object = (name: string): ObjectAdapter => {
    if (name !== DOCUMENTS_OBJECT) return inner(name)
    documents ??= new DocumentsAdapter(books())
    return documents
  }
  return session
}

/** The connector with the accounting engine behind its `documents` object. */
export function withBooks(connector: Connector): Connector {
  return { ...connector, open: async (ctx) => booksSessionWithDocuments(await connector.open(ctx)) }
}
