import type { IResolvers } from 'mercurius'
import { publishArticle, unpublishArticle } from '../../domain/articles/article-workflow.service.js'
import {
  createArticle,
  purgeArticle,
  restoreArticleFromTrash,
  trashArticle,
  updateArticle,
} from '../../domain/articles/article-writes.service.js'
import { listAuditEvents } from '../../domain/audit/audit.service.js'
import { addRelatedLink, removeRelatedLink, updateRelatedLink } from '../../domain/related/related-link-writes.service.js'
import { compareArticleRevisions, getRevision, listRevisions, restoreArticleRevision } from '../../domain/revisions/revisions.service.js'
import { createTokenAsAdmin, listTokensAsAdmin, revokeTokenAsAdmin, type TokenRow } from '../../domain/tokens/tokens.service.js'
import { fromEnumName, toEnumName } from '../views/enum-names.js'

type Versioned = { id: string; expectedVersion: number }

/** Editors' API: each resolver parses nothing itself and calls one service method. */
export const mutationResolvers = {
  Mutation: {
    createArticle: (_root, { input }: { input: unknown }, { write }) => createArticle(write, input),
    updateArticle: (_root, { id, expectedVersion, input }: Versioned & { input: unknown }, { write }) => updateArticle(write, id, expectedVersion, input),
    publishArticle: (_root, { id, expectedVersion, at }: Versioned & { at?: Date }, { write }) => publishArticle(write, id, expectedVersion, at),
    unpublishArticle: (_root, { id, expectedVersion, at }: Versioned & { at?: Date }, { write }) => unpublishArticle(write, id, expectedVersion, at),
    deleteArticle: (_root, { id, expectedVersion }: Versioned, { write }) => trashArticle(write, id, expectedVersion),
    restoreArticle: (_root, { id, expectedVersion }: Versioned, { write }) => restoreArticleFromTrash(write, id, expectedVersion),
    purgeArticle: async (_root, { id, expectedVersion }: Versioned, { write }) => (await purgeArticle(write, id, expectedVersion)).id,
    restoreArticleRevision: (_root, { id, revision, expectedVersion }: Versioned & { revision: number }, { write }) =>
      restoreArticleRevision(write, id, revision, expectedVersion),
    addRelatedLink: (_root, { articleId, expectedVersion, link, position }: { articleId: string; expectedVersion: number; link: unknown; position?: number }, { write }) =>
      addRelatedLink(write, articleId, expectedVersion, link, position),
    updateRelatedLink: (_root, { articleId, expectedVersion, link, position }: { articleId: string; expectedVersion: number; link: unknown; position: number }, { write }) =>
      updateRelatedLink(write, articleId, expectedVersion, position, link),
    removeRelatedLink: (_root, { articleId, expectedVersion, position }: { articleId: string; expectedVersion: number; position: number }, { write }) =>
      removeRelatedLink(write, articleId, expectedVersion, position),
    createApiToken: async (_root, { input }: { input: { name: string; role: string } }, { write }) => {
      const { token, record } = await createTokenAsAdmin(write, { ...input, role: fromEnumName(input.role) })
      return { token, apiToken: record }
    },
    revokeApiToken: (_root, { id }: { id: string }, { write }) => revokeTokenAsAdmin(write, id),
  },
  Query: {
    articleRevisions: (_root, { articleId }: { articleId: string }, { write }) => listRevisions(write, articleId),
    articleRevision: (_root, { articleId, revision }: { articleId: string; revision: number }, { write }) => getRevision(write, articleId, revision),
    compareArticleRevisions: (_root, { articleId, from, to }: { articleId: string; from: number; to: number }, { write }) =>
      compareArticleRevisions(write, articleId, from, to),
    auditEvents: (_root, args: Record<string, unknown>, { write }) => listAuditEvents(write, args),
    apiTokens: (_root, { includeRevoked }: { includeRevoked: boolean }, { write }) => listTokensAsAdmin(write, includeRevoked),
  },
  ApiToken: {
    role: (token: TokenRow) => toEnumName(token.role),
  },
} satisfies IResolvers
