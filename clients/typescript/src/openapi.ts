/**
 * Access to the types that `openapi-typescript` generates from the server's OpenAPI description
 * (`openapi.json`, a snapshot of `/v3/api-docs`) into `generated/openapi.ts`; `npm run generate` refreshes them.
 */
import type { components, operations, paths } from './generated/openapi.js';

export type { components, operations, paths };

/** The description's named schemas. */
export type Schemas = components['schemas'];

/** The operationIds of the description. */
export type OperationId = keyof operations;

/** The JSON request body of an operation, as the description states it. */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never;
