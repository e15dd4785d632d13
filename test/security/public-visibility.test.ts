import { randomUUID } from 'node:crypto'
import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'

/**
 * Hidden content (drafts, scheduled, unpublished and trashed articles; trashed authors,
 * sections, tags, media and promos; promos outside their window; the audit log) carries unique
 * markers, then every public read path is walked without a token. GraphQL selections are built
 * from introspection, so a new field is walked as soon as it exists; a new Query root field fails
 * the test until it is classified below. REST GET routes come from /openapi.json.
 */

// Query root fields the public may call, and those that need a token. Anything else fails the test.
const PUBLIC_ROOTS = ['article', 'articles', 'articlePage', 'latest', 'search', 'sections', 'section', 'author', 'tag', 'media', 'promo', 'promos', 'site']
const TOKEN_ROOTS = ['articleRevisions', 'articleRevision', 'compareArticleRevisions', 'auditEvents', 'apiTokens', 'webhookEndpoints', 'webhookDeliveries']

interface TypeRef {
  kind: string
  name: string | null
  ofType: TypeRef | null
}
interface Field {
  name: string
  args: { name: string; type: TypeRef; defaultValue: string | null }[]
  type: TypeRef
}
interface SchemaType {
  name: string
  kind: string
  fields: Field[] | null
  possibleTypes: { name: string }[] | null
}

const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }'
const INTROSPECTION = `{ __schema { queryType { name } types { name kind possibleTypes { name }
  fields { name args { name defaultValue type { ${typeRef} } } type { ${typeRef} } } } } }`

const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref)
const required = (ref: TypeRef) => ref.kind === 'NON_NULL'

