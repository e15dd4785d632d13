import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

/** Only the versioned REST API is described; GraphQL has its own schema, the probes need none. */
const transform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = (input) =>
  input.url.startsWith('/v1/') ? jsonSchemaTransform(input) : { schema: { ...input.schema, hide: true }, url: input.url }

/**
 * Components come from the zod schemas registered with an id, once per direction ("X" for
 * responses, "XInput" for requests); the request forms of response-only schemas are dropped.
 */
const transformObject: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (input) =>
  withoutUnusedSchemas(jsonSchemaTransformObject(input)) as ReturnType<typeof jsonSchemaTransformObject>

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> }
  [key: string]: unknown
}

function withoutUnusedSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = { ...document.components?.schemas }
  for (;;) {
    const text = JSON.stringify({ ...document, components: { ...document.components, schemas } })
    const unused = Object.keys(schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`))
    if (unused.length === 0) break
    for (const name of unused) Reflect.deleteProperty(schemas, name)
  }
  return { ...document, components: { ...document.components, schemas } }
}

export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Masthead REST API',
      version: '1',
      description: [
        'Delivery and editors’ API of Masthead. The same ids identify entities here and in GraphQL (`/graphql`), and reads return the shapes GraphQL does.',
        '',
        '**Caching.** Public reads are cacheable (`Cache-Control: public…`) and carry a `Surrogate-Key` header naming the entities and lists they contain. ' +
          'Single resources carry a strong ETag of their version (`"v3"`): send it in `If-None-Match` to get 304.',
        '',
        '**Changes.** Writes need `Authorization: Bearer <token>` (401 without, 403 when the role is too small). ' +
          'A change to an existing resource needs `If-Match` with the ETag you read: 428 without it, 412 (and nothing changed) when someone changed it first.',
        '',
        '**Errors** always have the shape `{ "error": { "code", "message", … } }`; bad input lists `problems` with the path of each bad value.',
      ].join('\n'),
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      { name: 'Articles', description: 'Published articles, lists and editors’ changes' },
      { name: 'Article workflow', description: 'Publish, unpublish, restore from the trash, restore a revision' },
      { name: 'Related links', description: 'Curated keep-reading links of an article' },
      { name: 'Article pages', description: 'An article page composed in one request' },
      { name: 'Search', description: 'Full-text search' },
      { name: 'Sections', description: 'The section tree' },
      { name: 'Authors', description: 'Authors and their articles' },
      { name: 'Tags', description: 'Tags and their articles' },
      { name: 'Media', description: 'Images with their credit and licence' },
      { name: 'Promos', description: 'Promo blocks with a placement and a time window' },
      { name: 'Site', description: 'Site settings' },
    ],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`npm run token`). Reads work without one; previews and writes need one.' },
      },
    },
  },
  transform,
  transformObject,
}
