import { z } from 'zod'
import { deliveryStatuses } from '../db/tables/webhook-deliveries.js'
import { eventTypes, eventTypeWildcards } from './event-types.js'

const subscribable = new Set<string>([...eventTypes, ...eventTypeWildcards])

const url = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' }))
  // Credentials in a URL end up in lists and logs; the signature is how receivers authenticate us.
  .refine((value) => !/^https?:\/\/[^/?#]*@/i.test(value), 'must not contain a username or password')
  .transform((value) => value.replace(/#.*$/, ''))

const eventTypeList = z
  .array(
    z.string().refine((type) => subscribable.has(type), {
      error: `is not an event type; use one of ${[...subscribable].join(', ')}`,
    }),
  )
  .max(100)
  .transform((types) => [...new Set(types)])

const endpointFields = z.object({
  url,
  description: z.string().trim().max(500, 'must be at most 500 characters'),
  eventTypes: eventTypeList,
  enabled: z.boolean(),
})

/** Paths start at `input`, as the GraphQL argument is named. */
export const createEndpointSchema = z.object({
  input: endpointFields.extend({ description: endpointFields.shape.description.default(''), eventTypes: eventTypeList.default([]), enabled: z.boolean().default(true) }),
})

export const updateEndpointSchema = z.object({
  id: z.uuid(),
  input: endpointFields.partial().refine((input) => Object.values(input).some((value) => value !== undefined), 'must change at least one field'),
})

export const idArgument = z.object({ id: z.uuid() })
export const deliveryIdArgument = z.object({ deliveryId: z.uuid() })

export const deliveriesQuerySchema = z.object({
  endpointId: z.uuid().nullish(),
  status: z.enum(deliveryStatuses).nullish(),
  first: z.number().int().min(1).max(200).default(50),
})

export type CreateEndpointInput = z.output<typeof createEndpointSchema>['input']
export type UpdateEndpointInput = z.output<typeof updateEndpointSchema>['input']