void t.test('nothing hidden is reachable on any public read path', async (t) => {
  // Load shedding off: the walk's documents are far bigger than any client's, on a busy test machine.
  const { app, database } = await buildTestApp(t, { GRAPHQL_MAX_DEPTH: '100', GRAPHQL_MAX_COST: '100000000', RATE_LIMIT_ENABLED: 'false', LOAD_SHEDDING: 'false' })
  const as = await editorClients(app, database)
  const tag = randomUUID().slice(0, 8)
  const markers: string[] = []
  const hiddenIds: string[] = []
  const hiddenSlugs: string[] = []
  const marker = (what: string) => {
    const value = `HIDDENMARK${what.replace(/\W/g, '')}${tag}`
    markers.push(value)
    return value
  }
  const must = async <T>(query: string, variables?: Record<string, unknown>, role: 'editor' | 'admin' = 'editor'): Promise<T> => {
    const response = await as[role]<T>(query, variables)
    if (response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`)
    return response.data
  }
  const future = new Date(Date.now() + 7 * 86_400_000).toISOString()
  const past = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

  // What the public may see, and what hidden things hang from it.
  const section = (await must<{ createSection: { id: string } }>(`mutation { createSection(input: { name: "Visible section", slug: "visible-section" }) { id } }`)).createSection
  const author = (await must<{ createAuthor: { id: string } }>(`mutation { createAuthor(input: { name: "Visible Author", slug: "visible-author" }) { id } }`)).createAuthor
  const topic = (await must<{ createTag: { id: string } }>(`mutation { createTag(input: { name: "Visible tag", slug: "visible-tag" }) { id } }`)).createTag
  const photo = (await must<{ createMedia: { id: string } }>(`mutation { createMedia(input: { url: "https://img.example/v.jpg", mimeType: "image/jpeg", alt: "visible" }) { id } }`)).createMedia

  const hiddenEntity = async (kind: 'Author' | 'Section' | 'Tag' | 'Media' | 'Promo', input: string) => {
    const created = (await must<Record<string, { id: string; version: number }>>(`mutation { create${kind}(input: { ${input} }) { id version } }`))[`create${kind}`]
    if (!created) throw new Error(`no ${kind}`)
    hiddenIds.push(created.id)
    return created
  }
  const trash = async (kind: string, entity: { id: string; version: number }) => must(`mutation ($id: ID!, $v: Int!) { delete${kind}(id: $id, expectedVersion: $v) { id } }`, { id: entity.id, v: entity.version })

  const trashedAuthor = await hiddenEntity('Author', `name: "${marker('trashed author')}", bio: "${marker('trashed author bio')}", slug: "gone-author"`)
  hiddenSlugs.push('gone-author')
  const trashedTag = await hiddenEntity('Tag', `name: "${marker('trashed tag')}", slug: "gone-tag"`)
  hiddenSlugs.push('gone-tag')
  const trashedSection = await hiddenEntity('Section', `name: "${marker('trashed section')}", slug: "gone-section", parentId: "${section.id}"`)
  hiddenSlugs.push('gone-section')
  const trashedMedia = await hiddenEntity('Media', `url: "https://img.example/gone.jpg", mimeType: "image/jpeg", alt: "${marker('trashed media alt')}", caption: "${marker('trashed media caption')}"`)
  const trashedPromo = await hiddenEntity('Promo', `kind: CTA, placement: END, title: "${marker('trashed promo')}"`)
  await hiddenEntity('Promo', `kind: BANNER, placement: TOP, title: "${marker('future promo')}", startsAt: "${future}"`)
  await hiddenEntity('Promo', `kind: BANNER, placement: TOP, title: "${marker('expired promo')}", startsAt: "${past(3)}", endsAt: "${past(1)}"`)
  const livePromo = (await must<{ createPromo: { id: string } }>(`mutation ($s: ID) { createPromo(input: { kind: CTA, placement: END, title: "Visible promo", sectionId: $s }) { id } }`, { s: section.id })).createPromo

  type Created = { id: string; version: number }
  const article = async (what: string, slug: string, extra = '') => {
    const m = marker(what)
    return (
      await must<{ createArticle: Created }>(
        `mutation ($body: JSON) { createArticle(input: { slug: "${slug}", headline: "${m}", dek: "${m} dek", teaser: "${m} teaser", body: $body,
          sectionId: "${section.id}", tagIds: ["${topic.id}"], authors: [{ authorId: "${author.id}" }], revisionMessage: "${m} message" ${extra} }) { id version } }`,
        { body: [{ _type: 'block', children: [{ _type: 'span', text: `${m} body words` }] }] },
      )
    ).createArticle
  }
  const publish = async (a: Created, at?: string) =>
    (await must<{ publishArticle: Created }>(`mutation ($id: ID!, $v: Int!, $at: DateTime) { publishArticle(id: $id, expectedVersion: $v, at: $at) { id version } }`, { id: a.id, v: a.version, at })).publishArticle

  const draft = await article('draft', 'hidden-draft')
  const scheduled = await publish(await article('scheduled', 'hidden-scheduled'), future)
  const unpublished = await publish(await article('unpublished', 'hidden-unpublished'))
  await must(`mutation ($id: ID!, $v: Int!) { unpublishArticle(id: $id, expectedVersion: $v) { id } }`, { id: unpublished.id, v: unpublished.version })
  const trashed = await publish(await article('trashed', 'hidden-trashed'))
  hiddenIds.push(draft.id, scheduled.id, unpublished.id, trashed.id)
  hiddenSlugs.push('hidden-draft', 'hidden-scheduled', 'hidden-unpublished', 'hidden-trashed')

  // The visible article names every hidden thing it can: trashed byline, tag and lead image, and curated links to hidden articles.
  const visible = await publish(
    (
      await must<{ createArticle: Created }>(
        `mutation ($related: [RelatedLinkInput!], $body: JSON) { createArticle(input: { slug: "visible-story", headline: "Visible story", body: $body, sectionId: "${section.id}",
          tagIds: ["${topic.id}", "${trashedTag.id}"], authors: [{ authorId: "${author.id}" }, { authorId: "${trashedAuthor.id}" }],
          leadImageId: "${trashedMedia.id}", related: $related }) { id version } }`,
        { body: [{ _type: 'block', children: [{ _type: 'span', text: 'Visible words' }] }], related: [draft, scheduled, unpublished, trashed].map((hidden) => ({ articleId: hidden.id, headline: `Link to hidden`, teaser: 'teaser' })) },
      )
    ).createArticle,
  )
  // Trashed after the link to it was made: links can only be made to live articles.
  await must(`mutation ($id: ID!, $v: Int!) { deleteArticle(id: $id, expectedVersion: $v) { id } }`, { id: trashed.id, v: trashed.version })
  await must(`mutation { updateAuthor(id: "${author.id}", expectedVersion: 1, input: { photoId: "${trashedMedia.id}" }) { id } }`)
  for (const [kind, entity] of [['Author', trashedAuthor], ['Tag', trashedTag], ['Section', trashedSection], ['Media', trashedMedia], ['Promo', trashedPromo]] as const) await trash(kind, entity)
  await must(`mutation { updateSiteSettings(expectedVersion: 0, input: { name: "Visible site", language: "en", timezone: "UTC" }) { version } }`, undefined, 'admin')
  const audit = await must<{ auditEvents: { details: unknown }[] }>(`{ auditEvents(first: 500) { entityId details } }`, undefined, 'admin')
  const auditText = JSON.stringify(audit)
  t.ok(hiddenIds.every((id) => auditText.includes(id)), 'the audit log names every hidden thing, so it must stay unreachable')
  // The same lookups with a preview token do find the markers: the walk below can see a leak.
  const previewed = await as.preview(`{ article(id: "${draft.id}", preview: true) { headline } promo(id: "${hiddenIds[5] ?? ''}", preview: true) { title } }`)
  t.match(JSON.stringify(previewed.data), markers.find((m) => m.includes('draft')) ?? '-', 'a preview token sees the draft')
  const visibleIds = { article: visible.id, section: section.id, author: author.id, tag: topic.id, media: photo.id, promo: livePromo.id }
  t.notOk(hiddenIds.includes(visible.id))

  // --- The checks. A response may echo what the request named (a 404 for an id); nothing else hidden.
  let responsesChecked = 0
  const assertClean = (where: string, request: string, response: unknown) => {
    responsesChecked++
    const text = JSON.stringify(response)
    for (const forbidden of [...markers, ...hiddenIds, ...hiddenSlugs]) {
      if (text.includes(forbidden) && !request.includes(forbidden)) t.fail(`${where} leaks ${forbidden}`, { response: text.slice(0, 2000) })
    }
  }

  // --- GraphQL, from introspection.
  const schema = (await as.public<{ __schema: { queryType: { name: string }; types: SchemaType[] } }>(INTROSPECTION)).data.__schema
  const types = new Map(schema.types.map((type) => [type.name, type]))
  const queryFields = types.get(schema.queryType.name)?.fields ?? []
  const unclassified = queryFields.map((field) => field.name).filter((name) => !PUBLIC_ROOTS.includes(name) && !TOKEN_ROOTS.includes(name))
  t.same(unclassified, [], 'every Query root field is classified as public or token-only (classify new ones above)')

  const selected = new Set<string>()
  const reachable = new Set<string>()
  /** Every field of the type, recursing into object types at most twice per path. */
  function selection(typeName: string, path: string[]): string {
    const type = types.get(typeName)
    if (!type) return ''
    if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
      return `{ __typename ${(type.possibleTypes ?? []).map((possible) => `... on ${possible.name} ${selection(possible.name, path)}`).join(' ')} }`
    }
    const parts: string[] = ['__typename']
    for (const field of type.fields ?? []) {
      reachable.add(`${typeName}.${field.name}`)
      if (field.args.some((arg) => required(arg.type) && arg.defaultValue === null)) continue
      const inner = named(field.type)
      const leaf = inner.kind === 'SCALAR' || inner.kind === 'ENUM'
      if (!leaf && path.filter((seen) => seen === inner.name).length >= 2) continue
      selected.add(`${typeName}.${field.name}`)
      parts.push(leaf ? field.name : `${field.name} ${selection(inner.name ?? '', [...path, inner.name ?? ''])}`)
    }
    return `{ ${parts.join(' ')} }`
  }
  const rootSelection = (field: string) => {
    const definition = queryFields.find((candidate) => candidate.name === field)
    if (!definition) throw new Error(`no Query.${field}`)
    reachable.add(`Query.${field}`)
    selected.add(`Query.${field}`)
    const inner = named(definition.type)
    return inner.kind === 'SCALAR' || inner.kind === 'ENUM' ? '' : selection(inner.name ?? '', [inner.name ?? ''])
  }

  const graphqlCalls: { field: string; args: string; expect: 'value' | 'null' | 'not-found' | 'refused' }[] = []
  const call = (field: string, args: string, expect: (typeof graphqlCalls)[number]['expect']) => graphqlCalls.push({ field, args, expect })
  const quoted = (value: string) => JSON.stringify(value)
  const hiddenArticles = [draft, scheduled, unpublished, trashed]
  const hiddenArticleSlugs = ['hidden-draft', 'hidden-scheduled', 'hidden-unpublished', 'hidden-trashed']
  call('article', `(slug: "visible-story")`, 'value')
  for (const [i, hidden] of hiddenArticles.entries()) {
    call('article', `(id: "${hidden.id}")`, 'null')
    call('article', `(slug: ${quoted(hiddenArticleSlugs[i] ?? '')})`, 'null')
    call('articlePage', `(slug: ${quoted(hiddenArticleSlugs[i] ?? '')})`, 'not-found')
    call('article', `(id: "${hidden.id}", preview: true)`, 'refused')
    call('articlePage', `(slug: ${quoted(hiddenArticleSlugs[i] ?? '')}, preview: true)`, 'refused')
    call('articlePage', `(slug: ${quoted(hiddenArticleSlugs[i] ?? '')}, at: "${future}")`, 'refused')
  }
  call('articlePage', `(slug: "visible-story")`, 'value')
  for (const filter of ['', '(first: 100)', '(orderBy: UPDATED_AT_DESC)', '(filter: { section: "visible-section" })', '(filter: { tag: "visible-tag" })', '(filter: { author: "visible-author" })', '(filter: { section: "gone-section" })', '(filter: { tag: "gone-tag" })', '(filter: { author: "gone-author" })', `(filter: { publishedAfter: "${past(30)}" })`]) {
    call('articles', filter, 'value')
  }
  call('latest', '(first: 100)', 'value')
  call('latest', '(section: "visible-section")', 'value')
  for (const word of [...markers.slice(0, 4), 'HIDDENMARK*', 'body words', 'dek', 'teaser', 'message']) call('search', `(query: ${quoted(word)}, first: 100)`, 'value')
  call('sections', '', 'value')
  call('section', '(slug: "visible-section")', 'value')
  call('author', '(slug: "visible-author")', 'value')
  call('tag', '(slug: "visible-tag")', 'value')
  call('media', `(id: "${photo.id}")`, 'value')
  call('promo', `(id: "${livePromo.id}")`, 'value')
  call('promos', '', 'value')
  for (const placement of ['TOP', 'AFTER_HEADLINE', 'AFTER_BODY', 'SIDEBAR', 'END']) call('promos', `(placement: ${placement}, section: "visible-section")`, 'value')
  call('site', '', 'value')
  for (const [field, id, slug] of [['section', trashedSection.id, 'gone-section'], ['author', trashedAuthor.id, 'gone-author'], ['tag', trashedTag.id, 'gone-tag']] as const) {
    call(field, `(id: "${id}")`, 'null')
    call(field, `(slug: "${slug}")`, 'null')
  }
  call('media', `(id: "${trashedMedia.id}")`, 'null')
  for (const id of hiddenIds) call('promo', `(id: "${id}")`, 'null')
  call('promo', `(id: "${trashedPromo.id}", preview: true)`, 'refused')

  for (const { field, args, expect } of graphqlCalls) {
    const query = `{ ${field}${args} ${rootSelection(field)} }`
    const response = await as.public(query)
    const where = `GraphQL ${field}${args}`
    assertClean(where, query, response)
    const codes = (response.errors ?? []).map((error) => error.extensions.code)
    // GraphQL over HTTP answers an error-only response with its 4xx; a body without data or errors is no GraphQL answer.
    if ((response.data as unknown) === undefined && response.errors === undefined) t.fail(`${where} answered ${response.status}`, { response })
    else if (expect === 'value') {
      if (response.errors) t.fail(`${where} failed: ${JSON.stringify(response.errors)}`)
      else if (response.data[field] === null) t.fail(`${where} found nothing`)
    } else if (expect === 'null') {
      if (response.errors || response.data[field] !== null) t.fail(`${where} should be null`, { response })
    } else if (expect === 'not-found') {
      if (!codes.includes('NOT_FOUND')) t.fail(`${where} should be NOT_FOUND`, { codes })
    } else if (!codes.some((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')) t.fail(`${where} should be refused without a token`, { codes })
  }
  t.pass(`${graphqlCalls.length} GraphQL root calls walked`)
  const uncovered = [...reachable].filter((field) => !selected.has(field))
  t.same(uncovered, [], 'every field reachable from the public roots was selected')
  t.ok(selected.size > 100, `${selected.size} Type.field pairs walked`)

  for (const field of TOKEN_ROOTS) {
    const definition = queryFields.find((candidate) => candidate.name === field)
    const args = (definition?.args ?? [])
      .filter((arg) => required(arg.type))
      .map((arg) => `${arg.name}: ${named(arg.type).name === 'Int' ? 1 : `"${visible.id}"`}`)
    const query = `{ ${field}${args.length ? `(${args.join(', ')})` : ''} ${rootSelection(field)} }`
    const response = await as.public(query)
    t.equal(response.errors?.[0]?.extensions.code, 'UNAUTHENTICATED', `${field} is refused to the public`)
    t.equal(response.data, null)
    assertClean(`GraphQL ${field}`, query, response)
  }

  // --- REST, every GET route in the OpenAPI document.
  const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }>()
  const getPaths = Object.entries(openapi.paths).filter(([, operations]) => operations.get)
  t.notOk(Object.keys(openapi.paths).some((path) => /audit|token|webhook|revision/i.test(path) && openapi.paths[path]?.get), 'no REST read of audit, tokens, webhooks or revisions')
  const idsFor = (path: string): { visible: string; hidden: string[] } => {
    if (path.startsWith('/v1/articles')) return { visible: visibleIds.article, hidden: hiddenArticles.map((a) => a.id) }
    if (path.startsWith('/v1/sections')) return { visible: visibleIds.section, hidden: [trashedSection.id] }
    if (path.startsWith('/v1/authors')) return { visible: visibleIds.author, hidden: [trashedAuthor.id] }
    if (path.startsWith('/v1/tags')) return { visible: visibleIds.tag, hidden: [trashedTag.id] }
    if (path.startsWith('/v1/media')) return { visible: visibleIds.media, hidden: [trashedMedia.id] }
    if (path.startsWith('/v1/promos')) return { visible: visibleIds.promo, hidden: hiddenIds.filter((id) => !hiddenArticles.some((a) => a.id === id)) }
    return { visible: '', hidden: [] }
  }
  const slugsFor = (path: string): { visible: string; hidden: string[] } => {
    if (path.startsWith('/v1/articles') || path.startsWith('/v1/article-pages')) return { visible: 'visible-story', hidden: hiddenArticleSlugs }
    if (path.startsWith('/v1/sections')) return { visible: 'visible-section', hidden: ['gone-section'] }
    if (path.startsWith('/v1/authors')) return { visible: 'visible-author', hidden: ['gone-author'] }
    if (path.startsWith('/v1/tags')) return { visible: 'visible-tag', hidden: ['gone-tag'] }
    return { visible: '', hidden: [] }
  }
  let restCalls = 0
  const restGet = async (url: string) => {
    const response = await app.inject({ method: 'GET', url })
    restCalls++
    const body = response.body === '' ? undefined : (JSON.parse(response.body) as unknown)
    assertClean(`REST GET ${url}`, url, { status: response.statusCode, headers: response.headers, body })
    return { status: response.statusCode, body: body as { error?: { code: string } } | undefined }
  }
  for (const [template, operations] of getPaths) {
    const query = new Set((operations.get?.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name))
    const queries = ['']
    if (query.has('first')) queries.push('?first=100')
    if (query.has('section')) queries.push('?section=visible-section', '?section=gone-section')
    if (query.has('tag')) queries.push('?tag=visible-tag', '?tag=gone-tag')
    if (query.has('author')) queries.push('?author=visible-author', '?author=gone-author')
    if (query.has('q')) queries.splice(0, queries.length, ...[...markers.slice(0, 4), 'body words', 'dek'].map((q) => `?q=${encodeURIComponent(q)}&first=100`))
    if (query.has('placement')) queries.push('?placement=TOP', '?placement=END')
    const ids = idsFor(template)
    const slugs = slugsFor(template)
    const hasId = template.includes('{id}')
    const hasSlug = template.includes('{slug}')
    const fill = (value: string) => template.replace('{id}', value).replace('{slug}', value)
    const visibleUrl = hasId ? fill(ids.visible) : hasSlug ? fill(slugs.visible) : template
    for (const suffix of queries) {
      const { status } = await restGet(`${visibleUrl}${suffix}`)
      t.equal(status, 200, `GET ${visibleUrl}${suffix}`)
    }
    for (const hidden of hasId ? ids.hidden : hasSlug ? slugs.hidden : []) {
      const url = fill(hidden)
      const { status, body } = await restGet(url)
      t.equal(status, 404, `GET ${url} is not found`)
      t.equal(body?.error?.code, 'NOT_FOUND')
    }
    if (query.has('preview')) {
      for (const hidden of hasId ? ids.hidden : slugs.hidden) {
        const url = `${fill(hidden)}?preview=true`
        const { status, body } = await restGet(url)
        t.equal(status, 401, `GET ${url} without a token is refused`)
        t.equal(body?.error?.code, 'UNAUTHENTICATED')
      }
    }
    if (query.has('at')) {
      const url = `${fill(slugs.hidden[1] ?? '')}?at=${encodeURIComponent(future)}`
      t.equal((await restGet(url)).status, 403, `GET ${url}: the public cannot compose the future`)
    }
  }
  t.ok(getPaths.length >= 15, `${getPaths.length} REST GET routes walked in ${restCalls} requests`)
  t.ok(responsesChecked > 150, `${responsesChecked} public responses checked for ${markers.length} markers, ${hiddenIds.length} hidden ids and ${hiddenSlugs.length} hidden slugs`)
})
